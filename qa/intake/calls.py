"""The three shapes a contact centre stores a call in, turned into legs.

- stereo, one file: one leg per channel (`agent_channel` says which is the agent);
- two files, one per leg (`*_agent.*` beside `*_caller.*` or `*_customer.*`);
- mono, both parties mixed: one channel that diarization must split.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from qa.intake.audio import AudioDecodeError, DecodedAudio, decode_audio
from qa.intake.inbox import IntakeOptions, Rejected, discover_inbox
from qa.intake.source import (
    AGENT_LEG,
    AUDIO_SUFFIXES,
    CUSTOMER_LEG,
    AgentChannel,
    CallSource,
    call_id_for,
)
from qa.transcript import Layout

__all__ = [
    "AGENT_LEG",
    "AUDIO_SUFFIXES",
    "CUSTOMER_LEG",
    "AgentChannel",
    "CallAudio",
    "CallSource",
    "call_id_for",
    "discover_calls",
    "discover_calls_with_rejects",
    "load_call",
]


@dataclass
class CallAudio:
    layout: Layout
    duration: float
    agent: np.ndarray | None = None  # set for stereo and two-file calls
    customer: np.ndarray | None = None
    mixed: np.ndarray | None = None  # set for mono calls


def discover_calls(folder: Path, agent_channel: AgentChannel = "left") -> list[CallSource]:
    """Every usable call under `folder`; entries that are not are skipped (see
    `discover_calls_with_rejects` to report them)."""
    return discover_calls_with_rejects(folder, agent_channel)[0]


def discover_calls_with_rejects(
    folder: Path, agent_channel: AgentChannel = "left"
) -> tuple[list[CallSource], list[tuple[str, str]]]:
    """The calls under `folder` and, for each entry that is not one, (its file names
    joined by " + ", the one-line reason): for a one-off command, so no settling wait;
    metadata is checked as the nightly run checks it. Raises InboxError when `folder`
    itself is unusable."""
    options = IntakeOptions(agent_channel=agent_channel, settle_seconds=0.0)
    found = discover_inbox(folder, options)
    return [call.source for call in found.calls], [_skipped(r) for r in found.rejected]


def _skipped(rejected: Rejected) -> tuple[str, str]:
    return " + ".join(rejected.files), rejected.reason


def load_call(source: CallSource, max_seconds: float | None = None) -> CallAudio:
    """The call's legs (or its mixed channel); AudioDecodeError for audio that is not a
    call: undecodable, longer than `max_seconds` (default: the source's own limit, so
    callers that pass only the source still get the run's limit), or over two channels."""
    max_seconds = source.max_seconds if max_seconds is None else max_seconds
    first = decode_audio(source.audio, max_seconds)
    if source.customer_audio is not None:
        return _two_files(first, decode_audio(source.customer_audio, max_seconds))
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
