"""The three shapes a contact centre stores a call in, turned into legs.

- stereo, one file: one leg per channel (`agent_channel` says which is the agent);
- two files, one per leg (`*_agent.*` beside `*_caller.*` or `*_customer.*`);
- mono, both parties mixed: one channel that diarization must split.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

import numpy as np

from qa.intake.audio import AudioDecodeError, DecodedAudio, decode_audio
from qa.transcript import Layout

AUDIO_SUFFIXES = frozenset({".wav", ".flac", ".mp3", ".ogg", ".oga", ".opus", ".m4a", ".au"})
AGENT_LEG = re.compile(r"^(?P<stem>.+?)[_-]agent$", re.IGNORECASE)
CUSTOMER_LEG = re.compile(r"^(?P<stem>.+?)[_-](caller|customer)$", re.IGNORECASE)
AgentChannel = Literal["left", "right"]


class CallMetadataError(Exception):
    """A metadata sidecar that cannot be read; the message names the file."""


@dataclass(frozen=True)
class CallSource:
    """Where one call's audio is: one file, or an agent file and a customer file."""

    call_id: str
    audio: Path
    customer_audio: Path | None = None
    agent_channel: AgentChannel = "left"
    language: str | None = None  # from call metadata, when the contact centre knows it

    @property
    def files(self) -> list[Path]:
        return [self.audio] + ([self.customer_audio] if self.customer_audio else [])


@dataclass
class CallAudio:
    layout: Layout
    duration: float
    agent: np.ndarray | None = None  # set for stereo and two-file calls
    customer: np.ndarray | None = None
    mixed: np.ndarray | None = None  # set for mono calls


def call_id_for(path: Path) -> str:
    stem = path.stem
    for pattern in (AGENT_LEG, CUSTOMER_LEG):
        if match := pattern.match(stem):
            return match["stem"]
    return stem


def discover_calls(folder: Path, agent_channel: AgentChannel = "left") -> list[CallSource]:
    """Every call under `folder`, legs paired by name; a leg without its pair stands alone.

    A `<name>.json` sidecar beside a recording may set call_id, language and agent_channel.
    """
    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in AUDIO_SUFFIXES)
    customers: dict[tuple[Path, str], Path] = {}
    for path in files:
        if match := CUSTOMER_LEG.match(path.stem):
            customers[(path.parent, match["stem"].lower())] = path
    sources: list[CallSource] = []
    paired: set[Path] = set()
    for path in files:
        if match := AGENT_LEG.match(path.stem):
            customer = customers.get((path.parent, match["stem"].lower()))
            if customer:
                paired.add(customer)
            sources.append(CallSource(match["stem"], path, customer, agent_channel))
    for path in files:
        if path not in paired and not AGENT_LEG.match(path.stem):
            sources.append(CallSource(call_id_for(path), path, None, agent_channel))
    return sorted((_with_sidecar(source) for source in sources), key=lambda s: str(s.audio))


def _with_sidecar(source: CallSource) -> CallSource:
    stem = source.audio.stem
    candidates = [source.audio.with_suffix(".json")]
    if match := AGENT_LEG.match(stem):
        candidates.append(source.audio.with_name(f"{match['stem']}.json"))
    for sidecar in candidates:
        if sidecar.is_file():
            try:
                meta = json.loads(sidecar.read_text(encoding="utf-8"))
            except (OSError, ValueError) as error:
                raise CallMetadataError(f"{sidecar}: not valid JSON ({error})") from None
            channel = meta.get("agent_channel", source.agent_channel)
            if channel not in ("left", "right"):
                raise CallMetadataError(f"{sidecar}: agent_channel must be left or right")
            return replace(
                source,
                call_id=str(meta.get("call_id") or source.call_id),
                agent_channel=channel,
                language=meta.get("language") or source.language,
            )
    return source


def load_call(source: CallSource) -> CallAudio:
    first = decode_audio(source.audio)
    if source.customer_audio is not None:
        return _two_files(first, decode_audio(source.customer_audio))
    if first.n_channels == 2 and not _same_channels(first.channels):
        left, right = first.channels
        agent, customer = (left, right) if source.agent_channel == "left" else (right, left)
        return CallAudio("stereo", first.duration, agent=agent, customer=customer)
    return CallAudio("mono", first.duration, mixed=first.channels.mean(axis=0))


def _two_files(agent: DecodedAudio, customer: DecodedAudio) -> CallAudio:
    for leg in (agent, customer):
        if leg.n_channels != 1 and not _same_channels(leg.channels):
            raise AudioDecodeError(leg.path, "a per-leg file must be mono")
    a, c = agent.channels.mean(axis=0), customer.channels.mean(axis=0)
    length = max(len(a), len(c))  # the legs are time-aligned from 0; pad the shorter one
    a, c = np.pad(a, (0, length - len(a))), np.pad(c, (0, length - len(c)))
    return CallAudio("two-file", max(agent.duration, customer.duration), agent=a, customer=c)


def _same_channels(channels: np.ndarray) -> bool:
    """A mono recording saved as stereo (channels equal up to dither/codec) is not two legs."""
    if np.max(np.abs(channels[0] - channels[1])) < 1e-3:
        return True
    if channels[0].std() < 1e-6 or channels[1].std() < 1e-6:
        return False  # one silent leg: still two legs
    return bool(np.corrcoef(channels[0], channels[1])[0, 1] > 0.98)
