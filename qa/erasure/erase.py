"""One erasure, in the order that lets a failed one be run again: the desk's rows and the
audio files first, the database last.

The database row of a call is what a customer reference leads to. Were it deleted first, a
failure before the desk or the audio would leave them behind with nothing left to find them
by; deleted last, a rerun of the same `callqa forget` finds the calls again and finishes.
"""

from __future__ import annotations

import getpass
import os
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

from qa.erasure.audio import remove_audio
from qa.erasure.report import ErasureReport
from qa.review.erase import erase_reviews
from qa.storage.erasure import CallToErase, ErasureRecord, Reason
from qa.storage.store import Store


def operator() -> str:
    """Who runs this process, for `erased_by` when no name is given."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name for this uid (a bare container)
        return f"uid {os.getuid()}"


def erase(
    store: Store,
    calls: Sequence[CallToErase],
    reason: Reason,
    by: str,
    request_ref: str | None,
    also_call_ids: Sequence[str] = (),
) -> ErasureReport:
    """`calls` removed from the desk, the audio folders and `store` (which rewrites its file
    and republishes the snapshot), with one audit row. `also_call_ids`: desk rows of ids
    no longer stored (a review of a call erased by an earlier, interrupted erasure)."""
    desk = erase_reviews(store.db, [*(call.call_id for call in calls), *also_call_ids])
    audio = remove_audio(store.db, calls)
    record = ErasureRecord(
        erasure_id=uuid.uuid4().hex,
        erased_at=datetime.now(UTC),
        erased_by=by,
        reason=reason,
        request_ref=request_ref,
        reviews_removed=desk.reviews + desk.dispute_events,
        audio_removed=audio,
    )
    rows = store.erase_calls([call.audio_hash for call in calls], record)
    return ErasureReport(record.erasure_id, reason, rows["calls"], rows, desk, audio)
