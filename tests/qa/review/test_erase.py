"""The desk's side of an erasure: its rows of the erased calls deleted in one write turn and
the desk file rewritten, other calls' rows untouched; no desk file, nothing created."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from qa.review.desk import Desk, desk_path
from qa.review.erase import DeskErasure, erase_reviews
from tests.qa.review.stores import review


def test_erase_reviews_deletes_the_calls_rows_and_their_bytes(tmp_path: Path) -> None:
    db = tmp_path / "callqa.duckdb"
    desk = Desk(db)
    said = {call_id: "REVIEW-" + secrets.token_urlsafe(40) for call_id in ("c1", "c2", "c3")}
    for call_id, text in said.items():
        review(desk, call_id, None, "failed", score=40.0)
        desk.add(
            "add_dispute_event",
            {
                "event_id": f"e-{call_id}",
                "call_id": call_id,
                "action": "opened",
                "actor": "Maya",
                "comment": text,
                "created_at": datetime(2026, 11, 20, 12, 0, tzinfo=UTC),
            },
        )
    assert all(text.encode() in desk.path.read_bytes() for text in said.values())

    erased = erase_reviews(db, ["c1", "c2", "c2", "unknown"])

    assert erased == DeskErasure(reviews=2, dispute_events=2, calibration_queue=0)
    data = desk.path.read_bytes()
    assert said["c1"].encode() not in data and said["c2"].encode() not in data
    assert said["c3"].encode() in data
    con = duckdb.connect(str(desk.path), read_only=True)
    try:
        assert con.execute("SELECT call_id FROM reviews").fetchall() == [("c3",)]
        assert con.execute("SELECT call_id FROM dispute_events").fetchall() == [("c3",)]
    finally:
        con.close()
    review(desk, "c4", None, "passed", score=90.0)  # the desk writes on after the rewrite


def test_no_desk_file_means_nothing_to_erase_and_none_is_made(tmp_path: Path) -> None:
    db = tmp_path / "callqa.duckdb"
    assert erase_reviews(db, ["c1"]) == DeskErasure()
    assert not desk_path(db).exists()
