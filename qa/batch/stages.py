"""The per-call stages as plain functions: transcribe one call, score one transcript; and
how a failure is told apart (corrupt input: quarantine, never retry; I/O hiccup: retry)."""

from __future__ import annotations

from dataclasses import dataclass, field

from models.asr import AsrOptions
from qa.intake.audio import AudioDecodeError
from qa.intake.inbox import InboxCall
from qa.scorecard import Scorecard
from qa.scoring.scorer import load_scorer
from qa.transcript import Transcript
from qa.transcription.transcribe import TranscribeOptions, transcribe_call


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


@dataclass(frozen=True)
class Failure:
    """Why one call was quarantined: the stage it failed in and one line of reason."""

    stage: str
    reason: str
    expected: bool  # corrupt input (a warning), not an unforeseen error (logged as an error)


def transcribe_one(call: InboxCall, options: BatchOptions) -> Transcript:
    try:
        return transcribe_call(call.source, TranscribeOptions(asr=options.asr))
    except AudioDecodeError as error:
        raise CorruptInput("decode", error.reason) from None


def score_one(transcript: Transcript, options: BatchOptions) -> Scorecard:
    return load_scorer(options.rubric).score(transcript)


def is_transient(error: BaseException) -> bool:
    """I/O hiccups (a share briefly away) are retried; corrupt input is not."""
    return isinstance(error, OSError) and not isinstance(error, CorruptInput)


def classify_failure(error: Exception) -> Failure:
    """The quarantine row for a call that failed with `error`."""
    if isinstance(error, CorruptInput):
        return Failure(error.stage, error.reason, expected=True)
    reason = f"{type(error).__name__}: {error}".splitlines()[0]
    return Failure("transcribe", reason, expected=False)
