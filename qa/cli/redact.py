"""`callqa redact`: the nightly run's redaction stage on transcript files."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from qa.cli.errors import FAILED, fail
from qa.cli.output import TranscriptWriter
from qa.cli.transcripts import TranscriptFiles
from qa.privacy.redact import redact as redact_transcript


def redact(
    transcripts: Annotated[list[Path], typer.Argument(help="transcript JSON files (contract)")],
    out: Annotated[
        Optional[Path], typer.Option(help="write CALL_ID.json files here, not to stdout")
    ] = None,
) -> None:
    """Replace card numbers, codes, phones, e-mails, IBANs and IDs with placeholders.

    The redacted transcript goes to stdout (or --out); what was found, counts per kind and
    never the values, goes to stderr."""
    if out is not None and out.exists() and not out.is_dir():
        fail(f"--out {out}: not a folder")
    writer = TranscriptWriter(out, text=False, many=len(transcripts) > 1)
    files = TranscriptFiles(transcripts)
    for path, transcript in files:
        redacted = redact_transcript(transcript)
        counts = redacted.redaction.counts if redacted.redaction else {}
        found = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items())) or "nothing"
        print(f"{path}: redacted {found}", file=sys.stderr)
        writer.emit(redacted)
    if files.failures:
        raise typer.Exit(FAILED)
