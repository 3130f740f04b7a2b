"""Phone numbers: runs of 7–15 digits the `phonenumbers` library accepts, or that the
words before them call a phone.

Without a word saying so, a run must be a valid number of a country the call's language
is spoken in and at least 8 digits long; after "order", "invoice", "account" and the like
it is a reference and stays, unless it starts with "+" (nobody says "plus" before an order
number). Dates (`12/28/2026`), times and prices never become phones.
"""

from __future__ import annotations

import itertools

import phonenumbers

from qa.privacy.context import (
    CARD,
    IBAN,
    NATIONAL_ID,
    NOT_PII,
    PHONE,
    WEAK_PHONE,
    matches,
    nearest_before,
)
from qa.privacy.findings import Finding, overlaps
from qa.privacy.stream import Run, Stream

MIN_PHONE, MAX_PHONE = 7, 15
MIN_PHONE_WITHOUT_CONTEXT = 8
REGIONS: dict[str, tuple[str, ...]] = {
    # Latvia beside every language: callqa's first users answer Latvian numbers in all of them.
    "en": ("US", "GB", "IE", "CA", "AU", "LV"),
    "ru": ("RU", "KZ", "BY", "UA", "LV"),
    "lv": ("LV",),
    "ar": ("SA", "AE", "EG", "JO", "KW", "QA", "MA"),
}
CURRENCY = frozenset(
    {"$", "€", "£", "₽", "dollars", "dollar", "euro", "euros", "eur", "usd", "cents",
     "руб", "рублей", "рубля", "рубль", "евро", "долларов", "eiro", "eiras", "ريال", "درهم"}
)  # fmt: skip
PHONE_NOUNS = ("phone", "telephone", "mobile", "телефон", "мобильн", "tālrun", "telefon", "هاتف")
CONTEXT = {
    "phone": PHONE,
    "other": NOT_PII + CARD + IBAN + NATIONAL_ID,
    "weak": WEAK_PHONE,
}


def find_phones(stream: Stream, language: str, taken: set[int]) -> list[Finding]:
    found: list[Finding] = []
    for run in stream.runs:
        for count in range(len(run.numbers), 0, -1):  # the whole run, then shorter heads
            head = Run(run.numbers[:count], run.plus)
            finding = Finding("phone", head.first, head.last)
            if not overlaps(finding, taken) and _is_phone(stream, head, language):
                found.append(finding)
                break
    return found


def _is_phone(stream: Stream, run: Run, language: str) -> bool:
    digits = run.digits
    if not MIN_PHONE <= len(digits) <= MAX_PHONE or _looks_like_date_or_price(stream, run):
        return False
    if _inside_a_code(stream, run):
        return False
    if run.plus:  # nobody says "plus" before anything but a phone number
        return True
    said = nearest_before(stream, run.first, CONTEXT).kind
    if _phone_number_said(stream, run):  # "the phone number on the account is …"
        return True
    if said == "other":
        return False
    if said == "phone":
        return True
    regions = REGIONS.get(language, ("US", "GB", "LV"))
    valid = any(_valid(digits, region) for region in regions) or (
        len(digits) >= 10 and _valid("+" + digits, None)
    )
    if said == "weak":
        return valid or len(digits) >= 9
    return valid and len(digits) >= MIN_PHONE_WITHOUT_CONTEXT


def _phone_number_said(stream: Stream, run: Run) -> bool:
    """ "phone number" / "номер телефона" in the sentence before: the head of what follows."""
    words = [w for _, w in stream.words_before(run.first, 8)][::-1]
    pairs = itertools.pairwise(words)
    return any(
        (matches(a, PHONE_NOUNS) and matches(b, WEAK_PHONE))
        or (matches(a, WEAK_PHONE) and matches(b, PHONE_NOUNS))
        for a, b in pairs
    )


def _inside_a_code(stream: Stream, run: Run) -> bool:
    """Digits glued to letters (`1Z999AA10123456784`) belong to a code, not a phone."""
    tokens = stream.tokens
    before = tokens[run.first - 1] if run.first > 0 else None
    after = tokens[run.last + 1] if run.last + 1 < len(tokens) else None
    first_glued = before is not None and before.kind == "alpha" and tokens[run.first].glued
    last_glued = after is not None and after.kind == "alpha" and after.glued
    return first_glued or last_glued


def _looks_like_date_or_price(stream: Stream, run: Run) -> bool:
    inside = stream.tokens[run.first : run.last + 1]
    if any(t.text in ("/", ":") for t in inside):
        return True
    edges = (run.first - 1, run.last + 1)
    around = [stream.tokens[i] for i in edges if 0 <= i < len(stream.tokens)]
    return any(t.norm in CURRENCY for t in around)


def _valid(number: str, region: str | None) -> bool:
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(number, region))
    except phonenumbers.NumberParseException:
        return False
