"""Shared fixtures: the real recordings beside the project, the bundled sample calls."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

# Prefect's INFO lines at interpreter exit write to streams pytest has already closed.
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

ROOT = Path(__file__).resolve().parents[1]
SHARED_AUDIO = ROOT.parent / "shared" / "data" / "audio"
SAMPLE_CALLS = ROOT / "samples" / "calls"

JFK_REFERENCE = (
    "And so my fellow Americans, ask not what your country can do for you, "
    "ask what you can do for your country."
)
STEREO_LEFT = (
    "He began a confused complaint against the wizard, who had vanished behind the "
    "curtain on the left."
)
STEREO_RIGHT = "The horizon seems extremely distant."


@pytest.fixture(scope="session")
def shared_audio() -> Path:
    """`../shared/data/audio`; tests that need it skip cleanly where it is absent."""
    if not (SHARED_AUDIO / "jfk.flac").is_file():
        pytest.skip(f"real recordings not found at {SHARED_AUDIO}")
    return SHARED_AUDIO


@pytest.fixture(scope="session")
def sample_calls() -> Path:
    return SAMPLE_CALLS


def reference_text(call_json: Path, speaker: str | None = None) -> str:
    meta = json.loads(call_json.read_text(encoding="utf-8"))
    return " ".join(
        turn["text"] for turn in meta["reference"] if speaker in (None, turn["speaker"])
    )
