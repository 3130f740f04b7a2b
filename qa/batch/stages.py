"""The per-call stages as plain functions, and how a failure is told apart.

Three kinds of failure, three outcomes:
- the input's fault (undecodable, empty, too long, bad metadata): the call is quarantined
  with its reason and never retried; the night goes on;
- the system's or the configuration's fault (model missing, rubric invalid, disk full,
  database error): the run stops at once, marked `failed`, and nothing is marked done;
- anything else is our own bug meeting one call: quarantined as an internal error (the night
  goes on; `callqa requeue --reason "internal error"` releases them after the fix) — unless
  it keeps happening, which the run treats as a system fault (`qa.batch.run`).
"""

from __future__ import annotations

import errno
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import duckdb

from models.asr import AsrOptions
from models.weights import ModelNotAvailable
from qa.intake.audio import AudioDecodeError
from qa.intake.inbox import InboxCall, IntakeOptions
from qa.privacy.audio import write_redacted_audio
from qa.scorecard import Scorecard
from qa.scoring.rubric import RubricError
from qa.scoring.scorer import load_scorer
from qa.storage.errors import StorageError
from qa.storage.files import audio_dir
from qa.storage.rows import MetadataValueError
from qa.transcript import Transcript
from qa.transcription.transcribe import TranscribeOptions, transcribe_call

SYSTEM_ERRNOS = frozenset(
    {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.ENOMEM, errno.EMFILE, errno.ENFILE}
)


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
    intake: IntakeOptions = field(default_factory=IntakeOptions)
    snapshot_every_s: float = 60.0  # readers' snapshot at most this often, and at the end
    # This many internal errors in a row, with no call stored between them, are not bad
    # luck with inputs but a fault of ours: the run stops instead of quarantining the night.
    max_internal_errors_in_a_row: int = 3
    # A redacted copy of each call's audio (PII silenced) for the review desk's player;
    # False: no audio is kept at all. The original recording is never copied.
    keep_audio: bool = True
    # Calls older than this many days are erased after each run (None: kept until forgotten).
    retention_days: int | None = None


@dataclass(frozen=True)
class Failure:
    """Why one call failed: the stage, one line of reason, and whose fault it was."""

    stage: str
    reason: str
    kind: Literal["input", "system", "internal"]


def transcribe_one(call: InboxCall, options: BatchOptions) -> Transcript:
    try:
        return transcribe_call(call.source, TranscribeOptions(asr=options.asr))
    except AudioDecodeError as error:
        raise CorruptInput("decode", error.reason) from None


def score_one(transcript: Transcript, options: BatchOptions) -> Scorecard:
    return load_scorer(options.rubric).score(transcript)


def redact_audio_one(
    call: InboxCall, transcript: Transcript, db: Path, options: BatchOptions
) -> str | None:
    """The call's audio with its redacted spans silenced, written beside the database for the
    review desk; its file name, or None when no audio is kept. The original is not copied."""
    if not options.keep_audio:
        return None
    spans = transcript.redaction.spans if transcript.redaction else []
    name = f"{call.audio_hash}.ogg"
    try:
        write_redacted_audio(call.source, spans, audio_dir(db) / name)
    except AudioDecodeError as error:
        raise CorruptInput("decode", error.reason) from None
    return name


def is_transient(error: BaseException) -> bool:
    """I/O hiccups (a share briefly away) are retried; corrupt input and full disks are not."""
    return (
        isinstance(error, OSError)
        and not isinstance(error, CorruptInput)
        and error.errno not in SYSTEM_ERRNOS
    )


def is_system_fault(error: BaseException) -> bool:
    """Faults no input causes: stop the run rather than blame the call."""
    if isinstance(error, OSError) and error.errno in SYSTEM_ERRNOS:
        return True
    return isinstance(
        error,
        duckdb.Error | StorageError | MemoryError | ModelNotAvailable | RubricError | ImportError,
    )


def classify_failure(error: BaseException, stage: str) -> Failure:
    """What to do about `error`, raised while `stage` ran for one call."""
    if isinstance(error, CorruptInput):
        return Failure(error.stage, error.reason, "input")
    if isinstance(error, MetadataValueError):
        return Failure("metadata", str(error), "input")
    if is_system_fault(error):
        return Failure(stage, one_line(error), "system")
    return Failure(stage, f"internal error: {one_line(error)}", "internal")


def one_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0]}" if text else type(error).__name__
