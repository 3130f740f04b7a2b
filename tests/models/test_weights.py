"""Offline model resolution: shipped packages, joined and verified; local paths; hub names."""

from __future__ import annotations

from pathlib import Path

import pytest

from models import weights
from models.weights import ModelNotAvailable, resolve_model


def test_base_is_joined_once_and_verified(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("CALLQA_CACHE", str(tmp_path))
    resolved = resolve_model("base")
    model = Path(resolved.location) / "model.bin"
    assert resolved.local and model.stat().st_size == weights.BASE_SIZE
    assert {p.name for p in model.parent.iterdir()} == {"model.bin", *weights.SIDE_FILES}
    mtime = model.stat().st_mtime_ns
    assert resolve_model("base").location == resolved.location
    assert model.stat().st_mtime_ns == mtime  # not joined twice


def test_a_wrong_join_is_refused(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("CALLQA_CACHE", str(tmp_path))
    monkeypatch.setattr(weights, "BASE_SHA256", "0" * 64)
    with pytest.raises(ModelNotAvailable, match="expected"):
        resolve_model("base")
    assert not (tmp_path / "whisper-base-ct2" / "model.bin").exists()


def test_tiny_en_comes_from_its_package() -> None:
    resolved = resolve_model("tiny.en")
    assert resolved.local and (Path(resolved.location) / "model.bin").is_file()


def test_local_directory_must_hold_a_model(tmp_path: Path) -> None:
    with pytest.raises(ModelNotAvailable, match=r"no model\.bin"):
        resolve_model(str(tmp_path))


def test_other_names_pass_through_for_users_with_a_hub() -> None:
    resolved = resolve_model("large-v3")
    assert (resolved.location, resolved.local) == ("large-v3", False)
