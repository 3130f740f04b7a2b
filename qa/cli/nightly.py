"""Commands on the store: `run`, `rescore`, `schedule`, `requeue`, `reprocess`."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Optional
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import typer
from rich.console import Console

from models.asr import AsrOptions
from qa.batch.progress import progress_bar
from qa.cli.errors import DATABASE, FAILED, fail, one_line
from qa.cli.output import print_run_report

SAMPLE_INBOX = Path(__file__).resolve().parents[2] / "samples" / "calls"
stderr = Console(stderr=True)


def run(
    inbox: Annotated[
        Optional[Path], typer.Argument(help="recordings folder; default samples")
    ] = None,
    db: Annotated[Path, typer.Option(help="the DuckDB file")] = Path("callqa.duckdb"),
    backend: Annotated[
        str, typer.Option(help="faster-whisper or openai-whisper")
    ] = "faster-whisper",
    model: Annotated[
        str, typer.Option(help="base, tiny.en, a CTranslate2 dir or a hub name")
    ] = "base",
    rubric: Annotated[Optional[Path], typer.Option(help="a rubric YAML")] = None,
    task_runner: Annotated[str, typer.Option(help="threads or dask")] = "threads",
    workers: Annotated[int, typer.Option(help="parallel calls (each uses all cores)")] = 1,
    timezone: Annotated[
        str, typer.Option(help="IANA zone for started_at values without an offset")
    ] = "UTC",
    max_call_minutes: Annotated[
        float, typer.Option(help="longer recordings are quarantined")
    ] = 240.0,
    settle_seconds: Annotated[
        float, typer.Option(help="a file still changing over this long is left for next run")
    ] = 1.0,
    max_file_mb: Annotated[float, typer.Option(help="larger files are quarantined")] = 2048.0,
    snapshot_every: Annotated[
        float, typer.Option(help="publish the readers' snapshot at most every N seconds")
    ] = 60.0,
    retention_days: Annotated[
        Optional[int], typer.Option(help="after the run, erase calls older than N days")
    ] = None,
    keep_audio: Annotated[
        bool, typer.Option(help="keep a redacted copy of each call's audio for the desk")
    ] = True,
) -> None:
    """Run the nightly flow once: inbox → transcripts → scorecards → DuckDB."""
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")  # the progress bar tells the story
    from pipelines.nightly import nightly_qa
    from pipelines.nightly import task_runner as make_runner

    options = _batch_options(
        backend, model, rubric, timezone, max_call_minutes, settle_seconds, snapshot_every
    )
    if not max_file_mb > 0:
        fail(f"--max-file-mb must be more than 0, not {max_file_mb}")
    options = replace(
        options, intake=replace(options.intake, max_file_bytes=int(max_file_mb * 1024**2))
    )
    options = replace(options, retention_days=_retention(retention_days), keep_audio=keep_audio)
    inbox = inbox or SAMPLE_INBOX
    if not inbox.is_dir():
        fail(f"{inbox}: not a folder")
    try:
        runner = make_runner(task_runner, workers)
    except (ValueError, ImportError) as error:
        fail(one_line(error))
    report = _run_flow(nightly_qa.with_options(task_runner=runner), inbox, db, options)
    print_run_report(report.summary, db, report.quarantined, report.warnings, report.notes)
    if "retention_removed" in report.summary:
        removed, days = report.summary["retention_removed"], retention_days
        print(f"retention: {removed} calls older than {days} days erased (see `erasures`)")


def rescore(
    rubric: Annotated[Path, typer.Option(help="the rubric YAML to score under")],
    db: Annotated[Path, typer.Option(help="the DuckDB file")] = Path("callqa.duckdb"),
) -> None:
    """Re-score stored transcripts under another rubric, beside the old scores (no ASR)."""
    from qa.scoring.rubric import RubricError
    from qa.scoring.scorer import load_scorer
    from qa.storage.errors import RubricConflict, StorageError
    from qa.storage.store import Store

    try:
        scorer = load_scorer(str(rubric))
    except RubricError as error:
        fail(f"rubric: {error}")
    try:
        store = Store(db, holder=f"callqa rescore under {scorer.rubric.id}")
    except StorageError as error:
        fail(str(error), DATABASE)
    try:
        store.register_rubric(scorer.rubric.id, scorer.rubric_digest)
        transcripts = store.transcripts()
        with progress_bar(transient=True) as progress:
            job = progress.add_task(f"re-scoring under {scorer.rubric.id}", total=len(transcripts))
            for transcript in transcripts:
                card = scorer.score(transcript)
                store.write_scorecard(card, run_id=f"rescore-{scorer.rubric.id}")
                progress.advance(job)
    except RubricConflict as error:
        fail(str(error))
    finally:
        store.close()
    stderr.print(f"re-scored {len(transcripts)} calls under {scorer.rubric.id} in {db}")


def schedule(
    cron: Annotated[str, typer.Option(help='cron expression, e.g. "0 2 * * *"')] = "0 2 * * *",
    timezone: Annotated[str, typer.Option(help="IANA time zone, e.g. Europe/Riga")] = "UTC",
    inbox: Annotated[Path, typer.Option(help="the recordings folder")] = Path("inbox"),
    db: Annotated[Path, typer.Option(help="the DuckDB file")] = Path("callqa.duckdb"),
    name: Annotated[str, typer.Option(help="deployment name")] = "nightly",
    retention_days: Annotated[
        Optional[int], typer.Option(help="after each run, erase calls older than N days")
    ] = None,
    keep_audio: Annotated[
        bool, typer.Option(help="keep a redacted copy of each call's audio for the desk")
    ] = True,
) -> None:
    """Serve the nightly deployment on a time-zone-aware cron schedule (runs until stopped)."""
    from pipelines.schedule import check_schedule, serve_nightly
    from qa.batch.stages import BatchOptions

    try:
        check_schedule(cron, timezone)
    except ValueError as error:
        fail(one_line(error))
    if not inbox.is_dir():
        fail(f"--inbox {inbox}: not a folder")
    days = _retention(retention_days)
    options = (
        None
        if days is None and keep_audio
        else BatchOptions(retention_days=days, keep_audio=keep_audio)
    )
    serve_nightly(name, cron, timezone, str(inbox.resolve()), str(db.resolve()), options)


def requeue(
    db: Annotated[Path, typer.Option(help="the DuckDB file")] = Path("callqa.duckdb"),
    call_id: Annotated[
        Optional[str], typer.Option(help="a call id (matched in the file names)")
    ] = None,
    audio_hash: Annotated[Optional[str], typer.Option("--hash", help="a hash or its prefix")] = (
        None
    ),
    run_id: Annotated[Optional[str], typer.Option("--run", help="the run that quarantined")] = (
        None
    ),
    reason: Annotated[Optional[str], typer.Option(help="words of the reason")] = None,
    stage: Annotated[Optional[str], typer.Option(help="decode, metadata, transcribe…")] = None,
    everything: Annotated[bool, typer.Option("--all", help="release every entry")] = False,
) -> None:
    """Release quarantined entries: the next run processes them again."""
    from qa.storage.errors import StorageError
    from qa.storage.store import QuarantineFilter, Store

    where = QuarantineFilter(
        audio_hash=audio_hash, run_id=run_id, stage=stage, reason=reason, file=call_id
    )
    if where == QuarantineFilter() and not everything:
        fail("say which entries: --call-id, --hash, --run, --reason, --stage, or --all")
    try:
        store = Store(db, holder="callqa requeue")
    except StorageError as error:
        fail(str(error), DATABASE)
    try:
        released = store.release_quarantine(where)
    finally:
        store.close()
    console = Console()
    for digest, files, why in released:
        console.print(f"released: {', '.join(files)} ({digest[:12]}): was {why}", markup=False)
    console.print(f"{len(released)} entries released; the next `callqa run` takes them")


def reprocess(
    db: Annotated[Path, typer.Option(help="the DuckDB file")] = Path("callqa.duckdb"),
    call_id: Annotated[Optional[list[str]], typer.Option(help="a stored call (repeatable)")] = (
        None
    ),
    everything: Annotated[bool, typer.Option("--all", help="every stored call")] = False,
    inbox: Annotated[
        Optional[Path], typer.Option(help="where the recordings are; default: as stored")
    ] = None,
    metadata_only: Annotated[
        bool, typer.Option("--metadata-only", help="re-read calls.csv/sidecars, no ASR")
    ] = False,
    timezone: Annotated[str, typer.Option(help="IANA zone for naive started_at")] = "UTC",
) -> None:
    """Transcribe and score stored calls again, or re-apply their corrected metadata."""
    from pipelines.nightly import nightly_qa
    from qa.batch.reprocess import ReprocessError, apply_metadata, forget_for_reprocessing
    from qa.storage.errors import StorageError

    if not call_id and not everything:
        fail("say which calls: --call-id ID (repeatable) or --all")
    options = _batch_options("faster-whisper", "base", None, timezone, 240.0, 0.0, 60.0)
    try:
        if metadata_only:
            updated = apply_metadata(db, call_id, inbox, options.intake)
            for name in updated:
                print(f"metadata re-applied: {name}")
            print(f"{len(updated)} calls updated")
            return
        plan = forget_for_reprocessing(db, call_id, inbox)
    except ReprocessError as error:
        fail(str(error))
    except StorageError as error:
        fail(str(error), DATABASE)
    for folder, hashes in plan.items():
        report = _run_flow(nightly_qa, folder, db, options, only_hashes=sorted(hashes))
        print_run_report(report.summary, db, report.quarantined, report.warnings, report.notes)


def _retention(days: int | None) -> int | None:
    if days is not None and days < 1:
        fail(f"--retention-days must be 1 or more, not {days}")
    return days


def _run_flow(flow, inbox: Path, db: Path, options, only_hashes: list[str] | None = None):
    from pipelines.api import private_api
    from qa.batch.preflight import RunFailed
    from qa.storage.errors import StorageError

    with private_api():  # a local API server that cannot outlive this process
        state = flow(str(inbox), str(db), options, only_hashes=only_hashes, return_state=True)
    result = state.result(raise_on_failure=False)
    if isinstance(result, StorageError):
        fail(str(result), DATABASE)
    if isinstance(result, RunFailed):
        fail(f"run failed: {result}", FAILED)
    if isinstance(result, BaseException):
        raise result
    return result


def _batch_options(
    backend: str,
    model: str,
    rubric: Path | None,
    timezone: str,
    max_call_minutes: float,
    settle_seconds: float,
    snapshot_every: float,
):
    from qa.batch.stages import BatchOptions
    from qa.intake.inbox import IntakeOptions

    if backend not in ("faster-whisper", "openai-whisper"):
        fail(f"--backend must be faster-whisper or openai-whisper, not {backend!r}")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        fail(f"--timezone {timezone!r}: not an IANA time zone (e.g. Europe/Riga)")
    if not max_call_minutes > 0:
        fail(f"--max-call-minutes must be more than 0, not {max_call_minutes}")
    for option, value in (
        ("--snapshot-every", snapshot_every),
        ("--settle-seconds", settle_seconds),
    ):
        if not value >= 0:
            fail(f"{option} must be 0 or more, not {value}")
    return BatchOptions(
        asr=AsrOptions(backend=backend, model=model),  # type: ignore[arg-type]
        rubric=str(rubric) if rubric else None,
        intake=IntakeOptions(
            timezone=timezone,
            max_call_seconds=max_call_minutes * 60,
            settle_seconds=settle_seconds,
        ),
        snapshot_every_s=snapshot_every,
    )
