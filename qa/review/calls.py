"""The desk's read side: the filtered, paginated call list and one call with its reviews.

Every query runs on the published snapshot with the desk file attached (`Desk.attached`),
so the list can filter on reviews and disputes while a nightly run writes the main file.
Filtering, sorting and paging happen in SQL (`sql/read/call_list.sql`): the list stays
fast at 100,000 calls (benchmarks/review_list.py).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Literal

import duckdb

from qa.review.desk import SQL
from qa.scorecard import Scorecard
from qa.storage.statements import execute
from qa.transcript import Transcript

Sort = Literal["-date", "date", "score", "-score"]
PAGE_SIZE = 50


@dataclass(frozen=True)
class ListFilters:
    """The list page's filters; None means "any"."""

    agent: str | None = None  # agent id or name
    team: str | None = None
    since: date | None = None
    until: date | None = None  # inclusive
    level: str | None = None  # a level, or no_conversation
    resolution: str | None = None
    auto_failed: bool | None = None
    unverifiable: bool | None = None
    reviewed: bool | None = None
    disputed: bool | None = None  # True: a dispute is open
    dispute: str | None = None  # a dispute's state: opened, upheld, overturned, or none
    sort: Sort = "-date"


@dataclass(frozen=True)
class CallPage:
    rows: list[dict]
    total: int
    limit: int
    offset: int


def _records(result: duckdb.DuckDBPyConnection) -> list[dict]:
    columns = [d[0] for d in result.description]
    return [dict(zip(columns, row, strict=True)) for row in result.fetchall()]


def list_calls(
    con: duckdb.DuckDBPyConnection, filters: ListFilters, limit: int = PAGE_SIZE, offset: int = 0
) -> CallPage:
    params = {**asdict(filters), "limit": limit, "offset": offset}
    rows = _records(execute(con, "read/call_list", params, SQL))
    total = rows[0].pop("total") if rows else 0
    for row in rows[1:]:
        row.pop("total")
    return CallPage(rows, total, limit, offset)


def filter_choices(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, str]]]:
    choices: dict[str, list[tuple[str, str]]] = {"agent": [], "team": []}
    for kind, value, label in execute(con, "read/filter_choices", None, SQL).fetchall():
        choices[kind].append((value, label or value))
    return choices


@dataclass(frozen=True)
class CallDetail:
    """One call as the desk shows it: the stored row, both contracts, the human side."""

    call: dict  # the calls row, without the transcript JSON
    transcript: Transcript
    scorecard: Scorecard
    rubrics: list[str]  # every rubric the call was scored under, newest first
    reviews: list[dict]  # newest first
    disputes: list[dict]  # oldest first; the last is the state

    @property
    def dispute_state(self) -> str | None:
        return self.disputes[-1]["action"] if self.disputes else None

    def current_reviews(self) -> dict[str | None, dict]:
        """The latest review per criterion (None: the whole call) under this scorecard's rubric."""
        latest: dict[str | None, dict] = {}
        for review in self.reviews:  # newest first
            if review["rubric"] == self.scorecard.rubric:
                latest.setdefault(review["criterion_id"], review)
        return latest


def call_detail(
    con: duckdb.DuckDBPyConnection, call_id: str, rubric: str | None = None
) -> CallDetail | None:
    rows = _records(execute(con, "read/call_detail", {"call_id": call_id, "rubric": rubric}, SQL))
    if not rows:
        return None
    row = rows[0]
    transcript = Transcript.model_validate_json(row.pop("transcript"))
    scorecard = Scorecard.model_validate_json(row.pop("scorecard"))
    scored = execute(con, "read/call_rubrics", {"call_id": call_id}, SQL).fetchall()
    rubrics = [rubric for (rubric, _) in scored]
    reviews = _records(execute(con, "read/call_reviews", {"call_id": call_id}, SQL))
    disputes = _records(execute(con, "read/call_disputes", {"call_id": call_id}, SQL))
    return CallDetail(row, transcript, scorecard, rubrics, reviews, disputes)


def call_row(con: duckdb.DuckDBPyConnection, call_id: str) -> dict | None:
    """The call's row without the contracts (no JSON parsed): for the audio route, which
    the player hits once per Range request, and for checks that a call exists."""
    rows = _records(execute(con, "read/call_row", {"call_id": call_id}, SQL))
    return rows[0] if rows else None


def jsonable(value: object) -> object:
    """Rows as JSON: timestamps as ISO 8601, dates as dates, the rest as they are."""
    if isinstance(value, dict):
        return {key: jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value
