"""E-mail addresses, written (`anna@company.lv`) or said ("john dot smith at example dot
com", "иван точка петров собака яндекс точка ру").

Whisper keeps "at" as a word and glues the rest in odd ways: `John Dotsmith at |
example.com`, `Anna Dashmeria at company.lv`, `Иванточка Петров собакая … Косточка Ру`. So
an address is an "at" word followed, within a few words, by a domain that ends in a known
top-level domain after a dot (a `.`, "dot", "точка", or a word ending in "точка"). The
name before "at" is taken back to the nearest word that starts a sentence ("is", "to",
"email", "мой", …), at most six words.
"""

from __future__ import annotations

from qa.privacy.findings import Finding
from qa.privacy.stream import Stream

AT = frozenset({"at", "@", "собака", "собаку", "собачка", "собакой", "эт", "et", "آت"})
AT_STEMS = ("собак",)
DOT = frozenset({".", "dot", "точка", "точку", "punkts", "punkt", "نقطة", "дот", "دوت"})
LINKS = frozenset({"-", "_", "dash", "hyphen", "underscore", "тире", "дефис", "подчёркивание",
                   "подчеркивание", "svītra", "apakšsvītra"})  # fmt: skip
_TLDS = """com net org edu gov info biz io co uk de fr es it nl se fi no dk ee lt lv ru ua by kz
    pl cz eu us ca au ae sa eg jo qa kw ma me tv app dev ai
    ком нет орг ру рф лв كوم نت"""
TLDS = frozenset(_TLDS.split())
_STOP = """is it's its to me my email e-mail mail address send write at the a an and or please
    it was our your his her their on from with by for here this that
    это мой моя мою адрес почта почту на пишите напишите отправьте электронная электронную
    и или по для вот
    ir mans mana manu uz adrese epasts pasts sūtiet lūdzu
    هو بريدي البريد عنوان على إلى"""
STOP = frozenset(_STOP.split())
MAX_NAME_WORDS = 6
MAX_DOMAIN_TOKENS = 10


def find_emails(stream: Stream) -> list[Finding]:
    found: list[Finding] = []
    i = 0
    while i < len(stream.tokens):
        end = _domain_end(stream, i) if _is_at(stream.tokens[i].norm) else None
        if end is None:
            i += 1
            continue
        found.append(Finding("email", _name_start(stream, i), end))
        i = end + 1
    return found


def _is_at(word: str) -> bool:
    return word in AT or word.startswith(AT_STEMS)


def _domain_end(stream: Stream, at: int) -> int | None:
    """The last token of a domain that follows `at` and ends in dot + TLD, or None."""
    tokens = stream.tokens
    end: int | None = None
    seen_dot = False
    for j in range(at + 1, min(at + 1 + MAX_DOMAIN_TOKENS, len(tokens))):
        token = tokens[j]
        if stream.gap_s(j - 1, j) > 4.0:
            break
        if token.norm in DOT:
            seen_dot = True
            continue
        if token.kind == "punct" and token.norm not in LINKS:
            break
        if token.kind == "alpha" and seen_dot and token.norm in TLDS:
            end = j  # keep going: "example dot co dot uk"
        seen_dot = token.kind == "alpha" and _glued_dot(token.norm)
        if end is not None and token.norm in ("and", "и", "un", "then", "or"):
            break
    return end


def _glued_dot(word: str) -> bool:
    """`Косточка` ("кос" + "точка"), `examplecom`-free: a word that ends in a spoken dot."""
    return any(word.endswith(d) and len(word) > len(d) for d in ("точка", "dot"))


def _name_start(stream: Stream, at: int) -> int:
    tokens = stream.tokens
    start = at
    words = 0
    j = at - 1
    while j >= 0 and words < MAX_NAME_WORDS:
        token = tokens[j]
        if stream.gap_s(j, j + 1) > 4.0:
            break
        if token.kind == "alpha" and token.norm in STOP:
            break
        if token.kind == "punct" and token.norm not in DOT | LINKS and token.norm != "+":
            break
        if token.kind != "punct" and not token.glued and len(token.text) > 1:
            words += 1  # a spelled letter ("m i k e") does not count against the name
        start = j
        j -= 1
    while start < at and tokens[start].kind == "punct":
        start += 1
    return start
