"""Reading a transcript file given on the command line, with one line for what is wrong."""

from __future__ import annotations

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
