"""What a detector reports: a kind of personal or payment data over a range of tokens."""

from __future__ import annotations

from dataclasses import dataclass

from qa.transcript import PiiKind

PLACEHOLDERS: dict[str, str] = {
    "card": "[CARD]",
    "cvv": "[CVV]",
    "expiry": "[EXPIRY]",
    "phone": "[PHONE]",
    "email": "[EMAIL]",
    "iban": "[IBAN]",
    "national_id": "[ID]",
}
# When one word holds two kinds (Whisper's `411111111111111XP1228`), the first is named.
PRIORITY: tuple[PiiKind, ...] = ("card", "iban", "national_id", "phone", "email", "expiry", "cvv")


@dataclass(frozen=True)
class Finding:
    kind: PiiKind
    first: int  # token indices, inclusive
    last: int

    def tokens(self) -> range:
        return range(self.first, self.last + 1)


def overlaps(finding: Finding, taken: set[int]) -> bool:
    return any(i in taken for i in finding.tokens())
