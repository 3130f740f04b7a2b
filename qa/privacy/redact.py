"""The redaction stage's seam: transcript in, redacted transcript out."""

from __future__ import annotations

from qa.transcript import Transcript


def redact(transcript: Transcript) -> Transcript:
    """PII redaction lands here (issue 12); until then the transcript passes unchanged."""
    return transcript
