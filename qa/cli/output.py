"""What the CLI prints: a run's summary table and what it left, a transcript as dialogue,
transcripts written to a folder under safe, unique file names."""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.table import Table

from qa.transcript import Transcript

UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def print_run_report(
    summary: dict,
    db: Path,
    quarantined: list[tuple[str, str]],
    warnings: list[tuple[str, str]],
    notes: Sequence[str] = (),
) -> None:
    table = Table(title=f"callqa run → {db}")
    for column in ("found", "stored", "skipped", "quarantined", "left", "audio", "wall", "speed"):
        table.add_column(column, justify="right", no_wrap=True)
    rtf = summary["realtime_factor"]
    table.add_row(
        str(summary["calls_found"]),
        str(summary["processed"]),
        str(summary["skipped"]),
        str(summary["quarantined"]),
        str(summary.get("warnings", 0)),
        f"{summary['audio_seconds'] / 3600:.2f} h",
        f"{summary['wall_seconds']:.0f} s",
        "–" if rtf is None else f"{rtf:.1f}×",
    )
    console = Console()
    console.print(table)
    for file, reason in quarantined:
        console.print(f"quarantined: {file}: {reason}", markup=False, highlight=False)
    for file, reason in warnings:
        console.print(f"left for the next run: {file}: {reason}", markup=False, highlight=False)
    for note in notes:
        console.print(f"warning: {note}", markup=False, highlight=False)


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


def safe_file_name(call_id: str) -> str:
    """A call id as a file name that cannot leave its folder: `../../x` → `x`."""
    name = UNSAFE.sub("_", call_id).strip("._")
    return name or "call"


class TranscriptWriter:
    """Prints transcripts, or writes each to `out/<safe call id>.json`, never overwriting one
    written in the same run (two calls of the same name in sub-folders get `-2`, `-3`…)."""

    def __init__(self, out: Path | None, text: bool, many: bool) -> None:
        self.out, self.text, self.many = out, text, many
        self.written: set[str] = set()

    def emit(self, transcript: Transcript) -> None:
        if self.out is not None:
            self.out.mkdir(parents=True, exist_ok=True)
            stem = safe_file_name(transcript.call_id)
            name, n = stem, 1
            while name in self.written:
                n += 1
                name = f"{stem}-{n}"
            self.written.add(name)
            (self.out / f"{name}.json").write_text(
                transcript.model_dump_json(indent=2), encoding="utf-8"
            )
        elif self.text:
            print(format_dialogue(transcript))
        else:
            print(transcript.model_dump_json(indent=None if self.many else 2))
        sys.stdout.flush()
