"""A call with nothing to judge gets no verdict, not a failing one; real calls are unchanged.

Built from the evaluation's tune-split transcripts: customers dropped, everything dropped,
one short turn each kept, voices not told apart.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.scorecard import Scorecard
from qa.scoring.conversation import MIN_WORDS, no_conversation_reason
from qa.scoring.rubric import load_rubric
from qa.scoring.scorer import load_scorer
from qa.transcript import Segment, Transcript

EVAL = Path(__file__).resolve().parents[3] / "evaluation" / "transcripts"
CALLS = ["en01", "en03", "en06", "ru04", "lv01", "ar01"]


def transcript(call_id: str) -> Transcript:
    return Transcript.model_validate_json((EVAL / f"{call_id}.json").read_text())


def with_segments(call: Transcript, segments: list[Segment]) -> Transcript:
    return call.model_copy(update={"segments": segments})


def agent_only(call: Transcript) -> Transcript:
    return with_segments(call, [s for s in call.segments if s.speaker == "agent"])


def customer_only(call: Transcript) -> Transcript:
    return with_segments(call, [s for s in call.segments if s.speaker == "customer"])


def silent(call: Transcript) -> Transcript:
    return with_segments(call, [])


def two_words_each(call: Transcript) -> Transcript:
    """The first turn of each party cut to its first two words: hellos, nothing said."""
    kept = []
    for speaker in ("agent", "customer"):
        first = next(s for s in call.segments if s.speaker == speaker)
        kept.append(first.model_copy(update={"text": " ".join(first.text.split()[:2])}))
    return with_segments(call, kept)


def voices_not_told_apart(call: Transcript) -> Transcript:
    return with_segments(call, [s.model_copy(update={"speaker": "unknown"}) for s in call.segments])


CASES = [
    (agent_only, "only the agent spoke"),
    (customer_only, "only the customer spoke"),
    (silent, "no speech was heard"),
    (two_words_each, "only 4 words were heard (fewer than 10)"),
    (voices_not_told_apart, "no turn could be given to the agent or the customer"),
]


@pytest.mark.parametrize("call_id", CALLS)
@pytest.mark.parametrize(("build", "reason"), CASES, ids=[c[1] for c in CASES])
def test_nothing_to_judge_gets_no_verdict(call_id: str, build, reason: str) -> None:
    card = load_scorer().score(build(transcript(call_id)))
    assert card.status == "no_conversation" and card.reason == reason
    assert card.overall is None and card.level is None
    assert (card.tone, card.empathy, card.resolution, card.process) == (None, None, None, None)
    assert card.resolved is None and card.resolution_status is None
    assert card.agent_tone is None and card.empathy_level is None
    assert card.customer_sentiment_start is None and card.customer_sentiment_end is None
    assert card.customer_sentiment == []
    assert card.auto_failed == []
    assert [r.id for r in card.criteria] == [c.id for c in load_rubric().criteria]
    for result in card.criteria:
        assert result.status == "unverifiable" and result.score is None
        assert result.reason == f"Unverifiable: there was no conversation to judge ({reason})."
        assert not result.evidence


def test_a_rude_agent_talking_alone_is_not_auto_failed() -> None:
    assert "politeness" in load_scorer().score(transcript("en03")).auto_failed
    alone = load_scorer().score(agent_only(transcript("en03")))
    assert alone.auto_failed == [] and alone.level is None


def test_timing_is_still_measured_without_a_conversation() -> None:
    card = load_scorer().score(agent_only(transcript("en06")))  # "please hold", 40 s, back
    assert card.metrics.holds_over_30s == 1 and card.metrics.agent_talk_ratio == 1.0


# Measured on commit 10637bb, before status existed: overall and level of real calls.
BEFORE = {
    "en01": (72.5, "exceed"),
    "en03": (31.9, "fail"),
    "en06": (53.1, "satisfy"),
    "ru04": (71.6, "exceed"),
    "lv01": (67.4, "satisfy"),
    "ar01": (76.5, "exceed"),
}


@pytest.mark.parametrize("call_id", CALLS)
def test_real_calls_are_scored_as_before(call_id: str) -> None:
    card = load_scorer().score(transcript(call_id))
    assert card.status == "scored" and card.reason == ""
    assert (card.overall, card.level) == BEFORE[call_id]
    assert card.rubric_digest == load_rubric().digest()


@pytest.mark.parametrize("call_id", ["lv09", "ru35"])
def test_the_shortest_evaluation_calls_are_conversations(call_id: str) -> None:
    call = transcript(call_id)  # 20 words each, the fewest of the evaluation set
    assert sum(len(s.text.split()) for s in call.segments) == 20
    card = load_scorer().score(call)
    assert card.status == "scored" and card.overall is not None


def test_the_word_floor_is_exact() -> None:
    call = two_words_each(transcript("en01"))
    agent, customer = call.segments
    words = "one two three four five six seven eight"
    at = [agent.model_copy(update={"text": words}), customer]  # 8 + 2 words
    assert no_conversation_reason(with_segments(call, at)) is None
    below = [agent.model_copy(update={"text": words.rsplit(" ", 1)[0]}), customer]  # 7 + 2
    assert no_conversation_reason(with_segments(call, below)) == (
        f"only {MIN_WORDS - 1} words were heard (fewer than {MIN_WORDS})"
    )


def test_the_contract_refuses_a_half_verdict() -> None:
    scored = load_scorer().score(transcript("en01")).model_dump()
    with pytest.raises(ValueError, match="a scored call needs"):
        Scorecard.model_validate({**scored, "overall": None})
    with pytest.raises(ValueError, match="null verdicts"):
        Scorecard.model_validate({**scored, "status": "no_conversation", "reason": "x"})
    empty = load_scorer().score(silent(transcript("en01"))).model_dump()
    with pytest.raises(ValueError, match="a reason"):
        Scorecard.model_validate({**empty, "reason": ""})
