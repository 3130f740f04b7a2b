"""`run_nightly` without Prefect: the plain orchestration, on real files and a real DuckDB."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from qa.batch.run import run_nightly, summarise

SAMPLES = Path(__file__).resolve().parents[3] / "samples" / "calls"


def test_summary_counts_and_real_time_factor() -> None:
    summary = summarise(5, 3, 1, 1, audio_s=300.0, wall_s=60.0)
    assert summary == {
        "status": "completed",
        "calls_found": 5,
        "processed": 3,
        "skipped": 1,
        "quarantined": 1,
        "audio_seconds": 300.0,
        "wall_seconds": 60.0,
        "realtime_factor": 5.0,
    }
    assert summarise(1, 0, 0, 1, audio_s=0.0, wall_s=2.0)["realtime_factor"] is None


def test_broken_files_are_quarantined_and_a_rerun_skips_them(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "empty.wav").write_bytes(b"")
    (inbox / "header_only.wav").write_bytes(b"RIFF" + b"\x00" * 400)
    db = tmp_path / "qa.duckdb"

    report = run_nightly(inbox, db, progress=False)
    assert report.summary["quarantined"] == 2 and report.summary["processed"] == 0
    assert sorted(Path(f).name for f, _ in report.quarantined) == ["empty.wav", "header_only.wav"]
    assert all(reason for _, reason in report.quarantined)

    again = run_nightly(inbox, db, progress=False)
    assert again.summary["skipped"] == 2 and again.summary["quarantined"] == 0
    con = duckdb.connect(str(db), read_only=True)
    runs = con.execute("SELECT status, quarantined, skipped FROM runs ORDER BY started_at")
    assert runs.fetchall() == [("completed", 2, 0), ("completed", 0, 2)]
    assert con.execute("SELECT count(*) FROM quarantine").fetchone() == (2,)
    con.close()


@pytest.mark.slow
def test_a_real_call_is_stored_without_prefect(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(SAMPLES / "en_billing_resolved.wav", inbox / "en_billing_resolved.wav")
    db = tmp_path / "qa.duckdb"
    report = run_nightly(inbox, db, progress=False)
    assert report.summary["processed"] == 1
    con = duckdb.connect(str(db), read_only=True)
    stored = con.execute(
        "SELECT c.call_id, c.layout, s.resolution_status FROM calls c JOIN scorecards s USING "
        "(call_id)"
    ).fetchall()
    runs = con.execute("SELECT flow_run_id, status FROM runs").fetchall()
    con.close()
    assert stored == [("en_billing_resolved", "stereo", "resolved")]
    assert runs == [(None, "completed")]  # no Prefect flow run behind it
