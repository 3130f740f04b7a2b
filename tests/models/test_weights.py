"""Offline model resolution: shipped packages, joined and verified; local paths; hub names
only for a user who opted in to downloads."""

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


def test_a_hub_name_is_refused_offline(monkeypatch) -> None:
    monkeypatch.delenv("CALLQA_ALLOW_DOWNLOADS", raising=False)
    with pytest.raises(ModelNotAvailable) as refused:
        resolve_model("small")
    assert str(refused.value) == (
        "'small': not a shipped model (base, tiny.en) nor a directory; "
        "to download from the Hugging Face hub set CALLQA_ALLOW_DOWNLOADS=1"
    )


@pytest.mark.parametrize("value", ["", "0", "no"])
def test_only_a_yes_opts_in(monkeypatch, value: str) -> None:
    monkeypatch.setenv("CALLQA_ALLOW_DOWNLOADS", value)
    with pytest.raises(ModelNotAvailable, match="CALLQA_ALLOW_DOWNLOADS=1"):
        resolve_model("large-v3")


def test_a_hub_name_passes_through_when_opted_in(monkeypatch) -> None:
    monkeypatch.setenv("CALLQA_ALLOW_DOWNLOADS", "1")
    resolved = resolve_model("large-v3")
    assert (resolved.name, resolved.location, resolved.local) == ("large-v3", "large-v3", False)
    # shipped names and directories stay local when opted in
    assert resolve_model("tiny.en").local


def test_the_whisper_backend_refuses_before_loading(monkeypatch) -> None:
    from models.asr import AsrOptions
    from models.faster_whisper_asr import FasterWhisperBackend

    monkeypatch.delenv("CALLQA_ALLOW_DOWNLOADS", raising=False)
    with pytest.raises(ModelNotAvailable, match="'distil-large-v3': not a shipped model"):
        FasterWhisperBackend(AsrOptions(model="distil-large-v3"))
