"""The calibration sample: which calls humans should review next.

Agreement measured only on the calls someone chose to look at (the worst, the disputed)
says little about the rest. So most of a sample is stratified by agent and level, in
proportion to how many calls each (agent, level) has, every stratum getting at least one
while the sample allows; about a fifth are the calls the machine was least sure of (the
lower of the resolution decision's confidence and the transcript's mean segment
confidence), where a human's word is worth most. Calls with nothing to judge, calls already
reviewed and calls already queued are left out. The draw is deterministic: within a stratum
calls are taken in the order of a SHA-256 of their id, so the same store gives the same
sample on any machine, and a second draw picks other calls.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from fractions import Fraction
from pathlib import Path
from typing import Literal, NamedTuple, TypeVar

import duckdb
from pydantic import BaseModel, ConfigDict, computed_field

from qa.review.calibration import start_of_day
from qa.review.desk import SQL, Desk, new_id, now
from qa.storage.snapshot import open_for_reading
from qa.storage.statements import execute

LOW_CONFIDENCE_SHARE = 0.2  # of a sample: the calls the machine was least sure of

K = TypeVar("K")  # a stratum's key: hashable and orderable


class Candidate(NamedTuple):
    call_id: str
    rubric: str
    agent_id: str | None
    agent_name: str | None
    level: str
    confidence: float | None

    @property
    def stratum(self) -> tuple[str, str]:
        return (self.agent_id or self.agent_name or "", self.level)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Pick(_Frozen):
    call_id: str
    rubric: str
    kind: Literal["stratum", "low_confidence"]
    why: str  # in plain words: "agent Anna Berzina · level satisfy", "low confidence 0.41"


class Sample(_Frozen):
    sample_id: str | None  # None when nothing was picked (and nothing queued)
    requested: int
    candidates: int  # calls that could have been picked
    picks: list[Pick]


class QueuedCall(_Frozen):
    sample_id: str
    call_id: str
    rubric: str
    why: str
    added_at: datetime
    reviewed_at: datetime | None  # the first review of the call since it was queued

    @computed_field  # type: ignore[prop-decorator]
    @property
    def reviewed(self) -> bool:
        return self.reviewed_at is not None


def draw_order(call_id: str) -> str:
    """Where a call stands in every draw: a hash of its id, stable across runs and machines."""
    return hashlib.sha256(call_id.encode("utf-8")).hexdigest()


def allocate(sizes: dict[K, int], m: int) -> dict[K, int]:
    """`m` draws over strata of `sizes`, in proportion: one each first while `m` allows
    (the largest strata first when it does not), then each further draw to the stratum
    furthest below its quota m·size/total (largest remainder); never more than a stratum
    holds. Ties go to the larger stratum, then the smaller key."""
    order = sorted(sizes, key=lambda k: (-sizes[k], k))
    total = sum(sizes.values())
    m = max(0, min(m, total))
    given = {k: int(i < m) for i, k in enumerate(order)}
    if m <= len(order):
        return given
    quota = {k: Fraction(m * sizes[k], total) for k in order}
    for _ in range(m - len(order)):
        room = [k for k in order if given[k] < sizes[k]]
        best = max(room, key=lambda k: quota[k] - given[k])
        given[best] += 1
    return given


def low_confidence_count(n: int) -> int:
    """About a fifth of the sample, rounded half up: 1 of 3–7, 2 of 8–12, …"""
    return int(n * LOW_CONFIDENCE_SHARE + 0.5)


def _agent(candidate: Candidate) -> str:
    return candidate.agent_name or candidate.agent_id or "unknown"


def pick(candidates: list[Candidate], n: int) -> list[Pick]:
    """The sample of `n` from `candidates`: the least confident first, then the strata."""
    ordered = sorted(candidates, key=lambda c: draw_order(c.call_id))
    rated = [c for c in ordered if c.confidence is not None]
    rated.sort(key=lambda c: c.confidence or 0.0)  # stable: ties keep the draw order
    picks = [
        Pick(
            call_id=c.call_id,
            rubric=c.rubric,
            kind="low_confidence",
            why=f"low confidence {c.confidence:.2f}",
        )
        for c in rated[: low_confidence_count(n)]
    ]
    taken = {p.call_id for p in picks}
    strata: dict[tuple[str, str], list[Candidate]] = {}
    for c in ordered:
        if c.call_id not in taken:
            strata.setdefault(c.stratum, []).append(c)
    shares = allocate({k: len(v) for k, v in strata.items()}, n - len(picks))
    for key in sorted(strata):
        for c in strata[key][: shares[key]]:
            why = f"agent {_agent(c)} · level {c.level}"
            picks.append(Pick(call_id=c.call_id, rubric=c.rubric, kind="stratum", why=why))
    return picks


def candidates(
    con: duckdb.DuckDBPyConnection, since: date | None = None, rubric: str | None = None
) -> list[Candidate]:
    """The calls a sample may pick; `con` is the snapshot with the desk attached. `since`:
    calls that took place on or after it (UTC; stored time when the call has none).
    `rubric`: its scorecards, instead of each call's latest."""
    params = {"since": start_of_day(since), "rubric": rubric}
    rows = execute(con, "read/calibration_candidates", params, SQL).fetchall()
    return [
        Candidate(call_id, rubric, agent_id, name, level, None if conf is None else float(conf))
        for call_id, rubric, agent_id, name, level, conf in rows
    ]


def queue_sample(
    db: Path | str, n: int, since: date | None = None, rubric: str | None = None
) -> Sample:
    """Draw a sample of `n` calls from the snapshot of `db` and add it to the desk's
    calibration queue under one new sample_id."""
    if n < 1:
        raise ValueError(f"a sample needs at least one call, not {n}")
    con = open_for_reading(db)  # first: a mistyped db leaves no desk file behind
    try:
        desk = Desk(db)
        with desk.attached(con):
            found = candidates(con, since, rubric)
    finally:
        con.close()
    picks = pick(found, n)
    if not picks:
        return Sample(sample_id=None, requested=n, candidates=len(found), picks=[])
    sample_id, added_at = new_id(), now()
    with desk.writing() as writer:
        for p in picks:
            row = {"sample_id": sample_id, "call_id": p.call_id, "rubric": p.rubric}
            row |= {"why": p.why, "added_at": added_at}
            execute(writer, "write/queue_for_calibration", row, SQL)
    return Sample(sample_id=sample_id, requested=n, candidates=len(found), picks=picks)


def calibration_queue(
    con: duckdb.DuckDBPyConnection, sample_id: str | None = None
) -> list[QueuedCall]:
    """The queue (or one draw of it), newest first, with whether each call has been reviewed
    since it was queued; `con` is the snapshot with the desk attached."""
    rows = execute(con, "read/calibration_queue", {"sample_id": sample_id}, SQL).fetchall()
    keys = ("sample_id", "call_id", "rubric", "why", "added_at", "reviewed_at")
    return [QueuedCall(**dict(zip(keys, row, strict=True))) for row in rows]
