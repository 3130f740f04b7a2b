"""What one erasure removed, store by store, for the command to print and the run to report."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from qa.review.erase import DeskErasure
from qa.storage.erasure import Reason


@dataclass(frozen=True)
class ErasureReport:
    erasure_id: str | None  # the audit row's id; None: nothing recorded (nothing was old)
    reason: Reason
    calls_removed: int = 0
    rows: Mapping[str, int] = field(default_factory=dict)  # database + snapshot, per table
    desk: DeskErasure = field(default_factory=DeskErasure)
    audio_removed: int = 0  # redacted audio files and legacy cached copies deleted

    @property
    def reviews_removed(self) -> int:
        """As the audit row counts them: reviews and dispute events."""
        return self.desk.reviews + self.desk.dispute_events
