"""Retention: calls older than N days erased (by when they took place, else when they were
stored), recent ones kept; one audit row per retention that erased something."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from qa.batch.run import RunReport
from qa.erasure.retention import apply_retention, with_retention
from qa.review.desk import desk_path
from qa.scoring.scorer import Scorer
from qa.storage.files import audio_dir
from qa.storage.snapshot import open_for_reading
from tests.qa.erasure.calls import Spec, build, files_of, holds, review_everything, rows_of

NOW = datetime.now(UTC)


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


@pytest.fixture
def ages(tmp_path: Path, scorer: Scorer) -> tuple[Path, dict[str, Spec]]:
    """A call of 100 days ago, one of 5 days ago, and one with no time (stored now)."""
    db = tmp_path / "callqa.duckdb"
    specs = {
        "old": Spec("c-old", started_at=iso(NOW - timedelta(days=100))),
        "recent": Spec("c-recent", started_at=iso(NOW - timedelta(days=5))),
        "undated": Spec("c-undated", started_at=None),
    }
    build(db, list(specs.values()), scorer)
    review_everything(db, list(specs.values()), scorer)
    return db, specs


def stored(db: Path) -> set[str]:
    con = open_for_reading(db)
    try:
        return {row[0] for row in con.execute("SELECT call_id FROM calls").fetchall()}
    finally:
        con.close()


def audit(db: Path) -> list[tuple]:
    con = open_for_reading(db)
    try:
        sql = "SELECT reason, request_ref, calls_removed, reviews_removed, audio_removed "
        return con.execute(sql + "FROM erasures ORDER BY erased_at").fetchall()
    finally:
        con.close()


def test_old_calls_go_recent_ones_stay_and_undated_ones_age_from_when_stored(
    ages: tuple[Path, dict[str, Spec]],
) -> None:
    db, specs = ages
    old = specs["old"]

    first = apply_retention(db, 30, now=NOW)
    assert first.calls_removed == 1 and first.reviews_removed == 2 and first.audio_removed == 2
    assert stored(db) == {"c-recent", "c-undated"}  # undated: stored today, so young
    assert rows_of(desk_path(db), "reviews", [old.call_id]) == 0
    assert not any(p.exists() for p in old.audio_files(db))
    for name, path in files_of(db).items():
        assert not holds(path, old.review_secret if name == "desk" else old.secret), name

    assert apply_retention(db, 30, now=NOW + timedelta(days=26)).calls_removed == 1
    assert stored(db) == {"c-undated"}  # 5 + 26 days > 30; stored today + 26 < 30

    assert apply_retention(db, 30, now=NOW + timedelta(days=31)).calls_removed == 1
    assert stored(db) == set()
    assert audit(db) == [("retention", "retention 30 days", 1, 2, 2)] * 3
    assert list(audio_dir(db).iterdir()) == []


def test_a_night_with_nothing_old_records_nothing(ages: tuple[Path, dict[str, Spec]]) -> None:
    db, _ = ages
    report = apply_retention(db, 365, now=NOW)
    assert report.erasure_id is None and report.calls_removed == 0
    assert audit(db) == [] and len(stored(db)) == 3


@pytest.mark.parametrize("days", [0, -1])
def test_retention_needs_a_day_or_more(tmp_path: Path, days: int) -> None:
    with pytest.raises(ValueError, match=f"^--retention-days must be 1 or more, not {days}$"):
        apply_retention(tmp_path / "callqa.duckdb", days)
    assert not (tmp_path / "callqa.duckdb").exists()


def test_the_run_report_says_how_many_calls_retention_removed(
    ages: tuple[Path, dict[str, Spec]],
) -> None:
    db, _ = ages
    report = RunReport("r1", {"calls_found": 0, "processed": 0})
    erased = apply_retention(db, 30, now=NOW)
    assert with_retention(report, erased).summary == {
        "calls_found": 0,
        "processed": 0,
        "retention_removed": 1,
    }


def test_the_scheduled_deployment_carries_the_retention_to_each_run(tmp_path: Path) -> None:
    """`callqa schedule --retention-days 30`: the server stores the options as JSON, and the
    flow reads them back as the same BatchOptions."""
    from pipelines.nightly import nightly_qa
    from pipelines.schedule import nightly_deployment
    from qa.batch.stages import BatchOptions

    options = BatchOptions(retention_days=30)
    deployment = nightly_deployment("nightly", "0 2 * * *", "UTC", str(tmp_path), "x", options)
    stored = json.loads(json.dumps(deployment.parameters))
    assert nightly_qa.validate_parameters(stored)["options"] == options
