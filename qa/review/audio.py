"""A stored call's redacted audio for the desk's player, found by call id, never by a path.

The desk plays only the copy the nightly run wrote with the PII silenced
(`qa.privacy.audio`), kept in `audio_dir(db)` under the name in the call's `redacted_audio`
column. It never opens, decodes or caches the original recording: a recording holds the
card numbers the transcript no longer does, and the desk is the part a LAN can reach.

The route hands the returned file to Starlette's `FileResponse`, which answers HTTP Range
requests (206, `Content-Range`, `Accept-Ranges: bytes`) on a file of known length, so
Chromium can seek.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from qa.storage.files import audio_dir

MEDIA_TYPE = "audio/ogg"  # the FileResponse's media_type
NOT_KEPT = "no audio kept for this call"
_FILE_NAME = re.compile(r"[0-9a-f]{64}\.ogg")  # `<audio_hash>.ogg`, as the run names it

Unavailable = Literal["not_kept", "gone", "refused"]
HTTP_STATUS: dict[Unavailable, int] = {"not_kept": 404, "gone": 410, "refused": 500}


class CallAudioUnavailable(Exception):
    """The call has nothing to play: `kind` is `not_kept` (no redacted audio stored: 404),
    `gone` (stored, then deleted: 410) or `refused` (the stored name is not one the run
    writes, or not a regular file: 500). `reason` is one line."""

    def __init__(self, call_id: str, kind: Unavailable, reason: str) -> None:
        self.call_id = call_id
        self.kind = kind
        self.reason = reason
        super().__init__(f"call {call_id}: {reason}")

    @property
    def status(self) -> int:
        return HTTP_STATUS[self.kind]


def call_audio(db: Path | str, row: Mapping[str, Any]) -> Path:
    """The call's redacted Ogg/Opus file in `audio_dir(db)`, from its `calls` row (a
    mapping with `call_id` and `redacted_audio`). Raises CallAudioUnavailable."""
    call_id = str(row["call_id"])
    name = row.get("redacted_audio")
    if not name:
        raise CallAudioUnavailable(call_id, "not_kept", NOT_KEPT)
    if not isinstance(name, str) or not _FILE_NAME.fullmatch(name):
        raise CallAudioUnavailable(call_id, "refused", "its stored audio name is not a file name")
    path = audio_dir(db) / name
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        raise CallAudioUnavailable(
            call_id, "gone", f"its audio file {name} is no longer there"
        ) from None
    if not stat.S_ISREG(mode):  # a link could point anywhere, the original recording included
        raise CallAudioUnavailable(
            call_id, "refused", f"its audio file {name} is not a regular file"
        )
    return path
