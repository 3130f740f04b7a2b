"""Payment cards, and the expiry and security code said with them.

A card is a Luhn-valid run of 13–19 digits, whatever form it was said in. Whisper also
miscounts repeated digits (`4111111111111111111`, 19 digits) and drops some (an Amex came
out as `3-7-8-2-2-4-6-3 | -105`), which breaks the check digit: so a run of 10 or more
digits is a card too when the nearest telling word before it is about a card. PCI DSS
allows the last four digits to be shown, so "card ending 4444" stays.
"""

from __future__ import annotations

from qa.privacy.context import (
    CARD,
    CVV,
    EXPIRY,
    IBAN,
    NATIONAL_ID,
    NOT_PAYMENT,
    NOT_PII,
    PHONE,
    matches,
    nearest_before,
)
from qa.privacy.findings import Finding
from qa.privacy.spoken import luhn_valid
from qa.privacy.stream import Number, Run, Stream

MIN_CARD, MAX_CARD = 13, 19
MIN_CARD_BY_CONTEXT = 10
MIN_CARD_UNSAID = 11  # with no telling word at all, a long run starting like a card is one
CARD_CONTEXT_WINDOW = 12
NEAR_CARD_TOKENS = 60  # an expiry or code is "near a card" within this many tokens


def find_cards(stream: Stream, taken: set[int] | None = None) -> list[Finding]:
    found: list[Finding] = []
    for run in stream.runs:
        if taken and any(n.first in taken for n in run.numbers):
            continue
        cards = _luhn_cards(stream, run) or _cards_by_context(stream, run)
        found.extend(cards)
        for card in cards:
            found.extend(_expiry_and_code_after(run, card))
    return found


def _luhn_cards(stream: Stream, run: Run) -> list[Finding]:
    """Luhn-valid stretches of whole numbers in the run, longest first, not overlapping.
    Inside a longer run said to be something else (a 22-digit tracking number, a barcode),
    a stretch that happens to pass the check is not looked for."""
    numbers = run.numbers
    if len(run.digits) > MAX_CARD and _said(stream, run) == "other":
        return []
    candidates: list[tuple[int, int, int]] = []  # (digits, first number, last number)
    for a in range(len(numbers)):
        digits = ""
        for b in range(a, len(numbers)):
            digits += numbers[b].digits
            if len(digits) > MAX_CARD:
                break
            if len(digits) >= MIN_CARD and luhn_valid(digits):
                candidates.append((len(digits), a, b))
    chosen: list[tuple[int, int]] = []
    for _, a, b in sorted(candidates, key=lambda c: (-c[0], c[1])):
        if all(b < x or a > y for x, y in chosen):
            chosen.append((a, b))
    return [Finding("card", numbers[a].first, numbers[b].last) for a, b in sorted(chosen)]


def _cards_by_context(stream: Stream, run: Run) -> list[Finding]:
    """A broken check digit: a card after card words, or a long run with no words at all
    that starts as cards do (2–6: Mastercard, Amex, Visa, Discover…). PCI's risk is
    one-sided, so an unexplained 11+ digit run is taken for a card."""
    digits = run.digits
    if len(digits) < MIN_CARD_BY_CONTEXT or run.plus:
        return []
    said = _said(stream, run)
    if said == "card" or (said is None and len(digits) >= MIN_CARD_UNSAID and digits[0] in "23456"):
        return [Finding("card", run.first, run.last)]
    return []


def _said(stream: Stream, run: Run) -> str | None:
    """What the nearest telling word calls the run: card, other (a reference, a loyalty
    card, a barcode, an IBAN or ID), phone, or None."""
    kinds = {"card": CARD, "other": NOT_PII + IBAN + NATIONAL_ID, "phone": PHONE}
    nearest = nearest_before(stream, run.first, kinds, CARD_CONTEXT_WINDOW)
    if nearest.kind == "card":
        words = [w for _, w in stream.words_before(run.first, nearest.distance + 2)]
        if any(matches(w, NOT_PAYMENT) for w in words[nearest.distance - 1 :]):
            return "other"
    return nearest.kind


def _expiry_and_code_after(run: Run, card: Finding) -> list[Finding]:
    """Read straight after the card in one breath: `5555 … 4444 12 28 123`."""
    after = [n for n in run.numbers if n.first > card.last]
    found: list[Finding] = []
    expiry = _date_like(after)
    if expiry:
        found.append(Finding("expiry", after[0].first, after[expiry - 1].last))
        after = after[expiry:]
    if after and 3 <= len(after[0].digits) <= 4:
        found.append(Finding("cvv", after[0].first, after[0].last))
    return found


def _date_like(numbers: list[Number], said_expiry: bool = False) -> int:
    """How many of the first numbers spell a month and year (MMYY, MM YY, MMYYYY; after
    "expires" also MYY: "three slash twenty seven"), or 0."""
    for count in (1, 2, 3):
        digits = "".join(n.digits for n in numbers[:count])
        if said_expiry and len(numbers) >= count and len(digits) == 3 and digits[0] != "0":
            return count
        digits = "".join(n.digits for n in numbers[:count])
        if len(numbers) < count or len(digits) not in (4, 6) or not 1 <= int(digits[:2]) <= 12:
            continue
        if len(digits) == 4 or digits[2:4] == "20":
            return count
    return 0


def find_codes(stream: Stream, cards: list[Finding]) -> list[Finding]:
    """Security codes after "CVV"/"security code", expiry dates after "expires" near a card."""
    found: list[Finding] = []
    for i, token in enumerate(stream.tokens):
        if token.kind != "alpha":
            continue
        if _names_code(stream, i) or (
            token.norm in ("code", "код") and _near_card(stream, i, cards)
        ):
            run = _run_after(stream, i)
            if run and 3 <= len(run.digits) <= 4 and not _said_between(stream, i, run, EXPIRY):
                found.append(Finding("cvv", run.first, run.last))
        elif matches(token.norm, EXPIRY) and _near_card(stream, i, cards):
            run = _run_after(stream, i)
            count = _date_like(list(run.numbers), said_expiry=True) if run else 0
            if run and count:
                found.append(Finding("expiry", run.first, run.numbers[count - 1].last))
    return found


def _names_code(stream: Stream, i: int) -> bool:
    word = stream.tokens[i].norm
    if word in ("security", "код", "drošības", "رمز", "الأمان"):
        following = [w for _, w in stream.words_after(i, 2)]
        return word in ("drošības", "رمز", "الأمان") or any(
            w in ("code", "number", "безопасности", "cvv", "cvc", "kods") for w in following
        )
    return matches(word, CVV)


def _near_card(stream: Stream, i: int, cards: list[Finding]) -> bool:
    if any(abs(card.last - i) <= NEAR_CARD_TOKENS for card in cards):
        return True
    around = stream.words_before(i, CARD_CONTEXT_WINDOW) + stream.words_after(i, 3)
    return any(matches(w, CARD) for _, w in around)


def _said_between(stream: Stream, i: int, run: Run, stems: tuple[str, ...]) -> bool:
    """A word of `stems` between token `i` and the run: in "the security code? It expires
    1228" the number is the expiry's, not the code's."""
    between = stream.tokens[i + 1 : run.first]
    return any(t.kind == "alpha" and matches(t.norm, stems) for t in between)


def _run_after(stream: Stream, i: int, within: int = 8) -> Run | None:
    for run in stream.runs:
        if i < run.first <= i + within:
            return run
    return None
