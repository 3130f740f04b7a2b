"""Spoken numbers back to digits: each said number keeps its own width."""

from __future__ import annotations

import pytest

from qa.privacy.spoken import luhn_valid, parse_number_words


def digits(text: str) -> list[str]:
    return [group for _, _, group in parse_number_words(text.lower().split())]


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("four one one one", ["4", "1", "1", "1"]),
        ("forty five", ["45"]),
        ("one oh five", ["1", "0", "5"]),
        ("double eight triple one", ["88", "111"]),
        ("four hundred five", ["405"]),
        ("nine hundred and sixteen", ["916"]),
        ("сто двадцать три", ["123"]),
        ("девятьсот шестнадцать", ["916"]),
        ("восемьдесят два", ["82"]),
        ("divdesmit deviņi", ["29"]),
        ("oh I see", []),  # "oh" alone is not zero
        ("twelve twenty eight", ["12", "28"]),
    ],
)
def test_number_words(said: str, expected: list[str]) -> None:
    assert digits(said) == expected


def test_luhn() -> None:
    assert luhn_valid("4111111111111111")
    assert luhn_valid("378282246310005")
    assert not luhn_valid("4111111111111112")
