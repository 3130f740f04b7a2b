"""`run_nightly` without Prefect: the plain orchestration, on real files and a real DuckDB."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from qa.batch.preflight import RunFailed
from qa.batch.run import run_nightly, summarise
from qa.batch.stages import BatchOptions
from qa.transcript import Transcript
from tests.qa.batch.no_asr import evaluation_transcript, rows, stages_transcribing_with

SAMPLES = Path(__file__).resolve().parents[3] / "samples" / "calls"


def test_summary_counts_and_real_time_factor() -> None:
    summary = summarise(5, 3, 1, 1, audio_s=300.0, wall_s=60.0)
    assert summary == {
        "status": "completed",
        "calls_found": 5,
        "processed": 3,
        "skipped": 1,
        "quarantined": 1,
        "warnings": 0,
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


def inbox_of(folder: Path, names: list[str]) -> Path:
    """Files discovery accepts (regular, non-empty); the stages below never decode them."""
    folder.mkdir()
    for name in names:
        (folder / f"{name}.wav").write_bytes(name.encode() * 100)
    return folder


def test_one_internal_error_is_quarantined_and_the_night_goes_on(tmp_path: Path) -> None:
    def transcript_for(call_id: str) -> Transcript:
        if call_id == "b":
            raise RuntimeError("the scorer met something new\nsecond line")
        return evaluation_transcript(call_id)

    inbox = inbox_of(tmp_path / "inbox", ["a", "b", "c"])
    db = tmp_path / "qa.duckdb"
    report = run_nightly(inbox, db, stages=stages_transcribing_with(transcript_for), progress=False)
    assert report.summary["processed"] == 2 and report.summary["quarantined"] == 1
    assert rows(db, "SELECT stage, reason FROM quarantine") == [
        ("transcribe", "internal error: RuntimeError: the scorer met something new")
    ]
    assert rows(db, "SELECT call_id FROM calls ORDER BY call_id") == [("a",), ("c",)]


def test_internal_errors_in_a_row_stop_the_run_and_quarantine_nothing(tmp_path: Path) -> None:
    def transcript_for(call_id: str) -> Transcript:
        raise RuntimeError("a bug of ours")

    inbox = inbox_of(tmp_path / "inbox", ["a", "b", "c", "d", "e"])
    db = tmp_path / "qa.duckdb"
    with pytest.raises(RunFailed, match="3 calls in a row failed with internal errors"):
        run_nightly(inbox, db, stages=stages_transcribing_with(transcript_for), progress=False)
    assert rows(db, "SELECT count(*) FROM quarantine") == [(0,)]
    ((status, error),) = rows(db, "SELECT status, error FROM runs")
    assert status == "failed" and "a bug of ours" in error
    # nothing was marked done: after the fix, the next run takes every call
    fixed = run_nightly(
        inbox, db, stages=stages_transcribing_with(evaluation_transcript), progress=False
    )
    assert fixed.summary["processed"] == 5


def test_a_missing_model_stops_the_run_before_the_first_call(tmp_path: Path) -> None:
    from models.asr import AsrOptions

    inbox = inbox_of(tmp_path / "inbox", ["a"])
    db = tmp_path / "qa.duckdb"
    options = BatchOptions(asr=AsrOptions(model=str(tmp_path / "no-such-model")))
    with pytest.raises(RunFailed, match="no-such-model"):
        run_nightly(inbox, db, options, progress=False)
    assert rows(db, "SELECT count(*) FROM quarantine") == [(0,)]
    assert rows(db, "SELECT status FROM runs") == [("failed",)]


def test_a_rubric_edited_without_a_new_version_is_refused(tmp_path: Path) -> None:
    import yaml

    from qa.scoring.rubric import DEFAULT_RUBRIC

    inbox = inbox_of(tmp_path / "inbox", ["a"])
    db = tmp_path / "qa.duckdb"
    stages = stages_transcribing_with(evaluation_transcript)
    run_nightly(inbox, db, stages=stages, progress=False)
    edited = yaml.safe_load(DEFAULT_RUBRIC.read_text(encoding="utf-8"))
    edited["hold_limit_s"] = edited.get("hold_limit_s", 30) + 15  # same name@version
    path = tmp_path / "edited.yaml"
    path.write_text(yaml.safe_dump(edited, allow_unicode=True), encoding="utf-8")
    (inbox / "b.wav").write_bytes(b"b" * 100)
    with pytest.raises(RunFailed, match="bump its version"):
        run_nightly(inbox, db, BatchOptions(rubric=str(path)), stages=stages, progress=False)
    assert rows(db, "SELECT count(*) FROM calls") == [(1,)]


def test_a_call_id_that_looks_like_markup_does_not_break_the_progress_bar(tmp_path: Path) -> None:
    inbox = inbox_of(tmp_path / "inbox", ["a"])
    # a closing tag ("[/]") needs a slash, which intake refuses in call ids (file names)
    (inbox / "calls.csv").write_text("file,call_id\na.wav,[bold]x[red]\n", encoding="utf-8")
    db = tmp_path / "qa.duckdb"
    stages = stages_transcribing_with(evaluation_transcript)
    report = run_nightly(inbox, db, stages=stages, progress=True)
    assert report.summary["processed"] == 1, report.quarantined
    assert rows(db, "SELECT call_id FROM calls") == [("[bold]x[red]",)]
