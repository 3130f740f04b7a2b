"""The desk's side of an erasure: a call's reviews, dispute events and queue entries removed.

The desk otherwise never deletes a row. Reviews name calls by id, and a freed id can be taken
by a later recording, so an erased call's judgements must go with it; comments may quote the
customer. The deletion and the file's rewrite (`Desk.rewriting`) happen in one write turn.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from qa.review.desk import SQL, Desk, desk_path
from qa.storage.statements import execute


@dataclass(frozen=True)
class DeskErasure:
    """Rows removed from the desk file."""

    reviews: int = 0
    dispute_events: int = 0
    calibration_queue: int = 0


def erase_reviews(db: Path | str, call_ids: Sequence[str], *, wait_s: float = 30.0) -> DeskErasure:
    """Every desk row of `call_ids` deleted, and the desk file rewritten so they do not
    linger. No desk file (nobody ever reviewed): nothing to do, and none is created."""
    ids = sorted(set(call_ids))
    if not ids or not desk_path(db).is_file():
        return DeskErasure()
    with Desk(db, wait_s=wait_s).rewriting() as con:
        counts = execute(con, "read/erasure_counts", {"call_ids": ids}, SQL).fetchone()
        execute(con, "write/erase_calls", {"call_ids": ids}, SQL)
    return DeskErasure(*counts)
