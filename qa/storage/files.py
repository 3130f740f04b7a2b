"""Where the store keeps files beside its database: the redacted audio folder."""

from __future__ import annotations

from pathlib import Path


def audio_dir(db: Path | str) -> Path:
    """`<db folder>/<db stem>.audio/`: redacted call audio, one Ogg/Opus file per call,
    named `<audio_hash>.ogg`. Never the original recordings."""
    db = Path(db).absolute()
    return db.with_name(f"{db.stem}.audio")
