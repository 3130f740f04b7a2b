"""How far the automatic scores agree with the humans who reviewed them.

Per criterion: n, the share of agreement, Cohen's κ (agreement beyond what the two sides'
own base rates would give by chance: a criterion that passes 95% of calls agrees 90% with
a coin weighted the same way) and the confusion of automatic vs human status. For the
whole call: the mean absolute difference of the overall scores and the share within 10
points. Each review is compared with the automatic result of the rubric it names, so a
later rescore under another rubric neither moves nor hides it.

Below `MIN_REVIEWS` a figure is marked "too few reviews" (Genesys's threshold); κ under
`KAPPA_FLOOR` is flagged (below "substantial" on Landis and Koch's scale).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from typing import Literal

import duckdb
from pydantic import BaseModel, ConfigDict

from qa.review.desk import SQL
from qa.storage.statements import execute

MIN_REVIEWS = 20  # Genesys: trust an agreement figure only from 20 reviewed interactions
KAPPA_FLOOR = 0.6  # κ below this is flagged
AGREEMENT_TARGET = 0.85  # the practice target for % agreement
WITHIN_POINTS = 10.0  # "close enough" for the overall score, 0–100

AUTO_STATUSES = ("passed", "failed", "na", "unverifiable")
HUMAN_STATUSES = ("passed", "failed", "na")

AutoStatus = Literal["passed", "failed", "na", "unverifiable"]
HumanStatus = Literal["passed", "failed", "na"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Kappa(_Frozen):
    """Cohen's κ, or None with the reason it cannot be computed; `note` also says when one
    side never varies, which pins κ at 0."""

    value: float | None
    note: str | None = None


class CriterionAgreement(_Frozen):
    criterion_id: str
    rubrics: list[str]  # the rubrics whose automatic results were compared
    n: int  # calls with a human status and an automatic one
    agreed: int
    agreement: float  # agreed / n, 0–1
    kappa: float | None
    kappa_note: str | None  # why κ is None, or why it is 0 (one side never varies)
    confusion: dict[str, dict[str, int]]  # automatic status → human status → calls
    too_few_reviews: bool  # n < MIN_REVIEWS: do not trust the figures yet
    low_kappa: bool  # κ < KAPPA_FLOOR
    below_target: bool  # agreement < AGREEMENT_TARGET


class OverallAgreement(_Frozen):
    n: int  # calls with a human overall score and an automatic one
    mean_abs_diff: float | None  # points, 0–100; None when n == 0
    within_10: float | None  # share of calls whose scores differ by 10 points or less
    too_few_reviews: bool


class CalibrationReport(_Frozen):
    since: date | None
    rubric: str | None  # None: each review against the rubric it names
    min_reviews: int = MIN_REVIEWS
    kappa_floor: float = KAPPA_FLOOR
    agreement_target: float = AGREEMENT_TARGET
    criteria: list[CriterionAgreement]
    overall: OverallAgreement
    unmatched_reviews: int  # current judgements with no automatic result left to compare


def cohen_kappa(pairs: Iterable[tuple[str, str]]) -> Kappa:
    """κ = (p_o − p_e) / (1 − p_e) over (automatic, human) pairs, in exact integers:
    n·agreed − Σ a_k·h_k over n² − Σ a_k·h_k. Undefined (None) with no pairs, or when both
    sides put every call in one and the same class (p_e = 1: nothing to agree beyond
    chance)."""
    pairs = list(pairs)
    n = len(pairs)
    if n == 0:
        return Kappa(value=None, note="no reviews")
    agreed = sum(a == h for a, h in pairs)
    auto, human = Counter(a for a, _ in pairs), Counter(h for _, h in pairs)
    chance = sum(auto[k] * human[k] for k in auto)
    if chance == n * n:
        (only,) = auto
        return Kappa(value=None, note=f"undefined: every call is {only!r} on both sides")
    kappa = Kappa(value=(n * agreed - chance) / (n * n - chance))
    for side, counts in (("the automatic score", auto), ("the reviewers", human)):
        if len(counts) == 1:  # then κ is exactly 0, whatever the other side said
            (only,) = counts
            return kappa.model_copy(update={"note": f"{side} said {only!r} of every call"})
    return kappa


def start_of_day(day: date | None) -> datetime | None:
    """`day` as the UTC instant it begins, for comparing with stored timestamps."""
    return None if day is None else datetime.combine(day, time(), UTC)


def criterion_agreement(criterion_id: str, rows: list[tuple[str, str, str]]) -> CriterionAgreement:
    """One criterion's figures from (rubric, automatic status, human status) rows."""
    pairs = [(auto, human) for _, auto, human in rows]
    confusion = {a: dict.fromkeys(HUMAN_STATUSES, 0) for a in AUTO_STATUSES}
    for auto, human in pairs:
        confusion.setdefault(auto, {}).setdefault(human, 0)
        confusion[auto][human] += 1
    n = len(pairs)
    agreed = sum(a == h for a, h in pairs)
    kappa = cohen_kappa(pairs)
    agreement = agreed / n
    return CriterionAgreement(
        criterion_id=criterion_id,
        rubrics=sorted({rubric for rubric, _, _ in rows}),
        n=n,
        agreed=agreed,
        agreement=agreement,
        kappa=kappa.value,
        kappa_note=kappa.note,
        confusion=confusion,
        too_few_reviews=n < MIN_REVIEWS,
        low_kappa=kappa.value is not None and kappa.value < KAPPA_FLOOR,
        below_target=agreement < AGREEMENT_TARGET,
    )


def overall_agreement(pairs: list[tuple[float, float]]) -> OverallAgreement:
    """From (automatic overall, human overall) pairs, both 0–100."""
    n = len(pairs)
    diffs = [abs(auto - human) for auto, human in pairs]
    return OverallAgreement(
        n=n,
        mean_abs_diff=sum(diffs) / n if n else None,
        within_10=sum(d <= WITHIN_POINTS for d in diffs) / n if n else None,
        too_few_reviews=n < MIN_REVIEWS,
    )


def calibrate(
    con: duckdb.DuckDBPyConnection, since: date | None = None, rubric: str | None = None
) -> CalibrationReport:
    """The report over the human judgements current now and made on or after `since`
    (UTC). `con`: the snapshot with the desk attached (`Desk.attached`,
    `open_desk_reader`). `rubric`: compare every judgement with that rubric's results
    (say, a new version against what humans said of the old one) instead of each
    review's own."""
    params = {"since": start_of_day(since), "rubric": rubric}
    rows = execute(con, "read/calibration_criteria", params, SQL).fetchall()
    by_criterion: dict[str, list[tuple[str, str, str]]] = {}
    unmatched = 0
    for criterion_id, rubric_name, _call_id, auto, human in rows:
        if auto is None:
            unmatched += 1
            continue
        by_criterion.setdefault(criterion_id, []).append((rubric_name, auto, human))
    overall_rows = execute(con, "read/calibration_overall", params, SQL).fetchall()
    overall = [(auto, human) for _, _, auto, human in overall_rows if auto is not None]
    unmatched += len(overall_rows) - len(overall)
    return CalibrationReport(
        since=since,
        rubric=rubric,
        criteria=[criterion_agreement(cid, found) for cid, found in sorted(by_criterion.items())],
        overall=overall_agreement(overall),
        unmatched_reviews=unmatched,
    )
