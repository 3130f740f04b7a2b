"""What one call is made of: its files, its id and which side the agent is on."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from qa.intake.paths import display_path

AUDIO_SUFFIXES = frozenset({".wav", ".flac", ".mp3", ".ogg", ".oga", ".opus", ".m4a", ".au"})
AGENT_LEG = re.compile(r"^(?P<stem>.+?)[_-]agent$", re.IGNORECASE)
CUSTOMER_LEG = re.compile(r"^(?P<stem>.+?)[_-](caller|customer)$", re.IGNORECASE)
AgentChannel = Literal["left", "right"]


@dataclass(frozen=True)
class CallSource:
    """Where one call's audio is: one file, or an agent file and a customer file."""

    call_id: str
    audio: Path
    customer_audio: Path | None = None
    agent_channel: AgentChannel = "left"
    language: str | None = None  # from call metadata, when the contact centre knows it
    max_seconds: float | None = None  # longer audio is not a call (IntakeOptions sets it)

    @property
    def files(self) -> list[Path]:
        return [self.audio] + ([self.customer_audio] if self.customer_audio else [])


def call_id_for(path: Path) -> str:
    """The file name without suffix and `_agent`/`_caller`, as printable text."""
    stem = path.stem
    for pattern in (AGENT_LEG, CUSTOMER_LEG):
        if match := pattern.match(stem):
            return display_path(match["stem"])
    return display_path(stem)
