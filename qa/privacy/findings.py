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


@dataclass(frozen=True)
class Finding:
    kind: PiiKind
    first: int  # token indices, inclusive
    last: int

    def tokens(self) -> range:
        return range(self.first, self.last + 1)


def overlaps(finding: Finding, taken: set[int]) -> bool:
    return any(i in taken for i in finding.tokens())
