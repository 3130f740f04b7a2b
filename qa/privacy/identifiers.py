"""IBANs and national identity numbers, checked with `python-stdnum` where a check exists.

- IBAN: a country code and check digits (`LV80`, "L V eight zero", Cyrillic `ЛВ8…`) then
  letters and digits, valid by ISO 13616 (each country's length, mod-97 check); after
  "IBAN" ("Ibon", "айбан") a run of 12 or more is redacted even when Whisper broke the check.
- Latvian personas kods (11 digits, checksum or the 32… form), Russian SNILS (11 digits,
  checksum) and personal INN (12 digits, checksum), US SSN (9 digits): when valid and said
  after a word that names an identity number; a dashed SSN (`123-45-6789`) also without.
- Passport numbers have no check digit: 6–10 digits after "passport"/"паспорт"/"pase".
"""

from __future__ import annotations

from stdnum import iban as iban_check
from stdnum.lv import pvn
from stdnum.ru import inn
from stdnum.us import ssn

from qa.privacy.context import (
    CARD,
    IBAN,
    NAMED_ID,
    NATIONAL_ID,
    NOT_PII,
    PHONE,
    nearest_before,
    said_near,
)
from qa.privacy.findings import Finding, overlaps
from qa.privacy.spoken import digits_of, word_value
from qa.privacy.stream import Run, Stream

# Latin letters as Whisper writes them in Cyrillic when a Russian speaker spells them.
CYRILLIC_AS_LATIN = str.maketrans(
    "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЭЮЯ", "ABVGDEEZZIJKLMNOPRSTUFHCCSSEUA"
)
# What Russians say for Latin letters ("эл вэ" for LV), and Latvian/English letter names.
LETTER_NAMES = {
    "эл": "L", "вэ": "V", "бэ": "B", "а": "A", "эн": "N", "ка": "K", "гэ": "G", "дэ": "D",
    "е": "E", "эс": "S", "тэ": "T", "эф": "F", "эм": "M", "пэ": "P", "эр": "R", "и": "I",
}  # fmt: skip
_IBAN_COUNTRIES = (
    "AD AE AL AT AZ BA BE BG BH BR BY CH CR CY CZ DE DK DO EE EG ES FI FO FR GB GE GI GL GR "
    "GT HR HU IE IL IQ IS IT JO KW KZ LB LC LI LT LU LV MC MD ME MK MR MT MU NL NO PK PL PS "
    "PT QA RO RS SA SC SE SI SK SM ST SV TL TN TR UA VA VG XK"
)
IBAN_COUNTRIES = frozenset(_IBAN_COUNTRIES.split())
MAX_IBAN = 34
MIN_IBAN_BY_CONTEXT = 12
MIN_IBAN_UNSAID = 15
PASSPORT = ("passport", "паспорт", "pase", "جواز")
ID_CONTEXT = {"id": NATIONAL_ID, "other": NOT_PII + CARD + PHONE}
# The spelling alphabet callers use for letters ("Lima Victor" for LV).
_NATO = (
    "alpha alfa bravo charlie delta echo foxtrot golf hotel india juliet juliett kilo lima "
    "mike november oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu"
)
NATO = {word: word[0].upper() for word in _NATO.split()}


def find_ibans(stream: Stream, taken: set[int]) -> list[Finding]:
    found: list[Finding] = []
    i = 0
    while i < len(stream.tokens):
        finding = _iban_at(stream, i)
        if finding and not overlaps(finding, taken):
            found.append(finding)
            i = finding.last + 1
        else:
            i += 1
    return found


def _iban_at(stream: Stream, start: int) -> Finding | None:
    chars, ends = _alnum_from(stream, start)
    if len(chars) < 4 or chars[:2] not in IBAN_COUNTRIES or not chars[2].isdigit():
        return None
    for length in range(min(len(chars), MAX_IBAN), 14, -1):
        if iban_check.is_valid(chars[:length]):
            return Finding("iban", start, ends[length - 1])
    # Whisper broke the check: a country, check digits and 15+ characters are still one,
    # and after "IBAN" so is any 12+ that starts with a country.
    if len(chars) >= MIN_IBAN_UNSAID and chars[2:4].isdigit():
        return Finding("iban", start, ends[-1])
    if len(chars) >= MIN_IBAN_BY_CONTEXT and said_near(stream, start, start, IBAN, 8):
        return Finding("iban", start, ends[-1])
    return None


def _alnum_from(stream: Stream, start: int) -> tuple[str, list[int]]:
    """Letters and digits from `start` on, as spelled or said, with the token each ends at."""
    chars = ""
    ends: list[int] = []
    for j in range(start, len(stream.tokens)):
        token = stream.tokens[j]
        if j > start and stream.gap_s(j - 1, j) > 4.0:
            break
        piece = _alnum(token.text, token.kind)
        if piece is None:
            if token.kind == "punct" and token.text in "-–.,/":
                continue
            break
        if len(chars) + len(piece) > MAX_IBAN:
            break
        chars += piece
        ends.extend([j] * len(piece))
    return chars, ends


def _alnum(text: str, kind: str) -> str | None:
    if kind == "digits":
        return digits_of(text)
    if kind != "alpha":
        return None
    lower = text.lower()
    if lower in LETTER_NAMES:
        return LETTER_NAMES[lower]
    if lower in NATO:
        return NATO[lower]
    value = word_value(lower)
    if value is not None and value < 10:
        return str(value)
    latin = text.upper().translate(CYRILLIC_AS_LATIN)
    if latin.isascii() and latin.isalpha() and (text.isupper() or len(text) == 1):
        return latin  # `LV`, `BANK`, `ЛВ`, a spelled `b`: never a word such as "is"
    return None


def find_national_ids(stream: Stream, taken: set[int]) -> list[Finding]:
    found: list[Finding] = []
    for run in stream.runs:
        finding = Finding("national_id", run.first, run.last)
        if overlaps(finding, taken):
            continue
        digits = run.digits
        said = nearest_before(stream, run.first, ID_CONTEXT, 8).kind
        named = said_near(stream, run.first, run.last, NAMED_ID, 8) and said != "other"
        passport = said_near(stream, run.first, run.last, PASSPORT, 8)
        by_word = (
            (said == "id" and _valid_id(digits))
            or (named and 9 <= len(digits) <= 14)
            or (passport and 6 <= len(digits) <= 10)
        )
        if by_word or (_dashed_ssn(stream, run) and ssn.is_valid(digits)):
            found.append(finding)
    return found


def _valid_id(digits: str) -> bool:
    if len(digits) == 11:
        return pvn.is_valid(digits) or snils_valid(digits)
    if len(digits) == 12:
        return inn.is_valid(digits)
    return len(digits) == 9 and ssn.is_valid(digits)


def snils_valid(digits: str) -> bool:
    """Russia's SNILS: 9 digits and a two-digit check (weights 9..1, mod 101, 100 → 00)."""
    if len(digits) != 11 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(9, 0, -1), strict=True))
    check = total % 101 if total > 101 else total
    return f"{0 if check in (100, 101) else check:02d}" == digits[9:]


def _dashed_ssn(stream: Stream, run: Run) -> bool:
    numbers = run.numbers
    widths = [len(n.digits) for n in numbers]
    if widths != [3, 2, 4]:
        return False
    between = [t.text for t in stream.tokens[numbers[0].first : numbers[-1].last + 1]]
    return between.count("-") == 2
