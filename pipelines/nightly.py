"""`nightly_qa`: discover → transcribe → redact → score → load, as Prefect tasks.

The run itself is `qa.batch.run.run_nightly`, a plain function; this flow only hands it the
same stage functions wrapped as tasks. Transcription is submitted to the task runner
(threads by default, a local Dask cluster with `task_runner("dask")`); loading stays in the
flow's own process, so DuckDB has exactly one writer. With `options.retention_days` set,
retention (`qa.erasure.retention`) runs after the night as one more task.
"""

from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.context import get_run_context
from prefect.states import Failed, State
from prefect.task_runners import ThreadPoolTaskRunner

import pipelines  # noqa: F401  (telemetry off before prefect is imported)
from qa.batch.preflight import RunFailed
from qa.batch.run import PendingTranscripts, RunReport, Stages, run_nightly
from qa.batch.stages import (
    BatchOptions,
    is_transient,
    redact_audio_one,
    score_one,
    transcribe_one,
)
from qa.erasure.report import ErasureReport
from qa.erasure.retention import apply_retention, with_retention
from qa.intake.inbox import Discovery, InboxCall, IntakeOptions, discover_inbox
from qa.privacy.redact import redact
from qa.scorecard import Scorecard
from qa.storage.errors import StorageError
from qa.transcript import Transcript

# Transcripts, metadata and calls.csv bytes pass through these tasks: no task or flow result
# is ever persisted (Prefect's result storage would keep them unredacted, outside callqa's
# erasure), and no cache key is computed from them.
PRIVATE = {"persist_result": False, "cache_policy": NO_CACHE}

# No `from __future__ import annotations` here: `callqa schedule` runs a cloudpickled copy
# of the flow, whose parameter types must resolve from real objects.


def _retry_transient(task, task_run, state) -> bool:
    try:
        state.result()
    except Exception as error:
        return is_transient(error)
    return False


@task(name="discover", **PRIVATE)
def discover_task(inbox: Path, options: IntakeOptions) -> Discovery:
    return discover_inbox(inbox, options)


@task(
    name="transcribe",
    **PRIVATE,
    retries=2,
    retry_delay_seconds=2,
    retry_condition_fn=_retry_transient,
)
def transcribe_task(call: InboxCall, options: BatchOptions) -> Transcript:
    return transcribe_one(call, options)


@task(name="redact", **PRIVATE)
def redact_task(transcript: Transcript) -> Transcript:
    return redact(transcript)


@task(name="score", **PRIVATE)
def score_task(transcript: Transcript, options: BatchOptions) -> Scorecard:
    return score_one(transcript, options)


def transcribe_on_runner(calls: list[InboxCall], options: BatchOptions) -> PendingTranscripts:
    """Every call submitted at once; the run takes each result in order."""
    return [(call, transcribe_task.submit(call, options).result) for call in calls]


@task(name="redact audio", **PRIVATE)
def redact_audio_task(call: InboxCall, transcript: Transcript, db: Path, options: BatchOptions):
    return redact_audio_one(call, transcript, db, options)


PREFECT_STAGES = Stages(
    discover_task, transcribe_on_runner, redact_task, score_task, redact_audio_task
)


@task(name="retention", **PRIVATE)
def retention_task(db: Path, days: int) -> ErasureReport:
    return apply_retention(db, days)


@flow(name="nightly_qa", task_runner=ThreadPoolTaskRunner(max_workers=1), persist_result=False)
def nightly_qa(
    inbox: str,
    db: str,
    options: BatchOptions | None = None,
    progress: bool = True,
    only_hashes: list[str] | None = None,
) -> RunReport | State:
    """One night; a run stopped by a fault of the system or the configuration ends as a
    Failed flow run whose message is the one-line reason (its data: the exception)."""
    context = get_run_context()
    try:
        report = run_nightly(
            Path(inbox),
            Path(db),
            options,
            PREFECT_STAGES,
            progress=progress,
            flow_run_id=str(context.flow_run.id) if context.flow_run else None,
            only_hashes=set(only_hashes) if only_hashes is not None else None,
            logger=get_run_logger(),
        )
        if options is not None and options.retention_days is not None:
            report = with_retention(report, retention_task(Path(db), options.retention_days))
        return report
    except (RunFailed, StorageError) as error:
        get_run_logger().info("run failed: %s", error)
        # a bare copy: the original's traceback would keep the run's objects alive
        return Failed(message=str(error), data=type(error)(str(error)))


def task_runner(name: str, workers: int = 1):
    """threads (default) or dask: a local Dask cluster of worker processes, the scale-out path."""
    if workers < 1:
        raise ValueError(f"--workers must be 1 or more, not {workers}")
    if name == "threads":
        return ThreadPoolTaskRunner(max_workers=workers)
    if name == "dask":
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(
            cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True}
        )
    raise ValueError(f"--task-runner must be threads or dask, not {name!r}")
