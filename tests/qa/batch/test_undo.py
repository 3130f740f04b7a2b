"""Mistakes can be undone: quarantined entries released, stored calls processed again or
given their corrected metadata — on a real store and real inbox files (no ASR: the
transcription stage hands back an evaluation transcript)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from qa.batch.reprocess import forget_for_reprocessing
from qa.batch.run import run_nightly
from tests.qa.batch.no_asr import evaluation_transcript, rows, stages_transcribing_with

STAGES = stages_transcribing_with(evaluation_transcript)


def callqa(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "qa", *args], capture_output=True, text=True, timeout=300
    )


def night(tmp_path: Path, csv: str) -> tuple[Path, Path]:
    inbox = tmp_path / "inbox"
    inbox.mkdir(exist_ok=True)
    for name in ("a", "b"):
        (inbox / f"{name}.wav").write_bytes(name.encode() * 500)
    (inbox / "calls.csv").write_text(csv, encoding="utf-8")
    return inbox, tmp_path / "qa.duckdb"


def test_requeue_releases_by_reason_and_the_next_run_takes_them(tmp_path: Path) -> None:
    inbox, db = night(tmp_path, "file,started_at\na.wav,2026-13-01\nb.wav,2026-11-02T10:00\n")
    first = run_nightly(inbox, db, stages=STAGES, progress=False)
    assert first.summary["processed"] == 1 and first.summary["quarantined"] == 1
    (inbox / "calls.csv").write_text("file,started_at\na.wav,2026-11-01T10:00\n", "utf-8")
    assert run_nightly(inbox, db, stages=STAGES, progress=False).summary["processed"] == 0

    result = callqa("requeue", "--db", str(db), "--reason", "started_at")
    assert result.returncode == 0, result.stderr
    assert "1 entries released" in result.stdout and "a.wav" in result.stdout
    assert rows(db, "SELECT count(*) FROM quarantine") == [(0,)]
    assert rows(db, "SELECT stage FROM quarantine_released") == [("metadata",)]
    again = run_nightly(inbox, db, stages=STAGES, progress=False)
    assert again.summary["processed"] == 1
    assert rows(db, "SELECT call_id, started_at IS NOT NULL FROM calls ORDER BY 1") == [
        ("a", True),
        ("b", True),
    ]


def test_corrected_metadata_is_applied_to_stored_calls_without_asr(tmp_path: Path) -> None:
    inbox, db = night(tmp_path, "file,agent_id,agent_name\na.wav,A7,Wrong Name\n")
    run_nightly(inbox, db, stages=STAGES, progress=False)
    (inbox / "calls.csv").write_text("file,agent_id,agent_name\na.wav,A1,Anna Ozola\n", "utf-8")
    result = callqa("reprocess", "--db", str(db), "--call-id", "a", "--metadata-only")
    assert result.returncode == 0, result.stderr
    assert rows(db, "SELECT agent_id, agent_name FROM calls WHERE call_id = 'a'") == [
        ("A1", "Anna Ozola")
    ]
    assert rows(db, "SELECT count(*) FROM scorecards") == [(2,)]  # scores untouched


def test_reprocessing_forgets_a_call_and_a_run_stores_it_once_again(tmp_path: Path) -> None:
    inbox, db = night(tmp_path, "file,agent_id\na.wav,A1\nb.wav,A2\n")
    run_nightly(inbox, db, stages=STAGES, progress=False)
    plan = forget_for_reprocessing(db, ["a"], None)
    assert list(plan) == [inbox] and len(plan[inbox]) == 1
    assert rows(db, "SELECT call_id FROM calls") == [("b",)]
    again = run_nightly(inbox, db, stages=STAGES, progress=False, only_hashes=plan[inbox])
    assert again.summary["processed"] == 1
    assert rows(db, "SELECT call_id, count(*) FROM segments GROUP BY 1 ORDER BY 1")[0][0] == "a"
    assert rows(db, "SELECT count(*) - count(DISTINCT audio_hash) FROM calls") == [(0,)]
