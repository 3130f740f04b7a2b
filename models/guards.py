"""Guards against Whisper's known failures on call audio.

Whisper invents text in silence and hold music ("Thank you for watching",
"Продолжение следует"), loops on a phrase, and on unintelligible audio falls back to
sampling at higher temperatures, producing different text on each run. Each raw
segment is kept with a confidence in [0, 1] and flags, or dropped with a reason.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from models.asr import RawSegment, RawWord

# Phrases Whisper is known to produce from non-speech (subtitle credits, outros), by language.
HALLUCINATED_PHRASES = frozenset(
    {
        "thank you for watching",
        "thanks for watching",
        "thank you for watching bye",
        "please subscribe",
        "like and subscribe",
        "subtitles by the amaraorg community",
        "transcription by castingwords",
        "продолжение следует",
        "спасибо за просмотр",
        "редактор субтитров аседова",
        "субтитры сделал dimatorzok",
        "субтитры создавал dimatorzok",
        "paldies ka skatījāties",
        "paldies par uzmanību",
        "ترجمة نانسي قنقر",
        "اشتركوا في القناة",
        "شكرا للمشاهدة",
        "untertitel der amaraorg community",
    }
)


# Real words at the end of a call, but also what Whisper makes of a click or a breath:
# dropped only when the decoder itself doubts there was speech.
SHORT_SUSPECTS = frozenset({"you", "bye", "thank you", "okay", "спасибо", "ага"})


@dataclass(frozen=True)
class GuardOptions:
    no_speech_threshold: float = 0.6
    logprob_threshold: float = -1.0
    compression_ratio_threshold: float = 2.4
    drop_below_confidence: float = 0.15
    low_confidence: float = 0.45
    max_repeats: int = 3  # an n-gram repeated more often than this in a row is a loop


@dataclass
class GuardedSegment:
    segment: RawSegment
    confidence: float
    flags: list[str] = field(default_factory=list)


@dataclass
class Dropped:
    segment: RawSegment
    reason: str


def guard(
    raw: list[RawSegment], options: GuardOptions | None = None
) -> tuple[list[GuardedSegment], list[Dropped]]:
    options = options or GuardOptions()
    kept: list[GuardedSegment] = []
    dropped: list[Dropped] = []
    for segment in raw:
        flags: list[str] = []
        words = _collapse_loops(segment.words, options.max_repeats)
        if len(words) < len(segment.words) or segment.compression_ratio > (
            options.compression_ratio_threshold
        ):
            flags.append("repetition")
        if words is not segment.words:
            segment.words = words
            segment.text = "".join(word.word for word in words).strip()
        reason = _drop_reason(segment, options)
        if reason:
            dropped.append(Dropped(segment, reason))
            continue
        if segment.temperature > 0:
            flags.append("fallback")
        confidence = segment_confidence(segment, flags)
        if confidence < options.drop_below_confidence:
            dropped.append(Dropped(segment, f"unintelligible (confidence {confidence:.2f})"))
            continue
        if confidence < options.low_confidence:
            flags.append("low_confidence")
        kept.append(GuardedSegment(segment, confidence, flags))
    return kept, dropped


def segment_confidence(segment: RawSegment, flags: list[str]) -> float:
    """Mean word probability, discounted for likely non-speech, fallback and loops."""
    if segment.words:
        base = sum(word.probability for word in segment.words) / len(segment.words)
    else:
        base = math.exp(min(segment.avg_logprob, 0.0))
    confidence = base * (1.0 - 0.5 * segment.no_speech_prob)
    if "fallback" in flags:
        confidence *= 0.7
    if "repetition" in flags:
        confidence *= 0.6
    return min(max(confidence, 0.0), 1.0)


def normalise(text: str) -> str:
    """Lower case, punctuation and extra spaces removed: for phrase lists and WER."""
    text = re.sub(r"[^\w\s']", " ", text.lower()).replace("'", "")
    return " ".join(text.split())


def _drop_reason(segment: RawSegment, options: GuardOptions) -> str | None:
    text = normalise(segment.text).replace(".", "")
    if not text:
        return "empty text"
    if text in HALLUCINATED_PHRASES:
        return f"known silence hallucination {segment.text!r}"
    if text in SHORT_SUSPECTS and (segment.no_speech_prob > 0.5 or segment.avg_logprob < -1.0):
        return f"likely non-speech {segment.text!r} (no_speech_prob {segment.no_speech_prob:.2f})"
    if (
        segment.no_speech_prob > options.no_speech_threshold
        and segment.avg_logprob < options.logprob_threshold
    ):
        return f"no speech (no_speech_prob {segment.no_speech_prob:.2f})"
    return None


def _collapse_loops(words: list[RawWord], max_repeats: int) -> list[RawWord]:
    """Remove an n-gram (n ≤ 6) repeated more than `max_repeats` times in a row.

    Digits are left alone: "one one one one" is how a card number is read, and the words
    must survive until redaction replaces them and silences their audio (a collapsed
    number would leave the spoken digits audible and uncounted)."""
    tokens = [normalise(word.word) for word in words]
    for n in range(1, 7):
        i = 0
        keep = list(range(len(tokens)))
        changed = False
        while i + n <= len(keep):
            gram = [tokens[k] for k in keep[i : i + n]]
            j = i + n
            repeats = 1
            while j + n <= len(keep) and [tokens[k] for k in keep[j : j + n]] == gram:
                repeats += 1
                j += n
            if repeats > max_repeats and not all(token.isdigit() for token in gram):
                del keep[i + n : j]
                changed = True
            i += 1
        if changed:
            words = [words[k] for k in keep]
            tokens = [tokens[k] for k in keep]
    return words
