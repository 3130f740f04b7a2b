"""The store's SQL files: split into statements, each run with the parameters it names."""

from __future__ import annotations

import duckdb

from qa.storage.statements import SQL_DIR, execute, statements


def test_a_file_of_several_statements_runs_them_all_with_their_own_parameters() -> None:
    con = duckdb.connect()
    for table in ("scorecards", "criterion_results", "call_metrics"):
        con.execute(f"CREATE TABLE {table} (call_id VARCHAR, rubric VARCHAR)")
        con.execute(f"INSERT INTO {table} VALUES ('c1', 'r@1'), ('c1', 'r@2'), ('c2', 'r@1')")
    assert len(statements("write/delete_scorecard")) == 3
    execute(con, "write/delete_scorecard", {"call_id": "c1", "rubric": "r@1", "unused": 0})
    for table in ("scorecards", "criterion_results", "call_metrics"):
        rows = con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
        assert rows == [("c1", "r@2"), ("c2", "r@1")]


def test_every_write_and_read_file_holds_sql_and_no_python_formatting() -> None:
    files = sorted((SQL_DIR / "write").glob("*.sql")) + sorted((SQL_DIR / "read").glob("*.sql"))
    assert len(files) >= 10
    for path in files:
        name = f"{path.parent.name}/{path.stem}"
        assert statements(name), name
        assert "{" not in path.read_text(encoding="utf-8"), name
