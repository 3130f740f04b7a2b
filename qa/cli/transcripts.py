"""Reading a transcript file given on the command line, with one line for what is wrong."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from qa.transcript import Transcript


class NotATranscript(Exception):
    """The file cannot be read as a transcript; the message names it and says why."""


def read_transcript(path: Path) -> Transcript:
    try:
        return Transcript.model_validate_json(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise NotATranscript(f"{path}: cannot read ({error.strerror})") from None
    except UnicodeDecodeError:
        raise NotATranscript(f"{path}: not UTF-8 text") from None
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise NotATranscript(f"{path}: not a transcript: {where}: {first['msg']}") from None


@dataclass
class TranscriptFiles:
    """The transcripts of `paths`, in order; each that cannot be read is reported on stderr
    in one line and counted in `failures`, and the rest go on."""

    paths: list[Path]
    failures: int = 0

    def __iter__(self) -> Iterator[tuple[Path, Transcript]]:
        for path in self.paths:
            try:
                yield path, read_transcript(path)
            except NotATranscript as error:
                print(f"error: {error}", file=sys.stderr)
                self.failures += 1
