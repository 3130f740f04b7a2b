"""An erased call's audio files: its redacted copy, and copies an older desk cached.

The redacted copy is the file `calls.redacted_audio` names in `audio_dir(db)`. Before issue
12 the desk cached unredacted Ogg copies in `.callqa-audio-cache/` beside the database, named
`<audio_hash>.<variant>.ogg`; they are removed too. Names from the database are trusted only
as plain file names and hashes as 64 hex digits, so a bad row cannot point elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from qa.storage.erasure import CallToErase
from qa.storage.files import audio_dir

LEGACY_CACHE = ".callqa-audio-cache"
_HASH = re.compile(r"[0-9a-f]{64}")


def audio_files(db: Path, call: CallToErase) -> set[Path]:
    """The call's audio files that exist now (partial files included)."""
    folder = audio_dir(db)
    found: set[Path] = set()
    name = call.redacted_audio
    if name and Path(name).name == name and name not in (".", ".."):
        found.add(folder / name)
    if _HASH.fullmatch(call.audio_hash):
        for base in (folder, folder.parent / LEGACY_CACHE):
            found.update(base.glob(f"{call.audio_hash}.*"))
            found.update(base.glob(f".{call.audio_hash}.*"))
    return {path for path in found if path.is_file() or path.is_symlink()}


def remove_audio(db: Path, calls: Sequence[CallToErase]) -> int:
    """Deletes every audio file of `calls`; returns how many there were."""
    removed = 0
    for path in sorted({p for call in calls for p in audio_files(db, call)}):
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        removed += 1
    return removed
