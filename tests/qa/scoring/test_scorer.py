"""The scorers on real model output: the offline E5 encoder and the rubric's fitted heads.

Behaviour is pinned on the evaluation's *tune* split only; the held-out calls are for
benchmarks/scoring_eval.py, so no test tempts anyone to tune on them.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from qa.scorecard import Scorecard
from qa.scoring.scorer import TONE_SURE, _sentence_spans, load_scorer
from qa.transcript import Transcript

EVAL = Path(__file__).resolve().parents[3] / "evaluation" / "transcripts"
SCHEMA = Path(__file__).resolve().parents[3] / "qa" / "schemas" / "scorecard.schema.json"


def card(call_id: str, **changes) -> Scorecard:
    transcript = Transcript.model_validate_json((EVAL / f"{call_id}.json").read_text())
    if changes:
        transcript = transcript.model_copy(update=changes)
    return load_scorer().score(transcript)


def test_good_call_scores_well_with_evidence_everywhere() -> None:
    scorecard = card("ar01")
    assert scorecard.resolved and scorecard.resolution_status == "resolved"
    assert scorecard.agent_tone == "positive" and scorecard.empathy_level == 2
    assert scorecard.level in ("exceed", "delight", "amaze") and scorecard.overall >= 70
    for result in scorecard.criteria:
        assert result.evidence or result.status in ("na", "unverifiable"), result.id
        for quote in result.evidence:
            assert quote.text in {
                s.text
                for s in Transcript.model_validate_json((EVAL / "ar01.json").read_text()).segments
            }
    empathy = next(r for r in scorecard.criteria if r.id == "empathy")
    assert empathy.evidence[0].speaker == "agent"


@pytest.mark.parametrize("call_id", ["en06", "ru04", "lv01", "ar01"])
def test_scores_in_every_language(call_id: str) -> None:
    scorecard = card(call_id)
    assert 0 <= scorecard.overall <= 100
    for dimension in (scorecard.tone, scorecard.empathy, scorecard.resolution):
        assert dimension is None or 0 <= dimension <= 100
    greeting = next(r for r in scorecard.criteria if r.id == "greeting")
    assert greeting.status == "passed", (call_id, greeting)


def test_rude_agent_who_fixes_it_is_resolved_but_fails_on_tone() -> None:
    scorecard = card("en03")  # "You people always call about the same thing" — no swearing
    assert scorecard.resolved
    assert scorecard.agent_tone == "negative"
    assert "politeness" in scorecard.auto_failed and scorecard.level == "fail"


@pytest.mark.parametrize("call_id", ["ar02", "ru02"])
def test_formulaic_apology_is_not_genuine_empathy(call_id: str) -> None:
    scorecard = card(call_id)  # "نعتذر عن الإزعاج" / "Извините за неудобства", nothing done
    assert scorecard.empathy_level < 2 and not scorecard.resolved


def test_hold_over_30_seconds_fails_hold_time_with_its_turns() -> None:
    scorecard = card("en06")
    assert scorecard.metrics.holds_over_30s == 1 and scorecard.metrics.longest_hold > 30
    hold = next(r for r in scorecard.criteria if r.id == "hold_time")
    assert hold.status == "failed"
    assert hold.evidence[0].text.startswith("Thank you, please hold")


def test_no_hold_means_hold_criteria_do_not_apply() -> None:
    scorecard = card("ar01")
    for criterion in ("hold_time", "hold_etiquette"):
        assert next(r for r in scorecard.criteria if r.id == criterion).status == "na"


def test_badly_heard_turns_are_unverifiable_not_failed() -> None:
    transcript = Transcript.model_validate_json((EVAL / "en03.json").read_text())
    muffled = [s.model_copy(update={"confidence": 0.2}) for s in transcript.segments]
    scorecard = card("en03", segments=muffled)
    statuses = {r.id: r.status for r in scorecard.criteria}
    assert statuses["politeness"] == "unverifiable"
    assert "failed" not in {statuses[c] for c in ("greeting", "proactive_offer", "empathy")}
    assert scorecard.auto_failed == []


def test_model_is_loaded_once() -> None:
    assert load_scorer() is load_scorer()


def test_scorecard_schema_file_matches_models() -> None:
    assert json.loads(SCHEMA.read_text(encoding="utf-8")) == Scorecard.model_json_schema()


def test_empathy_followed_by_a_question_is_read_sentence_by_sentence() -> None:
    scorecard = card("en01")  # "I completely understand, … Could you confirm your account number?"
    assert scorecard.empathy_level == 2
    empathy = next(r for r in scorecard.criteria if r.id == "empathy")
    assert empathy.evidence[0].text.startswith("I completely understand")


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("I see. Could you confirm it?", ["I see.", "Could you confirm it?"]),
        ("أفهم ذلك؟ سأتحقق الآن.", ["أفهم ذلك؟", "سأتحقق الآن."]),
        ("Version 2.5 is out", ["Version 2.5 is out"]),
        ("  Hi.   Bye!  ", ["Hi.", "Bye!"]),
    ],
)
def test_turns_split_into_sentences_at_final_punctuation(text: str, parts: list[str]) -> None:
    assert [text[a:b] for a, b in _sentence_spans(text)] == parts


def test_rudeness_in_one_sentence_of_a_helpful_turn_is_found() -> None:
    scorecard = card("en26")  # "Whatever you say. I've unblocked it. It works now."
    assert scorecard.agent_tone == "negative" and scorecard.resolved
    politeness = next(r for r in scorecard.criteria if r.id == "politeness")
    assert politeness.status == "failed" and politeness.evidence[0].speaker == "agent"


@pytest.mark.parametrize(("call_id", "level"), [("en18", 0), ("en20", 1)])
def test_token_empathy_needs_the_words_of_empathy(call_id: str, level: int) -> None:
    # en18: "Sorry, what was your staff number?" asks again; en20: "Apologies for any
    # inconvenience caused." is the formula itself.
    assert card(call_id).empathy_level == level


@pytest.mark.slow
def test_a_polite_real_call_is_not_flagged_rude(auto_repairs_40: Transcript) -> None:
    """Whisper's fragments of polite sentences ("for you at No Charge.") once read as rude:
    in a long call one borderline sentence is not a rude agent."""
    scorecard = load_scorer().score(auto_repairs_40)
    assert scorecard.agent_tone != "negative"
    assert "politeness" not in scorecard.auto_failed
    # Not asserted any more: level and resolution. On this machine's transcript of the same
    # recording (faster-whisper int8 differs by CPU) the call scores 49.7 `fail`, unresolved,
    # where the machine that wrote this test got 64.1 `satisfy`, resolved: the instability
    # issue 13 is about. Its stability check replaces those assertions.


def agent_tone_with(worst: float, sentences: int) -> str:
    """ar01's scorer verdict when its agent had `sentences` sentences, all mild but one."""
    scorer = load_scorer()
    view = scorer.view(Transcript.model_validate_json((EVAL / "ar01.json").read_text()))
    head = scorer.heads["agent_tone"]
    p = np.zeros((sentences, len(head.classes)))
    p[:, head.column("negative")] = 0.1
    p[0, head.column("negative")] = worst
    turns = [view.indexes("agent")[0]] * sentences
    return scorer._agent_tone(
        replace(view, sentence_turns=turns, sentence_probabilities={"agent_tone": p})
    )[0]


def test_one_borderline_sentence_among_many_is_not_a_rude_agent() -> None:
    assert agent_tone_with(TONE_SURE - 0.1, sentences=5) == "negative"  # one in five
    assert agent_tone_with(TONE_SURE - 0.1, sentences=30) != "negative"  # one in thirty
    assert agent_tone_with(TONE_SURE + 0.05, sentences=30) == "negative"  # sure alone
