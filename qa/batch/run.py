"""One nightly run as a plain function: lock the store, check everything that can be
checked, discover, plan, then transcribe → redact → score → store each call in its own
transaction; quarantine what is the input's fault, stop on what is ours.

`run_nightly` takes its stages as arguments. `LOCAL_STAGES` runs them in this process, in
order (tests, scripts); `pipelines/nightly.py` passes the same functions wrapped as Prefect
tasks, with transcription submitted to a task runner. The logic lives here, not in the flow.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from rich.markup import escape

from qa.batch.plan import plan_calls
from qa.batch.preflight import RunFailed, check_inbox, load_models
from qa.batch.progress import progress_bar
from qa.batch.stages import (
    BatchOptions,
    Failure,
    classify_failure,
    one_line,
    redact_audio_one,
    score_one,
    transcribe_one,
)
from qa.intake.inbox import Discovery, InboxCall, IntakeOptions, discover_inbox
from qa.intake.paths import display_path
from qa.privacy.redact import redact
from qa.scorecard import Scorecard
from qa.storage.errors import StorageError
from qa.storage.store import QuarantineFilter, Store
from qa.transcript import Transcript

LOGGER = logging.getLogger("callqa.batch")

# Each call's transcript, fetched when the run gets to it (a future's `.result` on a runner).
PendingTranscripts = Iterable[tuple[InboxCall, Callable[[], Transcript]]]


@dataclass(frozen=True)
class Stages:
    """The run's stages; each a plain function, or that function wrapped (Prefect tasks)."""

    discover: Callable[[Path, IntakeOptions], Discovery]
    transcribe_all: Callable[[list[InboxCall], BatchOptions], PendingTranscripts]
    redact: Callable[[Transcript], Transcript]
    score: Callable[[Transcript, BatchOptions], Scorecard]
    # the call's audio with its redacted spans silenced, beside the database: its file name
    redact_audio: Callable[[InboxCall, Transcript, Path, BatchOptions], str | None]


def transcribe_in_order(calls: list[InboxCall], options: BatchOptions) -> PendingTranscripts:
    """In this process, one call at a time, each when the run asks for it."""
    return [(call, partial(transcribe_one, call, options)) for call in calls]


LOCAL_STAGES = Stages(discover_inbox, transcribe_in_order, redact, score_one, redact_audio_one)


@dataclass
class RunReport:
    run_id: str
    summary: dict
    quarantined: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (file, reason): left
    notes: list[str] = field(default_factory=list)  # problems with the inbox's metadata


def run_nightly(
    inbox: Path,
    db: Path,
    options: BatchOptions | None = None,
    stages: Stages = LOCAL_STAGES,
    *,
    progress: bool = True,
    flow_run_id: str | None = None,
    only_hashes: set[str] | None = None,
    logger: logging.Logger | logging.LoggerAdapter = LOGGER,
) -> RunReport:
    """Every new call of `inbox` stored in `db` once, or quarantined with its reason.

    Raises `StorageError` when the database cannot be opened (another run holds it: nothing
    written), `RunFailed` when a fault of the system or configuration stopped the run (its
    `runs` row says `failed` and why). `only_hashes` restricts the run to those recordings.
    """
    options = options or BatchOptions()
    store = Store(Path(db), snapshot_every_s=options.snapshot_every_s)
    night = _Night(store, uuid.uuid4().hex[:12], Path(inbox), options, stages, logger)
    try:
        store.holder(f"callqa run {night.run_id} over {inbox}")
        store.mark_interrupted_runs()
        store.start_run(night.run_id, str(inbox), flow_run_id, options.asr.model, options.rubric)
        try:
            night.run(progress, only_hashes)
        except RunFailed as error:
            night.fail(str(error))
            raise
        except (StorageError, MemoryError, OSError) as error:
            night.fail(one_line(error))
            raise RunFailed(one_line(error)) from None
        except BaseException as error:  # Ctrl-C, a signal turned exception: say so, then go
            night.fail(f"stopped: {type(error).__name__}")
            raise
        summary = night.summary()
        store.finish_run(night.run_id, summary)
    finally:
        store.close()
    return RunReport(night.run_id, summary, night.quarantined, night.warnings, night.notes)


@dataclass
class _Night:
    """One run's state: where it writes, what it was given, and what it has counted."""

    store: Store
    run_id: str
    inbox: Path
    options: BatchOptions
    stages: Stages
    logger: logging.Logger | logging.LoggerAdapter
    started: float = field(default_factory=time.perf_counter)
    found: int = 0
    skipped: int = 0
    processed: int = 0
    audio_s: float = 0.0
    internal_in_a_row: int = 0
    quarantined: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def run(self, progress: bool, only_hashes: set[str] | None) -> None:
        check_inbox(self.inbox)
        scorer = load_models(self.options)
        self.store.register_rubric(scorer.rubric.id, scorer.rubric_digest)
        self.store.set_run_rubric(self.run_id, scorer.rubric.id)
        discovery = self.stages.discover(self.inbox, self.options.intake)
        known = self.store.known_hashes()
        self._take_rejected(discovery, known)
        calls = [c for c in discovery.calls if only_hashes is None or c.audio_hash in only_hashes]
        plan = plan_calls(calls, known)
        self.found = len(discovery.calls) + len(discovery.rejected)
        self.skipped += plan.skipped
        self.store.plan_run(self.run_id, self.found, self.skipped)
        self.logger.info(
            "%d entries found, %d already done, %d to do", self.found, self.skipped, len(plan.todo)
        )
        with progress_bar(disable=not progress or not plan.todo) as bar:
            job = bar.add_task("calls", total=len(plan.todo))
            for call, transcript_of in self.stages.transcribe_all(plan.todo, self.options):
                bar.update(job, description=escape(call.source.call_id))
                self._one_call(call, transcript_of)
                bar.advance(job)

    def _take_rejected(self, discovery: Discovery, known: set[str]) -> None:
        """Inbox problems noted; each rejected entry quarantined or left for the next run."""
        for note in discovery.warnings:  # about the inbox's metadata; nothing is left out
            self.notes.append(note)
            self.store.warn(self.run_id, [str(self.inbox)], note)
            self.logger.warning("%s", note)
        for entry in discovery.rejected:
            if entry.key in known:
                self.skipped += 1
            elif entry.quarantine:
                self._quarantine(entry.key, entry.files, entry.stage, entry.reason, "input")
            else:
                self.store.warn(self.run_id, entry.files, entry.reason)
                self.warnings.append((entry.files[0], entry.reason))
                self.logger.warning("left for the next run: %s: %s", entry.files[0], entry.reason)

    def _one_call(self, call: InboxCall, transcript_of: Callable[[], Transcript]) -> None:
        stage = "transcribe"
        try:
            transcript = transcript_of()
            transcript = transcript.model_copy(
                update={"call_id": self.store.free_call_id(transcript.call_id, call.audio_hash)}
            )
            stage = "redact"
            transcript = self.stages.redact(transcript)
            stage = "score"
            scorecard = self.stages.score(transcript, self.options)
            stage = "redact audio"
            audio = self.stages.redact_audio(call, transcript, self.store.db, self.options)
            stage = "store"
            meta = {**call.meta, "agent_channel": call.source.agent_channel}
            # stored absolute, so the review desk finds the audio from any working folder
            files = [display_path(path.absolute()) for path in call.source.files]
            self.store.write_call(
                transcript, scorecard, meta, call.audio_hash, files, self.run_id, audio
            )
        except Exception as error:
            self._failed(call, classify_failure(error, stage), stage)
            return
        self.processed += 1
        self.audio_s += transcript.duration
        self.internal_in_a_row = 0

    def _failed(self, call: InboxCall, failure: Failure, stage: str) -> None:
        if failure.kind == "system" or (stage == "store" and failure.kind != "input"):
            raise RunFailed(f"{call.files[0]}: {stage}: {failure.reason}")
        self._quarantine(call.audio_hash, call.files, failure.stage, failure.reason, failure.kind)
        if failure.kind != "internal":
            return
        self.internal_in_a_row += 1
        if self.internal_in_a_row >= self.options.max_internal_errors_in_a_row:
            released = self.store.release_quarantine(
                QuarantineFilter(run_id=self.run_id, reason="internal error")
            )
            raise RunFailed(
                f"{len(released)} calls in a row failed with internal errors, the last: "
                f"{failure.reason} (a fault of ours, not the calls': they are not quarantined)"
            )

    def _quarantine(self, key: str, files: list[str], stage: str, reason: str, kind: str) -> None:
        self.store.quarantine(key, files, stage, reason, self.run_id)
        self.quarantined.append((files[0], reason))
        log = self.logger.warning if kind == "input" else self.logger.error
        log("quarantined %s: %s", files[0], reason)

    def fail(self, error: str) -> None:
        with suppress(Exception):  # the database itself may be what failed; the caller says so
            self.store.finish_run(self.run_id, self.summary(status="failed"), error=error)

    def summary(self, status: str = "completed") -> dict:
        return summarise(
            self.found,
            self.processed,
            self.skipped,
            len(self.quarantined),
            self.audio_s,
            time.perf_counter() - self.started,
            status=status,
            warnings=len(self.warnings),
        )


def summarise(
    found: int,
    processed: int,
    skipped: int,
    quarantined: int,
    audio_s: float,
    wall_s: float,
    status: str = "completed",
    warnings: int = 0,
) -> dict:
    """The run's counters, as printed at the end and stored in its `runs` row."""
    return {
        "status": status,
        "calls_found": found,
        "processed": processed,
        "skipped": skipped,
        "quarantined": quarantined,
        "warnings": warnings,
        "audio_seconds": round(audio_s, 1),
        "wall_seconds": round(wall_s, 1),
        "realtime_factor": round(audio_s / wall_s, 2) if wall_s > 0 and audio_s > 0 else None,
    }
