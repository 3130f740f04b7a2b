"""Criterion reasons a QA lead can read: what was looked for, what was found, where, and
the mark a number was held to; none of the scorer's internal names.

Real scorer output on the evaluation's tune split only (held-out calls are for the
benchmark). Expected values come from the calls as written and the rubric's own marks.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from qa.scorecard import CriterionResult, Scorecard
from qa.scoring import reasons
from qa.scoring.rubric import load_rubric
from qa.scoring.scorer import TONE_BORDERLINE_SHARE, TONE_SURE, load_scorer
from qa.transcript import Transcript

EVAL = Path(__file__).resolve().parents[3] / "evaluation" / "transcripts"
# good (ar01, en01), rude (en03, ar03), a long hold (en06, ar04), no problem raised (en15),
# formulaic empathy (ar02), an escalation (en07), a transfer after a long hold (ar14),
# Russian and Latvian calls (ru04, lv01)
CALLS = ["ar01", "en01", "en03", "ar03", "en06", "ar04", "en15", "ar02", "en07", "ar14", "ru04"]
CALLS += ["lv01"]
INTERNAL = re.compile(r"closest turn|decided by|\bheads?\b|\w+_\w+", re.IGNORECASE)
CLOCK = re.compile(r"\b\d+:[0-5]\d\b")
OPENINGS = ("Looked for “", "Not applicable: ", "Unverifiable: ")


def transcript(call_id: str) -> Transcript:
    return Transcript.model_validate_json((EVAL / f"{call_id}.json").read_text())


def card(call_id: str) -> Scorecard:
    return load_scorer().score(transcript(call_id))


def result(scorecard: Scorecard, criterion_id: str) -> CriterionResult:
    return next(r for r in scorecard.criteria if r.id == criterion_id)


def m_ss(seconds: float) -> str:
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes}:{rest:02d}"


@pytest.mark.parametrize("call_id", CALLS)
def test_every_reason_is_plain_words_with_its_times_and_marks(call_id: str) -> None:
    rubric = load_rubric()
    criteria = {c.id: c for c in rubric.criteria}
    for r in card(call_id).criteria:
        criterion, why = criteria[r.id], r.reason
        assert not INTERNAL.search(why), (r.id, why)
        assert why.startswith(OPENINGS) and why.endswith("."), (r.id, why)
        assert len(why) <= 220 and why.count(". ") <= 1, (r.id, why)  # one or two sentences
        if r.status in ("passed", "failed"):
            assert why.startswith(f"Looked for “{criterion.title}”"), (r.id, why)
        if r.status == "na":
            assert why.startswith("Not applicable: ") and not r.evidence
        if r.evidence and r.id != "hold_time":  # the hold itself is timed, not its turns
            assert m_ss(r.evidence[0].start) in why, (r.id, why)
        if criterion.method == "exemplars" and r.status in ("passed", "failed"):
            assert f"pass mark {criterion.threshold:.2f}" in why, (r.id, why)


def test_a_hold_over_the_limit_says_how_long_and_the_limit() -> None:
    scorecard = card("en06")  # "please hold", back about 40 s later
    hold = result(scorecard, "hold_time")
    assert hold.status == "failed"
    lasted = re.search(r"lasted (\d+) s, over the 30 s limit", hold.reason)
    assert lasted and int(lasted.group(1)) > 30, hold.reason
    assert len(CLOCK.findall(hold.reason)) == 2  # from and to, as m:ss


def test_the_politeness_verdicts_name_the_rudeness_mark() -> None:
    rude = result(card("en03"), "politeness")  # "You people always call about the same thing"
    assert rude.status == "failed"
    assert "dismissive or rude" in rude.reason and "fails at 0.50" in rude.reason
    assert m_ss(rude.evidence[0].start) in rude.reason
    polite = result(card("en01"), "politeness")  # a textbook good call
    assert polite.status == "passed"
    assert "No agent sentence reads as rude" in polite.reason and "fails at 0.50" in polite.reason


def test_empathy_says_genuine_or_formulaic() -> None:
    genuine = result(card("en01"), "empathy")  # "I completely understand, …"
    assert genuine.status == "passed" and "genuine empathy" in genuine.reason
    formulaic = result(card("ar02"), "empathy")  # "نعتذر عن الإزعاج" and nothing done
    assert formulaic.status == "failed" and "formulaic" in formulaic.reason


def test_an_escalated_call_says_so() -> None:
    resolution = result(card("en07"), "resolution")  # transferred to another team
    assert resolution.status == "failed"
    assert "escalated" in resolution.reason and "pass mark 0.50" in resolution.reason


def test_no_problem_raised_is_not_applicable_with_the_complaint_mark() -> None:
    scorecard = card("en15")  # a routine address change: nothing to apologise for
    complaint_at = load_rubric().heads["customer_sentiment"].thresholds["negative"]
    for criterion_id in ("empathy", "apology_ownership"):
        r = result(scorecard, criterion_id)
        assert r.status == "na" and r.reason.startswith("Not applicable: the customer raised")
        assert f"complaint at {complaint_at:.2f}" in r.reason


def test_badly_heard_turns_say_how_badly_against_the_floor() -> None:
    call = transcript("en03")
    muffled = [s.model_copy(update={"confidence": 0.2}) for s in call.segments]
    scorecard = load_scorer().score(call.model_copy(update={"segments": muffled}))
    politeness = result(scorecard, "politeness")
    assert politeness.status == "unverifiable"
    assert politeness.reason.startswith("Unverifiable: ")
    assert "ASR confidence 0.20, needs 0.50" in politeness.reason
    assert m_ss(politeness.evidence[0].start) in politeness.reason


def tone_finding(worst: float, sentences: int) -> str:
    """ar01's tone finding had its agent said `sentences` sentences, all mild but one."""
    scorer = load_scorer()
    view = scorer.view(transcript("ar01"))
    head = scorer.heads["agent_tone"]
    p = np.zeros((sentences, len(head.classes)))
    p[:, head.column("negative")] = 0.1
    p[0, head.column("negative")] = worst
    turns = [view.indexes("agent")[0]] * sentences
    changed = replace(view, sentence_turns=turns, sentence_probabilities={"agent_tone": p})
    return scorer._agent_tone(changed)[3]


def test_one_borderline_sentence_among_many_says_why_it_does_not_count() -> None:
    finding = tone_finding(0.7, sentences=30)  # one in thirty, under the sure mark
    assert finding.startswith("Only 1 of 30 agent sentences leans rude")
    assert f"{TONE_SURE:.2f}" in finding and f"{TONE_BORDERLINE_SHARE:.0%}" in finding
    assert "dismissive or rude (rudeness 0.85, fails at 0.50)" in tone_finding(0.85, 30)


@pytest.mark.parametrize(
    ("seconds", "shown"), [(0.56, "0:00"), (9.99, "0:09"), (75.2, "1:15"), (3605.0, "60:05")]
)
def test_times_are_minutes_and_seconds(seconds: float, shown: str) -> None:
    assert reasons.clock(seconds) == shown


def test_a_number_just_under_its_mark_never_prints_as_the_mark() -> None:
    assert reasons.held_to(0.4996, 0.5) == ("0.4996", "0.5000")
    assert reasons.held_to(0.496, 0.5) == ("0.496", "0.500")
    assert reasons.held_to(0.91, 0.5) == ("0.91", "0.50")
    assert reasons.held_to(30.4, 30.0, digits=0) == ("30.4", "30.0")
