"""`Store.erase_calls`: the rows of erased recordings deleted in one transaction with the
audit row, then the file rewritten and the snapshot republished, so the erased bytes are in
neither file; the store keeps its lock throughout and goes on writing afterwards."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from qa.storage.erasure import ERASED_TABLES, ErasureRecord
from qa.storage.errors import DatabaseBusy
from qa.storage.snapshot import open_for_reading, snapshot_path
from qa.storage.store import Store
from tests.qa.review.stores import Call, scorecard, transcript


def secret() -> str:
    """Long random ASCII: no compression finds a pattern in it, so its bytes show as is."""
    return "SECRET-" + secrets.token_urlsafe(40)


def write(store: Store, call_id: str, said: str, run_id: str = "seed") -> str:
    """A call whose customer says `said`; returns its audio hash."""
    call = Call(call_id, {"empathy": "passed", "greeting": "failed"})
    base = transcript(call)
    k = next(i for i, s in enumerate(base.segments) if s.speaker == "customer")
    segments = list(base.segments)
    segments[k] = segments[k].model_copy(update={"text": said, "words": []})
    digest = hashlib.sha256(call_id.encode()).hexdigest()
    meta = {"agent_name": call.agent, "started_at": call.started_at, "customer_ref": "C-1"}
    store.write_call(
        base.model_copy(update={"segments": segments}),
        scorecard(call),
        meta,
        digest,
        [f"{call_id}.wav"],
        run_id,
    )
    return digest


def record(reason: str = "call_id") -> ErasureRecord:
    return ErasureRecord(
        erasure_id=uuid.uuid4().hex,
        erased_at=datetime.now(UTC),
        erased_by="Ilze",
        reason=reason,  # type: ignore[arg-type]
        request_ref="DSR-1",
        reviews_removed=3,
        audio_removed=1,
    )


@pytest.fixture
def stored(tmp_path: Path) -> tuple[Path, dict[str, str], dict[str, str]]:
    """Two calls, each with its customer's secret; returns the db, hashes and secrets."""
    db = tmp_path / "callqa.duckdb"
    store = Store(db)
    store.start_run("seed", "tests", None, "hand-written", "service@3")
    said = {"erase-me": secret(), "keep-me": secret()}
    hashes = {call_id: write(store, call_id, text) for call_id, text in said.items()}
    store.close()
    return db, hashes, said


def test_a_plain_delete_leaves_the_bytes_behind(
    stored: tuple[Path, dict[str, str], dict[str, str]],
) -> None:
    """Why an erasure rewrites the file: DuckDB keeps deleted rows in free blocks, and the
    snapshot copies them. (Also proves the byte search below can fail.)"""
    db, hashes, said = stored
    store = Store(db)
    store.delete_call(hashes["erase-me"])
    store.close()
    assert said["erase-me"].encode() in db.read_bytes()
    assert said["erase-me"].encode() in snapshot_path(db).read_bytes()


def test_erase_calls_removes_the_rows_and_their_bytes(
    stored: tuple[Path, dict[str, str], dict[str, str]],
) -> None:
    db, hashes, said = stored
    for path in (db, snapshot_path(db)):
        assert all(text.encode() in path.read_bytes() for text in said.values())
    store = Store(db)
    try:
        audit = record()
        counts = store.erase_calls([hashes["erase-me"]], audit)
        assert list(counts) == list(ERASED_TABLES)
        assert counts["calls"] == 1 and counts["segments"] == len(transcript(Call("x")).segments)
        assert counts["scorecards"] == counts["call_metrics"] == 1
        assert counts["criterion_results"] == 2
        with pytest.raises(DatabaseBusy):  # the writer's lock held across the rewrite
            Store(db)
        assert hashes["erase-me"] in store.known_hashes()
    finally:
        store.close()
    for path in (db, snapshot_path(db)):
        data = path.read_bytes()
        assert said["erase-me"].encode() not in data, path.name
        assert said["keep-me"].encode() in data, path.name
    con = open_for_reading(db)
    try:
        assert con.execute("SELECT call_id FROM calls").fetchall() == [("keep-me",)]
        for table in ("segments", "scorecards", "criterion_results", "call_metrics"):
            ids = {r[0] for r in con.execute(f"SELECT call_id FROM {table}").fetchall()}
            assert ids == {"keep-me"}, table
        assert con.execute("SELECT * FROM erased_recordings").fetchall() == [
            (hashes["erase-me"], audit.erasure_id)
        ]
        row = con.execute("SELECT * FROM erasures").fetchone()
        assert row[0] == audit.erasure_id and row[2:] == ("Ilze", "call_id", "DSR-1", 1, 3, 1)
    finally:
        con.close()
    assert [p.name for p in db.parent.iterdir() if "rewrite" in p.name or "partial" in p.name] == []


def test_the_store_goes_on_writing_after_the_rewrite(
    stored: tuple[Path, dict[str, str], dict[str, str]],
) -> None:
    db, hashes, _ = stored
    store = Store(db)
    try:
        store.erase_calls([hashes["erase-me"]], record())
        store.start_run("later", "tests", None, "hand-written", "service@3")
        write(store, "after", secret(), run_id="later")
    finally:
        store.close()
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT call_id FROM calls ORDER BY 1").fetchall() == [
            ("after",),
            ("keep-me",),
        ]
    finally:
        con.close()


def test_a_reader_of_the_old_snapshot_keeps_its_version(
    stored: tuple[Path, dict[str, str], dict[str, str]],
) -> None:
    db, hashes, _ = stored
    reader = open_for_reading(db)
    store = Store(db)
    try:
        store.erase_calls([hashes["erase-me"]], record())
    finally:
        store.close()
    try:
        assert reader.execute("SELECT count(*) FROM calls").fetchone()[0] == 2
    finally:
        reader.close()
    fresh = open_for_reading(db)
    try:
        assert fresh.execute("SELECT count(*) FROM calls").fetchone()[0] == 1
    finally:
        fresh.close()


def test_erasing_nothing_records_the_request_without_a_rewrite(
    stored: tuple[Path, dict[str, str], dict[str, str]],
) -> None:
    db, _, _ = stored
    inode = db.stat().st_ino
    store = Store(db)
    try:
        counts = store.erase_calls([], record("customer_ref"))
    finally:
        store.close()
    assert set(counts.values()) == {0} and db.stat().st_ino == inode
    con = open_for_reading(db)
    try:
        assert con.execute("SELECT reason, calls_removed FROM erasures").fetchall() == [
            ("customer_ref", 0)
        ]
    finally:
        con.close()
