"""Commands on single files: `transcribe`, `score`, `schema`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape

from models.asr import AsrOptions, load_backend
from models.diarization import DiarizationOptions
from models.weights import ModelNotAvailable
from qa.batch.progress import progress_bar
from qa.cli.errors import FAILED, USAGE, fail, one_line
from qa.cli.output import TranscriptWriter
from qa.cli.transcripts import TranscriptFiles
from qa.intake.audio import AudioDecodeError
from qa.intake.calls import AgentChannel, CallSource, call_id_for, discover_calls_with_rejects
from qa.transcript import Transcript
from qa.transcription.transcribe import TranscribeOptions, transcribe_call


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
    channel_name = agent_channel.strip().lower()
    if channel_name not in ("left", "right"):
        fail(f"--agent-channel must be left or right, not {agent_channel!r}")
    if backend not in ("faster-whisper", "openai-whisper"):
        fail(f"--backend must be faster-whisper or openai-whisper, not {backend!r}")
    if speakers not in (1, 2):
        fail(f"--speakers must be 1 or 2, not {speakers}")
    channel: AgentChannel = "left" if channel_name == "left" else "right"
    if not audio.exists():
        fail(f"{audio}: no such file or folder")
    if audio.is_dir():
        sources, rejects = discover_calls_with_rejects(audio, channel)
        for path, reason in rejects:
            print(f"skipped: {path}: {reason}", file=sys.stderr)
        if not sources:
            fail(f"{audio}: no audio files found")
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
        fail(f"model: {one_line(error)}", 3)
    writer = TranscriptWriter(out, text, many=len(sources) > 1)
    failures = 0
    with progress_bar(disable=len(sources) < 2, transient=True) as progress:
        task = progress.add_task("transcribing", total=len(sources))
        for source in sources:
            progress.update(task, description=f"transcribing {escape(source.call_id)}")
            try:
                transcript = transcribe_call(source, options, asr)
            except AudioDecodeError as error:
                print(f"error: {error}", file=sys.stderr)
                failures += 1
            else:
                writer.emit(transcript)
            progress.advance(task)
    if failures:
        raise typer.Exit(FAILED)


def score(
    transcripts: Annotated[list[Path], typer.Argument(help="transcript JSON files (contract)")],
    rubric: Annotated[Optional[Path], typer.Option(help="a rubric YAML; default service")] = None,
) -> None:
    """Score transcripts against the service rubric (scorecard JSON on stdout)."""
    from qa.scoring.rubric import RubricError
    from qa.scoring.scorer import load_scorer

    try:
        scorer = load_scorer(str(rubric) if rubric else None)
    except RubricError as error:
        fail(f"rubric: {error}")
    files = TranscriptFiles(transcripts)
    for _, transcript in files:
        card = scorer.score(transcript)
        print(card.model_dump_json(indent=None if len(transcripts) > 1 else 2))
        sys.stdout.flush()
    if files.failures:
        raise typer.Exit(FAILED)


def schema(
    name: Annotated[str, typer.Argument(help="transcript or scorecard")] = "transcript",
) -> None:
    """Print the JSON schema of a public contract."""
    from qa.scorecard import Scorecard

    models = {"transcript": Transcript, "scorecard": Scorecard}
    if name not in models:
        fail(f"unknown schema {name!r}: one of {', '.join(models)}", USAGE)
    print(json.dumps(models[name].model_json_schema(), indent=2, ensure_ascii=False))
