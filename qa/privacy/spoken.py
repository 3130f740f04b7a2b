"""Numbers as a caller says them and Whisper writes them, turned back into digits.

Whisper writes a spoken card number as digits, as digit groups, as words ("four one one
one", "четыре один один один"), as compounds ("forty five", "сто двенадцать"), with
"double"/"triple", with "oh" for zero, and sometimes writes "double eight" as `W8`
(docs/privacy-asr-findings.md). Redaction must see the digits behind all of these.
"""

from __future__ import annotations

import unicodedata

# 0–9 said alone: English, Russian, Latvian, Arabic.
UNITS: dict[str, int] = {
    **dict.fromkeys(["zero", "nought", "nil"], 0),
    **dict(
        zip(
            ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"],
            range(1, 10),
            strict=True,
        )
    ),
    **dict.fromkeys(["ноль", "нуль", "ноля", "нуля"], 0),
    **dict.fromkeys(["один", "одна", "одну", "одного", "раз"], 1),
    **dict.fromkeys(["два", "две", "двух"], 2),
    **dict.fromkeys(["три", "трёх", "трех"], 3),
    **dict.fromkeys(["четыре", "четырёх", "четырех"], 4),
    **dict.fromkeys(["пять", "пяти"], 5),
    **dict.fromkeys(["шесть", "шести"], 6),
    **dict.fromkeys(["семь", "семи"], 7),
    **dict.fromkeys(["восемь", "восьми"], 8),
    **dict.fromkeys(["девять", "девяти"], 9),
    "nulle": 0,
    "viens": 1,
    "viena": 1,
    "divi": 2,
    "trīs": 3,
    "četri": 4,
    "pieci": 5,
    "seši": 6,
    "septiņi": 7,
    "astoņi": 8,
    "deviņi": 9,
    "صفر": 0,
    "واحد": 1,
    "اثنان": 2,
    "اثنين": 2,
    "ثلاثة": 3,
    "أربعة": 4,
    "اربعة": 4,
    "خمسة": 5,
    "ستة": 6,
    "سبعة": 7,
    "ثمانية": 8,
    "تسعة": 9,
}
# "oh" is zero only beside other numbers; alone it is an interjection ("Oh, I see").
ZERO_LETTERS = frozenset({"oh", "o"})


def _counted(words: str, first: int, step: int = 1) -> dict[str, int]:
    """Words that count up from `first` by `step`: "ten eleven …" → {ten: 10, …}."""
    return {word: value * step for value, word in enumerate(words.split(), first)}


TEENS: dict[str, int] = {
    **_counted(
        "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen", 10
    ),
    **_counted(
        "десять одиннадцать двенадцать тринадцать четырнадцать пятнадцать шестнадцать "
        "семнадцать восемнадцать девятнадцать",
        10,
    ),
    **_counted(
        "desmit vienpadsmit divpadsmit trīspadsmit četrpadsmit piecpadsmit sešpadsmit "
        "septiņpadsmit astoņpadsmit deviņpadsmit",
        10,
    ),
    "عشرة": 10,
}
TENS: dict[str, int] = {
    **_counted("twenty thirty forty fifty sixty seventy eighty ninety", 2, 10),
    **_counted(
        "двадцать тридцать сорок пятьдесят шестьдесят семьдесят восемьдесят девяносто", 2, 10
    ),
    **_counted(
        "divdesmit trīsdesmit četrdesmit piecdesmit sešdesmit septiņdesmit astoņdesmit deviņdesmit",
        2,
        10,
    ),
}
HUNDREDS: dict[str, int] = {
    **_counted("сто двести триста четыреста пятьсот шестьсот семьсот восемьсот девятьсот", 1, 100),
    "simts": 100,
    "simt": 100,
}
HUNDRED_WORDS = frozenset({"hundred", "simti"})  # "four hundred", "četri simti"
REPEATERS = {"double": 2, "triple": 3, "dubult": 2}


def word_value(word: str) -> int | None:
    """The value of a number word standing alone (0–900), None for any other word."""
    for table in (UNITS, TEENS, TENS, HUNDREDS):
        if word in table:
            return table[word]
    return None


def is_number_word(word: str) -> bool:
    return (
        word_value(word) is not None
        or word in HUNDRED_WORDS
        or word in REPEATERS
        or word in ZERO_LETTERS
    )


def digits_of(token: str) -> str:
    """A token of decimal digits in any script (Arabic-Indic ٤١١١ too) as ASCII digits."""
    return "".join(str(unicodedata.digit(char)) for char in token)


def parse_number_words(words: list[str]) -> list[tuple[int, int, str]]:
    """Number words (lower-case, one per item; None-like non-numbers end a group) read as
    digit groups: (first index, last index, digits). "forty five" → 45, "сто двадцать три"
    → 123, "four hundred five" → 405, "double eight" → 88, "oh" → 0 beside numbers.

    Each said number keeps its own width: "one oh five" is 1, 0, 5, not 105 or 15."""
    groups: list[tuple[int, int, str]] = []
    i = 0
    n = len(words)
    while i < n:
        word = words[i]
        if word in REPEATERS and i + 1 < n and words[i + 1] in UNITS:
            groups.append((i, i + 1, str(UNITS[words[i + 1]]) * REPEATERS[word]))
            i += 2
            continue
        if word in ZERO_LETTERS:
            if _beside_number(words, i):
                groups.append((i, i, "0"))
            i += 1
            continue
        if word == "or" and 0 < i < n - 1 and _numeric(words[i - 1]) and _numeric(words[i + 1]):
            groups.append((i, i, "0"))  # "oh" as Whisper writes it between digit groups
            i += 1
            continue
        value = word_value(word)
        if value is None:
            i += 1
            continue
        first = i
        if word in UNITS and i + 1 < n and words[i + 1] in HUNDRED_WORDS:
            value, i = UNITS[word] * 100, i + 1
            word = "hundred"
        if value >= 100:  # hundreds take what follows: tens and/or units, teens
            rest, i = _below_hundred(words, i + 1)
            groups.append((first, i - 1, str(value + rest) if rest is not None else str(value)))
            continue
        if word in TENS:
            rest, i = _units_after(words, i + 1)
            groups.append((first, i - 1, str(value + (rest or 0))))
            continue
        groups.append((first, i, str(value)))
        i += 1
    return groups


def _below_hundred(words: list[str], i: int) -> tuple[int | None, int]:
    """After a hundred: 'and'? then teens, or tens [units], or units."""
    j = i + 1 if i < len(words) and words[i] == "and" else i
    if j < len(words) and words[j] in TEENS:
        return TEENS[words[j]], j + 1
    if j < len(words) and words[j] in TENS:
        rest, k = _units_after(words, j + 1)
        return TENS[words[j]] + (rest or 0), k
    if j < len(words) and words[j] in UNITS and UNITS[words[j]] > 0:
        return UNITS[words[j]], j + 1
    return None, i


def _units_after(words: list[str], i: int) -> tuple[int | None, int]:
    if i < len(words) and words[i] in UNITS and UNITS[words[i]] > 0:
        return UNITS[words[i]], i + 1
    return None, i


def _beside_number(words: list[str], i: int) -> bool:
    neighbours = [words[k] for k in (i - 1, i + 1) if 0 <= k < len(words)]
    return any(
        w.isdigit() or (w not in ZERO_LETTERS and is_number_word(w)) or w in ZERO_LETTERS
        for w in neighbours
    )


def _numeric(word: str) -> bool:
    return word.isdigit() or word_value(word) is not None


def luhn_valid(digits: str) -> bool:
    """The payment-card check digit (ISO/IEC 7812)."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0
