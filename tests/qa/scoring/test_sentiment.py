"""The customer's sentiment over the call: one point per customer turn, in time order, in
−1 … 1, consistent with the start and end figures; and cards stored before it still load."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from qa.scorecard import Scorecard
from qa.scoring.scorer import load_scorer
from qa.transcript import AsrInfo, Segment, Transcript

ROOT = Path(__file__).resolve().parents[3]
EVAL = ROOT / "evaluation" / "transcripts"
SAMPLE = ROOT / "samples" / "calls" / "en_billing_resolved.json"
SCHEMA = ROOT / "qa" / "schemas" / "scorecard.schema.json"


def evaluation(call_id: str) -> Transcript:
    return Transcript.model_validate_json((EVAL / f"{call_id}.json").read_text())


def sample_call() -> Transcript:
    """en_billing_resolved as scripted: the customer opens 'really upset' about a double
    charge and, after the refund, says 'That is great, thank you so much'."""
    meta = json.loads(SAMPLE.read_text(encoding="utf-8"))
    segments = [Segment(**turn, confidence=0.95) for turn in meta["reference"]]
    return Transcript(
        call_id=meta["call_id"],
        language=meta["language"],
        duration=segments[-1].end + 1.0,
        layout="stereo",
        segments=segments,
        asr=AsrInfo(backend="faster-whisper", model="reference", compute_type="none"),
    )


@pytest.mark.parametrize("call_id", ["en01", "en03", "en06", "ru04", "lv01", "ar01"])
def test_one_point_per_customer_turn_in_time_order(call_id: str) -> None:
    call = evaluation(call_id)
    card = load_scorer().score(call)
    customer = sorted((s for s in call.segments if s.speaker == "customer"), key=lambda s: s.start)
    points = card.customer_sentiment
    assert [(p.start, p.end) for p in points] == [(s.start, s.end) for s in customer]
    assert all(-1.0 <= p.value <= 1.0 for p in points)
    # the start and end figures are the first and last two turns' means (each rounded)
    first, last = points[:2], points[-2:]
    assert card.customer_sentiment_start == pytest.approx(
        sum(p.value for p in first) / len(first), abs=2e-3
    )
    assert card.customer_sentiment_end == pytest.approx(
        sum(p.value for p in last) / len(last), abs=2e-3
    )


def test_an_upset_customer_who_thanks_the_agent_ends_above_where_they_began() -> None:
    call = sample_call()
    points = load_scorer().score(call).customer_sentiment
    customer = [s for s in call.segments if s.speaker == "customer"]
    assert len(points) == len(customer) == 4
    thanks = next(
        p for p, s in zip(points, customer, strict=True) if s.text.startswith("That is great")
    )
    assert points[0].value < 0 < thanks.value  # "really upset" … "thank you so much"
    assert points[0].value < points[-1].value


def test_a_card_stored_before_the_series_still_loads_and_validates() -> None:
    stored = load_scorer().score(evaluation("en01")).model_dump(mode="json")
    stored.pop("customer_sentiment")
    stored["schema_version"] = "1.1"
    jsonschema.validate(stored, json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert Scorecard.model_validate(stored).customer_sentiment == []


def test_a_new_card_validates_against_the_schema_file() -> None:
    card = load_scorer().score(evaluation("en01")).model_dump(mode="json")
    assert card["schema_version"] == "1.2" and card["customer_sentiment"]
    jsonschema.validate(card, json.loads(SCHEMA.read_text(encoding="utf-8")))


def test_no_conversation_has_no_series() -> None:
    call = evaluation("en01")
    alone = call.model_copy(update={"segments": [s for s in call.segments if s.speaker == "agent"]})
    empty = load_scorer().score(alone).model_dump()
    assert empty["customer_sentiment"] == []
    point = {"start": 1.0, "end": 2.0, "value": 0.5}
    with pytest.raises(ValueError, match="no sentiment"):
        Scorecard.model_validate({**empty, "customer_sentiment": [point]})
