"""Builds the redaction benchmark's corpus: benchmarks/data/redaction_corpus.jsonl.

Three sources, one JSON line per utterance:

- **generated**: call-centre sentences in English, Russian, Latvian and Arabic with PII written
  the way Whisper writes it (digit groups with dashes, `4-1-1-1`, `Oh` for zero, digits
  glued to words, numbers cut across two segments and speakers, e-mails with `at`/`собака`
  and no `@`), plus look-alikes a QA lead needs to keep (order numbers, prices, dates,
  tracking numbers, "card ending in 4444", ...). Values are random and valid: Luhn card
  numbers 13-19 digits, `phonenumbers`-valid phones, IBANs, Latvian personal codes, SNILS,
  INN and SSNs with correct check digits. Two splits from two seeds, and the sentence
  templates are split too: `dev` is for tuning the detectors, `check` for an independent look.
- **asr** (probe): the 77 renderings of benchmarks/privacy_asr_probe.py, as the product's own
  ASR wrote them from festival voices. Its results folder is not committed, so a copy lives
  in benchmarks/data/privacy_asr_probe.jsonl (`--import-probe` refreshes it from a new run).
- **asr** (extra): benchmarks/data/redaction_asr_renderings.jsonl, 36 more utterances (24 en,
  12 ru) with random values and look-alikes, spoken by festival and transcribed by the product
  (`--asr` renders them again: 1 min on 2 CPU cores; Whisper int8 on CPU is not repeatable, so
  the file is kept and the corpus builds from it without the model).

What must not survive (`secrets`, per PII piece) and what must (`keep`), the rules:

- Generated items: the value as it is written (digits or, for e-mails, the local part's name
  tokens and the domain name unless it is a public mail provider).
- ASR items: the value's digits when the written text still holds them, otherwise every digit
  ASR wrote for that piece (a miscounted `4111111111111111111` or `55555555444` is still
  most of a card); a piece of which ASR wrote at most 4 digits keeps no secret and is not
  scored ("ASR lost the value"). The benchmark counts 5 of a secret's digits in a row
  anywhere in the redacted transcript as a leak (PCI shows at most the last four).
- Each generated item is checked before it is written: every secret is visible to the
  scorer in the unredacted text, a perfect redactor (the PII spans replaced, or replaced but
  the card's last four left) leaks nothing, look-alikes survive it, and removing a
  look-alike's span loses its keep. No look-alike holds a Luhn-valid 13-19 digit run, and
  account numbers hold no Luhn-valid 13-19 digit window either.

    python benchmarks/redaction_corpus.py           # writes benchmarks/data/redaction_corpus.jsonl
    python benchmarks/redaction_corpus.py --asr     # first renders the extra ASR utterances
    python benchmarks/redaction_corpus.py --import-probe   # first copies a new probe run
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import phonenumbers  # noqa: E402
from phonenumbers import PhoneNumberFormat  # noqa: E402
from redaction import View, digit_stream, leaks, letter_stream, survives  # noqa: E402
from stdnum import iban as std_iban  # noqa: E402
from stdnum import luhn  # noqa: E402
from stdnum.lv import pvn  # noqa: E402
from stdnum.ru import inn as ru_inn  # noqa: E402
from stdnum.us import ssn as us_ssn  # noqa: E402

DATA = HERE / "data"
CORPUS = DATA / "redaction_corpus.jsonl"
RENDERINGS = DATA / "redaction_asr_renderings.jsonl"
PROBE = DATA / "privacy_asr_probe.jsonl"  # a copy: benchmarks/results/ is not committed
PROBE_RESULTS = HERE / "results" / "privacy_asr_probe.jsonl"
PROBE_FIELDS = (
    "id",
    "kind",
    "language",
    "voice",
    "form",
    "value",
    "spoken",
    "written",
    "segments",
    "dropped",
    "raw_written",
    "model",
    "backend",
    "audio_s",
)
SEEDS = {"dev": 1212, "check": 3434}
EXTRA_SEED = 5656

# ------------------------------------------------------------------ words


def wordlist(text: str) -> list[str]:
    return text.split()


EN = wordlist("zero one two three four five six seven eight nine")
EN_TEENS = wordlist(
    "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen"
)
EN_TENS = wordlist("_ _ twenty thirty forty fifty sixty seventy eighty ninety")
RU = wordlist("ноль один два три четыре пять шесть семь восемь девять")
RU_TEENS = wordlist(
    "десять одиннадцать двенадцать тринадцать четырнадцать пятнадцать шестнадцать "
    "семнадцать восемнадцать девятнадцать"
)
RU_TENS = wordlist(
    "_ _ двадцать тридцать сорок пятьдесят шестьдесят семьдесят восемьдесят девяносто"
)
RU_HUNDREDS = wordlist("_ сто двести триста четыреста пятьсот шестьсот семьсот восемьсот девятьсот")
LV = wordlist("nulle viens divi trīs četri pieci seši septiņi astoņi deviņi")
LV_TEENS = wordlist(
    "desmit vienpadsmit divpadsmit trīspadsmit četrpadsmit piecpadsmit sešpadsmit "
    "septiņpadsmit astoņpadsmit deviņpadsmit"
)
LV_TENS = wordlist(
    "_ _ divdesmit trīsdesmit četrdesmit piecdesmit sešdesmit septiņdesmit astoņdesmit deviņdesmit"
)
AR = wordlist("صفر واحد اثنان ثلاثة أربعة خمسة ستة سبعة ثمانية تسعة")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
DIGIT_WORDS = {"en": EN, "ru": RU, "lv": LV, "ar": AR}
TEENS = {"en": EN_TEENS, "ru": RU_TEENS, "lv": LV_TEENS}
TENS = {"en": EN_TENS, "ru": RU_TENS, "lv": LV_TENS}
CYRILLIC_LETTERS = dict(
    zip(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        wordlist(
            "а бэ цэ дэ е эф гэ аш ай джей ка эл эм эн о пэ кью эр эс тэ ю вэ дабл-ю икс игрек зэт"
        ),
        strict=True,
    )
)
CYRILLIC_LOOKALIKE = str.maketrans("ABCDEFGHIKLMNOPRSTUVXYZ", "АБЦДЕФГХИКЛМНОПРСТУВХЫЗ")


def digit_words(digits: str, lang: str, zero: str | None = None) -> str:
    words = list(DIGIT_WORDS[lang])
    if zero:
        words[0] = zero
    return " ".join(words[int(d)] for d in digits)


def pair_words(pair: str, lang: str, rng: random.Random) -> str:
    """Two digits as a caller says them: 45 'forty five', 03 'oh three', 10 'ten'."""
    if lang not in TEENS:
        return digit_words(pair, lang)
    zero = rng.choice(["oh", "zero"]) if lang == "en" else DIGIT_WORDS[lang][0]
    a, b = int(pair[0]), int(pair[1])
    if pair == "00":
        return rng.choice(["double oh", "oh oh"]) if lang == "en" else f"{zero} {zero}"
    if a == 0:
        return f"{zero} {DIGIT_WORDS[lang][b]}"
    if a == 1:
        return TEENS[lang][b]
    return TENS[lang][a] + (f" {DIGIT_WORDS[lang][b]}" if b else "")


def group_pairs(digits: str, lang: str, rng: random.Random) -> str:
    pairs = [digits[i : i + 2] for i in range(0, len(digits), 2)]
    return " ".join(
        pair_words(p, lang, rng) if len(p) == 2 else digit_words(p, lang) for p in pairs
    )


def ru_triple(digits: str, rng: random.Random) -> str:
    """Three digits the Russian way: 916 'девятьсот шестнадцать', 905 'девятьсот пять'."""
    a = int(digits[0])
    if a == 0:
        return group_pairs(digits, "ru", rng)
    rest = digits[1:]
    if rest == "00":
        return RU_HUNDREDS[a]
    if rest[0] == "0":
        return f"{RU_HUNDREDS[a]} {RU[int(rest[1])]}"
    return f"{RU_HUNDREDS[a]} {pair_words(rest, 'ru', rng)}"


def number_group_words(digits: str, lang: str, rng: random.Random) -> str:
    """A group said as numbers: 3 digits the Russian way, 2 as a pair, else digit by digit."""
    if lang == "ru" and len(digits) == 3:
        return ru_triple(digits, rng)
    if len(digits) in (2, 4) and lang in TEENS:
        return group_pairs(digits, lang, rng)
    return digit_words(digits, lang)


def double_words(digits: str) -> str:
    """English 'double five', 'triple four' for runs of one digit."""
    out: list[str] = []
    i = 0
    while i < len(digits):
        j = i
        while j < len(digits) and digits[j] == digits[i]:
            j += 1
        left = j - i
        word = "oh" if digits[i] == "0" else EN[int(digits[i])]
        while left:
            if left == 3:
                out.append(f"triple {word}")
                left = 0
            elif left >= 2:
                out.append(f"double {word}")
                left -= 2
            else:
                out.append(word)
                left = 0
        i = j
    return " ".join(out)


def oh_digits(digits: str, rng: random.Random) -> str:
    """Whisper keeps 'oh' for zero as a word: 0343 → 'Oh, 343', 1088 → '1 oh 88'."""
    out = []
    for piece in re.split(r"(0)", digits):
        if piece == "0":
            out.append(rng.choice(["oh", "Oh,", "Oh"]))
        elif piece:
            out.append(piece)
    return " ".join(out)


# ------------------------------------------------------------------ values


def luhn_number(prefix: str, length: int, rng: random.Random) -> str:
    body = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix) - 1))
    return body + luhn.calc_check_digit(body)


CARD_BRANDS: dict[str, list[tuple[list[str], int, int]]] = {  # prefixes, length, weight
    "en": [
        (["4"], 16, 6),
        (["51", "52", "53", "54", "55", "2221", "2720"], 16, 4),
        (["34", "37"], 15, 3),
        (["6011", "65"], 16, 2),
        (["4"], 13, 2),
        (["36", "38"], 14, 2),
        (["4"], 19, 1),
        (["6759", "5018"], 18, 1),
        (["62"], 17, 1),
    ],
    "ru": [
        (["2200", "2201", "2202", "2203", "2204"], 16, 5),
        (["4"], 16, 3),
        (["51", "53", "55"], 16, 3),
        (["62"], 19, 2),
        (["6762", "5018"], 18, 1),
        (["4"], 13, 1),
        (["37"], 15, 1),
        (["36"], 14, 1),
        (["62"], 17, 1),
    ],
    "lv": [(["4"], 16, 3), (["51", "55"], 16, 2), (["37"], 15, 1), (["4"], 19, 1)],
    "ar": [(["4"], 16, 3), (["5888", "52"], 16, 2), (["34"], 15, 1), (["62"], 19, 1)],
}
GROUPS = {
    13: (4, 3, 3, 3),
    14: (4, 6, 4),
    15: (4, 6, 5),
    16: (4, 4, 4, 4),
    17: (4, 4, 4, 5),
    18: (4, 4, 4, 4, 2),
    19: (4, 4, 4, 4, 3),
}


def random_card(lang: str, rng: random.Random) -> str:
    brands = CARD_BRANDS[lang]
    prefixes, length, _ = rng.choices(brands, weights=[b[2] for b in brands])[0]
    return luhn_number(rng.choice(prefixes), length, rng)


def groups_of(digits: str, sizes: tuple[int, ...]) -> list[str]:
    out, i = [], 0
    for size in sizes:
        if i >= len(digits):
            break
        out.append(digits[i : i + size])
        i += size
    if i < len(digits):
        out.append(digits[i:])
    return out


def card_groups(digits: str) -> list[str]:
    return groups_of(digits, GROUPS[len(digits)])


PHONE_REGIONS = {
    "en": ["US", "US", "GB", "GB", "LV", "RU"],
    "ru": ["RU", "RU", "RU", "LV"],
    "lv": ["LV"],
    "ar": ["AE", "SA", "EG"],
}


PHONE_PLANS = {  # (leading digits, national significant number length)
    "US": [("", 10)],
    "GB": [("7", 10), ("20", 10), ("121", 10), ("161", 10), ("131", 10)],
    "RU": [("9", 10), ("9", 10), ("495", 10), ("499", 10), ("812", 10), ("343", 10)],
    "LV": [("2", 8), ("2", 8), ("6", 8)],
    "AE": [("50", 9), ("52", 9), ("55", 9), ("4", 8), ("2", 8)],
    "SA": [("5", 9), ("11", 9)],
    "EG": [("10", 10), ("11", 10), ("12", 10), ("2", 9)],
}


def random_phone(region: str, rng: random.Random) -> phonenumbers.PhoneNumber:
    code = phonenumbers.country_code_for_region(region)
    for _ in range(1000):
        lead, length = rng.choice(PHONE_PLANS[region])
        digits = lead + "".join(rng.choice("0123456789") for _ in range(length - len(lead)))
        number = phonenumbers.parse(f"+{code}{digits}")
        if phonenumbers.is_valid_number(number):
            return number
    raise RuntimeError(f"no valid {region} phone number found")


def nsn(number: phonenumbers.PhoneNumber) -> str:
    return str(number.national_number)


def snils_check(body: str) -> str:
    """SNILS check number: digits weighted 9..1, mod 101, 100 and 101 written 00."""
    total = sum(int(d) * w for d, w in zip(body, range(9, 0, -1), strict=True))
    check = total % 101 if total > 101 else total
    return f"{0 if check >= 100 else check:02d}"


def snils_valid(number: str) -> bool:
    return len(number) == 11 and number.isdigit() and snils_check(number[:9]) == number[9:]


def snils(rng: random.Random) -> str:
    while True:
        body = "".join(rng.choice("0123456789") for _ in range(9))
        if int(body) > 1001998:  # lower numbers carry no check number
            return body + snils_check(body)


def inn12(rng: random.Random) -> str:
    body = rng.choice(["77", "50", "78", "66", "16", "54"]) + "".join(
        rng.choice("0123456789") for _ in range(8)
    )
    number = body + ru_inn.calc_personal_check_digits(body)
    assert ru_inn.is_valid(number)
    return number


def lv_personal_code(rng: random.Random) -> str:
    if rng.random() < 0.25:  # the 2017 format: 32, then digits with no birth date
        while True:
            body = "32" + "".join(rng.choice("0123456789") for _ in range(8))
            number = body + pvn.calc_check_digit_pers(body)
            if pvn.is_valid(number):
                return number
    while True:
        year = rng.randint(1945, 2006)
        day, month = rng.randint(1, 28), rng.randint(1, 12)
        century = "1" if year < 2000 else "2"
        body = f"{day:02d}{month:02d}{year % 100:02d}{century}" + "".join(
            rng.choice("0123456789") for _ in range(3)
        )
        number = body + pvn.calc_check_digit_pers(body)
        if pvn.is_valid(number):
            return number


def ssn(rng: random.Random) -> str:
    while True:
        number = f"{rng.randint(1, 899):03d}{rng.randint(1, 99):02d}{rng.randint(1, 9999):04d}"
        if us_ssn.is_valid(number):
            return number


def saudi_id(rng: random.Random) -> str:
    return luhn_number(rng.choice("12"), 10, rng)


def iban(country: str, rng: random.Random) -> str:
    def digits(n: int) -> str:
        return "".join(rng.choice("0123456789") for _ in range(n))

    bban = {
        "LV": lambda: rng.choice(["HABA", "UNLA", "PARX", "RIKO", "NDEA"]) + digits(13),
        "GB": lambda: rng.choice(["NWBK", "BARC", "LOYD", "HBUK", "MIDL"]) + digits(14),
        "DE": lambda: digits(18),
        "AE": lambda: digits(19),
        "SA": lambda: digits(20),
    }[country]()
    check = 98 - int("".join(str(int(c, 36)) for c in bban + country + "00")) % 97
    number = f"{country}{check:02d}{bban}"
    assert std_iban.is_valid(number), number
    return number


def luhn_free(length: int, rng: random.Random, prefix: str = "") -> str:
    """Digits with no Luhn-valid 13-19 digit window anywhere: no card can be read from them."""
    digits = list(prefix)
    while len(digits) < length:
        allowed = [
            d
            for d in "0123456789"
            if not any(
                len(digits) >= n - 1 and luhn.is_valid("".join(digits[len(digits) - n + 1 :]) + d)
                for n in range(13, 20)
            )
        ]
        digits.append(rng.choice(allowed))
    return "".join(digits)


# ------------------------------------------------------------------ written forms


@dataclass
class Written:
    """A value as ASR writes it: chunks and what joins them, so it can be cut in two."""

    chunks: list[str]
    joiner: str = " "

    def whole(self) -> str:
        return self.joiner.join(self.chunks)

    def halves(self, rng: random.Random) -> tuple[str, str]:
        if len(self.chunks) < 2:
            text = self.whole()
            gaps = [
                i
                for i, ch in enumerate(text)
                if ch in " -" and len(text) / 4 <= i <= 3 * len(text) / 4
            ]
            if gaps:
                cut = rng.choice(gaps)
                return text[:cut].rstrip(" -,"), text[cut:].lstrip(" ,")
            cut = rng.randint(len(text) // 3, 2 * len(text) // 3)  # Whisper cuts runs anywhere
            return text[:cut], text[cut:]
        k = rng.randint(1, len(self.chunks) - 1)
        first = self.joiner.join(self.chunks[:k])
        second = self.joiner.join(self.chunks[k:])
        if self.joiner == "-" and rng.random() < 0.6:
            second = "-" + second  # as Whisper starts the next segment: `| -1488-0343-6467`
        return first, second


def spaced_digits(digits: str, rng: random.Random) -> Written:
    """Whisper's loose digits: `07 9 11 12 3 4 5 6`, `7, 916, 1, 2, 3`."""
    chunks, i = [], 0
    while i < len(digits):
        size = rng.choice([1, 1, 2, 3])
        chunks.append(digits[i : i + size])
        i += size
    return Written(chunks, rng.choice([" ", " ", ", "]))


def words_of(groups: list[str], lang: str, rng: random.Random, numbers: bool = False) -> Written:
    zero = rng.choice(["zero", "oh"]) if lang == "en" else None
    chunks = [
        number_group_words(g, lang, rng) if numbers else digit_words(g, lang, zero) for g in groups
    ]
    return Written(chunks, rng.choice([", ", " "]))


def mixed(groups: list[str], lang: str, rng: random.Random) -> Written:
    as_words = [rng.random() < 0.5 for _ in groups]
    as_words[0], as_words[-1] = True, False  # at least one of each
    rng.shuffle(as_words)
    zero = rng.choice(["zero", "oh"]) if lang == "en" else None
    return Written(
        [digit_words(g, lang, zero) if w else g for g, w in zip(groups, as_words, strict=True)],
        rng.choice([" ", ", "]),
    )


def card_written(digits: str, form: str, lang: str, rng: random.Random) -> Written:
    groups = card_groups(digits)
    if lang == "ar" and form in ("arabic_indic", "groups_arabic_indic"):
        if form == "arabic_indic":
            return Written([digits.translate(ARABIC_INDIC)], "")
        return Written([g.translate(ARABIC_INDIC) for g in groups], " ")
    match form:
        case "digits":
            return Written([digits], "")
        case "groups":
            return Written(groups, " ")
        case "groups_dash":
            return Written(groups, "-")
        case "groups_comma":
            return Written(groups, ", ")
        case "groups_dot":
            return Written(groups, rng.choice([". ", "."]))
        case "decimal_pairs":  # ru ASR: `52.00, 82.32, 31.07, 29.44`
            return Written([f"{g[:2]}.{g[2:]}" if len(g) == 4 else g for g in groups], ", ")
        case "digit_dashes":  # Whisper for digits said one by one: `4-1-1-1`
            return Written(["-".join(g) for g in groups], "-")
        case "spaced":
            return spaced_digits(digits, rng)
        case "words":
            return words_of(groups, lang, rng)
        case "pairs":
            return words_of(groups, lang, rng, numbers=True)
        case "double":
            return Written([double_words(g) for g in groups], rng.choice([", ", " "]))
        case "oh":
            return Written([oh_digits(g, rng) for g in groups], rng.choice([" ", ". "]))
        case "mixed":
            return mixed(groups, lang, rng)
    raise ValueError(form)


def card_fits(digits: str, form: str) -> bool:
    groups = card_groups(digits)
    if form == "double":
        return any(re.search(r"(\d)\1", g) for g in groups)
    if form == "oh":
        return "0" in digits[1:]
    return True


def phone_written(
    number: phonenumbers.PhoneNumber, form: str, lang: str, rng: random.Random
) -> Written:
    intl = phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
    national = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    cc = str(number.country_code)
    national_groups = re.findall(r"\d+", national)
    intl_groups = re.findall(r"\d+", intl)  # country code first
    national_digits = "".join(national_groups)
    plus = {"en": "plus", "ru": "плюс", "lv": "plus", "ar": "+"}[lang]
    match form:
        case "international":
            return Written(intl.split(" "), " ")
        case "e164":
            return Written([phonenumbers.format_number(number, PhoneNumberFormat.E164)], "")
        case "plus_word":
            return Written([f"{plus} {cc}", *intl.split(" ")[1:]], " ")
        case "national":
            return Written(national.split(" "), " ")
        case "digits":
            return Written([national_digits], "")
        case "dashes":
            return Written(national_groups, "-")
        case "spaced":
            return spaced_digits(national_digits, rng)
        case "words":
            if rng.random() < 0.5:
                written = words_of(intl_groups[1:], lang, rng)
                written.chunks.insert(0, f"{plus} {digit_words(cc, lang)}")
                return written
            return words_of(national_groups, lang, rng)
        case "numbers":  # ru: `восемь девятьсот шестнадцать сто двадцать три сорок пять …`
            groups = intl_groups[1:]
            written = words_of(groups, lang, rng, numbers=True)
            head = f"{plus} {digit_words(cc, lang)}" if rng.random() < 0.5 else None
            if lang == "ru" and cc == "7" and head is None:
                head = "восемь"
            if head:
                written.chunks.insert(0, head)
            return written
        case "mixed":
            return mixed(national_groups, lang, rng)
        case "arabic_indic":
            return Written([g.translate(ARABIC_INDIC) for g in national_groups], " ")
        case "intl_arabic_indic":
            return Written(
                ["+" + cc.translate(ARABIC_INDIC)]
                + [g.translate(ARABIC_INDIC) for g in intl_groups[1:]],
                " ",
            )
    raise ValueError(form)


# ------------------------------------------------------------------ e-mail

NAMES = {  # (latin first, latin last, native first, native last)
    "en": [
        ("john", "smith", "john", "smith"),
        ("laura", "bennett", "laura", "bennett"),
        ("mike", "brown", "mike", "brown"),
        ("sarah", "jones", "sarah", "jones"),
        ("kevin", "oconnor", "kevin", "oconnor"),
        ("emily", "turner", "emily", "turner"),
        ("james", "walker", "james", "walker"),
        ("olivia", "harris", "olivia", "harris"),
        ("peter", "novak", "peter", "novak"),
        ("grace", "fulton", "grace", "fulton"),
        ("tom", "whitaker", "tom", "whitaker"),
        ("megan", "holloway", "megan", "holloway"),
    ],
    "ru": [
        ("ivan", "petrov", "иван", "петров"),
        ("anna", "ivanova", "анна", "иванова"),
        ("sergey", "kuznetsov", "сергей", "кузнецов"),
        ("olga", "smirnova", "ольга", "смирнова"),
        ("dmitry", "volkov", "дмитрий", "волков"),
        ("elena", "sokolova", "елена", "соколова"),
        ("alexey", "morozov", "алексей", "морозов"),
        ("natalia", "popova", "наталья", "попова"),
        ("pavel", "lebedev", "павел", "лебедев"),
        ("irina", "kozlova", "ирина", "козлова"),
    ],
    "lv": [
        ("janis", "berzins", "jānis", "bērziņš"),
        ("liga", "ozola", "līga", "ozola"),
        ("andris", "kalnins", "andris", "kalniņš"),
        ("ilze", "liepa", "ilze", "liepa"),
        ("martins", "zarins", "mārtiņš", "zariņš"),
    ],
    "ar": [
        ("ahmed", "salem", "أحمد", "سالم"),
        ("fatima", "hassan", "فاطمة", "حسن"),
        ("omar", "khalid", "عمر", "خالد"),
        ("layla", "nasser", "ليلى", "ناصر"),
        ("yousef", "haddad", "يوسف", "حداد"),
    ],
}
PROVIDERS = {"gmail", "outlook", "yahoo", "hotmail", "icloud", "yandex", "mail", "inbox", "bk"}
DOMAINS = {  # (label, tld, native spoken label)
    "en": [
        ("gmail", "com", "gmail"),
        ("outlook", "com", "outlook"),
        ("nordtech", "com", "nordtech"),
        ("brightline", "co.uk", "brightline"),
        ("acme-logistics", "com", "acme-logistics"),
        ("harbor-dental", "com", "harbor-dental"),
        ("yahoo", "com", "yahoo"),
        ("fieldstone", "org", "fieldstone"),
    ],
    "ru": [
        ("yandex", "ru", "яндекс"),
        ("mail", "ru", "мейл"),
        ("gmail", "com", "джимейл"),
        ("stroymarket", "ru", "строймаркет"),
        ("teplodom", "ru", "теплодом"),
        ("bk", "ru", "бэка"),
    ],
    "lv": [
        ("inbox", "lv", "inbox"),
        ("gmail", "com", "gmail"),
        ("balticfreight", "lv", "balticfreight"),
        ("riga-auto", "lv", "riga-auto"),
    ],
    "ar": [
        ("gmail", "com", "جيميل"),
        ("gulfmarine", "ae", "جلف مارين"),
        ("alnoor-trading", "com", "النور تريدنج"),
        ("hotmail", "com", "هوتميل"),
    ],
}
TLD_SPOKEN = {"ru": "ру", "com": "ком", "lv": "лв", "ae": "ae", "org": "орг", "co.uk": "ко юк"}
AR_TLD = {"com": "كوم", "ae": "اي اي"}
# a redactor's placeholder is no leak: no secret may hide inside these words
PLACEHOLDER_WORDS = (
    "card phone email e-mail mail iban national redacted removed masked hidden number pii "
    "personal data cvv expiry expiration secret private telephone address account"
)


@dataclass
class Email:
    first: str
    last: str
    native_first: str
    native_last: str
    sep: str  # ".", "-", "_", "" or "initial"
    suffix: str  # digits after the name, or ""
    label: str
    tld: str
    native_label: str

    @property
    def local(self) -> str:
        if self.sep == "initial":
            return f"{self.first[0]}{self.last}{self.suffix}"
        return f"{self.first}{self.sep}{self.last}{self.suffix}"

    @property
    def address(self) -> str:
        return f"{self.local}@{self.label}.{self.tld}"

    def secrets(self, native: bool) -> list[str]:
        names = [self.last] if self.sep == "initial" else [self.first, self.last]
        if native:
            names += (
                [self.native_last]
                if self.sep == "initial"
                else [
                    self.native_first,
                    self.native_last,
                ]
            )
        if self.label not in PROVIDERS:
            names += self.label.split("-")
            if native:
                names += [p for p in re.split(r"[-\s]", self.native_label) if len(p) >= 3]
        out = []
        for name in names:
            folded = letter_stream(name)
            if len(folded) >= 3 and folded not in out:
                assert not any(folded in w for w in PLACEHOLDER_WORDS.split()), folded
                out.append(name)
        return out


def random_email(lang: str, rng: random.Random) -> Email:
    first, last, nfirst, nlast = rng.choice(NAMES[lang])
    label, tld, nlabel = rng.choice(DOMAINS[lang])
    sep = rng.choice([".", ".", ".", "-", "_", "", "initial"])
    suffix = rng.choice(["", "", "", str(rng.randint(1, 99))])
    return Email(first, last, nfirst, nlast, sep, suffix, label, tld, nlabel)


SEP_WORDS = {
    "en": {".": "dot", "-": "dash", "_": "underscore", "": ""},
    "ru": {".": "точка", "-": "дефис", "_": "нижнее подчёркивание", "": ""},
    "lv": {".": "punkts", "-": "defise", "_": "apakšsvītra", "": ""},
    "ar": {".": "دوت", "-": "داش", "_": "أندرسكور", "": ""},
}
AT_WORDS = {"en": "at", "ru": "собака", "lv": "et", "ar": "آت"}


def email_written(email: Email, form: str, lang: str, rng: random.Random) -> tuple[Written, bool]:
    """(written form, whether the native-script name is used)."""
    sep_word = SEP_WORDS[lang].get(email.sep if email.sep != "initial" else "", "")
    at = AT_WORDS[lang]
    dot = SEP_WORDS[lang]["."]
    num = digit_words(email.suffix, lang) if email.suffix else ""
    if form == "address":
        return Written([email.address], ""), False
    if form in ("spoken", "split"):
        if email.sep == "initial":
            local = f"{email.first[0]} {email.last}"
        else:
            local = " ".join(p for p in (email.first, sep_word, email.last) if p)
        if num:
            local += f" {num}"
        label = (
            email.label.replace("-", f" {SEP_WORDS['en']['-']} ") if lang == "en" else email.label
        )
        tld = email.tld.replace(".", f" {dot} ")
        if lang == "en" and rng.random() < 0.3:
            tld = " ".join(tld) if len(tld) == 2 else tld  # "l v"
        domain = f"{label} {dot} {tld}"
        if rng.random() < 0.4:
            domain = f"{email.label}.{email.tld}"  # Whisper writes the domain as a domain
        return Written([f"{local} {at}", domain], " "), False
    if form == "glued":  # Whisper: `John Dotsmith at example.com`, `Anna Dashmeria`
        if email.sep == "initial":
            local = f"{email.first[0].upper()}{email.last}"
        elif email.sep:
            local = f"{email.first.capitalize()} {sep_word.capitalize()}{email.last}"
        else:
            local = f"{email.first.capitalize()}{email.last}"
        local += email.suffix
        return Written([f"{local} {at}", f"{email.label}.{email.tld}"], " "), False
    if form == "spelled":
        first = " ".join(email.first) if email.sep != "initial" else email.first[0]
        local = " ".join(
            p
            for p in (first, sep_word if email.sep != "initial" else "", " ".join(email.last))
            if p
        )
        return Written([f"{local} {at}", f"{email.label} {dot} {email.tld}"], " "), False
    if form == "native_spoken":  # иван точка петров собака яндекс точка ру
        local = " ".join(
            p
            for p in (
                email.native_first if email.sep != "initial" else "",
                sep_word if email.sep not in ("initial", "") else "",
                email.native_last,
            )
            if p
        )
        if num:
            local += f" {num}"
        tld = (AR_TLD if lang == "ar" else TLD_SPOKEN).get(email.tld, email.tld)
        if lang == "lv":
            tld = email.tld
        return Written([f"{local} {at}", f"{email.native_label} {dot} {tld}"], " "), True
    if form == "native_glued":  # Иванточка Петров собака yandex.ru
        if email.sep in ("initial", ""):
            local = email.native_last.capitalize()
        else:
            local = f"{email.native_first.capitalize()}{sep_word} {email.native_last.capitalize()}"
        return Written([f"{local} {at}", f"{email.label}.{email.tld}"], " "), True
    if form == "latin_spoken":  # ivan точка petrov собака yandex.ru
        local = " ".join(
            p
            for p in (
                email.first if email.sep != "initial" else email.first[0],
                sep_word,
                email.last,
            )
            if p
        )
        return Written([f"{local} {at}", f"{email.label}.{email.tld}"], " "), False
    raise ValueError(form)


# ------------------------------------------------------------------ IBAN and IDs


def iban_written(number: str, form: str, lang: str, rng: random.Random) -> Written:
    groups = [number[i : i + 4] for i in range(0, len(number), 4)]
    letters_first = number[4:8].isalpha()
    match form:
        case "compact":
            return Written([number], "")
        case "groups":
            return Written(groups, " ")
        case "asr_groups":  # `LV80, B-A-N-K, 0000, 4351, 95001`
            chunks = [number[:4]]
            rest = number[4:]
            if letters_first:
                chunks.append("-".join(rest[:4]))
                rest = rest[4:]
            digits = [rest[i : i + 4] for i in range(0, len(rest), 4)]
            if len(digits) > 1 and len(digits[-1]) == 1:
                digits[-2:] = [digits[-2] + digits[-1]]
            return Written(chunks + digits, ", ")
        case "spoken":
            chunks = []
            for g in groups:
                if lang == "ru":
                    chunks.append(
                        " ".join(CYRILLIC_LETTERS[c] if c.isalpha() else RU[int(c)] for c in g)
                    )
                else:
                    chunks.append(" ".join(c if c.isalpha() else EN[int(c)] for c in g))
            return Written(chunks, ", ")
        case "cyrillic":  # Whisper in Russian: `ЛВ80 -БНК-…`
            return Written([g.translate(CYRILLIC_LOOKALIKE) for g in groups], " ")
        case "arabic_indic":
            return Written([g.translate(ARABIC_INDIC) for g in groups], " ")
    raise ValueError(form)


ID_TYPES = {
    "en": ["ssn", "ssn", "ssn", "lv_pk"],
    "ru": ["snils", "inn"],
    "lv": ["lv_pk"],
    "ar": ["saudi"],
}
ID_NAMES = {
    "ssn": {"en": "social security number"},
    "lv_pk": {"en": "personal code", "lv": "personas kods"},
    "snils": {"ru": "СНИЛС"},
    "inn": {"ru": "ИНН"},
    "saudi": {"ar": "رقم الهوية"},
}
ID_FORMAT = {
    "ssn": (3, 2, 4),
    "lv_pk": (6, 5),
    "snils": (3, 3, 3, 2),
    "inn": (4, 4, 4),
    "saudi": (10,),
}


def id_value(kind: str, rng: random.Random) -> str:
    return {"ssn": ssn, "lv_pk": lv_personal_code, "snils": snils, "inn": inn12, "saudi": saudi_id}[
        kind
    ](rng)


def id_written(kind: str, number: str, form: str, lang: str, rng: random.Random) -> Written:
    groups = groups_of(number, ID_FORMAT[kind])
    match form:
        case "formatted":
            if kind == "snils":
                return Written([f"{groups[0]}-{groups[1]}-{groups[2]}", groups[3]], " ")
            if kind == "inn":
                return Written([number], "")
            return Written(groups, "-" if len(groups) > 1 else "")
        case "digits":
            return Written([number], "")
        case "spaced":
            return Written(
                groups if len(groups) > 1 else [number[:3], number[3:6], number[6:]], " "
            )
        case "words":
            return words_of(groups if len(groups) > 1 else [number], lang, rng)
        case "numbers":
            return words_of(groups, lang, rng, numbers=True)
        case "arabic_indic":
            return Written([number.translate(ARABIC_INDIC)], "")
    raise ValueError(form)


# ------------------------------------------------------------------ expiry and CVV


def expiry_value(rng: random.Random) -> tuple[int, int]:
    return rng.randint(1, 12), rng.randint(26, 31)


def expiry_written(month: int, year: int, form: str, lang: str, rng: random.Random) -> str:
    mm, yy = f"{month:02d}", f"{year:02d}"
    match form:
        case "slash":
            return f"{mm}/{yy}"
        case "space":
            return f"{mm} {yy}"
        case "compact":
            return f"{mm}{yy}"
        case "long":
            return f"{mm}/20{yy}"
        case "dashes":  # Whisper: `0-3-slash 27`, `a 3-slash 27-`
            return f"{mm[0]}-{mm[1]} slash {yy}"
        case "words":
            return f"{pair_words(mm, lang, rng)} {pair_words(yy, lang, rng)}"
        case "arabic_indic":
            return f"{mm}/{yy}".translate(ARABIC_INDIC)
    raise ValueError(form)


def cvv_written(cvv: str, form: str, lang: str, rng: random.Random) -> str:
    match form:
        case "digits":
            return cvv
        case "words":
            return digit_words(cvv, lang, rng.choice(["zero", "oh"]) if lang == "en" else None)
        case "spaced":
            return " ".join(cvv)
        case "arabic_indic":
            return cvv.translate(ARABIC_INDIC)
    raise ValueError(form)


EXPIRY_FORMS = {
    "en": ["slash", "space", "compact", "words", "long", "dashes"],
    "ru": ["slash", "space", "words", "long"],
    "lv": ["slash", "space"],
    "ar": ["slash", "arabic_indic"],
}
CVV_FORMS = {
    "en": ["digits", "digits", "words", "spaced"],
    "ru": ["digits", "digits", "words"],
    "lv": ["digits"],
    "ar": ["digits", "arabic_indic"],
}

# ------------------------------------------------------------------ templates
# "A:"/"C:" agent/customer, "|" a new segment, a leading "~" marks a template with no
# word naming the kind (no "card", "phone", "e-mail": recall without a cue).

T = dict[str, list[str]]
PII_TEMPLATES: dict[str, T] = {
    "en": {
        "card": [
            "C: My card number is {pii}.",
            "A: Can I take the long number across the front of the card?|C: Yes, it's {pii}.",
            "C: Okay, the card number is {pii}, it's a Visa.",
            "C: I'd like to pay by card. The number is {pii}.",
            "C: Right, so the debit card is {pii}.",
            "C: The number on my credit card is {pii}.",
            "C: Can you charge it to the card {pii}, please?",
            "C: I'm reading it off the card now, {pii}.",
            "A: And the card number, please?|C: {pii}",
            "C: Use my Mastercard, {pii}.",
            "~C: Sure, it's {pii}.",
            "~A: Go ahead when you're ready.|C: {pii}.",
            "~C: Have you got a pen? It's {pii}.",
            "~C: Let me read it out: {pii}.",
            "~C: Yeah, that's {pii}.",
            "~C: Okay, ready? {pii}.",
        ],
        "card_exp_cvv": [
            "C: It's {card}, expiry {exp}, and the security code is {cvv}.",
            "C: Card number {card}, expires {exp}, CVV {cvv}.",
            "C: The number's {card}. It expires {exp} and the code on the back is {cvv}.",
            "A: I'll need the card number, expiry date and security code.|C: {card}, {exp}, {cvv}.",
            "C: Card {card} expiring {exp}, code {cvv}.",
            "C: Visa, {card}, valid till {exp}, security code {cvv}.",
            "~C: Okay so {card}, then {exp}, then {cvv}.",
            "~C: {card} {exp} {cvv}",
            "~C: {card}, {exp}, {cvv}.",
            "~C: Right, {card}, and {exp}, and {cvv}.",
        ],
        "glued": [
            "C: Card number {card}{g}{exp}, security code {cvv}.",
            "C: My card is {card}{g}{exp}, and the CVV is {cvv}.",
            "~C: {card}{g}{exp} and {cvv}.",
            "~C: It's {card}{g}{exp}, {cvv}.",
        ],
        "cvv": [
            "A: And the security code on the back of the card?|C: {cvv}.",
            "A: Can I have the CVV, please?|C: It's {cvv}.",
            "C: The CVV is {cvv}.",
            "C: Security code {cvv}.",
            "A: Thanks, and the card verification code?|C: Yes, {cvv}.",
            "C: The code on the back of the card is {cvv}.",
        ],
        "exp_cvv": [
            "C: It expires {exp} and the code on the back is {cvv}.",
            "C: Expiry {exp}, security code {cvv}.",
            "~A: And the rest?|C: {exp}, and then {cvv}.",
            "C: Valid until {exp}, CVV {cvv}.",
        ],
        "expiry": [
            "A: And the expiry date?|C: {exp}.",
            "C: It expires {exp}.",
            "C: The expiry date is {exp}.",
            "A: What's the valid-thru date on the card?|C: {exp}",
            "C: Expiration {exp}, I think.",
            "A: When does the card expire?|C: Ehm, {exp}.",
        ],
        "phone": [
            "C: You can call me back on {pii}.",
            "C: My number is {pii}.",
            "C: My mobile is {pii}.",
            "A: What's the best number to reach you?|C: {pii}.",
            "C: Please text me at {pii}.",
            "C: You can reach my wife on {pii}.",
            "C: The phone number on the account is {pii}.",
            "C: My new cell number is {pii}.",
            "A: Can I get a contact number?|C: Yes, {pii}.",
            "~C: Yes, it's {pii}.",
            "~C: Sure, {pii}, that's the one.",
            "~A: And how do we get hold of you?|C: {pii}, any time.",
            "~C: Right, {pii}.",
            "~C: Write this down: {pii}.",
        ],
        "email": [
            "C: My email is {pii}.",
            "C: Send it to {pii}, please.",
            "A: What's the email address on the account?|C: It's {pii}.",
            "C: You can email me at {pii}.",
            "C: My e-mail address is {pii}.",
            "C: Please send the receipt to {pii}.",
            "C: The login email is {pii}.",
            "~C: Yeah, {pii}.",
            "~C: It's {pii}, all lower case.",
            "~A: Where should we send it?|C: To {pii}.",
            "~C: Okay, {pii}.",
        ],
        "iban": [
            "C: My IBAN is {pii}.",
            "A: Which account should we send the refund to?|C: The IBAN is {pii}.",
            "C: Please transfer it to IBAN {pii}.",
            "C: Bank details, IBAN {pii}.",
            "C: The refund should go to {pii}, that's my IBAN.",
            "~C: It's {pii}.",
            "~C: Yes, {pii}, that's my bank.",
            "~A: Where do you want the money?|C: {pii}.",
        ],
        "national_id": [
            "C: My {idname} is {pii}.",
            "A: For security, can I have your {idname}?|C: {pii}.",
            "C: The {idname} on file should be {pii}.",
            "C: Okay, my {idname}, {pii}.",
            "C: I'll give you my {idname}: {pii}.",
            "~C: Sure, it's {pii}.",
            "~C: Yeah, {pii}.",
            "~A: Go ahead.|C: {pii}.",
        ],
    },
    "ru": {
        "card": [
            "C: Номер карты {pii}.",
            "A: Продиктуйте, пожалуйста, номер карты.|C: {pii}.",
            "C: Оплачу картой, номер {pii}.",
            "C: У меня карта Сбербанка, номер {pii}.",
            "C: Номер моей банковской карты {pii}.",
            "C: Спишите с карты {pii}, пожалуйста.",
            "C: Карта Мир, {pii}.",
            "C: Так, номер карты {pii}, проверьте.",
            "~C: Да, {pii}.",
            "~C: Записывайте: {pii}.",
            "~A: Диктуйте.|C: {pii}.",
            "~C: Так, {pii}, всё.",
            "~C: Вот, {pii}.",
            "~C: Готовы? {pii}.",
        ],
        "card_exp_cvv": [
            "C: Карта {card}, срок действия {exp}, код {cvv}.",
            "C: Номер {card}, действует до {exp}, CVV {cvv}.",
            "A: Назовите номер карты, срок действия и код на обороте.|C: {card}, {exp}, {cvv}.",
            "C: Карта {card}, до {exp}, код с обратной стороны {cvv}.",
            "~C: {card}, {exp}, {cvv}.",
            "~C: {card} {exp} {cvv}",
            "~C: Значит, {card}, потом {exp} и {cvv}.",
        ],
        "glued": [
            "C: Номер карты {card}{g}{exp}, код {cvv}.",
            "C: Карта {card}{g}{exp}, CVV {cvv}.",
            "~C: {card}{g}{exp}, {cvv}.",
            "~C: Так, {card}{g}{exp}, и {cvv}.",
        ],
        "cvv": [
            "A: И код на обороте карты?|C: {cvv}.",
            "C: Код безопасности {cvv}.",
            "A: Назовите CVV-код, пожалуйста.|C: {cvv}.",
            "C: CVC {cvv}.",
            "C: Код на обратной стороне карты {cvv}.",
        ],
        "exp_cvv": [
            "C: Срок действия {exp}, код {cvv}.",
            "C: Действует до {exp}, код на обороте {cvv}.",
            "~A: И дальше?|C: {exp}, и {cvv}.",
        ],
        "expiry": [
            "A: Срок действия карты?|C: {exp}.",
            "C: Карта действует до {exp}.",
            "C: Срок действия {exp}.",
            "A: До какого числа действует карта?|C: До {exp}.",
        ],
        "phone": [
            "C: Мой телефон {pii}.",
            "C: Запишите номер телефона {pii}.",
            "A: По какому номеру вам перезвонить?|C: {pii}.",
            "C: Мой мобильный {pii}.",
            "C: Перезвоните мне на {pii}.",
            "C: Контактный телефон {pii}.",
            "C: Телефон жены {pii}, можно на него.",
            "C: Мой рабочий телефон {pii}.",
            "~C: Да, {pii}.",
            "~C: Записывайте, {pii}.",
            "~A: Как с вами связаться?|C: {pii}, в любое время.",
            "~C: Вот, {pii}.",
        ],
        "email": [
            "C: Моя почта {pii}.",
            "C: Электронная почта {pii}.",
            "A: Продиктуйте адрес электронной почты.|C: {pii}.",
            "C: Пришлите на почту {pii}, пожалуйста.",
            "C: Мой адрес {pii}.",
            "C: Почта для чека {pii}.",
            "~C: Да, {pii}.",
            "~C: Записывайте: {pii}.",
            "~A: Куда отправить?|C: На {pii}.",
        ],
        "iban": [
            "C: Мой IBAN {pii}.",
            "C: Номер счёта в формате IBAN {pii}.",
            "A: Куда вернуть деньги?|C: На счёт {pii}.",
            "C: Мой айбан {pii}.",
            "~C: Записывайте, {pii}.",
            "~C: Да, {pii}.",
        ],
        "national_id": [
            "C: Мой {idname} {pii}.",
            "A: Назовите, пожалуйста, {idname}.|C: {pii}.",
            "C: {idname} у меня {pii}.",
            "C: Номер {idname} {pii}.",
            "~C: Да, {pii}.",
            "~C: Записывайте: {pii}.",
            "~A: Диктуйте.|C: {pii}.",
        ],
    },
    "lv": {
        "card": [
            "C: Kartes numurs ir {pii}.",
            "A: Lūdzu, nosauciet kartes numuru.|C: {pii}.",
            "C: Maksāšu ar karti, numurs {pii}.",
            "C: Mana kredītkarte ir {pii}.",
            "~C: Jā, {pii}.",
            "~C: Pierakstiet: {pii}.",
        ],
        "card_exp_cvv": [
            "C: Karte {card}, derīga līdz {exp}, kods {cvv}.",
            "C: Kartes numurs {card}, derīguma termiņš {exp}, CVV {cvv}.",
            "~C: {card}, {exp}, {cvv}.",
            "~C: {card} {exp} {cvv}",
        ],
        "phone": [
            "C: Mans telefona numurs ir {pii}.",
            "A: Uz kuru numuru jums piezvanīt?|C: {pii}.",
            "C: Mans mobilais ir {pii}.",
            "C: Zvaniet uz telefonu {pii}.",
            "~C: Jā, {pii}.",
            "~C: Pierakstiet, {pii}.",
        ],
        "email": [
            "C: Mans e-pasts ir {pii}.",
            "A: Kāda ir jūsu e-pasta adrese?|C: {pii}.",
            "C: Sūtiet uz e-pastu {pii}, lūdzu.",
            "~C: Jā, {pii}.",
        ],
        "iban": [
            "C: Mans IBAN ir {pii}.",
            "A: Uz kuru kontu atmaksāt?|C: IBAN {pii}.",
            "C: Konta numurs {pii}.",
            "~C: Lūdzu, {pii}.",
        ],
        "national_id": [
            "C: Mans {idname} ir {pii}.",
            "A: Lūdzu, jūsu personas kodu.|C: {pii}.",
            "C: {idname} {pii}.",
            "~C: Jā, {pii}.",
        ],
    },
    "ar": {
        "card": [
            "C: رقم البطاقة هو {pii}.",
            "A: من فضلك رقم البطاقة.|C: {pii}.",
            "C: سأدفع بالبطاقة، الرقم {pii}.",
            "C: بطاقتي الائتمانية رقمها {pii}.",
            "~C: نعم، {pii}.",
            "~C: اكتب عندك: {pii}.",
        ],
        "card_exp_cvv": [
            "C: البطاقة {card}، تنتهي {exp}، الرمز {cvv}.",
            "C: رقم البطاقة {card} وتاريخ الانتهاء {exp} والرمز {cvv}.",
            "~C: {card}، {exp}، {cvv}.",
            "~C: {card} {exp} {cvv}",
        ],
        "phone": [
            "C: رقم هاتفي {pii}.",
            "A: ما هو أفضل رقم للتواصل معك؟|C: {pii}.",
            "C: جوالي {pii}.",
            "C: اتصل بي على الرقم {pii}.",
            "~C: نعم، {pii}.",
            "~C: اكتب عندك، {pii}.",
        ],
        "email": [
            "C: بريدي الإلكتروني {pii}.",
            "A: ما هو عنوان بريدك الإلكتروني؟|C: {pii}.",
            "C: أرسلها إلى الإيميل {pii} من فضلك.",
            "~C: نعم، {pii}.",
        ],
        "iban": [
            "C: رقم الآيبان {pii}.",
            "A: إلى أي حساب نرسل المبلغ؟|C: الآيبان {pii}.",
            "C: الآيبان الخاص بي {pii}.",
            "~C: تفضل، {pii}.",
        ],
        "national_id": [
            "C: {idname} {pii}.",
            "A: رقم الهوية الوطنية من فضلك.|C: {pii}.",
            "C: هويتي الوطنية رقم {pii}.",
            "~C: نعم، {pii}.",
        ],
    },
}
SPLIT_LEADS_BY_LANG = {
    "en": ["", "", "", "and then ", "then ", "next, "],
    "ru": ["", "", "", "дальше ", "потом "],
    "lv": ["", "", "tālāk "],
    "ar": ["", "", "ثم "],
}
GLUES = ["XP", "Xpyr", "exp", "EXP"]

# ------------------------------------------------------------------ look-alikes


def _digits(rng: random.Random, n: int, first: str = "123456789") -> str:
    return rng.choice(first) + "".join(rng.choice("0123456789") for _ in range(n - 1))


def _money(rng: random.Random) -> tuple[int, int]:
    return rng.choice([rng.randint(5, 99), rng.randint(100, 999), rng.randint(1000, 9999)]), (
        rng.choice([0, 99, 50, 95, rng.randint(1, 98)])
    )


def la_order(lang: str, rng: random.Random) -> tuple[str, str]:
    d = _digits(rng, rng.randint(6, 9))
    text = rng.choice([d, d, f"#{d}", f"{d[:4]}-{d[4:]}", f"A-{d}" if lang == "en" else d])
    return text, text


def la_invoice(lang: str, rng: random.Random) -> tuple[str, str]:
    """Phone-length numbers that context makes an order or invoice number."""
    if rng.random() < 0.5:
        region = {"en": "US", "ru": "RU", "lv": "LV", "ar": "AE"}[lang]
        d = nsn(random_phone(region, rng))  # a real phone would look just like it
    else:
        d = _digits(rng, rng.choice([10, 11]))
    return d, d


def la_price(lang: str, rng: random.Random) -> tuple[str, str]:
    whole, cents = _money(rng)
    if lang == "en":
        text = rng.choice(
            [
                f"${whole:,}.{cents:02d}",
                f"${whole:,}",
                f"£{whole:,}.{cents:02d}",
                f"{whole} dollars",
                f"${whole:,}.{cents:02d} a month",
            ]
        )
        if rng.random() < 0.2 and whole < 100:
            return f"{number_words_en(whole)} dollars", str(whole)
        return text, re.sub(r"[^\d.,]", "", text).strip(".,")
    if lang == "ru":
        spaced = f"{whole:,}".replace(",", " ")
        if rng.random() < 0.3 and whole < 100:
            return f"{number_words_ru(whole)} рублей", str(whole)
        text = rng.choice(
            [
                f"{spaced},{cents:02d} €",
                f"{spaced} рублей",
                f"{spaced} ₽",
                f"{spaced} руб. {cents:02d} коп.",
            ]
        )
        return text, (f"{spaced},{cents:02d}" if "€" in text else spaced)
    if lang == "lv":
        text = f"{whole},{cents:02d} eiro"
        return text, f"{whole},{cents:02d}"
    amount = str(whole)
    text = rng.choice(
        [f"{amount} ريال", f"{amount.translate(ARABIC_INDIC)} ريال", f"{amount} درهم"]
    )
    return text, text.split()[0]


def number_words_en(n: int) -> str:
    if n < 10:
        return EN[n]
    if n < 20:
        return EN_TEENS[n - 10]
    return EN_TENS[n // 10] + (f" {EN[n % 10]}" if n % 10 else "")


def number_words_ru(n: int) -> str:
    if n < 10:
        return RU[n]
    if n < 20:
        return RU_TEENS[n - 10]
    return RU_TENS[n // 10] + (f" {RU[n % 10]}" if n % 10 else "")


MONTHS = {
    "en": wordlist(
        "January February March April May June July August September October November December"
    ),
    "ru": wordlist(
        "января февраля марта апреля мая июня июля августа сентября октября ноября декабря"
    ),
    "lv": wordlist(
        "janvārī februārī martā aprīlī maijā jūnijā jūlijā augustā septembrī oktobrī "
        "novembrī decembrī"
    ),
}


def la_date(lang: str, rng: random.Random) -> tuple[str, str]:
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.choice([2025, 2026, 2027])
    if lang == "en":
        text = rng.choice(
            [
                f"{month:02d}/{day:02d}/{year}",
                f"{month}/{day}/{year}",
                f"{year}-{month:02d}-{day:02d}",
                f"{MONTHS['en'][month - 1]} {day}, {year}",
            ]
        )
    elif lang == "ru":
        text = rng.choice(
            [
                f"{day} {MONTHS['ru'][month - 1]}",
                f"{day:02d}.{month:02d}.{year}",
                f"{day} {MONTHS['ru'][month - 1]} {year} года",
            ]
        )
    elif lang == "lv":
        text = rng.choice([f"{day}. {MONTHS['lv'][month - 1]}", f"{day:02d}.{month:02d}.{year}."])
    else:
        text = rng.choice(
            [f"{day}/{month}/{year}", f"{day}/{month}/{year}".translate(ARABIC_INDIC)]
        )
    return text, text.rstrip(".")


def la_time(lang: str, rng: random.Random) -> tuple[str, str]:
    hour, minute = rng.randint(8, 20), rng.choice([0, 15, 30, 45, 10, 20])
    text = f"{hour}:{minute:02d}"
    if lang == "en" and rng.random() < 0.5:
        text = f"{(hour - 1) % 12 + 1}:{minute:02d} {'am' if hour < 12 else 'pm'}"
    if lang == "ar" and rng.random() < 0.5:
        text = text.translate(ARABIC_INDIC)
    return text, text.split()[0]


def la_duration(lang: str, rng: random.Random) -> tuple[str, str]:
    n = rng.choice([5, 10, 15, 20, 30, 45, 48, 72])
    unit = {
        "en": ["minutes", "minutes", "hours", "days"],
        "ru": ["минут", "минут", "часов", "дней"],
        "lv": ["minūtes", "stundas", "dienas"],
        "ar": ["دقيقة", "ساعة", "يوم"],
    }[lang]
    word = rng.choice(unit)
    if lang == "en" and rng.random() < 0.4:
        return f"{number_words_en(n)} {word}", str(n)
    if lang == "ru" and rng.random() < 0.4:
        return f"{number_words_ru(n)} {word}", str(n)
    count = str(n).translate(ARABIC_INDIC) if lang == "ar" and rng.random() < 0.5 else str(n)
    return f"{count} {word}", count


def la_quantity(lang: str, rng: random.Random) -> tuple[str, str]:
    n = rng.choice([12, 24, 36, 50, 120, 250, 500])
    unit = {
        "en": ["units", "boxes", "bottles"],
        "ru": ["штук", "коробок", "упаковок"],
        "lv": ["gabali", "kastes"],
        "ar": ["قطعة", "علبة"],
    }[lang]
    return f"{n} {rng.choice(unit)}", str(n)


def la_account(lang: str, rng: random.Random) -> tuple[str, str]:
    d = luhn_free(rng.randint(13, 19), rng, prefix=rng.choice("123456789"))
    text = d if rng.random() < 0.4 else " ".join(d[i : i + 4] for i in range(0, len(d), 4))
    return text, text


def la_loyalty(lang: str, rng: random.Random) -> tuple[str, str]:
    d = luhn_free(16, rng, prefix=rng.choice(["77", "99", "27"]))
    text = " ".join(d[i : i + 4] for i in range(0, 16, 4))
    return text, text


def la_tracking_ups(lang: str, rng: random.Random) -> tuple[str, str]:
    alnum = "0123456789ABCDEFGHJKLMNPRSTVWXYZ"
    code = "1Z" + "".join(rng.choice(alnum) for _ in range(6)) + rng.choice(["01", "02", "03"])
    code += "".join(rng.choice("0123456789") for _ in range(8))
    text = (
        code
        if rng.random() < 0.5
        else f"{code[:2]} {code[2:5]} {code[5:8]} {code[8:10]} {code[10:14]} {code[14:]}"
    )
    return text, code


def la_tracking_usps(lang: str, rng: random.Random) -> tuple[str, str]:
    d = rng.choice(["9400", "9205", "9361"]) + "".join(rng.choice("0123456789") for _ in range(18))
    text = " ".join(d[i : i + 4] for i in range(0, 22, 4))
    return text, text


def la_tracking_post(lang: str, rng: random.Random) -> tuple[str, str]:
    if rng.random() < 0.5:
        code = rng.choice(["RA", "RB", "LV", "EE"]) + _digits(rng, 9) + rng.choice(["RU", "LV"])
        return code, code
    d = luhn_free(14, rng, prefix="1")
    return d, d


def la_ticket(lang: str, rng: random.Random) -> tuple[str, str]:
    d = _digits(rng, rng.choice([5, 6, 7, 8]))
    text = rng.choice(
        [d, f"{d[:4]}-{d[4:]}" if len(d) > 5 else d, f"INC{d.zfill(7)}", f"REF-{d}", f"00{d}"]
    )
    return text, text


def la_card_ending(lang: str, rng: random.Random) -> tuple[str, str]:
    d = _digits(rng, 4, "0123456789")
    return d, d


def la_version(lang: str, rng: random.Random) -> tuple[str, str]:
    text = rng.choice(
        [
            f"{rng.randint(1, 17)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}",
            f"{rng.randint(1, 17)}.{rng.randint(0, 9)}",
        ]
    )
    return text, text


def la_postcode(lang: str, rng: random.Random) -> tuple[str, str]:
    if lang == "en":
        text = rng.choice(
            [
                _digits(rng, 5),
                f"SW{rng.randint(1, 20)}A {rng.randint(1, 9)}AA",
                f"M{rng.randint(1, 40)} {rng.randint(1, 9)}RT",
            ]
        )
    elif lang == "ru":
        text = rng.choice(["1", "6", "3"]) + _digits(rng, 5, "0123456789")
    elif lang == "lv":
        text = f"LV-{rng.randint(1001, 5799)}"
    else:
        text = _digits(rng, 5)
    return text, text


def la_barcode(lang: str, rng: random.Random) -> tuple[str, str]:
    for _ in range(100):
        body = rng.choice(["400", "460", "475", "629", "590"]) + _digits(rng, 9, "0123456789")
        total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
        code = body + str((10 - total % 10) % 10)
        if not luhn.is_valid(code):
            return code, code
    raise RuntimeError("no EAN")


def la_year(lang: str, rng: random.Random) -> tuple[str, str]:
    text = str(rng.randint(1998, 2024))
    return text, text


def la_model(lang: str, rng: random.Random) -> tuple[str, str]:
    text = rng.choice(
        [
            f"XR-{rng.randint(100, 9900)}",
            f"S{rng.randint(10, 24)}",
            f"WM{rng.randint(1000, 8999)}",
            f"TX {rng.randint(200, 990)}",
        ]
    )
    return text, text


def la_balance(lang: str, rng: random.Random) -> tuple[str, str]:
    whole, cents = rng.randint(1000, 99999), rng.randint(0, 99)
    if lang == "ru":
        text = f"{whole:,}".replace(",", " ") + f",{cents:02d}"
        return text, text
    text = f"${whole:,}.{cents:02d}"
    return text, text[1:]


LookalikeValue = Callable[[str, random.Random], tuple[str, str]]
LOOKALIKES: dict[str, tuple[LookalikeValue, dict[str, list[str]]]] = {
    "order": (
        la_order,
        {
            "en": [
                "A: Your order number is {v}.",
                "C: I'm calling about order {v}.",
                "C: The order number on the email is {v}.",
                "A: I can see order {v} here, it shipped yesterday.",
            ],
            "ru": [
                "A: Номер вашего заказа {v}.",
                "C: Я звоню по заказу {v}.",
                "C: В письме номер заказа {v}.",
                "A: Вижу заказ {v}, он уже отправлен.",
            ],
            "lv": ["C: Pasūtījuma numurs ir {v}.", "A: Jūsu pasūtījums {v} ir nosūtīts."],
            "ar": ["A: رقم طلبك هو {v}.", "C: أتصل بخصوص الطلب رقم {v}."],
        },
    ),
    "invoice": (
        la_invoice,
        {
            "en": [
                "C: The invoice number is {v}, it's at the top of the invoice.",
                "A: I have your order under reference {v}.",
                "C: My order number is {v}, not the phone number.",
                "A: Invoice {v} was paid on Monday.",
            ],
            "ru": [
                "C: Номер счёта-фактуры {v}.",
                "A: Ваш заказ оформлен под номером {v}.",
                "C: Номер заказа {v}, это не телефон.",
                "A: Накладная номер {v} оплачена.",
            ],
            "lv": ["C: Rēķina numurs ir {v}.", "A: Jūsu pasūtījuma numurs ir {v}."],
            "ar": ["C: رقم الفاتورة {v}.", "A: طلبك مسجل برقم {v}."],
        },
    ),
    "price": (
        la_price,
        {
            "en": [
                "A: The total comes to {v}.",
                "C: I was charged {v} instead of the usual price.",
                "A: The upgrade costs {v}.",
                "C: Why is my bill {v} this time?",
            ],
            "ru": [
                "A: Итого {v}.",
                "C: С меня списали {v}, хотя должно быть меньше.",
                "A: Стоимость тарифа {v}.",
                "C: Почему в счёте {v}?",
            ],
            "lv": ["A: Kopā {v}.", "C: Man noņēma {v}."],
            "ar": ["A: المجموع {v}.", "C: تم خصم {v} من حسابي."],
        },
    ),
    "date": (
        la_date,
        {
            "en": [
                "A: It will be delivered on {v}.",
                "C: I placed the order on {v}.",
                "A: Your contract renews on {v}.",
                "C: The appointment was for {v}.",
            ],
            "ru": [
                "A: Доставка будет {v}.",
                "C: Я оформил заказ {v}.",
                "A: Договор продлевается {v}.",
                "C: Запись была на {v}.",
            ],
            "lv": ["A: Piegāde būs {v}.", "C: Es pasūtīju {v}."],
            "ar": ["A: سيتم التوصيل في {v}.", "C: طلبت في {v}."],
        },
    ),
    "time": (
        la_time,
        {
            "en": ["A: The engineer will come at {v}.", "C: I called at {v} and nobody answered."],
            "ru": ["A: Мастер приедет в {v}.", "C: Я звонил в {v}, никто не ответил."],
            "lv": ["A: Meistars ieradīsies plkst. {v}."],
            "ar": ["A: سيصل الفني الساعة {v}."],
        },
    ),
    "duration": (
        la_duration,
        {
            "en": [
                "A: Please wait {v} while I check.",
                "C: I've been on hold for {v}.",
                "A: The refund takes about {v}.",
            ],
            "ru": [
                "A: Подождите {v}, я проверю.",
                "C: Я жду уже {v}.",
                "A: Возврат займёт около {v}.",
            ],
            "lv": ["A: Lūdzu, uzgaidiet {v}.", "C: Es gaidu jau {v}."],
            "ar": ["A: انتظر {v} من فضلك.", "C: أنا أنتظر منذ {v}."],
        },
    ),
    "quantity": (
        la_quantity,
        {
            "en": ["C: I ordered {v} but only half arrived.", "A: I can see {v} on the order."],
            "ru": ["C: Я заказал {v}, а пришла половина.", "A: В заказе {v}."],
            "lv": ["C: Es pasūtīju {v}."],
            "ar": ["C: طلبت {v} ووصل النصف فقط."],
        },
    ),
    "account": (
        la_account,
        {
            "en": [
                "A: Your customer account number is {v}.",
                "C: My contract number is {v}.",
                "C: The policy number is {v}.",
                "A: The meter number on file is {v}.",
            ],
            "ru": [
                "A: Ваш лицевой счёт {v}.",
                "C: Номер договора {v}.",
                "C: Номер полиса {v}.",
                "A: Номер счётчика {v}.",
            ],
            "lv": ["C: Līguma numurs ir {v}.", "A: Jūsu klienta numurs ir {v}."],
            "ar": ["C: رقم العقد {v}.", "A: رقم حساب العميل {v}."],
        },
    ),
    "loyalty_card": (
        la_loyalty,
        {
            "en": ["C: My loyalty card number is {v}.", "A: Your rewards card {v} has 300 points."],
            "ru": ["C: Номер бонусной карты {v}.", "A: Ваша карта лояльности {v}."],
        },
    ),
    "tracking_ups": (
        la_tracking_ups,
        {
            "en": [
                "A: The UPS tracking number is {v}.",
                "C: Tracking says {v} is out for delivery.",
            ],
            "ru": ["A: Трек-номер UPS {v}."],
            "ar": ["A: رقم التتبع {v}."],
        },
    ),
    "tracking_usps": (
        la_tracking_usps,
        {
            "en": ["A: Your USPS tracking number is {v}.", "C: The tracking number is {v}."],
        },
    ),
    "tracking_post": (
        la_tracking_post,
        {
            "ru": ["A: Трек-номер посылки {v}.", "C: Отслеживаю по номеру {v}, посылка стоит."],
            "lv": ["A: Sūtījuma numurs ir {v}."],
        },
    ),
    "ticket": (
        la_ticket,
        {
            "en": [
                "A: Your ticket number is {v}.",
                "C: I already have a case open, {v}.",
                "A: I'll add a note to reference {v}.",
            ],
            "ru": ["A: Номер обращения {v}.", "C: У меня уже есть заявка {v}."],
            "lv": ["A: Jūsu pieteikuma numurs ir {v}."],
            "ar": ["A: رقم التذكرة {v}."],
        },
    ),
    "card_ending": (
        la_card_ending,
        {
            "en": [
                "A: I can see the card ending in {v}.",
                "C: It's the card ending {v}.",
                "A: Was it charged to the Visa ending {v}?",
                "A: The last four digits are {v}, is that right?",
            ],
            "ru": [
                "A: Вижу карту, заканчивающуюся на {v}.",
                "C: Это карта с последними цифрами {v}.",
                "A: Последние четыре цифры карты {v}, верно?",
            ],
            "lv": ["A: Redzu karti, kas beidzas ar {v}."],
            "ar": ["A: البطاقة التي تنتهي بـ {v}؟"],
        },
    ),
    "version": (
        la_version,
        {
            "en": ["A: Please update the app to version {v}.", "C: I'm on firmware {v}."],
            "ru": ["A: Обновите приложение до версии {v}.", "C: У меня прошивка {v}."],
            "lv": ["A: Lūdzu, atjauniniet lietotni uz versiju {v}."],
            "ar": ["A: حدّث التطبيق إلى الإصدار {v}."],
        },
    ),
    "postcode": (
        la_postcode,
        {
            "en": ["C: The postcode is {v}.", "A: Can you confirm the ZIP code, {v}?"],
            "ru": ["C: Индекс {v}.", "A: Почтовый индекс {v}, верно?"],
            "lv": ["C: Pasta indekss ir {v}."],
            "ar": ["C: الرمز البريدي {v}."],
        },
    ),
    "barcode": (
        la_barcode,
        {
            "en": ["C: The barcode on the box says {v}.", "A: The product code is {v}."],
            "ru": ["C: Штрихкод на коробке {v}.", "A: Артикул товара {v}."],
        },
    ),
    "year": (
        la_year,
        {
            "en": ["C: I've been a customer since {v}.", "A: That model was discontinued in {v}."],
            "ru": ["C: Я ваш клиент с {v} года."],
        },
    ),
    "model": (
        la_model,
        {
            "en": ["C: It's the {v} model.", "A: Is that the {v}?"],
            "ru": ["C: Модель {v}.", "A: Это модель {v}?"],
            "ar": ["C: الموديل {v}."],
        },
    ),
    "balance": (
        la_balance,
        {
            "en": ["A: Your balance is {v}.", "C: It says I owe {v}."],
            "ru": ["A: Ваш баланс {v} рублей.", "C: Пишут, что я должен {v}."],
        },
    ),
}

# ------------------------------------------------------------------ the plan

PLAN: dict[str, dict[str, tuple[int, list[str]]]] = {  # count per split, forms in turn
    "en": {
        "card": (
            34,
            wordlist(
                "digits groups groups_dash groups_comma groups_dot digit_dashes spaced words "
                "double oh mixed pairs split_same split_other card_exp_cvv glued_exp "
                "split_other groups_dash card_exp_cvv"
            ),
        ),
        "cvv": (5, wordlist("cvv cvv exp_cvv")),
        "expiry": (4, wordlist("expiry")),
        "phone": (
            20,
            [
                "international",
                "plus_word",
                "e164",
                "national",
                "digits",
                "dashes",
                "spaced",
                "words",
                "mixed",
                "split_same",
                "split_other",
            ],
        ),
        "email": (
            14,
            wordlist("address spoken glued spelled spoken split_same split_other glued"),
        ),
        "iban": (6, wordlist("compact groups asr_groups spoken split_other groups")),
        "national_id": (8, wordlist("formatted spaced digits words split_other")),
        "lookalike": (46, []),
    },
    "ru": {
        "card": (
            26,
            wordlist(
                "digits groups groups_dash decimal_pairs groups_dot digit_dashes spaced words "
                "pairs mixed split_same split_other card_exp_cvv glued_exp"
            ),
        ),
        "cvv": (3, wordlist("cvv exp_cvv")),
        "expiry": (3, wordlist("expiry")),
        "phone": (
            16,
            wordlist(
                "international plus_word national digits dashes spaced words numbers mixed "
                "split_same split_other"
            ),
        ),
        "email": (
            10,
            wordlist("address native_spoken native_glued latin_spoken native_spoken split_other"),
        ),
        "iban": (5, wordlist("groups cyrillic spoken asr_groups split_other")),
        "national_id": (10, wordlist("formatted digits numbers words split_other")),
        "lookalike": (38, []),
    },
    "lv": {
        "card": (5, wordlist("groups digits words split_other card_exp_cvv")),
        "phone": (4, wordlist("international national words split_other")),
        "email": (3, wordlist("address native_spoken glued")),
        "iban": (3, wordlist("groups compact split_other")),
        "national_id": (3, wordlist("formatted digits words")),
        "lookalike": (10, []),
    },
    "ar": {
        "card": (
            5,
            wordlist("groups groups_arabic_indic arabic_indic split_other card_exp_cvv"),
        ),
        "phone": (4, wordlist("international arabic_indic intl_arabic_indic split_other")),
        "email": (3, wordlist("address native_spoken address")),
        "iban": (2, wordlist("groups arabic_indic")),
        "national_id": (2, wordlist("digits arabic_indic")),
        "lookalike": (10, []),
    },
}

# ------------------------------------------------------------------ assembling items

Tag = tuple[str, int] | None
SPEAKERS = {"A": "agent", "C": "customer"}
OTHER = {"agent": "customer", "customer": "agent"}


@dataclass
class Seg:
    speaker: str
    parts: list[tuple[str, Tag]] = field(default_factory=list)

    def text(self, replace: Callable[[str, Tag], str] | None = None) -> str:
        return "".join(replace(t, tag) if replace and tag else t for t, tag in self.parts)


@dataclass
class Draft:
    language: str
    kind: str
    form: str
    cue: bool
    segments: list[Seg]
    pieces: list[dict[str, Any]] = field(default_factory=list)
    keeps: list[str] = field(default_factory=list)


def parse_template(template: str) -> tuple[bool, list[tuple[str, str]]]:
    cue = not template.startswith("~")
    segments = []
    for raw in template.lstrip("~").split("|"):
        who, text = raw.split(":", 1)
        segments.append((SPEAKERS[who.strip()], text.strip()))
    return cue, segments


def fill(template: str, values: dict[str, tuple[str, Tag]]) -> tuple[bool, list[Seg]]:
    cue, segments = parse_template(template)
    out = []
    for speaker, text in segments:
        seg = Seg(speaker)
        for piece in re.split(r"(\{\w+\})", text):
            if piece.startswith("{") and piece[1:-1] in values:
                seg.parts.append(values[piece[1:-1]])
            elif piece:
                seg.parts.append((piece, None))
        out.append(seg)
    return cue, out


def fill_split(
    template: str,
    halves: tuple[str, str],
    tag: Tag,
    other_speaker: bool,
    lead: str,
    values: dict[str, tuple[str, Tag]],
) -> tuple[bool, list[Seg]]:
    """A one-segment template with the value cut across two segments."""
    cue, segments = parse_template(template)
    ((speaker, text),) = segments
    before, after = text.split("{pii}")
    first, second = Seg(speaker), Seg(OTHER[speaker] if other_speaker else speaker)
    cue_values = {k: v for k, v in values.items() if k != "pii"}
    first.parts = [*_literal(before, cue_values), (halves[0], tag)]
    second.parts = (
        ([(lead, None)] if lead else []) + [(halves[1], tag)] + _literal(after, cue_values)
    )
    return cue, [first, second]


def _literal(text: str, values: dict[str, tuple[str, Tag]]) -> list[tuple[str, Tag]]:
    parts: list[tuple[str, Tag]] = []
    for piece in re.split(r"(\{\w+\})", text):
        if piece.startswith("{") and piece[1:-1] in values:
            parts.append(values[piece[1:-1]])
        elif piece:
            parts.append((piece, None))
    return parts


def half_of(pool: list[str], split: str, one_segment: bool = False) -> list[str]:
    """The split's half of a template pool: cued and un-cued templates alternate apart."""
    index = SPLITS_ORDER.index(split)
    cued = [t for t in pool if not t.startswith("~")]
    bare = [t for t in pool if t.startswith("~")]
    chosen = [t for i, t in enumerate(cued) if i % 2 == index]
    chosen += [t for i, t in enumerate(bare) if i % 2 == index]
    if one_segment:
        single = [t for t in chosen if "|" not in t]
        return single or [t for t in pool if "|" not in t]
    return chosen or pool


SPLITS_ORDER = ("dev", "check")
UNCUED = 0.25  # share of PII sentences with no word naming the kind


class Generator:
    def __init__(self, split: str, seed: int) -> None:
        self.split = split
        self.rng = random.Random(seed)

    def templates(self, lang: str, name: str, one_segment: bool = False) -> list[str]:
        pool = half_of(PII_TEMPLATES[lang][name], self.split, one_segment)
        bare = [t for t in pool if t.startswith("~")]
        cued = [t for t in pool if not t.startswith("~")]
        if bare and (not cued or self.rng.random() < UNCUED):
            return bare
        return cued

    # -- PII

    def card(self, lang: str, form: str) -> Draft:
        rng = self.rng
        if form in ("card_exp_cvv", "glued_exp"):
            return self.card_exp_cvv(lang, form)
        base = form.removeprefix("split_")
        if base != form:
            base = rng.choice(
                ["groups", "groups_dash", "digits", "digit_dashes", "words", "spaced"]
                if lang in ("en", "ru")
                else ["groups", "groups_arabic_indic"]
                if lang == "ar"
                else ["groups", "words"]
            )
            if base == "digits":
                base = "groups"
        while True:
            digits = random_card(lang, rng)
            if card_fits(digits, base):
                break
        written = card_written(digits, base, lang, rng)
        piece = {"kind": "card", "value": digits, "secrets": [digits], "luhn": True}
        return self.place(lang, "card", form, written, piece)

    def place(
        self,
        lang: str,
        kind: str,
        form: str,
        written: Written,
        piece: dict[str, Any],
        extra: dict[str, tuple[str, Tag]] | None = None,
        template_kind: str | None = None,
    ) -> Draft:
        rng = self.rng
        values = dict(extra or {})
        tag: Tag = ("pii", 0)
        if form.startswith("split_"):
            template = rng.choice(self.templates(lang, template_kind or kind, one_segment=True))
            lead = "" if kind == "email" else rng.choice(SPLIT_LEADS_BY_LANG[lang])
            cue, segs = fill_split(
                template, written.halves(rng), tag, form == "split_other", lead, values
            )
        else:
            template = rng.choice(self.templates(lang, template_kind or kind))
            values["pii"] = (written.whole(), tag)
            cue, segs = fill(template, values)
        return Draft(lang, kind, form, cue, segs, [piece])

    def card_exp_cvv(self, lang: str, form: str) -> Draft:
        rng = self.rng
        digits = random_card(lang, rng)
        month, year = expiry_value(rng)
        cvv = "".join(rng.choice("0123456789") for _ in range(4 if len(digits) == 15 else 3))
        if form == "glued_exp":
            card_text = digits
            exp_text = f"{month:02d}{year:02d}"
            template = rng.choice(self.templates(lang, "glued"))
            extra = {"g": (rng.choice(GLUES), None)}
        else:
            card_form = rng.choice(
                {
                    "en": ["digits", "groups", "groups_dash", "words", "mixed", "oh"],
                    "ru": ["digits", "groups", "groups_dash", "words", "decimal_pairs"],
                    "lv": ["groups", "digits"],
                    "ar": ["groups", "groups_arabic_indic"],
                }[lang]
            )
            if not card_fits(digits, card_form):
                card_form = "groups"
            card_text = card_written(digits, card_form, lang, rng).whole()
            exp_text = expiry_written(month, year, rng.choice(EXPIRY_FORMS[lang]), lang, rng)
            template = rng.choice(self.templates(lang, "card_exp_cvv"))
            extra = {}
        cvv_text = cvv_written(cvv, rng.choice(CVV_FORMS[lang]), lang, rng)
        values = {
            "card": (card_text, ("pii", 0)),
            "exp": (exp_text, ("pii", 1)),
            "cvv": (cvv_text, ("pii", 2)),
            **extra,
        }
        cue, segs = fill(template, values)
        pieces = [
            {"kind": "card", "value": digits, "secrets": [digits], "luhn": True},
            {
                "kind": "expiry",
                "value": f"{month:02d}/{year:02d}",
                "secrets": [digit_stream(exp_text)],
            },
            {"kind": "cvv", "value": cvv, "secrets": [cvv]},
        ]
        return Draft(lang, "card", form, cue, segs, pieces)

    def cvv_or_expiry(self, lang: str, kind: str, form: str) -> Draft:
        rng = self.rng
        month, year = expiry_value(rng)
        cvv = "".join(rng.choice("0123456789") for _ in range(rng.choice([3, 3, 3, 4])))
        exp_text = expiry_written(month, year, rng.choice(EXPIRY_FORMS[lang]), lang, rng)
        cvv_text = cvv_written(cvv, rng.choice(CVV_FORMS[lang]), lang, rng)
        exp_piece = {
            "kind": "expiry",
            "value": f"{month:02d}/{year:02d}",
            "secrets": [digit_stream(exp_text)],
        }
        cvv_piece = {"kind": "cvv", "value": cvv, "secrets": [cvv]}
        if form == "exp_cvv":
            template = rng.choice(self.templates(lang, "exp_cvv"))
            cue, segs = fill(
                template, {"exp": (exp_text, ("pii", 0)), "cvv": (cvv_text, ("pii", 1))}
            )
            return Draft(lang, kind, form, cue, segs, [exp_piece, cvv_piece])
        if kind == "cvv":
            template = rng.choice(self.templates(lang, "cvv"))
            cue, segs = fill(template, {"cvv": (cvv_text, ("pii", 0))})
            return Draft(
                lang,
                kind,
                "cvv_" + ("digits" if cvv_text == cvv else "words"),
                cue,
                segs,
                [cvv_piece],
            )
        template = rng.choice(self.templates(lang, "expiry"))
        cue, segs = fill(template, {"exp": (exp_text, ("pii", 0))})
        return Draft(lang, kind, "expiry", cue, segs, [exp_piece])

    def phone(self, lang: str, form: str) -> Draft:
        rng = self.rng
        number = random_phone(rng.choice(PHONE_REGIONS[lang]), rng)
        base = form.removeprefix("split_")
        if base != form:
            base = rng.choice(
                ["international", "national", "dashes", "spaced", "words"]
                if lang != "ar"
                else ["international", "arabic_indic"]
            )
        written = phone_written(number, base, lang, rng)
        piece = {
            "kind": "phone",
            "value": phonenumbers.format_number(number, PhoneNumberFormat.E164),
            "secrets": [nsn(number)],
        }
        return self.place(lang, "phone", form, written, piece)

    def email(self, lang: str, form: str) -> Draft:
        rng = self.rng
        email = random_email(lang, rng)
        base = form.removeprefix("split_")
        if base != form:
            base = {
                "en": "spoken",
                "ru": "native_spoken",
                "lv": "native_spoken",
                "ar": "native_spoken",
            }[lang]
        while base == "spelled" and (len(email.first) + len(email.last) > 10 or email.suffix):
            email = random_email(lang, rng)  # nobody spells out a long name
        written, native = email_written(email, base, lang, rng)
        shown = letter_stream(written.whole())  # Latin or native script: what was written
        secrets = [x for x in email.secrets(native) if letter_stream(x) in shown]
        piece = {"kind": "email", "value": email.address, "secrets": secrets}
        return self.place(lang, "email", form, written, piece)

    def iban(self, lang: str, form: str) -> Draft:
        rng = self.rng
        country = rng.choice(
            {
                "en": ["GB", "GB", "LV", "DE"],
                "ru": ["LV", "LV", "DE"],
                "lv": ["LV"],
                "ar": ["AE", "SA"],
            }[lang]
        )
        number = iban(country, rng)
        base = form.removeprefix("split_")
        if base != form:
            base = rng.choice(["groups", "asr_groups"])
        written = iban_written(number, base, lang, rng)
        piece = {"kind": "iban", "value": number, "secrets": ["".join(re.findall(r"\d", number))]}
        return self.place(lang, "iban", form, written, piece)

    def national_id(self, lang: str, form: str) -> Draft:
        rng = self.rng
        kind = rng.choice(ID_TYPES[lang])
        number = id_value(kind, rng)
        base = form.removeprefix("split_")
        if base != form:
            base = rng.choice(["formatted", "spaced"])
        if base == "numbers" and kind not in ("snils", "inn"):
            base = "words"
        if base == "formatted" and kind == "inn":
            base = "digits"
        written = id_written(kind, number, base, lang, rng)
        piece = {"kind": "national_id", "value": number, "id_type": kind, "secrets": [number]}
        idname = ID_NAMES[kind].get(lang, next(iter(ID_NAMES[kind].values())))
        return self.place(
            lang, "national_id", form, written, piece, extra={"idname": (idname, None)}
        )

    # -- look-alikes

    def lookalike(self, lang: str, name: str) -> Draft:
        rng = self.rng
        make, templates = LOOKALIKES[name]
        text, keep = make(lang, rng)
        pool = templates.get(lang) or templates["en"]
        template = rng.choice(half_of([t.replace("{v}", "{pii}") for t in pool], self.split))
        cue, segs = fill(template, {"pii": (text, ("keep", 0))})
        return Draft(lang, "lookalike", name, cue, segs, [], [keep])

    def lookalike_types(self, lang: str) -> list[str]:
        return [name for name, (_, templates) in LOOKALIKES.items() if lang in templates]

    # -- one item

    def draft(self, lang: str, kind: str, form: str) -> Draft:
        if kind == "card":
            return self.card(lang, form)
        if kind in ("cvv", "expiry"):
            return self.cvv_or_expiry(lang, kind, form)
        if kind == "lookalike":
            return self.lookalike(lang, form)
        return getattr(self, kind)(lang, form)

    def items(self) -> list[dict[str, Any]]:
        out = []
        for lang, kinds in PLAN.items():
            for kind, (count, forms) in kinds.items():
                cycle = forms or self.lookalike_types(lang)
                for n in range(count):
                    form = cycle[n % len(cycle)]
                    for _attempt in range(200):
                        draft = self.draft(lang, kind, form)
                        problem = validate(draft)
                        if problem is None:
                            break
                    else:
                        raise RuntimeError(f"{lang} {kind} {form}: {problem}")
                    out.append(to_item(draft, f"{self.split}-{lang}-{kind}-{n:03d}", self.split))
        return out


# ------------------------------------------------------------------ checks


def _texts(draft: Draft, replace: Callable[[str, Tag], str] | None = None) -> list[str]:
    return [seg.text(replace) for seg in draft.segments]


def validate(draft: Draft) -> str | None:
    """None when the scorer reads the item right both ways; else what is wrong."""
    original = View.of(_texts(draft))
    for piece in draft.pieces:
        if not piece["secrets"]:
            return "no secret"
        for secret in piece["secrets"]:
            if not leaks(secret, original):
                return f"secret {secret!r} not visible in the unredacted text"
    for keep in draft.keeps:
        if not survives(keep, original):
            return f"keep {keep!r} not visible"

    def perfect(text: str, tag: Tag) -> str:
        return "[X]" if tag and tag[0] == "pii" else text

    last_span: dict[int, int] = {}
    for s, seg in enumerate(draft.segments):
        for p, (_, tag) in enumerate(seg.parts):
            if tag and tag[0] == "pii":
                last_span[tag[1]] = s * 1000 + p

    redacted = View.of(_texts(draft, perfect))
    for piece in draft.pieces:
        for secret in piece["secrets"]:
            if leaks(secret, redacted):
                return f"secret {secret!r} leaks after a perfect redaction"
    for keep in draft.keeps:
        if not survives(keep, redacted):
            return f"keep {keep!r} lost by a perfect redaction"
    cards = [i for i, p in enumerate(draft.pieces) if p["kind"] == "card"]
    if cards:
        texts = []
        for s, seg in enumerate(draft.segments):
            parts = []
            for p, (text, tag) in enumerate(seg.parts):
                if tag and tag[0] == "pii":
                    shown = ""
                    if tag[1] in cards and last_span[tag[1]] == s * 1000 + p:
                        shown = " " + draft.pieces[tag[1]]["value"][-4:]
                    parts.append("[X]" + shown)
                else:
                    parts.append(text)
            texts.append("".join(parts))
        shown_view = View.of(texts)
        for piece in draft.pieces:
            for secret in piece["secrets"]:
                if leaks(secret, shown_view):
                    return f"secret {secret!r} leaks when the card's last four are shown"
    if draft.keeps:
        gone = View.of(_texts(draft, lambda text, tag: "[X]"))
        for keep in draft.keeps:
            if survives(keep, gone):
                return f"keep {keep!r} survives without its span: it is elsewhere in the text"
        for run in re.findall(r"\d[\d \-]*\d", " ".join(_texts(draft))):
            digits = re.sub(r"\D", "", run)
            if 13 <= len(digits) <= 19 and luhn.is_valid(digits):
                return f"look-alike holds a Luhn-valid number {digits}"
    return None


def to_item(draft: Draft, item_id: str, split: str) -> dict[str, Any]:
    segments: list[dict[str, str]] = []
    spans: dict[int, list[list[int]]] = defaultdict(list)
    keep_spans: list[list[int]] = []
    for s, seg in enumerate(draft.segments):
        text, offset = "", 0
        for chunk, tag in seg.parts:
            if tag and tag[0] == "pii":
                spans[tag[1]].append([s, offset, offset + len(chunk)])
            elif tag:
                keep_spans.append([s, offset, offset + len(chunk)])
            text += chunk
            offset += len(chunk)
        segments.append({"speaker": seg.speaker, "text": text})
    pieces = []
    for i, piece in enumerate(draft.pieces):
        pieces.append({**piece, "spans": spans[i]})
    return {
        "id": item_id,
        "split": split,
        "language": draft.language,
        "kind": draft.kind,
        "form": draft.form,
        "cue": draft.cue,
        "segments": segments,
        "secrets": [s for p in pieces for s in p["secrets"]],
        "keep": draft.keeps,
        "pii": pieces,
        "keep_spans": keep_spans,
        "source": "generated",
    }


# ------------------------------------------------------------------ ASR items

PROBE_KIND = {
    "card": "card",
    "card+expiry+cvv": "card",
    "phone": "phone",
    "email": "email",
    "iban": "iban",
    "national id": "national_id",
}
# Rows whose written text mixes pieces or carries digits that are not the value's: the
# secrets are read off what ASR wrote, by hand.
PROBE_OVERRIDES: dict[int, list[dict[str, Any]]] = {
    22: [
        {"kind": "card", "secrets": ["411111111111111"]},
        {"kind": "expiry", "secrets": ["1228"]},
        {"kind": "cvv", "secrets": ["123"]},
    ],
    23: [
        {"kind": "card", "secrets": ["41111111111111111"]},
        {"kind": "expiry", "secrets": ["1228"]},
        {"kind": "cvv", "secrets": ["123"]},
    ],
    24: [
        {"kind": "card", "secrets": ["555555555555544444"]},
        {"kind": "expiry", "secrets": ["327"]},
        {"kind": "cvv", "secrets": ["456"]},
    ],
    25: [
        {"kind": "card", "secrets": ["555555555555544444"]},
        {"kind": "expiry", "secrets": ["0327"]},
        {"kind": "cvv", "secrets": ["456"]},
    ],
    50: [{"kind": "iban", "secrets": ["800435195001"]}],  # `My I-1 is LV80, …`: I-1 is "IBAN"
    67: [{"kind": "card", "secrets": ["55555555"]}],  # `Первые 8500`: "the first eight"
    68: [{"kind": "card", "secrets": []}],  # `Карты 4-1`: the loop guard left two digits
    # e-mails: the local part and the company domain as ASR wrote them
    44: [{"kind": "email", "secrets": ["john", "smith", "example"]}],
    45: [{"kind": "email", "secrets": ["john", "smith", "example"]}],
    46: [{"kind": "email", "secrets": ["jsm", "34"]}],  # `It's JSM-34 | at mail.com.`
    47: [{"kind": "email", "secrets": ["jacemistach"]}],
    48: [{"kind": "email", "secrets": ["mdashmary"]}],  # `www.mdashmary | .com.`
    49: [{"kind": "email", "secrets": ["anna", "dashmeria", "company"]}],
    72: [{"kind": "email", "secrets": ["иван", "петров"]}],
    73: [{"kind": "email", "secrets": []}],  # `Моя адреса на | собаком ел точку ору.`
}


def asr_digit_piece(kind: str, value: str, texts: list[str]) -> dict[str, Any]:
    """The value's digits when ASR wrote them, else every digit ASR wrote for it (≥ 5)."""
    written = digit_stream(" ".join(texts))
    digits = re.sub(r"\D", "", value)
    if kind == "phone":
        digits = nsn(phonenumbers.parse(value))
    if digits in written:
        secrets = [digits]
    elif len(written) >= 5:
        secrets = [written]
    else:
        secrets = []
    # Luhn-valid as written: the piece's digits, all of them, make a valid 13-19 digit number
    luhn_ok = (
        kind == "card"
        and secrets == [written]
        and 13 <= len(written) <= 19
        and luhn.is_valid(written)
    )
    return {"kind": kind, "value": value, "secrets": secrets, "luhn": luhn_ok}


def asr_item(
    row: dict[str, Any],
    item_id: str,
    split: str,
    overrides: dict[int, list[dict[str, Any]]],
    key: int,
) -> dict[str, Any]:
    kind = PROBE_KIND.get(row["kind"], row["kind"])
    segments = [
        {k: s[k] for k in ("speaker", "start", "end", "text", "words")} for s in row["segments"]
    ]
    dropped = [
        {
            "speaker": "unknown",
            "start": 0.0,
            "end": row.get("audio_s", 1.0),
            "text": t,
            "reason": "repetition",
        }
        for t in row.get("dropped", [])
    ]
    texts = [s["text"] for s in segments] + [d["text"] for d in dropped]
    if kind == "lookalike":
        written = digit_stream(" ".join(texts))
        keep = [written] if written else []
        pieces: list[dict[str, Any]] = []
    elif key in overrides:
        keep = []
        pieces = [
            {
                "kind": o["kind"],
                "value": row["value"] if o["kind"] == kind else "",
                "secrets": o["secrets"],
                "luhn": False,
            }
            for o in overrides[key]
        ]
    elif kind == "email":
        letters = letter_stream(" ".join(texts))
        local, _, domain = row["value"].partition("@")
        label = domain.split(".")[0]
        names = [p for p in re.split(r"[._\-\d]+", local) if len(p) >= 3]
        if label not in PROVIDERS:
            names += label.split("-")
        keep = []
        pieces = [
            {
                "kind": "email",
                "value": row["value"],
                "luhn": False,
                "secrets": [n for n in names if letter_stream(n) in letters],
            }
        ]
    else:
        keep = []
        pieces = [asr_digit_piece(kind, row["value"], texts)]
    form = row["form"].replace(" ", "_").replace(",", "").replace("+", "and")
    return {
        "id": item_id,
        "split": split,
        "language": row["language"],
        "kind": kind,
        "form": f"asr:{form}",
        "cue": True,
        "segments": segments,
        "dropped": dropped,
        "secrets": [s for p in pieces for s in p["secrets"]],
        "keep": keep,
        "pii": pieces,
        "keep_spans": [],
        "source": "asr",
        "spoken": row["spoken"],
        "voice": row["voice"],
        "value": row["value"],
    }


def import_probe(source: Path, target: Path) -> int:
    """Copy the probe's renderings (what ASR wrote, not its checks) into the corpus data."""
    rows = []
    with source.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            rows.append({k: row[k] for k in PROBE_FIELDS if k in row})
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return len(rows)


def probe_items(path: Path) -> list[dict[str, Any]]:
    """The probe's renderings; the two voices of one English utterance share a split."""
    items = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            n = row["id"]
            utterance = n // 2 if n < 60 else 30 + (n - 60)
            split = SPLITS_ORDER[utterance % 2]
            items.append(asr_item(row, f"asr-probe-{n:02d}", split, PROBE_OVERRIDES, n))
    return items


# Extra renderings: spoken forms of random values, one utterance each. Secrets are derived
# by the same rule as the probe's, except where noted here after reading what ASR wrote.
EXTRA_OVERRIDES: dict[int, list[dict[str, Any]]] = {
    11: [{"kind": "email", "secrets": ["kevin", "conner"]}],  # `kevin | .o-conner at mail.com`
    12: [{"kind": "email", "secrets": ["emily", "turner", "legistics"]}],
    13: [{"kind": "email", "secrets": ["kevin", "oconnor", "harbour", "dental"]}],
    30: [{"kind": "email", "secrets": ["анаточка", "ванного"]}],  # anna.ivanova, as written
}


def extra_utterances(rng: random.Random) -> list[dict[str, Any]]:
    """What `--asr` speaks: random valid values in words, no other numbers in the sentence."""
    out: list[dict[str, Any]] = []

    def add(kind: str, lang: str, form: str, value: str, spoken: str) -> None:
        out.append({"kind": kind, "language": lang, "form": form, "value": value, "spoken": spoken})

    for i in range(7):
        digits = random_card("en", rng)
        groups = card_groups(digits)
        if i in (0, 1, 2):
            spoken = ", ".join(digit_words(g, "en", rng.choice(["zero", "oh"])) for g in groups)
            form = "digit groups"
        elif i == 3:
            spoken = ", ".join(group_pairs(g, "en", rng) for g in groups)
            form = "pairs"
        elif i == 4:
            while not card_fits(digits, "double"):
                digits = random_card("en", rng)
            spoken = ", ".join(double_words(g) for g in card_groups(digits))
            form = "double"
        else:
            spoken = " ".join(digit_words(digits, "en", "oh").split())
            form = "single digits"
        lead = [
            "My card number is",
            "The card is",
            "It's",
            "Okay, so",
            "The long number is",
            "Sure,",
            "Card number",
        ][i]
        add("card", "en", form, digits, f"{lead} {spoken}.")
    for region, lead in (
        ("US", "You can call me on"),
        ("GB", "My mobile is"),
        ("LV", "My Latvian number is"),
        ("US", "Sure, it's"),
    ):
        number = random_phone(region, rng)
        groups = re.findall(r"\d+", phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL))
        spoken = ", ".join(digit_words(g, "en", rng.choice(["zero", "oh"])) for g in groups)
        if region == "LV":
            spoken = f"plus three seven one, {spoken}"
        add(
            "phone",
            "en",
            "groups",
            phonenumbers.format_number(number, PhoneNumberFormat.E164),
            f"{lead} {spoken}.",
        )
    for lead in ("My email is", "Send it to", "It's"):
        email = random_email("en", rng)
        while email.sep not in (".", "-") or email.suffix:
            email = random_email("en", rng)
        sep = SEP_WORDS["en"][email.sep]
        label = email.label.replace("-", " dash ")
        add(
            "email",
            "en",
            "spoken",
            email.address,
            f"{lead} {email.first} {sep} {email.last} at {label} dot "
            f"{email.tld.replace('.', ' dot ')}.",
        )
    number = iban("GB", rng)
    spoken = ", ".join(
        " ".join(c if c.isalpha() else EN[int(c)] for c in number[i : i + 4])
        for i in range(0, len(number), 4)
    )
    add("iban", "en", "letters and digit groups", number, f"My IBAN is {spoken}.")
    number = ssn(rng)
    add(
        "national id",
        "en",
        "SSN groups",
        number,
        "My social security number is "
        + ", ".join(digit_words(g, "en", "oh") for g in groups_of(number, (3, 2, 4)))
        + ".",
    )
    cvv = "".join(rng.choice("123456789") for _ in range(3))
    add("cvv", "en", "digits", cvv, f"The security code is {digit_words(cvv, 'en')}.")
    month, year = expiry_value(rng)
    add(
        "expiry",
        "en",
        "words",
        f"{month:02d}/{year}",
        f"It expires {pair_words(f'{month:02d}', 'en', rng)} {pair_words(str(year), 'en', rng)}.",
    )
    # English look-alikes
    order = _digits(rng, 8)
    add(
        "lookalike", "en", "order", order, f"Your order number is {digit_words(order, 'en', 'oh')}."
    )
    add(
        "lookalike",
        "en",
        "price",
        "1299.99",
        "That comes to twelve hundred ninety nine dollars and ninety nine cents.",
    )
    add(
        "lookalike", "en", "date", "28 December", "It will arrive on the twenty eighth of December."
    )
    add("lookalike", "en", "duration", "15", "Please wait fifteen minutes while I check.")
    last4 = _digits(rng, 4)
    add(
        "lookalike",
        "en",
        "card_ending",
        last4,
        f"I can see the card ending in {digit_words(last4, 'en', 'oh')}.",
    )
    account = luhn_free(16, rng, prefix="7")
    add(
        "lookalike",
        "en",
        "account",
        account,
        "Your customer account number is "
        + ", ".join(digit_words(account[i : i + 4], "en", "oh") for i in range(0, 16, 4))
        + ".",
    )
    # Russian
    for i in range(4):
        digits = random_card("ru", rng)
        groups = card_groups(digits)
        if i < 2:
            spoken = ", ".join(digit_words(g, "ru") for g in groups)
            form = "digit groups"
        else:
            spoken = ", ".join(group_pairs(g, "ru", rng) for g in groups)
            form = "pairs"
        lead = ["Номер карты", "Моя карта", "Записывайте", "Номер"][i]
        add("card", "ru", form, digits, f"{lead} {spoken}.")
    for lead in ("Мой телефон", "Перезвоните мне на номер"):
        number = random_phone("RU", rng)
        groups = re.findall(
            r"\d+", phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
        )
        spoken = "плюс семь " + " ".join(number_group_words(g, "ru", rng) for g in groups[1:])
        add(
            "phone",
            "ru",
            "numbers",
            phonenumbers.format_number(number, PhoneNumberFormat.E164),
            f"{lead} {spoken}.",
        )
    email = random_email("ru", rng)
    while email.sep != "." or email.suffix:
        email = random_email("ru", rng)
    add(
        "email",
        "ru",
        "собака / точка",
        email.address,
        f"Моя почта {email.native_first} точка {email.native_last} собака {email.native_label} "
        f"точка {TLD_SPOKEN.get(email.tld, email.tld)}.",
    )
    number = snils(rng)
    add(
        "national id",
        "ru",
        "SNILS numbers",
        number,
        "Мой СНИЛС "
        + " ".join(number_group_words(g, "ru", rng) for g in groups_of(number, (3, 3, 3, 2)))
        + ".",
    )
    add("lookalike", "ru", "price", "25", "С меня списали двадцать пять рублей.")
    order = _digits(rng, 8)
    add("lookalike", "ru", "order", order, f"Номер вашего заказа {digit_words(order, 'ru')}.")
    add("lookalike", "ru", "duration", "15", "Подождите пятнадцать минут, я проверю.")
    add("lookalike", "ru", "date", "28 декабря", "Доставка будет двадцать восьмого декабря.")
    return out


def render_extra(out_path: Path, model: str) -> None:
    """Speak `extra_utterances` with festival and transcribe them with the product's ASR."""
    import tempfile
    import time

    import privacy_asr_probe as probe

    from models.asr import AsrOptions, load_backend
    from qa.intake.calls import CallSource
    from qa.transcription.transcribe import TranscribeOptions, transcribe_call

    asr = AsrOptions(model=model)
    backend = load_backend(asr)
    utterances = extra_utterances(random.Random(EXTRA_SEED))
    english = 0
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, out_path.open("w", encoding="utf-8") as out:
        for n, u in enumerate(utterances):
            if u["language"] == "en":
                voice = probe.VOICES["en"][english % 2]
                english += 1
            else:
                voice = probe.VOICES["ru"][0]
            utterance = probe.Utterance(
                u["kind"], u["language"], u["form"], u["value"], (u["spoken"],)
            )
            wav = Path(tmp) / f"x{n:03d}.wav"
            duration = probe.render(utterance, voice, wav, seed=1000 + n)
            started = time.perf_counter()
            transcript = transcribe_call(
                CallSource(f"extra{n:03d}", wav, language=u["language"]),
                TranscribeOptions(asr=asr, language=u["language"]),
                backend,
            )
            row = {
                "id": n,
                **u,
                "voice": voice,
                "segments": probe.written_segments(transcript),
                "dropped": [d.text for d in transcript.dropped],
                "written": " | ".join(s.text for s in transcript.segments),
                "model": transcript.asr.model,
                "audio_s": round(duration, 2),
                "asr_s": round(time.perf_counter() - started, 2),
            }
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            out.flush()
            print(f"{n:3d} {u['language']} {u['kind']:11s} {row['written']}", flush=True)


def extra_items(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        return []
    items = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            n = row["id"]
            items.append(
                asr_item(row, f"asr-extra-{n:02d}", SPLITS_ORDER[n % 2], EXTRA_OVERRIDES, n)
            )
    return items


# ------------------------------------------------------------------ main


def build() -> list[dict[str, Any]]:
    items = []
    for split, seed in SEEDS.items():
        items += Generator(split, seed).items()
    items += probe_items(PROBE)
    items += extra_items(RENDERINGS)
    return items


def describe(items: list[dict[str, Any]]) -> str:
    lines = []
    for key in ("split", "source", "language", "kind"):
        counts = Counter(i[key] for i in items)
        lines.append(f"{key:9s} " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    generated = [i for i in items if i["source"] == "generated"]
    lines.append(
        f"generated {len(generated)}: "
        + ", ".join(
            f"{k} {v}" for k, v in sorted(Counter(i["language"] for i in generated).items())
        )
        + f"; look-alikes {sum(i['kind'] == 'lookalike' for i in items)}"
        + f"; without a cue word {sum(not i['cue'] for i in generated)}"
    )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--asr",
        action="store_true",
        help="render the extra utterances through festival + the product's ASR",
    )
    parser.add_argument("--model", default="base")
    parser.add_argument(
        "--import-probe",
        type=Path,
        nargs="?",
        const=PROBE_RESULTS,
        help=f"copy a privacy_asr_probe.py run (default {PROBE_RESULTS.relative_to(ROOT)}) first",
    )
    parser.add_argument("--out", type=Path, default=CORPUS)
    args = parser.parse_args()
    if args.import_probe:
        print(f"imported {import_probe(args.import_probe, PROBE)} probe renderings")
    if args.asr:
        render_extra(RENDERINGS, args.model)
    items = build()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as out:
        for item in items:
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
    print(describe(items))
    print(f"wrote {len(items)} items to {args.out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
