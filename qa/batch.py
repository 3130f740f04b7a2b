"""The batch stages as plain functions: transcribe, redact, score one call; summarise a run.

Prefect (pipelines/nightly.py) wraps these; it holds no logic of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from models.asr import AsrOptions
from qa.audio import AudioDecodeError
from qa.inbox import InboxCall
from qa.score import load_scorer
from qa.scorecard import Scorecard
from qa.transcribe import TranscribeOptions, transcribe_call
from qa.transcript import Transcript


class CorruptInput(Exception):
    """Input that will never process: quarantine it, don't retry it."""

    def __init__(self, stage: str, reason: str) -> None:
        self.stage = stage
        self.reason = reason
        super().__init__(f"{stage}: {reason}")


@dataclass(frozen=True)
class BatchOptions:
    asr: AsrOptions = field(default_factory=AsrOptions)
    rubric: str | None = None  # a rubric YAML path; None: the shipped service rubric


def transcribe_one(call: InboxCall, options: BatchOptions) -> Transcript:
    try:
        return transcribe_call(call.source, TranscribeOptions(asr=options.asr))
    except AudioDecodeError as error:
        raise CorruptInput("decode", error.reason) from None


def redact(transcript: Transcript) -> Transcript:
    """PII redaction lands here (a later issue); until then the transcript passes unchanged."""
    return transcript


def score_one(transcript: Transcript, options: BatchOptions) -> Scorecard:
    return load_scorer(options.rubric).score(transcript)


def is_transient(error: BaseException) -> bool:
    """I/O hiccups (a share briefly away) are retried; corrupt input is not."""
    return isinstance(error, OSError) and not isinstance(error, CorruptInput)


def summarise(
    found: int,
    processed: int,
    skipped: int,
    quarantined: int,
    audio_s: float,
    wall_s: float,
    status: str = "completed",
) -> dict:
    return {
        "status": status,
        "calls_found": found,
        "processed": processed,
        "skipped": skipped,
        "quarantined": quarantined,
        "audio_seconds": round(audio_s, 1),
        "wall_seconds": round(wall_s, 1),
        "realtime_factor": round(audio_s / wall_s, 2) if wall_s > 0 and audio_s > 0 else None,
    }
