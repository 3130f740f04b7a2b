"""What the call page shows, prepared as plain data: turns with their doubtful words marked,
the rubric item by item with the human's latest word beside the machine's, and small
formatting helpers the templates share. No HTML here: the templates escape everything."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cache

from qa.review.timeline import TimelineOptions, timeline_svg
from qa.scorecard import CriterionResult, Scorecard
from qa.scoring.rubric import RubricError, load_rubric
from qa.transcript import Transcript

LOW_WORD_PROBABILITY = 0.5  # below this Whisper was guessing: the page marks the word
STATUS_WORDS = {
    "passed": "Passed",
    "failed": "Failed",
    "na": "Not applicable",
    "unverifiable": "Unverifiable",
}
DIMENSION_WORDS = {
    "tone": "Tone",
    "empathy": "Empathy",
    "resolution": "Resolution",
    "process": "Process",
}


def mmss(seconds: float | None) -> str:
    if seconds is None:
        return ""
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    text = f"{rest // 60}:{rest % 60:02d}"
    return f"{hours}:{text.zfill(5)}" if hours else text


def when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


def page_helpers() -> dict:
    return {
        "mmss": mmss,
        "when": when,
        "status_words": STATUS_WORDS,
        "dimension_words": DIMENSION_WORDS,
    }


@dataclass(frozen=True)
class Piece:
    text: str
    doubtful: bool
    probability: float | None = None
    gap: str = ""  # what stands between this word and the one before it in the turn's text


@dataclass(frozen=True)
class Turn:
    index: int
    speaker: str
    start: float
    end: float
    confidence: float
    flags: list[str]
    pieces: list[Piece] = field(default_factory=list)


def transcript_turns(transcript: Transcript) -> list[Turn]:
    turns = []
    for index, segment in enumerate(transcript.segments):
        if segment.words:
            pieces = _pieces(segment.text, segment.words)
        else:
            pieces = [Piece(segment.text, segment.confidence < LOW_WORD_PROBABILITY)]
        turns.append(
            Turn(
                index,
                segment.speaker,
                segment.start,
                segment.end,
                segment.confidence,
                list(segment.flags),
                pieces,
            )
        )
    return turns


def _pieces(text: str, words: list) -> list[Piece]:
    """The turn's words with their spacing as the segment text has it ("$14" ".9" is one
    number, "March," "$14" two words): each word is found in the text after the last."""
    pieces, cursor = [], 0
    for word in words:
        shown = word.word.strip()
        if not shown:
            continue
        at = text.find(shown, cursor)
        gap = text[cursor:at] if at >= 0 and not text[cursor:at].strip() else " "
        if at >= 0:
            cursor = at + len(shown)
        if not pieces:
            gap = ""
        doubtful = word.probability < LOW_WORD_PROBABILITY
        pieces.append(Piece(shown, doubtful, word.probability, gap))
    return pieces


@dataclass(frozen=True)
class CriterionRow:
    result: CriterionResult
    review: dict | None  # the latest human review of it under this rubric

    @property
    def disagrees(self) -> bool:
        return bool(self.review) and self.review["override_status"] != self.result.status


def criterion_rows(scorecard: Scorecard, latest: dict[str | None, dict]) -> list[CriterionRow]:
    return [CriterionRow(result, latest.get(result.id)) for result in scorecard.criteria]


@cache
def _hold_limits() -> dict[str, float]:
    """The packaged rubric's hold limit by id (a rubric from elsewhere: the usual 30 s)."""
    try:
        rubric = load_rubric()
    except RubricError:
        return {}
    return {rubric.id: rubric.hold_limit_s}


def call_timeline(transcript: Transcript, scorecard: Scorecard) -> str:
    """The call's picture (qa.review.timeline) with the customer's mood along it."""
    limit = _hold_limits().get(scorecard.rubric, TimelineOptions.hold_limit_s)
    points = [(p.start, p.end, p.value) for p in scorecard.customer_sentiment]
    sentiment = points if scorecard.status == "scored" else None
    return timeline_svg(transcript, sentiment, TimelineOptions(hold_limit_s=limit))
