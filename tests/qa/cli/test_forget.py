"""`callqa forget` and `callqa run --retention-days` as a user runs them: a subprocess, its
exit code and what it prints; the database checked afterwards."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from qa.scoring.scorer import Scorer, load_scorer
from qa.storage.snapshot import open_for_reading
from qa.storage.store import Store
from tests.qa.erasure.calls import Spec, build, review_everything


def callqa(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "qa", *args], capture_output=True, text=True, timeout=600
    )


def one_line_error(result: subprocess.CompletedProcess[str], code: int, *words: str) -> str:
    assert result.returncode == code, result.stderr
    lines = [line for line in result.stderr.strip().splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert all(word in lines[0] for word in words), lines[0]
    return lines[0]


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return load_scorer()


@pytest.fixture
def db(tmp_path: Path, scorer: Scorer) -> Path:
    db = tmp_path / "callqa.duckdb"
    specs = [Spec("c-1", "C-1001"), Spec("c-2", "C-1001"), Spec("c-3", "C-2002")]
    build(db, specs, scorer)
    review_everything(db, specs, scorer)
    return db


def stored(db: Path) -> list[str]:
    con = open_for_reading(db)
    try:
        return [row[0] for row in con.execute("SELECT call_id FROM calls ORDER BY 1").fetchall()]
    finally:
        con.close()


def audit(db: Path) -> list[tuple]:
    con = open_for_reading(db)
    try:
        sql = "SELECT erasure_id, erased_by, reason, request_ref, calls_removed FROM erasures"
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_forget_prints_what_it_removed_and_records_it(db: Path) -> None:
    result = callqa(
        "forget", "--db", str(db), "--customer-ref", "C-1001", "--by", "Ilze",
        "--request-ref", "DSR-4711",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"removed 2 calls from {db} and its snapshot: 18 segments")
    assert lines[1] == (
        "removed from the review desk: 2 reviews, 2 dispute events, 2 queued for calibration"
    )
    assert lines[2] == "removed 4 audio files"
    ((erasure_id, *row),) = audit(db)
    assert lines[3].startswith(f"recorded as erasure {erasure_id};")
    assert row == ["Ilze", "customer_ref", "DSR-4711", 2]
    assert stored(db) == ["c-3"]


def test_forget_by_call_ids_matching_nothing_says_so(db: Path) -> None:
    result = callqa("forget", "--db", str(db), "--call-id", "nope", "--call-id", "nada")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "nothing matched: no stored call has the call id given"
    ((erasure_id, _, reason, request_ref, removed),) = audit(db)
    assert lines[1] == f"request recorded as erasure {erasure_id}"
    assert (reason, request_ref, removed) == ("call_id", None, 0)
    assert stored(db) == ["c-1", "c-2", "c-3"]


def test_forget_while_a_run_holds_the_database_is_one_line(db: Path) -> None:
    run = Store(db, holder="callqa run 1234abcd over /srv/calls")
    try:
        result = callqa("forget", "--db", str(db), "--customer-ref", "C-1001")
    finally:
        run.close()
    one_line_error(result, 3, "in use by callqa run 1234abcd over /srv/calls")
    assert stored(db) == ["c-1", "c-2", "c-3"]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        ((), ("say whose calls",)),
        (("--customer-ref", "C-1", "--call-id", "c-1"), ("not both",)),
        (("--customer-ref", ""), ("--customer-ref: must not be empty",)),
        (("--call-id", "c-1", "--by", " "), ("--by: must not be empty",)),
    ],
)
def test_a_bad_request_is_one_line(db: Path, args: tuple[str, ...], words: tuple[str]) -> None:
    one_line_error(callqa("forget", "--db", str(db), *args), 2, *words)
    assert audit(db) == []


def test_a_mistyped_database_is_one_line_and_not_created(tmp_path: Path) -> None:
    db = tmp_path / "typo.duckdb"
    one_line_error(callqa("forget", "--db", str(db), "--call-id", "c-1"), 2, str(db))
    assert not db.exists()


def test_run_with_retention_days_erases_old_calls_after_the_night(
    db: Path, tmp_path: Path, scorer: Scorer
) -> None:
    build(db, [Spec("c-today", started_at=None)], scorer, run_id="today")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    result = callqa("run", str(inbox), "--db", str(db), "--retention-days", "7")
    assert result.returncode == 0, result.stderr
    assert "retention: 3 calls older than 7 days erased" in result.stdout
    assert stored(db) == ["c-today"]
    assert [row[2:] for row in audit(db)] == [("retention", "retention 7 days", 3)]
    one_line_error(callqa("run", str(inbox), "--db", str(db), "--retention-days", "0"), 2,
                   "--retention-days must be 1 or more, not 0")  # fmt: skip
