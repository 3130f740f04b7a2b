"""`callqa` as a user runs it: a subprocess, its exit code, stdout and stderr."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from qa.transcript import Transcript
from qa.transcription.wer import wer
from tests.conftest import JFK_REFERENCE


def callqa(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "qa", *args], capture_output=True, text=True, timeout=600
    )


@pytest.mark.parametrize("content", [b"", b"not audio" * 50])
def test_undecodable_file_is_one_line_and_non_zero(tmp_path: Path, content: bytes) -> None:
    bad = tmp_path / "broken.wav"
    bad.write_bytes(content)
    result = callqa("transcribe", str(bad))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and str(bad) in lines[0]
    assert result.stdout == ""


def test_bad_option_is_refused(tmp_path: Path) -> None:
    result = callqa("transcribe", str(tmp_path), "--agent-channel", "middle")
    assert result.returncode == 2 and "left or right" in result.stderr


def test_schema_command_prints_the_contract() -> None:
    result = callqa("schema", "transcript")
    assert json.loads(result.stdout) == Transcript.model_json_schema()


@pytest.mark.slow
def test_transcribe_prints_the_contract_json(shared_audio: Path) -> None:
    result = callqa("transcribe", str(shared_audio / "jfk.flac"))
    assert result.returncode == 0, result.stderr
    transcript = Transcript.model_validate_json(result.stdout)
    assert transcript.call_id == "jfk"
    assert wer(JFK_REFERENCE, " ".join(s.text for s in transcript.segments)) <= 0.10


@pytest.mark.slow
def test_folder_goes_on_past_a_bad_file(tmp_path: Path, shared_audio: Path) -> None:
    (tmp_path / "good.flac").write_bytes((shared_audio / "jfk.flac").read_bytes())
    (tmp_path / "bad.wav").write_bytes(b"garbage" * 100)
    out = tmp_path / "out"
    result = callqa("transcribe", str(tmp_path), "--out", str(out), "--language", "en")
    assert result.returncode == 1
    assert "bad.wav" in result.stderr and "Traceback" not in result.stderr
    assert [p.name for p in out.iterdir()] == ["good.json"]


def test_score_prints_a_scorecard(tmp_path: Path) -> None:
    transcript = Path(__file__).resolve().parents[3] / "evaluation" / "transcripts" / "lv01.json"
    result = callqa("score", str(transcript))
    assert result.returncode == 0, result.stderr
    card = json.loads(result.stdout)
    assert card["rubric"] == "service@3" and card["call_id"] == "lv01"
    assert {"overall", "level", "tone", "empathy", "resolution", "criteria", "metrics"} <= set(card)


def test_score_refuses_a_non_transcript_and_a_bad_rubric(tmp_path: Path) -> None:
    bad = tmp_path / "t.json"
    bad.write_text('{"call_id": 5}')
    result = callqa("score", str(bad))
    assert result.returncode == 1 and "not a transcript" in result.stderr
    rubric = tmp_path / "r.yaml"
    rubric.write_text("name: x\nversion: 0\n")
    result = callqa("score", str(bad), "--rubric", str(rubric))
    assert (
        result.returncode == 2 and "version" in result.stderr and "Traceback" not in result.stderr
    )
