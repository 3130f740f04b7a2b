"""Redaction on text as Whisper writes it: what must go, what must stay, and how it looks.

Examples are spelled the way the product's ASR really wrote them for festival voices
(docs/privacy-asr-findings.md); the values are public test card numbers."""

from __future__ import annotations

import re

import pytest

from qa.privacy.redact import REDACTION_VERSION, redact, redact_text
from qa.transcript import AsrInfo, DroppedSegment, Segment, Transcript, Word

ASR = AsrInfo(backend="faster-whisper", model="base", compute_type="int8")


def redacted(text: str, language: str = "en") -> str:
    return redact_text(text, language)[0]


def kinds(text: str, language: str = "en") -> list[str]:
    return [finding.kind for finding in redact_text(text, language)[1]]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("My card number is 4111 1111 1111 1111.", "en"),
        ("My card is 4539 -1488-0343-6467.", "en"),  # groups glued by dashes
        ("4111111111111111111", "en"),  # a repeated digit miscounted: 19 digits, no check
        (
            "four five three nine, one four eight eight, oh three four three, six four six seven",
            "en",
        ),
        (
            "five five double five, double five double five, five five five five, "
            "double four double four",
            "en",
        ),
        ("4012, W8, W1881", "en"),  # "double eight" written W8
        ("It's an MX 3782 822463 -10005.", "en"),
        ("номер карты четыре один один один " + "один " * 12, "ru"),
        (
            "пятьдесят два ноль ноль, восемьдесят два восемьдесят два, тридцать один ноль семь, "
            "двадцать девять сорок четыре",
            "ru",
        ),
        ("52.00, 82.82, 31.07, 29.44", "ru"),  # read as prices
        ("رقم بطاقتي ٤١١١ ١١١١ ١١١١ ١١١١", "ar"),
        ("Mana kartes numurs ir 5555 5555 5555 4444", "lv"),
    ],
)
def test_cards_in_any_form_leave_no_digits_behind(text: str, language: str) -> None:
    out = redacted(text, language)
    assert "[CARD]" in out
    assert not re.search(r"\d", out.replace("[CARD]", "")), out


def test_a_card_cut_across_two_segments_is_one_card_replaced_in_both() -> None:
    words_a = [(" My", 0.0), (" card", 0.4), (" is", 0.8), (" 4539", 1.2)]
    words_b = [(" -1488-0343-6467.", 3.0)]
    transcript = Transcript(
        call_id="c",
        language="en",
        duration=10.0,
        layout="stereo",
        asr=ASR,
        segments=[_segment("customer", words_a), _segment("agent", words_b)],
    )
    out = redact(transcript)
    assert [s.text for s in out.segments] == ["My card is [CARD]", "[CARD]."]
    assert out.redaction is not None
    assert out.redaction.counts == {"card": 1}
    assert out.redaction.version == REDACTION_VERSION
    # the words are replaced, their timings kept: the audio is silenced over them
    assert [(w.word, w.start, w.end) for w in out.segments[0].words][-1] == (" [CARD]", 1.2, 1.6)
    spans = [(s.kind, s.speaker, s.start, s.end) for s in out.redaction.spans]
    assert spans == [("card", "customer", 1.2, 1.6), ("card", "agent", 3.0, 3.4)]


def test_expiry_and_security_code_said_with_a_card_are_redacted() -> None:
    assert redacted("Card number 411111111111111XP1228, Security Code 123") == (
        "Card number [CARD] [EXPIRY], Security Code [CVV]"
    )
    out = redacted("My card is 5555 5555 5555 4444. It expires 0-3-Lash 27 and the CVV is 456.")
    assert out == "My card is [CARD]. It expires [EXPIRY] and the CVV is [CVV]."


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("You can call me back at 212-555-0198.", "en"),
        ("It's plus 444-7911 -123456.", "en"),
        ("My number is 2125550198", "en"),
        ("Мой телефон плюс 7 916 123-45-67", "ru"),
        (
            "Запишите номер восемь девятьсот шестнадцать "
            "сто двадцать три сорок пять шестьдесят семь",
            "ru",
        ),
        ("Mans tālrunis ir 29 123 456", "lv"),
        ("رقم هاتفي ٠٥٠١٢٣٤٥٦٧", "ar"),
    ],
)
def test_phones(text: str, language: str) -> None:
    out = redacted(text, language)
    assert "[PHONE]" in out and not re.search(r"\d{3}", out), out


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Send it to john dot smith at example dot com.", "en", "Send it to [EMAIL]."),
        ("My mail is John Dotsmith at example.com", "en", "My mail is [EMAIL]"),
        ("Anna Dashmeria at company.lv", "en", "[EMAIL]"),
        ("write to anna.berzina@company.lv today", "en", "write to [EMAIL] today"),
        ("Почта иван точка петров собака яндекс точка ру.", "ru", "Почта [EMAIL]."),
        ("Почта Иванточка Петров собакая и Анда Косточка Ру.", "ru", "Почта [EMAIL]."),
    ],
)
def test_emails_written_and_spoken(text: str, language: str, expected: str) -> None:
    assert redacted(text, language) == expected


def test_ibans_and_identity_numbers() -> None:
    assert redacted("My Ibon is LV80, B-A-N-K, 0000, 4351, 95001.") == "My Ibon is [IBAN]."
    assert redacted("IBAN GB82 WEST 1234 5698 7654 32") == "IBAN [IBAN]"
    assert redacted("my social security number is 536-90-4399") == (
        "my social security number is [ID]"
    )
    assert redacted("Снилс 112 233 445 95", "ru") == "Снилс [ID]"
    assert redacted("My personal code is 161175-19997", "en") == "My personal code is [ID]"


@pytest.mark.parametrize(
    "text",
    [
        "Your order number is 4471 2290 1133 and the total is $1,299.99.",
        "The delivery is on 12/28/2026 at 10:30, about 45 minutes.",
        "The card ending in 4444 was charged 25 dollars.",
        "Your tracking number is 1Z999AA10123456784.",
        "The account number 1234567890123 is on the invoice.",  # fails Luhn: not a card
        "Invoice 20261125 for 3 items, reference 88120.",
        "I waited at the office for two hours, then at home.",
        "Ваш заказ номер 4471229011 доставят 28 декабря.",
        "Pasūtījuma numurs 55120934, summa 129,99 eiro.",
    ],
)
def test_look_alikes_stay(text: str) -> None:
    language = "ru" if "заказ" in text else "lv" if "Pasūt" in text else "en"
    assert redact_text(text, language) == (text, [])


def test_dropped_text_is_redacted_too() -> None:
    transcript = Transcript(
        call_id="c",
        language="en",
        duration=10.0,
        layout="mono",
        asr=ASR,
        segments=[],
        dropped=[
            DroppedSegment(
                speaker="customer", start=2.0, end=5.0, text="4111 1111 1111 1111", reason="x"
            )
        ],
    )
    out = redact(transcript)
    assert out.dropped[0].text == "[CARD]"
    assert out.redaction is not None and out.redaction.counts == {"card": 1}
    assert [(s.start, s.end) for s in out.redaction.spans] == [(2.0, 5.0)]


def test_segments_without_words_are_redacted_by_text() -> None:
    segment = Segment(
        speaker="customer", start=1.0, end=4.0, text="It is 212 555 0198, thanks.", confidence=0.9
    )
    transcript = Transcript(
        call_id="c", language="en", duration=5.0, layout="mono", asr=ASR, segments=[segment]
    )
    out = redact(transcript)
    assert out.segments[0].text == "It is [PHONE], thanks."
    assert out.redaction is not None
    assert [(s.kind, s.start, s.end) for s in out.redaction.spans] == [("phone", 1.0, 4.0)]


def test_nothing_found_still_records_the_redaction() -> None:
    segment = Segment(speaker="agent", start=0.0, end=1.0, text="Hello!", confidence=0.9)
    transcript = Transcript(
        call_id="c", language="en", duration=1.0, layout="mono", asr=ASR, segments=[segment]
    )
    out = redact(transcript)
    assert out.segments == transcript.segments
    assert out.redaction is not None and out.redaction.counts == {} and out.redaction.spans == []


def _segment(speaker: str, words: list[tuple[str, float]]) -> Segment:
    items = [Word(start=t, end=t + 0.4, word=w, probability=0.9) for w, t in words]
    return Segment(
        speaker=speaker,  # type: ignore[arg-type]
        start=items[0].start,
        end=items[-1].end,
        text="".join(w for w, _ in words).strip(),
        confidence=0.9,
        words=items,
    )


def test_words_stored_without_spaces_as_transcription_stores_them() -> None:
    said = ["My", "card", "is", "45391488", "or", "3436467."]  # what the product's ASR wrote
    words = [Word(start=k, end=k + 0.5, word=w, probability=0.9) for k, w in enumerate(said)]
    segment = Segment(
        speaker="customer", start=0.0, end=6.0, text=" ".join(said), confidence=0.9, words=words
    )
    transcript = Transcript(
        call_id="c", language="en", duration=6.0, layout="stereo", asr=ASR, segments=[segment]
    )
    out = redact(transcript).segments[0]
    assert out.text == "My card is [CARD]."
    assert [(w.word, w.start, w.end) for w in out.words][-1] == ("[CARD].", 3.0, 5.5)


def test_an_expiry_asked_for_with_the_code_is_an_expiry() -> None:
    # as the product's ASR wrote the end-to-end call (tests/pipelines/data/en_card_payment.yaml)
    said = (
        "My card is 45391488 or 3436467. Thank you. And the expiry date and the secure cheat "
        "code. It expires 1228 and the CVV is 456."
    )
    assert redacted(said) == (
        "My card is [CARD]. Thank you. And the expiry date and the secure cheat "
        "code. It expires [EXPIRY] and the CVV is [CVV]."
    )
