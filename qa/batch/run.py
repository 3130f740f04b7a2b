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
from qa.batch.stages import BatchOptions, Failure, classify_failure, score_one, transcribe_one
from qa.intake.inbox import Discovery, InboxCall, IntakeOptions, discover_inbox
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


def transcribe_in_order(calls: list[InboxCall], options: BatchOptions) -> PendingTranscripts:
    """In this process, one call at a time, each when the run asks for it."""
    return [(call, partial(transcribe_one, call, options)) for call in calls]


LOCAL_STAGES = Stages(discover_inbox, transcribe_in_order, redact, score_one)


@dataclass
class RunReport:
    run_id: str
    summary: dict
    quarantined: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (file, reason): left
    notes: list[str] = field(default_factory=list)  # problems with the inbox's metadata


@dataclass
class _Tally:
    found: int = 0
    skipped: int = 0
    processed: int = 0
    audio_s: float = 0.0
    internal_in_a_row: int = 0
    quarantined: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


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
    started = time.perf_counter()
    store = Store(Path(db), snapshot_every_s=options.snapshot_every_s)
    run_id = uuid.uuid4().hex[:12]
    tally = _Tally()
    try:
        store.holder(f"callqa run {run_id} over {inbox}")
        store.mark_interrupted_runs()
        store.start_run(run_id, str(inbox), flow_run_id, options.asr.model, options.rubric)
        try:
            _run(store, run_id, Path(inbox), options, stages, tally, progress, only_hashes, logger)
        except RunFailed as error:
            _fail(store, run_id, tally, started, str(error))
            raise
        except (StorageError, MemoryError, OSError) as error:
            message = f"{type(error).__name__}: {error}".splitlines()[0]
            _fail(store, run_id, tally, started, message)
            raise RunFailed(message) from None
        except BaseException as error:  # Ctrl-C, a signal turned exception: say so, then go
            _fail(store, run_id, tally, started, f"stopped: {type(error).__name__}")
            raise
        summary = _summary(tally, started)
        store.finish_run(run_id, summary)
    finally:
        store.close()
    return RunReport(run_id, summary, tally.quarantined, tally.warnings, tally.notes)


def _run(
    store: Store,
    run_id: str,
    inbox: Path,
    options: BatchOptions,
    stages: Stages,
    tally: _Tally,
    progress: bool,
    only_hashes: set[str] | None,
    logger: logging.Logger | logging.LoggerAdapter,
) -> None:
    check_inbox(inbox)
    scorer = load_models(options)
    store.register_rubric(scorer.rubric.id, scorer.rubric.digest())
    store.set_run_rubric(run_id, scorer.rubric.id)
    discovery = stages.discover(inbox, options.intake)
    known = store.known_hashes()
    for warning in discovery.warnings:  # about the inbox's metadata; nothing is left out
        tally.notes.append(warning)
        store.warn(run_id, [str(inbox)], warning)
        logger.warning("%s", warning)
    for entry in discovery.rejected:
        if entry.key in known:
            tally.skipped += 1
        elif entry.quarantine:
            store.quarantine(entry.key, entry.files, entry.stage, entry.reason, run_id)
            tally.quarantined.append((entry.files[0], entry.reason))
            logger.warning("quarantined %s: %s", entry.files[0], entry.reason)
        else:
            store.warn(run_id, entry.files, entry.reason)
            tally.warnings.append((entry.files[0], entry.reason))
            logger.warning("left for the next run: %s: %s", entry.files[0], entry.reason)
    calls = [c for c in discovery.calls if only_hashes is None or c.audio_hash in only_hashes]
    plan = plan_calls(calls, known)
    tally.found = len(discovery.calls) + len(discovery.rejected)
    tally.skipped += plan.skipped
    store.plan_run(run_id, tally.found, tally.skipped)
    logger.info(
        "%d entries found, %d already done, %d to do", tally.found, tally.skipped, len(plan.todo)
    )
    with progress_bar(disable=not progress or not plan.todo) as bar:
        job = bar.add_task("calls", total=len(plan.todo))
        for call, transcript_of in stages.transcribe_all(plan.todo, options):
            bar.update(job, description=escape(call.source.call_id))
            _one_call(store, run_id, call, transcript_of, stages, options, tally, logger)
            bar.advance(job)


def _one_call(
    store: Store,
    run_id: str,
    call: InboxCall,
    transcript_of: Callable[[], Transcript],
    stages: Stages,
    options: BatchOptions,
    tally: _Tally,
    logger: logging.Logger | logging.LoggerAdapter,
) -> None:
    stage = "transcribe"
    try:
        transcript = transcript_of()
        transcript = transcript.model_copy(
            update={"call_id": store.free_call_id(transcript.call_id, call.audio_hash)}
        )
        stage = "redact"
        transcript = stages.redact(transcript)
        stage = "score"
        scorecard = stages.score(transcript, options)
        stage = "store"
        store.write_call(transcript, scorecard, call.meta, call.audio_hash, call.files, run_id)
    except Exception as error:
        failure = classify_failure(error, stage)
        if failure.kind == "system" or (stage == "store" and failure.kind != "input"):
            raise RunFailed(f"{call.files[0]}: {stage}: {failure.reason}") from None
        _quarantine(store, run_id, call, failure, tally, logger)
        if failure.kind == "internal":
            tally.internal_in_a_row += 1
            if tally.internal_in_a_row >= options.max_internal_errors_in_a_row:
                released = store.release_quarantine(
                    QuarantineFilter(run_id=run_id, reason="internal error")
                )
                raise RunFailed(
                    f"{len(released)} calls in a row failed with internal errors, the last: "
                    f"{failure.reason} (a fault of ours, not the calls': they are not quarantined)"
                ) from None
        return
    tally.processed += 1
    tally.audio_s += transcript.duration
    tally.internal_in_a_row = 0


def _quarantine(
    store: Store,
    run_id: str,
    call: InboxCall,
    failure: Failure,
    tally: _Tally,
    logger: logging.Logger | logging.LoggerAdapter,
) -> None:
    store.quarantine(call.audio_hash, call.files, failure.stage, failure.reason, run_id)
    tally.quarantined.append((call.files[0], failure.reason))
    log = logger.warning if failure.kind == "input" else logger.error
    log("quarantined %s: %s", call.files[0], failure.reason)


def _fail(store: Store, run_id: str, tally: _Tally, started: float, error: str) -> None:
    with suppress(Exception):  # the database itself may be what failed; the caller says so
        store.finish_run(run_id, _summary(tally, started, status="failed"), error=error)


def _summary(tally: _Tally, started: float, status: str = "completed") -> dict:
    return summarise(
        tally.found,
        tally.processed,
        tally.skipped,
        len(tally.quarantined),
        tally.audio_s,
        time.perf_counter() - started,
        status=status,
        warnings=len(tally.warnings),
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
