"""What a coach looks at first, as plain functions over the DuckDB store.

Each view is one SQL file in `qa/coaching/sql/`, so the same query runs from a notebook,
the DuckDB shell or a BI tool. `notebooks/coaching.py` draws them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

QUERIES = Path(__file__).parent / "sql"


@dataclass(frozen=True)
class Table:
    columns: list[str]
    rows: list[tuple]

    def records(self) -> list[dict]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def column(self, name: str) -> list:
        index = self.columns.index(name)
        return [row[index] for row in self.rows]


def query(con: duckdb.DuckDBPyConnection, name: str, **params: object) -> Table:
    sql = (QUERIES / f"{name}.sql").read_text(encoding="utf-8")
    result = con.execute(sql, params)
    return Table([d[0] for d in result.description], result.fetchall())


def latest_rubric(con: duckdb.DuckDBPyConnection) -> str | None:
    """The rubric of the most recent scoring: what a coach means by "the scores"."""
    row = con.execute(
        "SELECT rubric FROM scorecards ORDER BY scored_at DESC, rubric DESC LIMIT 1"
    ).fetchone()
    return row[0] if row else None


def agent_summary(con: duckdb.DuckDBPyConnection, rubric: str) -> Table:
    return query(con, "agents", rubric=rubric)


def weekly_trend(con: duckdb.DuckDBPyConnection, rubric: str) -> Table:
    return query(con, "weekly_trend", rubric=rubric)


def weakest_criteria(con: duckdb.DuckDBPyConnection, rubric: str) -> Table:
    return query(con, "weakest_criteria", rubric=rubric)


def calls_to_review(con: duckdb.DuckDBPyConnection, rubric: str, limit: int = 10) -> Table:
    return query(con, "calls_to_review", rubric=rubric, limit=limit)
