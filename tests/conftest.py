"""Shared fixtures: the real recordings beside the project, the bundled sample calls."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from qa.transcript import Transcript

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


@pytest.fixture(scope="session")
def auto_repairs_40(shared_audio: Path) -> Transcript:
    """A real two-leg call-centre recording, transcribed once for the tests that read it."""
    from qa.intake.calls import CallSource
    from qa.transcription.transcribe import transcribe_call

    return transcribe_call(
        CallSource(
            "ar40",
            shared_audio / "Auto_Repairs_40_UTC_agent.wav",
            shared_audio / "Auto_Repairs_40_UTC_caller.wav",
        )
    )


def reference_text(call_json: Path, speaker: str | None = None) -> str:
    meta = json.loads(call_json.read_text(encoding="utf-8"))
    return " ".join(
        turn["text"] for turn in meta["reference"] if speaker in (None, turn["speaker"])
    )


@pytest.fixture(scope="session")
def coaching_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real store of eight tune-split calls, scored by the real scorer, for three agents in
    two teams over three weeks (no ASR: the transcripts are the evaluation's)."""
    import hashlib

    from qa.scoring.scorer import load_scorer
    from qa.storage.store import Store
    from qa.transcript import Transcript

    db = tmp_path_factory.mktemp("coaching") / "callqa.duckdb"
    scorer = load_scorer()
    store = Store(db)
    store.start_run("seed", "evaluation", None, "hand-written", scorer.rubric.id)
    for k, call_id in enumerate(COACHING_CALLS):
        path = ROOT / "evaluation" / "transcripts" / f"{call_id}.json"
        transcript = Transcript.model_validate_json(path.read_text(encoding="utf-8"))
        meta = {
            "agent_id": f"agent-{k % 3}",
            "agent_name": f"Agent {k % 3}",
            "team": "north" if k % 2 else "south",
            "started_at": f"2026-11-{2 + 7 * (k % 3):02d}T10:00:00+00:00",
        }
        digest = hashlib.sha256(call_id.encode()).hexdigest()
        store.write_call(
            transcript, scorer.score(transcript), meta, digest, [f"{call_id}.wav"], "seed"
        )
    store.close()
    return db


COACHING_CALLS = ["en01", "en02", "en03", "en05", "ru01", "ru02", "lv01", "ar03"]
