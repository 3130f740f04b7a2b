"""Timing metrics from segment times alone."""

from __future__ import annotations

from qa.scoring.timing import call_metrics, find_holds
from qa.transcript import Segment


def seg(speaker: str, start: float, end: float, text: str = "words here") -> Segment:
    return Segment(speaker=speaker, start=start, end=end, text=text, confidence=0.9)


def test_requested_hold_runs_until_the_agent_returns() -> None:
    segments = [
        seg("agent", 0, 2, "Please hold while I check."),
        seg("customer", 5, 6, "ok"),  # the customer mutters during the hold
        seg("agent", 40, 42, "Thank you for holding."),
    ]
    (hold,) = find_holds(segments)
    assert hold.requested and hold.duration == 38
    metrics = call_metrics(segments, 45, hold_limit=30)
    assert metrics.holds_over_30s == 1 and metrics.longest_hold == 38


def test_silent_gap_is_a_hold_and_short_gaps_are_not() -> None:
    segments = [
        seg("agent", 0, 2),
        seg("customer", 3, 5),
        seg("agent", 20, 22),
        seg("customer", 24, 25),
    ]
    holds = find_holds(segments)
    assert [(h.start, h.end, h.requested) for h in holds] == [(5, 20, False)]
    metrics = call_metrics(segments, 26, hold_limit=30)
    assert metrics.holds_over_30s == 0 and metrics.longest_hold == 15
    assert metrics.dead_air == 0  # the 15 s gap is a hold, not dead air


def test_overtalk_talk_ratio_and_latency() -> None:
    segments = [seg("agent", 0, 4), seg("customer", 3, 5), seg("agent", 6, 10)]
    metrics = call_metrics(segments, 10, hold_limit=30)
    assert metrics.overtalk == 1.0
    assert metrics.agent_talk_ratio == round(8 / 10, 3)
    assert metrics.customer_response_latency == 0.0  # the customer cut in
    assert metrics.dead_air == 0 and metrics.holds == 0


def test_dead_air() -> None:
    metrics = call_metrics([seg("agent", 0, 2), seg("customer", 7, 8)], 8, hold_limit=30)
    assert metrics.dead_air == 5.0
