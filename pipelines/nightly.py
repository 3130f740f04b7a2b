"""`nightly_qa`: discover → transcribe → redact → score → load, one call at a time into DuckDB.

Each task wraps one plain function. Transcription runs on the task runner (threads by
default, a local Dask cluster with `task_runner="dask"`); loading stays in the flow's
own process, so DuckDB has exactly one writer. One transaction per call: a killed run
leaves whole calls or nothing, and a rerun skips what is stored (by content hash).
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.context import get_run_context
from prefect.task_runners import ThreadPoolTaskRunner

import pipelines  # noqa: F401  (telemetry off before prefect is imported)
from qa.batch import (
    BatchOptions,
    CorruptInput,
    is_transient,
    redact,
    score_one,
    summarise,
    transcribe_one,
)
from qa.inbox import InboxCall, discover_inbox
from qa.progress import progress_bar
from qa.score import load_scorer
from qa.scorecard import Scorecard
from qa.storage import Store
from qa.transcript import Transcript


def _retry_transient(task, task_run, state) -> bool:
    try:
        state.result()
    except Exception as error:
        return is_transient(error)
    return False


@task(name="discover")
def discover_task(inbox: Path) -> list[InboxCall]:
    return discover_inbox(inbox)


@task(name="transcribe", retries=2, retry_delay_seconds=2, retry_condition_fn=_retry_transient)
def transcribe_task(call: InboxCall, options: BatchOptions) -> Transcript:
    return transcribe_one(call, options)


@task(name="redact")
def redact_task(transcript: Transcript) -> Transcript:
    return redact(transcript)


@task(name="score")
def score_task(transcript: Transcript, options: BatchOptions) -> Scorecard:
    return score_one(transcript, options)


@dataclass
class RunReport:
    run_id: str
    summary: dict
    quarantined: list[tuple[str, str]]  # (file, reason)


@flow(name="nightly_qa", task_runner=ThreadPoolTaskRunner(max_workers=1))
def nightly_qa(
    inbox: str, db: str, options: BatchOptions | None = None, progress: bool = True
) -> RunReport:
    options = options or BatchOptions()
    logger = get_run_logger()
    started = time.perf_counter()
    store = Store(Path(db))
    run_id = uuid.uuid4().hex[:12]
    try:
        flow_run_id = str(get_run_context().flow_run.id)
    except Exception:
        flow_run_id = None
    store.con.execute("UPDATE runs SET status = 'interrupted' WHERE status = 'running'")
    rubric_id = load_scorer(options.rubric).rubric.id  # also loads the models once, up front
    store.start_run(run_id, str(inbox), flow_run_id, options.asr.model, rubric_id)
    calls = discover_task(Path(inbox))
    known = store.known_hashes()
    fresh = {c.audio_hash: c for c in reversed(calls) if c.audio_hash not in known}
    todo = [c for c in calls if fresh.get(c.audio_hash) is c]  # a copy twice in one inbox: once
    skipped = len(calls) - len(todo)
    logger.info("%d calls found, %d already stored, %d to do", len(calls), skipped, len(todo))
    futures = [(call, transcribe_task.submit(call, options)) for call in todo]
    processed = quarantined = 0
    audio_s = 0.0
    bad: list[tuple[str, str]] = []
    with progress_bar(disable=not progress or not todo) as bar:
        job = bar.add_task("calls", total=len(todo))
        for call, future in futures:
            bar.update(job, description=f"{call.source.call_id}")
            try:
                transcript = future.result()
                transcript = transcript.model_copy(
                    update={"call_id": store.free_call_id(transcript.call_id, call.audio_hash)}
                )
                transcript = redact_task(transcript)
                scorecard = score_task(transcript, options)
                store.write_call(
                    transcript, scorecard, call.meta, call.audio_hash, call.files, run_id
                )
                processed += 1
                audio_s += transcript.duration
            except CorruptInput as error:
                store.quarantine(call.audio_hash, call.files, error.stage, error.reason, run_id)
                bad.append((call.files[0], error.reason))
                quarantined += 1
                logger.warning("quarantined %s: %s", call.files[0], error.reason)
            except Exception as error:  # one bad call never stops the batch
                reason = f"{type(error).__name__}: {error}".splitlines()[0]
                store.quarantine(call.audio_hash, call.files, "transcribe", reason, run_id)
                bad.append((call.files[0], reason))
                quarantined += 1
                logger.error("quarantined %s: %s", call.files[0], reason)
            bar.advance(job)
    summary = summarise(
        len(calls), processed, skipped, quarantined, audio_s, time.perf_counter() - started
    )
    store.finish_run(run_id, summary)
    store.close()
    return RunReport(run_id, summary, bad)


def task_runner(name: str, workers: int = 1):
    """threads (default) or dask: a local Dask cluster of worker processes, the scale-out path."""
    if name == "threads":
        return ThreadPoolTaskRunner(max_workers=workers)
    if name == "dask":
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(
            cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True}
        )
    raise ValueError(f"task runner must be threads or dask, not {name!r}")
