"""The DuckDB schema, its documentation, migrations and the readers' snapshot."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from qa.storage.snapshot import StorageError, open_for_reading, snapshot_path
from qa.storage.store import Store, schema_version

DOC = Path(__file__).resolve().parents[3] / "docs" / "schema.md"


def documented_tables() -> dict[str, list[tuple[str, str]]]:
    tables: dict[str, list[tuple[str, str]]] = {}
    current = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if heading := re.match(r"^## `(\w+(?:\.\w+)?)`", line):
            current = heading[1]
            tables[current] = []
        elif current and line.startswith("| ") and not line.startswith("| column"):
            column, kind = [cell.strip() for cell in line.strip("|").split("|")[:2]]
            tables[current].append((column, kind))
        elif line.startswith("## "):
            current = None
    return tables


def test_schema_doc_matches_the_database(tmp_path: Path) -> None:
    store = Store(tmp_path / "c.duckdb")
    actual: dict[str, list[tuple[str, str]]] = {}
    for table, column, kind in store.con.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "ORDER BY table_name, ordinal_position"
    ).fetchall():
        actual.setdefault(table, []).append((column, kind))
    store.close()
    main = {name: cols for name, cols in documented_tables().items() if "." not in name}
    assert main == actual


def test_migrations_apply_once(tmp_path: Path) -> None:
    db = tmp_path / "c.duckdb"
    Store(db).close()
    store = Store(db)  # second open: nothing re-applied
    versions = store.con.execute("SELECT version FROM schema_migrations").fetchall()
    store.close()
    assert versions == [(v,) for v in range(1, schema_version() + 1)]


def test_snapshot_reads_while_the_writer_holds_the_file(tmp_path: Path) -> None:
    db = tmp_path / "c.duckdb"
    store = Store(db)
    store.start_run("r1", "inbox", None, "base", "service@1")
    with pytest.raises(duckdb.Error):  # DuckDB's own lock: why the snapshot exists
        duckdb.connect(str(db), read_only=True)
    reader = open_for_reading(db)
    assert reader.execute("SELECT run_id, status FROM runs").fetchall() == [("r1", "running")]
    reader.close()
    store.close()
    assert snapshot_path(db).name == "c.snapshot.duckdb"


def test_no_snapshot_yet_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="no snapshot yet"):
        open_for_reading(tmp_path / "none.duckdb")


EVAL = Path(__file__).resolve().parents[3] / "evaluation" / "transcripts"


@pytest.fixture(scope="module")
def scored_en01():
    from qa.scoring.scorer import load_scorer
    from qa.transcript import Transcript

    transcript = Transcript.model_validate_json((EVAL / "en01.json").read_text(encoding="utf-8"))
    return transcript, load_scorer().score(transcript)


def count(store: Store, table: str) -> int:
    return store.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_a_call_is_written_whole_and_its_id_is_kept_for_its_own_audio(
    tmp_path: Path, scored_en01
) -> None:
    transcript, card = scored_en01
    store = Store(tmp_path / "c.duckdb")
    store.write_call(transcript, card, {"agent_id": "A1"}, "hash-1", ["en01.wav"], "r1")
    assert count(store, "calls") == 1
    assert count(store, "segments") == len(transcript.segments)
    assert count(store, "criterion_results") == len(card.criteria)
    assert count(store, "call_metrics") == 1
    # the same id: free for the same recording, suffixed for another one
    assert store.free_call_id(transcript.call_id, "hash-1") == transcript.call_id
    assert store.free_call_id(transcript.call_id, "hash-2abcdef0") == (
        f"{transcript.call_id}-hash-2ab"
    )
    assert store.free_call_id("never-seen", "hash-3") == "never-seen"
    assert store.known_hashes() == {"hash-1"}
    store.close()


def test_a_rescore_replaces_only_its_own_rubric(tmp_path: Path, scored_en01) -> None:
    transcript, card = scored_en01
    store = Store(tmp_path / "c.duckdb")
    store.write_call(transcript, card, {}, "hash-1", ["en01.wav"], "r1")
    other = card.model_copy(update={"rubric": "service@99", "overall": 1.0})
    store.write_scorecard(other, "rescore")
    store.write_scorecard(other, "rescore")  # again: replaced, not added
    rows = store.con.execute("SELECT rubric, overall FROM scorecards ORDER BY rubric").fetchall()
    assert rows == [(card.rubric, card.overall), ("service@99", 1.0)]
    assert count(store, "criterion_results") == 2 * len(card.criteria)
    assert count(store, "call_metrics") == 2
    store.close()


def test_quarantine_keeps_one_row_per_recording_its_latest_reason(tmp_path: Path) -> None:
    store = Store(tmp_path / "c.duckdb")
    store.quarantine("h1", ["a.wav"], "decode", "truncated", "r1")
    store.quarantine("h1", ["a.wav"], "transcribe", "too long", "r2")
    rows = store.con.execute("SELECT audio_hash, stage, reason, run_id FROM quarantine")
    assert rows.fetchall() == [("h1", "transcribe", "too long", "r2")]
    assert store.known_hashes() == {"h1"}
    store.close()


def test_a_new_run_marks_runs_left_running_as_interrupted(tmp_path: Path) -> None:
    from qa.batch.run import summarise

    store = Store(tmp_path / "c.duckdb")
    store.start_run("killed", "inbox", None, "base", "service@3")
    store.mark_interrupted_runs()
    store.start_run("next", "inbox", "flow-1", "base", "service@3")
    store.finish_run("next", summarise(3, 2, 0, 1, audio_s=120.0, wall_s=30.0))
    rows = store.con.execute(
        "SELECT run_id, status, processed, quarantined, realtime_factor, flow_run_id FROM runs "
        "ORDER BY started_at"
    ).fetchall()
    assert rows == [
        ("killed", "interrupted", 0, 0, None, None),
        ("next", "completed", 2, 1, 4.0, "flow-1"),
    ]
    store.close()
