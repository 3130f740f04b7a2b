"""One nightly run as a plain function: open the store, plan, transcribe → redact → score →
store each call in its own transaction, quarantine what fails, summarise.

`run_nightly` takes its stages as arguments. `LOCAL_STAGES` runs them in this process, in
order (tests, scripts); `pipelines/nightly.py` passes the same functions wrapped as Prefect
tasks, with transcription submitted to a task runner. The logic lives here, not in the flow.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from qa.batch.plan import plan_calls
from qa.batch.progress import progress_bar
from qa.batch.stages import BatchOptions, classify_failure, score_one, transcribe_one
from qa.intake.inbox import InboxCall, discover_inbox
from qa.privacy.redact import redact
from qa.scorecard import Scorecard
from qa.scoring.scorer import load_scorer
from qa.storage.store import Store
from qa.transcript import Transcript

LOGGER = logging.getLogger("callqa.batch")

# Each call's transcript, fetched when the run gets to it (a future's `.result` on a runner).
PendingTranscripts = Iterable[tuple[InboxCall, Callable[[], Transcript]]]


@dataclass(frozen=True)
class Stages:
    """The run's stages; each a plain function, or that function wrapped (Prefect tasks)."""

    discover: Callable[[Path], list[InboxCall]]
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


def run_nightly(
    inbox: Path,
    db: Path,
    options: BatchOptions | None = None,
    stages: Stages = LOCAL_STAGES,
    *,
    progress: bool = True,
    flow_run_id: str | None = None,
    logger: logging.Logger | logging.LoggerAdapter = LOGGER,
) -> RunReport:
    """Every new call of `inbox` stored in `db` once, or quarantined with its reason."""
    options = options or BatchOptions()
    started = time.perf_counter()
    store = Store(Path(db))
    run_id = uuid.uuid4().hex[:12]
    store.mark_interrupted_runs()
    rubric_id = load_scorer(options.rubric).rubric.id  # also loads the models once, up front
    store.start_run(run_id, str(inbox), flow_run_id, options.asr.model, rubric_id)
    calls = stages.discover(Path(inbox))
    plan = plan_calls(calls, store.known_hashes())
    logger.info(
        "%d calls found, %d already stored, %d to do", len(calls), plan.skipped, len(plan.todo)
    )
    processed = 0
    audio_s = 0.0
    bad: list[tuple[str, str]] = []
    with progress_bar(disable=not progress or not plan.todo) as bar:
        job = bar.add_task("calls", total=len(plan.todo))
        for call, transcript_of in stages.transcribe_all(plan.todo, options):
            bar.update(job, description=f"{call.source.call_id}")
            try:
                transcript = transcript_of()
                transcript = transcript.model_copy(
                    update={"call_id": store.free_call_id(transcript.call_id, call.audio_hash)}
                )
                transcript = stages.redact(transcript)
                scorecard = stages.score(transcript, options)
                store.write_call(
                    transcript, scorecard, call.meta, call.audio_hash, call.files, run_id
                )
                processed += 1
                audio_s += transcript.duration
            except Exception as error:  # one bad call never stops the batch
                failure = classify_failure(error)
                store.quarantine(call.audio_hash, call.files, failure.stage, failure.reason, run_id)
                bad.append((call.files[0], failure.reason))
                log = logger.warning if failure.expected else logger.error
                log("quarantined %s: %s", call.files[0], failure.reason)
            bar.advance(job)
    summary = summarise(
        len(calls), processed, plan.skipped, len(bad), audio_s, time.perf_counter() - started
    )
    store.finish_run(run_id, summary)
    store.close()
    return RunReport(run_id, summary, bad)


def summarise(
    found: int,
    processed: int,
    skipped: int,
    quarantined: int,
    audio_s: float,
    wall_s: float,
    status: str = "completed",
) -> dict:
    """The run's counters, as printed at the end and stored in its `runs` row."""
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
