"""Every error a user can cause or meet is one line and a non-zero exit, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from qa.cli.output import TranscriptWriter, safe_file_name
from qa.storage.store import Store
from qa.transcript import Transcript

EVAL = Path(__file__).resolve().parents[3] / "evaluation" / "transcripts"


def callqa(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "qa", *args], capture_output=True, text=True, timeout=600, cwd=cwd
    )


def one_line_error(result: subprocess.CompletedProcess[str], code: int, *words: str) -> str:
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.strip().splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


@pytest.fixture()
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "a.wav").write_bytes(b"a" * 100)
    return folder


@pytest.mark.parametrize(
    ("option", "value", "words"),
    [
        ("--timezone", "Mars/Base", ("--timezone", "Mars/Base", "IANA")),
        ("--workers", "0", ("--workers",)),
        ("--task-runner", "cluster", ("--task-runner", "cluster")),
        ("--max-call-minutes", "0", ("--max-call-minutes",)),
        ("--backend", "whisper.cpp", ("--backend",)),
    ],
)
def test_bad_run_options_are_refused_before_anything_starts(
    inbox: Path, tmp_path: Path, option: str, value: str, words: tuple[str, ...]
) -> None:
    db = tmp_path / "qa.duckdb"
    one_line_error(callqa("run", str(inbox), "--db", str(db), option, value), 2, *words)
    assert not db.exists()


def test_a_folder_as_the_database_is_one_line(inbox: Path, tmp_path: Path) -> None:
    (tmp_path / "db.duckdb").mkdir()
    one_line_error(callqa("run", str(inbox), "--db", str(tmp_path / "db.duckdb")), 3, "is a folder")


def test_a_second_run_is_refused_at_once_naming_the_first(inbox: Path, tmp_path: Path) -> None:
    db = tmp_path / "qa.duckdb"
    first = Store(db, holder="callqa run 1234abcd over /srv/calls")
    try:
        line = one_line_error(callqa("run", str(inbox), "--db", str(db)), 3, "in use by")
        assert "callqa run 1234abcd over /srv/calls" in line
        for command in (("rescore", "--rubric", str(_shipped_rubric())), ("requeue", "--all")):
            one_line_error(callqa(*command, "--db", str(db)), 3, "in use by")
    finally:
        first.close()


def test_a_missing_model_fails_the_run_with_a_failed_row(inbox: Path, tmp_path: Path) -> None:
    db = tmp_path / "qa.duckdb"
    missing = tmp_path / "no-such-model"
    one_line_error(
        callqa("run", str(inbox), "--db", str(db), "--model", str(missing)),
        1,
        "run failed",
        "no-such-model",
    )
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT status FROM runs").fetchall() == [("failed",)]
    assert con.execute("SELECT count(*) FROM quarantine").fetchone() == (0,)
    con.close()


def test_requeue_needs_to_be_told_what(tmp_path: Path) -> None:
    one_line_error(callqa("requeue", "--db", str(tmp_path / "qa.duckdb")), 2, "--all")


def test_reprocess_of_an_unknown_call_is_one_line(tmp_path: Path) -> None:
    db = tmp_path / "qa.duckdb"
    Store(db).close()
    one_line_error(callqa("reprocess", "--db", str(db), "--call-id", "nope"), 2, "'nope'")


def test_transcripts_never_leave_the_out_folder_nor_overwrite_each_other(tmp_path: Path) -> None:
    assert safe_file_name("../../x") == "x"
    assert safe_file_name("a/b\\c d") == "a_b_c_d"
    assert safe_file_name("..") == "call"
    transcript = Transcript.model_validate_json((EVAL / "en01.json").read_text(encoding="utf-8"))
    out = tmp_path / "out"
    writer = TranscriptWriter(out, text=False, many=True)
    for call_id in ("../../escape", "same", "same"):
        writer.emit(transcript.model_copy(update={"call_id": call_id}))
    assert sorted(p.name for p in out.iterdir()) == ["escape.json", "same-2.json", "same.json"]
    assert not (tmp_path / "escape.json").exists()


def _shipped_rubric() -> Path:
    from qa.scoring.rubric import DEFAULT_RUBRIC

    return DEFAULT_RUBRIC
