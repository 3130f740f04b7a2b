"""The DuckDB schema, its documentation, migrations and the readers' snapshot."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from qa.storage import StorageError, Store, open_for_reading, schema_version, snapshot_path

DOC = Path(__file__).resolve().parents[2] / "docs" / "schema.md"


def documented_tables() -> dict[str, list[tuple[str, str]]]:
    tables: dict[str, list[tuple[str, str]]] = {}
    current = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if heading := re.match(r"^## `(\w+)`", line):
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
    assert documented_tables() == actual


def test_migrations_apply_once(tmp_path: Path) -> None:
    db = tmp_path / "c.duckdb"
    Store(db).close()
    store = Store(db)  # second open: nothing re-applied
    versions = store.con.execute("SELECT version FROM schema_migrations").fetchall()
    store.close()
    assert versions == [(schema_version(),)]


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
