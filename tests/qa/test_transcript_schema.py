"""The committed JSON schema is the public contract: it must match the models exactly."""

import json
from pathlib import Path

from qa.transcript import Segment, Transcript

SCHEMA = Path(__file__).resolve().parents[2] / "qa" / "schemas" / "transcript.schema.json"


def test_committed_schema_matches_models() -> None:
    committed = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert committed == Transcript.model_json_schema(), (
        "transcript schema changed: bump TRANSCRIPT_SCHEMA_VERSION and run "
        "`callqa schema transcript > qa/schemas/transcript.schema.json`"
    )


def test_contract_example_round_trips() -> None:
    example = {
        "call_id": "c1",
        "language": "en",
        "duration": 245.4,
        "layout": "stereo",
        "segments": [
            {
                "speaker": "agent",
                "start": 0.0,
                "end": 3.2,
                "text": "Thank you",
                "confidence": 0.93,
                "words": [{"start": 0.0, "end": 0.4, "word": "Thank", "probability": 0.98}],
            }
        ],
        "asr": {"backend": "faster-whisper", "model": "base", "compute_type": "int8"},
    }
    transcript = Transcript.model_validate(example)
    assert transcript.turns("agent")[0].words[0].word == "Thank"
    assert Transcript.model_validate_json(transcript.model_dump_json()) == transcript


def test_confidence_out_of_range_is_rejected() -> None:
    import pytest
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        Segment(speaker="agent", start=0, end=1, text="x", confidence=1.5)


def test_impossible_segment_times_are_refused_at_the_contract() -> None:
    import pytest
    from pydantic import ValidationError

    base = {"speaker": "agent", "text": "Hello.", "confidence": 0.9}
    Segment.model_validate({**base, "start": 1.0, "end": 1.0})  # a zero-length turn is possible
    for start, end, words in ((5.0, 4.0, "before it starts"), (-1.0, 2.0, "greater than")):
        with pytest.raises(ValidationError, match=words):
            Segment.model_validate({**base, "start": start, "end": end})
    with pytest.raises(ValidationError):
        Segment.model_validate({**base, "start": 1.0, "end": float("nan")})
