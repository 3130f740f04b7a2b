"""A stored call's audio for the review desk's player, found by call id, never by a path.

The route looks the call up, hands its `calls` row here and serves the returned file with
Starlette's `FileResponse`, which answers HTTP Range requests (206, `Content-Range`,
`Accept-Ranges: bytes`) on a file of known length, so Chromium can seek.

The file is **Ogg/Opus**, not WAV. A 4-minute call is ~0.9 MB instead of ~15.7 MB: the
cache grows by every call a reviewer opens and is never pruned, and a reviewer on a LAN
bind waits for the whole file before it plays to the end. Chromium (the browser the desk
targets) plays and seeks Ogg/Opus natively, PyAV ships libopus, and the duration is
sample-exact (the Ogg end granule trims the encoder's padding). Opus is tuned for speech
(`application=voip`), 16 kbit/s per leg is clear for 8 kHz telephone audio, and the two
legs do not bleed into each other (measured: under −77 dB). The cost is encoding time,
~2 s for a 4-minute call on two cores, paid once per call; WAV would take ~0.4 s.

Stereo and two-file calls come out as stereo, the agent on the left, whichever channel
the recording used; a mono call stays one channel (browsers play it on both speakers,
and a copied channel would double the size for nothing). Decoding is the pipeline's own
(`load_call`), at its 16 kHz: telephone audio has nothing above 4 kHz to lose.

Before anything is decoded the recording's bytes are hashed and must equal the stored
`audio_hash`: a file replaced at the same path is another call, and must not play under
this one's id. A cached copy is served only while the recording is still there, so
deleting a recording (retention, erasure requests) also stops the desk from playing it.
"""

from __future__ import annotations

import os
import re
import threading
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any, Literal

import av
import numpy as np

from models.audio import SAMPLE_RATE
from qa.intake.audio import AudioDecodeError
from qa.intake.calls import CallAudio, CallSource, load_call
from qa.intake.paths import NotReadable, content_hash
from qa.intake.source import AgentChannel
from qa.transcript import Layout

CACHE_FOLDER = ".callqa-audio-cache"
MEDIA_TYPE = "audio/ogg"  # the FileResponse's media_type
ENCODING = "opus1"  # part of every cached name: change it when the encoding changes
_HASH = re.compile(r"[0-9a-f]{64}")
_ESCAPED_BYTE = re.compile(rb"\\x([0-9a-f]{2})")
_STALE_PARTIAL_S = 3600.0

Unavailable = Literal["missing", "changed", "undecodable"]


class CallAudioUnavailable(Exception):
    """The call's recording cannot be played: `kind` is `missing` (no longer where it was
    stored: the route answers 410), `changed` (the file there is not this call's audio any
    more: 410) or `undecodable` (404 or 500, the route's choice). One-line message."""

    def __init__(self, call_id: str, kind: Unavailable, reason: str) -> None:
        self.call_id = call_id
        self.kind = kind
        self.reason = reason
        super().__init__(f"call {call_id}: {reason}")


@dataclass(frozen=True)
class AudioOptions:
    """Opus bit rates; 16 kbit/s per leg is speech-clear for telephone audio."""

    stereo_bit_rate: int = 32_000
    mono_bit_rate: int = 24_000
    compression_level: int = 5  # libopus 0–10: 10 is ~25% slower for no audible gain here


@dataclass(frozen=True)
class CallRecording:
    """What a `calls` row says about the call's audio."""

    call_id: str
    layout: Layout
    source_files: tuple[str, ...]  # two-file: (agent file, customer file)
    agent_channel: AgentChannel | None
    audio_hash: str
    duration_s: float

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> CallRecording:
        """From a `calls` row as a mapping (column name → value)."""
        channel = row.get("agent_channel")
        return cls(
            call_id=str(row["call_id"]),
            layout=row["layout"],
            source_files=tuple(str(f) for f in row["source_files"] or ()),
            agent_channel=channel.lower() if isinstance(channel, str) else None,
            audio_hash=str(row["audio_hash"]),
            duration_s=float(row["duration_s"] or 0.0),
        )


def audio_cache_dir(db: Path | str) -> Path:
    """`<db folder>/.callqa-audio-cache`: beside the store, on the same disk."""
    return Path(db).absolute().parent / CACHE_FOLDER


def call_audio(
    recording: CallRecording,
    cache_dir: Path,
    bases: Sequence[Path] = (),
    options: AudioOptions = AudioOptions(),
) -> Path:
    """A playable Ogg/Opus file of the call (agent left), made once and then reused.

    `bases` are folders to resolve relative `source_files` against (older rows; e.g. the
    storing run's inbox and the database's folder), tried in order. Raises
    CallAudioUnavailable for a recording that is gone, replaced or undecodable."""
    if not _HASH.fullmatch(recording.audio_hash):
        raise ValueError(f"call {recording.call_id}: stored audio_hash is not a SHA-256")
    try:
        files = _locate(recording, bases)
    except CallAudioUnavailable:
        _forget(cache_dir, recording.audio_hash)
        raise
    target = cache_dir / f"{recording.audio_hash}.{_variant(recording)}.{ENCODING}.ogg"
    with _lock_for(target):
        if target.is_file():
            return target
        _check_identity(recording, files)
        audio = _decode(recording, files)
        cache_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        _sweep_partials(cache_dir)
        partial = cache_dir / f".{target.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.partial"
        try:
            _encode(audio, partial, options)
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
    return target


def _variant(recording: CallRecording) -> str:
    """What besides the bytes shapes the output: a corrected agent_channel re-encodes."""
    if recording.layout == "stereo":
        return f"agent-{recording.agent_channel or 'left'}"
    return recording.layout


def _locate(recording: CallRecording, bases: Sequence[Path]) -> list[Path]:
    """The recording's files as they are now, for every leg; CallAudioUnavailable when
    one is not there under any of the names it may be stored as."""
    if not recording.source_files:
        raise CallAudioUnavailable(recording.call_id, "missing", "no recording stored")
    found: list[Path] = []
    for name in recording.source_files:
        path = next((p for p in _candidates(name, bases) if p.is_file()), None)
        if path is None:
            raise CallAudioUnavailable(
                recording.call_id, "missing", f"recording {name} is no longer there"
            )
        found.append(path)
    return found


def _candidates(name: str, bases: Sequence[Path]) -> list[Path]:
    """The stored text, and the bytes it stands for when the name was not UTF-8
    (`display_path` wrote those bytes as \\xNN); relative names under each base."""
    raw = _ESCAPED_BYTE.sub(lambda m: bytes([int(m[1], 16)]), name.encode("utf-8"))
    spellings = [Path(name)] + ([Path(os.fsdecode(raw))] if raw != name.encode() else [])
    out: list[Path] = []
    for spelling in spellings:
        out.extend([spelling] if spelling.is_absolute() else [b / spelling for b in bases])
    return out


def _check_identity(recording: CallRecording, files: list[Path]) -> None:
    try:
        digest = content_hash(files)
    except NotReadable as error:
        raise CallAudioUnavailable(recording.call_id, "missing", f"{files[0]}: {error}") from None
    if digest != recording.audio_hash:
        reason = f"recording {files[0]} has changed since the call was stored"
        raise CallAudioUnavailable(recording.call_id, "changed", reason)


def _decode(recording: CallRecording, files: list[Path]) -> CallAudio:
    two_legs = recording.layout == "two-file" and len(files) == 2
    source = CallSource(
        call_id=recording.call_id,
        audio=files[0],
        customer_audio=files[1] if two_legs else None,
        agent_channel=recording.agent_channel or "left",
    )
    try:
        return load_call(source)
    except AudioDecodeError as error:
        raise CallAudioUnavailable(recording.call_id, "undecodable", str(error)) from None


def _encode(audio: CallAudio, path: Path, options: AudioOptions) -> None:
    """Ogg/Opus at the pipeline's rate; 1 s frames in, libopus's own framing out."""
    if audio.agent is not None and audio.customer is not None:
        channels, layout = np.stack([audio.agent, audio.customer]), "stereo"
        rate = options.stereo_bit_rate
    else:
        channels, layout = np.asarray(audio.mixed, dtype=np.float32)[None, :], "mono"
        rate = options.mono_bit_rate
    channels = np.clip(channels, -1.0, 1.0).astype(np.float32, copy=False)
    codec_options = {"application": "voip", "compression_level": str(options.compression_level)}
    with av.open(str(path), "w", format="ogg") as container:
        stream = container.add_stream("libopus", rate=SAMPLE_RATE, options=codec_options)
        stream.layout = layout
        stream.format = "flt"
        stream.bit_rate = rate
        for start in range(0, channels.shape[1], SAMPLE_RATE):
            chunk = np.ascontiguousarray(channels[:, start : start + SAMPLE_RATE].T)
            frame = av.AudioFrame.from_ndarray(chunk.reshape(1, -1), format="flt", layout=layout)
            frame.sample_rate = SAMPLE_RATE
            frame.pts = start
            frame.time_base = Fraction(1, SAMPLE_RATE)
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    with open(path, "rb") as written:
        os.fsync(written.fileno())


_LOCKS: dict[Path, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()


def _lock_for(target: Path) -> threading.Lock:
    """One encoder per call: Chromium's first requests for a file often come in pairs."""
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(target, threading.Lock())


def _forget(cache_dir: Path, audio_hash: str) -> None:
    """The recording is gone: so is every copy the desk made of it."""
    for copy in cache_dir.glob(f"{audio_hash}.*"):
        copy.unlink(missing_ok=True)


def _sweep_partials(cache_dir: Path) -> None:
    """Partial files left by a killed server; a live writer's is younger than an hour."""
    cutoff = time.time() - _STALE_PARTIAL_S
    for partial in cache_dir.glob(".*.partial"):
        try:
            if partial.stat().st_mtime < cutoff:
                partial.unlink()
        except OSError:
            pass
