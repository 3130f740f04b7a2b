"""Retention: calls older than N days erased after each nightly run.

Age is when the call took place (`started_at`), else when it was stored (`loaded_at`): a
call without metadata would otherwise be kept for ever. A night with nothing old records
nothing; one that erases writes one audit row (reason `retention`, request_ref naming the
policy), like a `callqa forget`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from qa.batch.run import RunReport
from qa.erasure.erase import erase, operator
from qa.erasure.report import ErasureReport
from qa.storage.errors import StorageError
from qa.storage.store import Store


def apply_retention(
    db: Path | str, days: int, now: datetime | None = None, by: str | None = None
) -> ErasureReport:
    """Every call of `db` older than `now` − `days` erased everywhere (as `forget` does)."""
    if days < 1:
        raise ValueError(f"--retention-days must be 1 or more, not {days}")
    now = now or datetime.now(UTC)
    if now.tzinfo is None:
        raise ValueError("retention: `now` must carry a time zone")
    try:
        store = Store(Path(db), holder=f"callqa retention ({days} days)")
    except StorageError as error:
        raise type(error)(f"retention not applied: {error}") from None
    try:
        calls = store.calls_to_erase(older_than=now - timedelta(days=days))
        if not calls:
            return ErasureReport(erasure_id=None, reason="retention")
        return erase(store, calls, "retention", by or operator(), f"retention {days} days")
    finally:
        store.close()


def with_retention(report: RunReport, erased: ErasureReport) -> RunReport:
    """The run's report, saying how many calls retention removed after it."""
    return replace(report, summary={**report.summary, "retention_removed": erased.calls_removed})
