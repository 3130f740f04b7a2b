"""`callqa`: one command per job."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from models.asr import AsrOptions, load_backend
from models.diarization import DiarizationOptions
from models.weights import ModelNotAvailable
from qa.batch.progress import progress_bar
from qa.intake.audio import AudioDecodeError
from qa.intake.calls import AgentChannel, CallMetadataError, CallSource, call_id_for, discover_calls
from qa.transcript import Transcript
from qa.transcription.transcribe import TranscribeOptions, transcribe_call

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
stderr = Console(stderr=True)


@app.command()
def transcribe(
    audio: Annotated[Path, typer.Argument(help="a call recording, the agent leg, or a folder")],
    customer: Annotated[Optional[Path], typer.Option(help="the customer leg's file")] = None,
    agent_channel: Annotated[str, typer.Option(help="stereo: left or right")] = "left",
    backend: Annotated[str, typer.Option(help="faster-whisper or openai-whisper")] = (
        "faster-whisper"
    ),
    model: Annotated[str, typer.Option(help="base, tiny.en, a CTranslate2 dir or a hub name")] = (
        "base"
    ),
    language: Annotated[Optional[str], typer.Option(help="from call metadata; skips detection")] = (
        None
    ),
    speakers: Annotated[int, typer.Option(help="voices in a mono recording: 1 or 2")] = 2,
    call_id: Annotated[Optional[str], typer.Option(help="default: the file name")] = None,
    out: Annotated[Optional[Path], typer.Option(help="write CALL_ID.json files here")] = None,
    text: Annotated[bool, typer.Option("--text", help="a readable dialogue, not JSON")] = False,
) -> None:
    """Transcribe calls into speaker-attributed transcripts (JSON on stdout)."""
    if agent_channel not in ("left", "right"):
        _fail(f"--agent-channel must be left or right, not {agent_channel!r}", 2)
    if backend not in ("faster-whisper", "openai-whisper"):
        _fail(f"--backend must be faster-whisper or openai-whisper, not {backend!r}", 2)
    channel: AgentChannel = "left" if agent_channel == "left" else "right"
    if audio.is_dir():
        try:
            sources = discover_calls(audio, channel)
        except CallMetadataError as error:
            _fail(str(error), 2)
        if not sources:
            _fail(f"{audio}: no audio files found", 2)
    else:
        sources = [CallSource(call_id or call_id_for(audio), audio, customer, channel)]
    options = TranscribeOptions(
        asr=AsrOptions(backend=backend, model=model),  # type: ignore[arg-type]
        language=language,
        diarization=DiarizationOptions(n_speakers=speakers),
    )
    try:
        asr = load_backend(options.asr)
    except ModelNotAvailable as error:
        _fail(f"model: {error}", 3)
    failures = 0
    with progress_bar(disable=len(sources) < 2, transient=True) as progress:
        task = progress.add_task("transcribing", total=len(sources))
        for source in sources:
            progress.update(task, description=f"transcribing {source.call_id}")
            try:
                transcript = transcribe_call(source, options, asr)
            except AudioDecodeError as error:
                print(f"error: {error}", file=sys.stderr)
                failures += 1
            else:
                _emit(transcript, out, text, many=len(sources) > 1)
            progress.advance(task)
    if failures:
        raise typer.Exit(1)


@app.command()
def score(
    transcripts: Annotated[list[Path], typer.Argument(help="transcript JSON files (contract)")],
    rubric: Annotated[Optional[Path], typer.Option(help="a rubric YAML; default service")] = None,
) -> None:
    """Score transcripts against the service rubric (scorecard JSON on stdout)."""
    from pydantic import ValidationError

    from qa.scoring.rubric import RubricError
    from qa.scoring.scorer import load_scorer

    try:
        scorer = load_scorer(str(rubric) if rubric else None)
    except RubricError as error:
        _fail(f"rubric: {error}", 2)
    failures = 0
    for path in transcripts:
        try:
            transcript = Transcript.model_validate_json(path.read_text(encoding="utf-8"))
        except OSError as error:
            print(f"error: {path}: cannot read ({error.strerror})", file=sys.stderr)
            failures += 1
            continue
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "(top level)"
            print(f"error: {path}: not a transcript: {where}: {first['msg']}", file=sys.stderr)
            failures += 1
            continue
        card = scorer.score(transcript)
        print(card.model_dump_json(indent=None if len(transcripts) > 1 else 2))
        sys.stdout.flush()
    if failures:
        raise typer.Exit(1)


@app.command()
def schema(
    name: Annotated[str, typer.Argument(help="transcript or scorecard")] = "transcript",
) -> None:
    """Print the JSON schema of a public contract."""
    from qa.scorecard import Scorecard

    models = {"transcript": Transcript, "scorecard": Scorecard}
    if name not in models:
        _fail(f"unknown schema {name!r}: one of {', '.join(models)}", 2)
    print(json.dumps(models[name].model_json_schema(), indent=2, ensure_ascii=False))


SAMPLE_INBOX = Path(__file__).resolve().parents[1] / "samples" / "calls"


@app.command()
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
) -> None:
    """Run the nightly flow once: inbox → transcripts → scorecards → DuckDB."""
    import os

    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")  # the progress bar tells the story
    from pipelines.nightly import nightly_qa
    from pipelines.nightly import task_runner as make_runner
    from qa.batch.stages import BatchOptions

    inbox = inbox or SAMPLE_INBOX
    if not inbox.is_dir():
        _fail(f"{inbox}: not a folder", 2)
    options = BatchOptions(
        asr=AsrOptions(backend=backend, model=model),  # type: ignore[arg-type]
        rubric=str(rubric) if rubric else None,
    )
    try:
        runner = make_runner(task_runner, workers)
    except ValueError as error:
        _fail(str(error), 2)
    report = nightly_qa.with_options(task_runner=runner)(str(inbox), str(db), options)
    print_summary(report.summary, db, report.quarantined)


@app.command()
def rescore(
    rubric: Annotated[Path, typer.Option(help="the rubric YAML to score under")],
    db: Annotated[Path, typer.Option(help="the DuckDB file")] = Path("callqa.duckdb"),
) -> None:
    """Re-score stored transcripts under another rubric, beside the old scores (no ASR)."""
    from qa.scoring.rubric import RubricError
    from qa.scoring.scorer import load_scorer
    from qa.storage.store import Store

    try:
        scorer = load_scorer(str(rubric))
    except RubricError as error:
        _fail(f"rubric: {error}", 2)
    store = Store(db)
    transcripts = store.transcripts()
    with progress_bar(transient=True) as progress:
        job = progress.add_task(f"re-scoring under {scorer.rubric.id}", total=len(transcripts))
        for transcript in transcripts:
            store.write_scorecard(scorer.score(transcript), run_id=f"rescore-{scorer.rubric.id}")
            progress.advance(job)
    store.close()
    stderr.print(f"re-scored {len(transcripts)} calls under {scorer.rubric.id} in {db}")


@app.command()
def schedule(
    cron: Annotated[str, typer.Option(help='cron expression, e.g. "0 2 * * *"')] = "0 2 * * *",
    timezone: Annotated[str, typer.Option(help="IANA time zone, e.g. Europe/Riga")] = "UTC",
    inbox: Annotated[Path, typer.Option(help="the recordings folder")] = Path("inbox"),
    db: Annotated[Path, typer.Option(help="the DuckDB file")] = Path("callqa.duckdb"),
    name: Annotated[str, typer.Option(help="deployment name")] = "nightly",
) -> None:
    """Serve the nightly deployment on a time-zone-aware cron schedule (runs until stopped)."""
    from pipelines.schedule import serve_nightly

    serve_nightly(name, cron, timezone, str(inbox.resolve()), str(db.resolve()))


def print_summary(summary: dict, db: Path, quarantined: list[tuple[str, str]]) -> None:
    from rich.table import Table

    table = Table(title=f"callqa run → {db}")
    table.add_column("calls found", justify="right")
    table.add_column("processed", justify="right")
    table.add_column("skipped", justify="right")
    table.add_column("quarantined", justify="right")
    table.add_column("audio", justify="right")
    table.add_column("wall time", justify="right")
    table.add_column("× real time", justify="right")
    rtf = summary["realtime_factor"]
    table.add_row(
        str(summary["calls_found"]),
        str(summary["processed"]),
        str(summary["skipped"]),
        str(summary["quarantined"]),
        f"{summary['audio_seconds'] / 3600:.2f} h",
        f"{summary['wall_seconds']:.0f} s",
        "–" if rtf is None else f"{rtf:.1f}×",
    )
    Console().print(table)
    for file, reason in quarantined:
        Console().print(f"quarantined: {file}: {reason}", markup=False, highlight=False)


def _emit(transcript: Transcript, out: Path | None, text: bool, many: bool) -> None:
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        (out / f"{transcript.call_id}.json").write_text(transcript.model_dump_json(indent=2))
    elif text:
        print(format_dialogue(transcript))
    else:
        print(transcript.model_dump_json(indent=None if many else 2))
    sys.stdout.flush()


def format_dialogue(transcript: Transcript) -> str:
    lines = [
        f"== {transcript.call_id} ({transcript.layout}, {transcript.language}, "
        f"{transcript.duration:.1f} s, {transcript.asr.backend}/{transcript.asr.model})"
    ]
    for segment in transcript.segments:
        minutes, seconds = divmod(segment.start, 60)
        mark = " (?)" if "low_confidence" in segment.flags else ""
        lines.append(
            f"[{int(minutes):02d}:{seconds:04.1f}] {segment.speaker.upper():8} {segment.text}{mark}"
        )
    return "\n".join(lines)


def _fail(message: str, code: int) -> None:
    print(f"error: {message}", file=sys.stderr)
    raise typer.Exit(code)


def main() -> None:
    app()
