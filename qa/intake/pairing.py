"""Recordings grouped into calls by name: `NAME_agent.*` with `NAME_caller.*` or
`NAME_customer.*` in the same folder is one two-file call, any other name one file.

A leg without its other leg is never a mono call: diarizing one side of a conversation
as if it held both would score a call nobody had.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qa.intake.source import AGENT_LEG, CUSTOMER_LEG, call_id_for


@dataclass(frozen=True)
class CallFiles:
    """The files of one call as found; `customer_audio` is set for two-file calls."""

    call_id: str
    audio: Path
    customer_audio: Path | None = None
    unpaired_reason: str = ""  # set for a leg without its other leg

    @property
    def files(self) -> list[Path]:
        return [self.audio] + ([self.customer_audio] if self.customer_audio else [])

    @property
    def sidecars(self) -> list[Path]:
        """Where metadata may be, in order: `<file>.json`, then `<NAME>.json` for legs."""
        first = self.audio.with_suffix(".json")
        for pattern in (AGENT_LEG, CUSTOMER_LEG):
            if match := pattern.match(self.audio.stem):
                return [first, self.audio.with_name(f"{match['stem']}.json")]
        return [first]


@dataclass(frozen=True)
class Pairing:
    calls: list[CallFiles]
    unpaired: list[CallFiles]


def pair_legs(paths: list[Path]) -> Pairing:
    """`paths` (sorted) grouped into calls; legs pair within one folder, case-insensitively."""
    agents: dict[tuple[Path, str], list[Path]] = {}
    customers: dict[tuple[Path, str], list[Path]] = {}
    calls: list[CallFiles] = []
    for path in paths:
        if match := AGENT_LEG.match(path.stem):
            agents.setdefault((path.parent, match["stem"].lower()), []).append(path)
        elif match := CUSTOMER_LEG.match(path.stem):
            customers.setdefault((path.parent, match["stem"].lower()), []).append(path)
        else:
            calls.append(CallFiles(call_id_for(path), path))
    unpaired: list[CallFiles] = []
    for key in sorted(agents.keys() | customers.keys()):
        agent_legs, customer_legs = agents.get(key, []), customers.get(key, [])
        for agent, customer in zip(agent_legs, customer_legs, strict=False):
            calls.append(CallFiles(call_id_for(agent), agent, customer))
        stem = call_id_for((agent_legs or customer_legs)[0])
        for agent in agent_legs[len(customer_legs) :]:
            reason = (
                f"agent leg without a customer leg (expected {stem}_caller.* or {stem}_customer.*)"
            )
            unpaired.append(CallFiles(stem, agent, None, reason))
        for customer in customer_legs[len(agent_legs) :]:
            reason = f"customer leg without an agent leg (expected {stem}_agent.*)"
            unpaired.append(CallFiles(stem, customer, None, reason))
    return Pairing(sorted(calls, key=lambda c: c.audio), sorted(unpaired, key=lambda c: c.audio))
