"""What the call page shows of a turn: Whisper's words with the turn's own spacing, and
the doubtful ones marked."""

from __future__ import annotations

from qa.review.present import mmss, transcript_turns
from qa.transcript import AsrInfo, Segment, Transcript, Word


def _turn(text: str, words: list[tuple[str, float]]) -> Transcript:
    timed = [Word(start=k, end=k + 0.5, word=w, probability=p) for k, (w, p) in enumerate(words)]
    segment = Segment(speaker="customer", start=0, end=9, text=text, confidence=0.8, words=timed)
    asr = AsrInfo(backend="faster-whisper", model="base", compute_type="int8")
    return Transcript(
        call_id="c", language="en", duration=9, layout="mono", segments=[segment], asr=asr
    )


def test_words_keep_the_spacing_of_the_turn_text() -> None:
    words = [("Both", 0.9), ("of", 0.9), ("March,", 0.9), ("$14", 0.3), (".9", 0.2), ("each.", 0.9)]
    (turn,) = transcript_turns(_turn("Both of March, $14.9 each.", words))
    shown = "".join(piece.gap + piece.text for piece in turn.pieces)
    assert shown == "Both of March, $14.9 each."
    assert [p.text for p in turn.pieces if p.doubtful] == ["$14", ".9"]


def test_a_word_missing_from_the_text_still_shows_apart() -> None:
    (turn,) = transcript_turns(_turn("hello there", [("hello", 0.9), ("world", 0.9)]))
    assert "".join(p.gap + p.text for p in turn.pieces) == "hello world"


def test_times_read_as_minutes_and_seconds() -> None:
    assert (mmss(0), mmss(59.6), mmss(61), mmss(3725)) == ("0:00", "1:00", "1:01", "1:02:05")
