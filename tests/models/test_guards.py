"""The guards against Whisper's failure modes, on segments shaped like real decoder output."""

from __future__ import annotations

from models.asr import RawSegment, RawWord
from models.guards import guard, segment_confidence


def segment(text: str, *, logprob=-0.2, no_speech=0.05, ratio=1.4, temperature=0.0, prob=0.9):
    words = [
        RawWord(i * 0.3, i * 0.3 + 0.25, f" {word}", prob) for i, word in enumerate(text.split())
    ]
    return RawSegment(0.0, len(words) * 0.3, text, logprob, no_speech, ratio, temperature, words)


def test_clean_speech_is_kept_with_high_confidence() -> None:
    kept, dropped = guard([segment("How can I help you today?")])
    assert not dropped
    assert kept[0].flags == [] and kept[0].confidence > 0.8


def test_known_silence_hallucinations_are_dropped_with_reason() -> None:
    kept, dropped = guard(
        [segment("Thank you for watching!"), segment("Продолжение следует..."), segment("Hi")]
    )
    assert [d.segment.text for d in dropped] == [
        "Thank you for watching!",
        "Продолжение следует...",
    ]
    assert all("hallucination" in d.reason for d in dropped)
    assert [k.segment.text for k in kept] == ["Hi"]


def test_short_closing_words_survive_unless_the_decoder_doubts_speech() -> None:
    kept, dropped = guard([segment("Bye."), segment("Bye.", no_speech=0.8, logprob=-0.5)])
    assert len(kept) == 1 and len(dropped) == 1
    assert "non-speech" in dropped[0].reason


def test_no_speech_segments_are_dropped() -> None:
    _, dropped = guard([segment("some words here", no_speech=0.9, logprob=-1.4)])
    assert dropped and "no speech" in dropped[0].reason


def test_repetition_loops_are_collapsed_and_flagged() -> None:
    looped = segment("I will check " + "the the the the the the the " + "account now")
    kept, _ = guard([looped])
    assert kept[0].segment.text == "I will check the account now"
    assert "repetition" in kept[0].flags


def test_phrase_loops_are_collapsed() -> None:
    kept, _ = guard([segment("thank you " * 8 + "goodbye")])
    assert kept[0].segment.text == "thank you goodbye"


def test_fallback_and_low_probability_lower_confidence() -> None:
    sure = segment("the card is unblocked")
    unsure = segment("the card is unblocked", temperature=0.4, prob=0.5)
    assert segment_confidence(unsure, ["fallback"]) < segment_confidence(sure, [])
    kept, _ = guard([unsure])
    assert "fallback" in kept[0].flags and "low_confidence" in kept[0].flags
    assert 0.0 <= kept[0].confidence <= 1.0


def test_unintelligible_segments_are_dropped() -> None:
    _, dropped = guard([segment("mumble grumble", temperature=0.4, prob=0.1)])
    assert dropped and "unintelligible" in dropped[0].reason
