"""The database's side of an erasure: which calls, their rows deleted, the audit row.

The audit row (`erasures`) says what, when and by whom, never whose: no customer reference,
no call id, no name. Only the recordings' hashes are kept (`erased_recordings`), so that a
later run does not take a recording still lying in the inbox in again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Literal

import duckdb

from qa.storage.statements import execute

Reason = Literal["customer_ref", "call_id", "retention"]

# The tables an erasure removes rows from, in the order `read/erasure_counts.sql` counts them.
ERASED_TABLES = (
    "calls",
    "segments",
    "redactions",
    "scorecards",
    "criterion_results",
    "call_metrics",
    "quarantine_released",
)


@dataclass(frozen=True)
class ErasureRecord:
    """The audit row, less `calls_removed`, which the store counts as it deletes."""

    erasure_id: str
    erased_at: datetime
    erased_by: str
    reason: Reason
    request_ref: str | None
    reviews_removed: int
    audio_removed: int


@dataclass(frozen=True)
class CallToErase:
    call_id: str
    audio_hash: str
    redacted_audio: str | None  # its file name under `qa.storage.files.audio_dir(db)`


def calls_to_erase(
    con: duckdb.DuckDBPyConnection,
    customer_refs: Sequence[str] = (),
    call_ids: Sequence[str] = (),
    older_than: datetime | None = None,
) -> list[CallToErase]:
    """Stored calls of any of `customer_refs` (exact match), any of `call_ids`, or that
    took place (else were stored) before `older_than`."""
    params = {
        "customer_refs": list(customer_refs) or None,
        "call_ids": list(call_ids) or None,
        "older_than": older_than,
    }
    return [CallToErase(*row) for row in execute(con, "read/calls_to_erase", params).fetchall()]


def delete_calls(
    con: duckdb.DuckDBPyConnection, audio_hashes: Sequence[str], record: ErasureRecord
) -> dict[str, int]:
    """Every row of these recordings deleted and the audit row written, inside the caller's
    transaction; returns the rows removed per table."""
    hashes = sorted(set(audio_hashes))
    counts = dict.fromkeys(ERASED_TABLES, 0)
    if hashes:
        row = execute(con, "read/erasure_counts", {"audio_hashes": hashes}).fetchone()
        counts = dict(zip(ERASED_TABLES, row, strict=True))
        execute(con, "write/erase_calls", {"audio_hashes": hashes, "erasure_id": record.erasure_id})
    execute(con, "write/record_erasure", {**asdict(record), "calls_removed": counts["calls"]})
    return counts
