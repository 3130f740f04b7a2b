"""A call's words as one stream of tokens, with the numbers said in it joined into runs.

Redaction works on the whole call at once, not segment by segment: Whisper cuts a spoken
number across segments (36 of 77 probe renderings) and the diarizer may give the halves
to different speakers. Each token remembers the *unit* it came from — a word of a segment,
or a whitespace-separated piece of a segment without words — because units are what get
replaced: a word's timing is kept, its text becomes a placeholder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from qa.privacy.spoken import digits_of, parse_number_words

TokenKind = Literal["digits", "alpha", "punct"]

# Digits in any script, letters in any script, or one other non-space character.
_TOKEN = re.compile(r"\d+|[^\W\d_]+|[^\w\s]|_")

# Said between the groups of one number: "four one one one, and then one one one one".
FILLERS = frozenset(
    {
        "and", "then", "next", "uh", "um", "er", "erm", "ah", "dash", "space",
        "и", "потом", "дальше", "затем", "э", "эм", "тире", "дефис",
        "un", "tad", "pēc", "tam", "svītra", "ثم", "و", "slash", "lash", "слэш", "дробь",
    }
)  # fmt: skip
JOINING_PUNCT = frozenset("-–—.,/()")
MAX_GAP_S = 4.0  # a number's groups may fall in two segments this far apart
MAX_FILLERS = 2


@dataclass(frozen=True)
class Unit:
    """A replaceable piece: a word (with its timing) or a piece of a wordless segment."""

    segment: int
    index: int  # position among the segment's words, or among its text pieces
    text: str
    start: float
    end: float


@dataclass(frozen=True)
class Token:
    text: str
    norm: str
    kind: TokenKind
    unit: int  # index into Stream.units
    glued: bool  # no space between it and the token before (same unit, or joined units)


@dataclass(frozen=True)
class Number:
    """A number said or written: tokens first..last (inclusive) stand for `digits`."""

    first: int
    last: int
    digits: str


@dataclass(frozen=True)
class Run:
    """Numbers said one after another, as one digit string (a card read in groups)."""

    numbers: tuple[Number, ...]
    plus: bool  # preceded by "+" or "plus": an international phone number

    @property
    def digits(self) -> str:
        return "".join(n.digits for n in self.numbers)

    @property
    def first(self) -> int:
        return self.numbers[0].first

    @property
    def last(self) -> int:
        return self.numbers[-1].last


@dataclass
class Stream:
    units: list[Unit]
    tokens: list[Token]
    numbers: list[Number] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)

    def unit_of(self, token: int) -> Unit:
        return self.units[self.tokens[token].unit]

    def gap_s(self, before: int, after: int) -> float:
        """Seconds of silence between token `before` and token `after`."""
        return max(self.unit_of(after).start - self.unit_of(before).end, 0.0)

    def words_before(self, token: int, count: int) -> list[tuple[int, str]]:
        """Up to `count` word tokens before `token`, nearest first: (index, norm)."""
        found: list[tuple[int, str]] = []
        i = token - 1
        while i >= 0 and len(found) < count:
            if self.tokens[i].kind == "alpha":
                found.append((i, self.tokens[i].norm))
            i -= 1
        return found

    def words_after(self, token: int, count: int) -> list[tuple[int, str]]:
        found: list[tuple[int, str]] = []
        i = token + 1
        while i < len(self.tokens) and len(found) < count:
            if self.tokens[i].kind == "alpha":
                found.append((i, self.tokens[i].norm))
            i += 1
        return found


def build_stream(units: list[Unit]) -> Stream:
    tokens: list[Token] = []
    for u, unit in enumerate(units):
        for k, match in enumerate(_TOKEN.finditer(unit.text)):
            text = match.group()
            kind: TokenKind = "digits" if text.isdigit() else "alpha" if text.isalpha() else "punct"
            glued = k > 0 and not unit.text[: match.start()].endswith((" ", "\t"))
            tokens.append(Token(text, text.lower(), kind, u, glued))
    stream = Stream(units, tokens)
    stream.numbers = _numbers(tokens)
    stream.runs = _runs(stream)
    return stream


def _numbers(tokens: list[Token]) -> list[Number]:
    """Digit tokens, number words and `W8` ("double eight" as Whisper writes it)."""
    numbers: list[Number] = []
    words = [i for i, t in enumerate(tokens) if t.kind != "punct"]
    norms = [digits_of(tokens[i].text) if tokens[i].kind == "digits" else tokens[i].norm
             for i in words]  # fmt: skip
    for first, last, digits in parse_number_words(norms):
        numbers.append(Number(words[first], words[last], digits))
    for i, token in enumerate(tokens):
        if token.kind != "digits":
            continue
        digits = digits_of(token.text)
        before = tokens[i - 1] if i > 0 else None
        if before and before.norm == "w" and token.glued:
            numbers.append(Number(i - 1, i, digits[0] + digits))
        else:
            numbers.append(Number(i, i, digits))
    return sorted(numbers, key=lambda n: n.first)


def _runs(stream: Stream) -> list[Run]:
    runs: list[Run] = []
    current: list[Number] = []
    for number in stream.numbers:
        if current and _joined(stream, current[-1].last, number.first):
            current.append(number)
            continue
        if current:
            runs.append(Run(tuple(current), _plus_before(stream, current[0].first)))
        current = [number]
    if current:
        runs.append(Run(tuple(current), _plus_before(stream, current[0].first)))
    return runs


def _joined(stream: Stream, last: int, first: int) -> bool:
    """Only joining punctuation, a few fillers and a short pause lie between the two. A
    lone letter glued to the next digits (`-T1111`) is Whisper mishearing a digit."""
    if stream.gap_s(last, first) > MAX_GAP_S:
        return False
    fillers = 0
    between = stream.tokens[last + 1 : first]
    if between and len(between[-1].text) == 1 and between[-1].kind == "alpha":
        between = between[:-1] if stream.tokens[first].glued else between
    for token in between:
        if token.kind == "punct" and token.text in JOINING_PUNCT:
            continue
        if token.kind == "alpha" and token.norm in FILLERS and fillers < MAX_FILLERS:
            fillers += 1
            continue
        return False
    return True


def _plus_before(stream: Stream, first: int) -> bool:
    before = stream.tokens[first - 1] if first > 0 else None
    return before is not None and before.norm in ("+", "plus", "плюс", "pluss", "زائد")
