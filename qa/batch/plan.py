"""What a run has to do: the discovered calls less those already stored or quarantined."""

from __future__ import annotations

from dataclasses import dataclass

from qa.intake.inbox import InboxCall


@dataclass(frozen=True)
class Plan:
    todo: list[InboxCall]
    skipped: int  # already done, or a second copy of a recording in the same inbox


def plan_calls(calls: list[InboxCall], known_hashes: set[str]) -> Plan:
    """Each new recording once, in discovery order; of two copies in one inbox, the first
    found is processed and the other counts as skipped."""
    fresh = {c.audio_hash: c for c in reversed(calls) if c.audio_hash not in known_hashes}
    todo = [c for c in calls if fresh.get(c.audio_hash) is c]
    return Plan(todo, len(calls) - len(todo))
