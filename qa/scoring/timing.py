"""Timing metrics from segment times alone: holds, dead air, overtalk, talk ratio, pace.

A hold is either a silence with no speech from either party longer than 10 s, or the
stretch from an agent's hold request ("please hold", "один момент") until the agent
speaks again. Both count, so a hold with music (which VAD may hear as speech and the
guards then drop) is still caught by the request.
"""

from __future__ import annotations

import itertools
import re
import statistics
from dataclasses import dataclass

from qa.scorecard import CallMetrics
from qa.transcript import Segment

HOLD_REQUEST = re.compile(
    r"\b(please hold|hold (on|the line)|bear with me|one moment|just a moment|let me check)\b"
    r"|минут(ку|очку)|один момент|подождите|оставайтесь на линии"
    r"|uzgaidiet|vienu mirkli|brīdi"
    r"|لحظة|انتظر|ابق على الخط",
    re.IGNORECASE,
)
SILENT_HOLD_S = 10.0
DEAD_AIR_S = 3.0


@dataclass(frozen=True)
class Hold:
    start: float
    end: float
    requested: bool

    @property
    def duration(self) -> float:
        return self.end - self.start


def find_holds(segments: list[Segment]) -> list[Hold]:
    holds: list[Hold] = []
    ordered = sorted(segments, key=lambda s: s.start)
    for i, segment in enumerate(ordered):
        if segment.speaker != "agent" or not HOLD_REQUEST.search(segment.text):
            continue
        back = next((s for s in ordered[i + 1 :] if s.speaker == "agent"), None)
        if back is not None and back.start - segment.end > 2.0:
            holds.append(Hold(segment.end, back.start, True))
    for gap_start, gap_end in _silences(ordered):
        if gap_end - gap_start > SILENT_HOLD_S and not any(
            h.start <= gap_start + 1 and h.end >= gap_end - 1 for h in holds
        ):
            holds.append(Hold(gap_start, gap_end, False))
    return sorted(holds, key=lambda h: h.start)


def call_metrics(segments: list[Segment], duration: float, hold_limit: float) -> CallMetrics:
    holds = find_holds(segments)
    agent = [s for s in segments if s.speaker == "agent"]
    customer = [s for s in segments if s.speaker == "customer"]
    agent_time = _union_length([(s.start, s.end) for s in agent])
    customer_time = _union_length([(s.start, s.end) for s in customer])
    overtalk = _intersection_length(
        [(s.start, s.end) for s in agent], [(s.start, s.end) for s in customer]
    )
    dead_air = sum(
        end - start
        for start, end in _silences(sorted(segments, key=lambda s: s.start))
        if end - start > DEAD_AIR_S
        and not any(h.start <= start + 1 and h.end >= end - 1 for h in holds)
    )
    words = sum(len(s.text.split()) for s in agent)
    latencies = _latencies(segments)
    return CallMetrics(
        holds_over_30s=sum(h.duration > hold_limit for h in holds),
        holds=len(holds),
        longest_hold=round(max((h.duration for h in holds), default=0.0), 2),
        dead_air=round(dead_air, 2),
        overtalk=round(overtalk, 2),
        agent_talk_ratio=round(agent_time / max(agent_time + customer_time, 1e-9), 3),
        agent_words_per_minute=round(60.0 * words / agent_time, 1) if agent_time else 0.0,
        customer_response_latency=round(statistics.median(latencies), 2) if latencies else 0.0,
    )


def _silences(ordered: list[Segment]) -> list[tuple[float, float]]:
    gaps = []
    reach = ordered[0].end if ordered else 0.0
    for segment in ordered[1:]:
        if segment.start > reach:
            gaps.append((reach, segment.start))
        reach = max(reach, segment.end)
    return gaps


def _latencies(segments: list[Segment]) -> list[float]:
    ordered = sorted(segments, key=lambda s: s.start)
    out = []
    for previous, current in itertools.pairwise(ordered):
        if previous.speaker == "agent" and current.speaker == "customer":
            out.append(max(0.0, current.start - previous.end))
    return out


def _union_length(intervals: list[tuple[float, float]]) -> float:
    total, reach = 0.0, float("-inf")
    for start, end in sorted(intervals):
        if end <= reach:
            continue
        total += end - max(start, reach)
        reach = end
    return total


def _intersection_length(a: list[tuple[float, float]], b: list[tuple[float, float]]) -> float:
    return sum(max(0.0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def overtalk_spans(segments: list[Segment]) -> list[tuple[float, float]]:
    """Where agent and customer speak at once, merged and in order: the stretches whose
    lengths `call_metrics` sums as `overtalk` (for drawing them, e.g. the review timeline)."""
    agent = [(s.start, s.end) for s in segments if s.speaker == "agent"]
    customer = [(s.start, s.end) for s in segments if s.speaker == "customer"]
    spans = sorted(
        (max(s1, s2), min(e1, e2))
        for s1, e1 in agent
        for s2, e2 in customer
        if min(e1, e2) > max(s1, s2)
    )
    merged: list[tuple[float, float]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
