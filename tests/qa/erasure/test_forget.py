"""`forget` on a real store, desk and audio folder: the calls are gone from every table of
the database and its snapshot, from the desk, from disk, and from the files' raw bytes; one
audit row says what was done without saying whose."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from qa.erasure.forget import ErasureRefused, Selector, forget
from qa.review.desk import desk_path
from qa.scoring.scorer import Scorer
from qa.storage.errors import DatabaseBusy
from qa.storage.files import audio_dir
from qa.storage.snapshot import open_for_reading, snapshot_path
from qa.storage.store import Store
from tests.qa.erasure.calls import (
    CALL_TABLES,
    DESK_TABLES,
    Spec,
    build,
    files_of,
    holds,
    review_everything,
    rows_of,
)


@pytest.fixture
def people(tmp_path: Path, scorer: Scorer) -> tuple[Path, list[Spec], list[Spec]]:
    """Two calls of customer C-1001 (to erase) and two of others (to keep), all reviewed."""
    db = tmp_path / "callqa.duckdb"
    erased = [Spec("c-anna-1", "C-1001"), Spec("c-anna-2", "C-1001", started_at=None)]
    kept = [Spec("c-boris", "C-2002"), Spec("c-no-ref", None)]
    build(db, [*erased, *kept], scorer)
    review_everything(db, [*erased, *kept], scorer)
    return db, erased, kept


def erasures(db: Path) -> list[tuple]:
    con = open_for_reading(db)
    try:
        return con.execute("SELECT * FROM erasures ORDER BY erased_at").fetchall()
    finally:
        con.close()


def test_forget_by_customer_ref_removes_the_calls_everywhere(
    people: tuple[Path, list[Spec], list[Spec]],
) -> None:
    db, erased, kept = people
    gone, stay = [s.call_id for s in erased], [s.call_id for s in kept]
    # before: everything is there, and the byte search finds it (so it can fail below)
    for name, path in files_of(db).items():
        secrets = [s.review_secret if name == "desk" else s.secret for s in erased]
        assert all(holds(path, secret) for secret in secrets), name
    assert all(rows_of(db, t, gone, c) for t, c in CALL_TABLES.items())
    assert all(rows_of(desk_path(db), t, gone) for t in DESK_TABLES)
    assert all(p.is_file() for s in erased for p in s.audio_files(db))

    report = forget(db, Selector(customer_refs=("C-1001",)), by="Ilze", request_ref="DSR-4711")

    assert report.calls_removed == 2 and report.erasure_id is not None
    assert report.rows["segments"] == 2 * 9 and report.rows["redactions"] == 2 * 2
    assert report.rows["scorecards"] == 2 and report.rows["criterion_results"] > 2
    assert (report.desk.reviews, report.desk.dispute_events) == (2, 2)
    assert report.desk.calibration_queue == 2
    assert report.audio_removed == 4  # a redacted copy and a legacy cached copy each
    for path in (db, snapshot_path(db)):  # the writer's file and what readers open
        for table, column in CALL_TABLES.items():
            assert rows_of(path, table, gone, column) == 0, (path.name, table)
            assert rows_of(path, table, stay, column) > 0, (path.name, table)
    for table in DESK_TABLES:
        assert rows_of(desk_path(db), table, gone) == 0
        assert rows_of(desk_path(db), table, stay) > 0
    for name, path in files_of(db).items():
        for spec in erased:
            assert not holds(path, spec.review_secret if name == "desk" else spec.secret), name
        for spec in kept:  # the rewritten files still hold everything else
            assert holds(path, spec.review_secret if name == "desk" else spec.secret), name
    assert not any(p.exists() for s in erased for p in s.audio_files(db))
    assert all(p.is_file() for s in kept for p in s.audio_files(db))

    (row,) = erasures(db)
    assert row[0] == report.erasure_id
    assert row[2:] == ("Ilze", "customer_ref", "DSR-4711", 2, 4, 4)
    assert not any(word in str(row) for word in ("C-1001", *gone))
    # a later run never takes the recordings in again, though they may still be in the inbox
    store = Store(db)
    try:
        assert {s.audio_hash for s in erased} <= store.known_hashes()
        assert store.stored_calls() == store.stored_calls(stay)
    finally:
        store.close()


def test_forget_by_call_id_also_removes_desk_rows_of_a_call_no_longer_stored(
    people: tuple[Path, list[Spec], list[Spec]], scorer: Scorer
) -> None:
    db, erased, _ = people
    first = forget(db, Selector(call_ids=("c-anna-1",)))
    assert first.calls_removed == 1 and first.desk.reviews == 1 and first.audio_removed == 2
    assert rows_of(db, "calls", ["c-anna-2"]) == 1  # the same customer's other call stays
    assert audio_dir(db).is_dir() and len(list(audio_dir(db).iterdir())) == 3

    # a call's reviews outlived it (an erasure interrupted after the database, say)
    review_everything(db, [erased[0]], scorer)
    again = forget(db, Selector(call_ids=("c-anna-1",)), request_ref="DSR-2")
    assert again.calls_removed == 0 and again.desk.reviews == 1
    assert rows_of(desk_path(db), "reviews", ["c-anna-1"]) == 0
    assert [row[3:5] for row in erasures(db)] == [("call_id", None), ("call_id", "DSR-2")]


def test_a_request_matching_nothing_is_still_recorded(
    people: tuple[Path, list[Spec], list[Spec]],
) -> None:
    db, _, kept = people
    before = snapshot_path(db).read_bytes()
    report = forget(db, Selector(customer_refs=("C-9999",)), by="Ilze", request_ref="DSR-9")
    assert report.calls_removed == 0 and report.audio_removed == 0 and report.reviews_removed == 0
    (row,) = erasures(db)
    assert row[2:] == ("Ilze", "customer_ref", "DSR-9", 0, 0, 0)
    assert all(rows_of(db, "calls", [s.call_id]) == 1 for s in kept)
    assert snapshot_path(db).read_bytes() != before  # republished with the audit row


def test_forget_while_a_run_holds_the_database_is_refused_in_one_line(
    people: tuple[Path, list[Spec], list[Spec]],
) -> None:
    db, erased, _ = people
    run = Store(db, holder="callqa run 3f2a over /srv/calls")
    try:
        with pytest.raises(DatabaseBusy) as refused:
            forget(db, Selector(customer_refs=("C-1001",)))
    finally:
        run.close()
    message = str(refused.value)
    assert "\n" not in message and "in use by callqa run 3f2a over /srv/calls" in message
    # nothing was touched: the desk and the audio are erased only once the lock is held
    assert rows_of(desk_path(db), "reviews", [erased[0].call_id]) == 1
    assert all(p.is_file() for s in erased for p in s.audio_files(db))


@pytest.mark.parametrize(
    ("selector", "message"),
    [
        (Selector(), "say whose calls: --customer-ref REF or --call-id ID"),
        (Selector(("C-1",), ("c-1",)), "give customer references or call ids, not both"),
        (Selector(customer_refs=(" ",)), "--customer-ref: must not be empty"),
        (Selector(call_ids=("",)), "--call-id: must not be empty"),
    ],
)
def test_a_bad_request_is_refused_before_anything_is_opened(
    tmp_path: Path, selector: Selector, message: str
) -> None:
    db = tmp_path / "callqa.duckdb"
    Store(db).close()
    with pytest.raises(ErasureRefused, match=f"^{message}"):
        forget(db, selector)


def test_a_missing_database_is_refused_not_created(tmp_path: Path) -> None:
    db = tmp_path / "typo.duckdb"
    with pytest.raises(ErasureRefused, match=r"typo.duckdb: no such database$"):
        forget(db, Selector(call_ids=("c-1",)))
    assert not db.exists()


def test_the_rewritten_database_keeps_its_schema_and_takes_new_calls(
    people: tuple[Path, list[Spec], list[Spec]], scorer: Scorer
) -> None:
    db, _, _ = people
    schema = _schema(db)
    forget(db, Selector(customer_refs=("C-1001",)))
    assert _schema(db) == schema
    build(db, [Spec("c-after")], scorer, run_id="later")
    assert rows_of(snapshot_path(db), "calls", ["c-after"]) == 1


def _schema(db: Path) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        columns = con.execute(
            "SELECT table_name, column_name, data_type, is_nullable, column_default "
            "FROM information_schema.columns ORDER BY ALL"
        ).fetchall()
        constraints = con.execute(
            "SELECT table_name, constraint_type, constraint_text FROM duckdb_constraints() "
            "ORDER BY ALL"
        ).fetchall()
        return columns + constraints
    finally:
        con.close()
