"""The call's audio with its PII silenced: the only audio callqa keeps, and what the desk plays.

The redaction stage knows where each redacted piece was said (`RedactedSpan`, from the
words' timestamps). Every span, widened by a margin, is zeroed on **every** leg: the agent
often repeats a card number back, and on a real line each leg bleeds into the other.
Whisper's word times are often a tenth of a second or more off and clip word edges, so the
margin (0.3 s) is what keeps the first and last digit from leaking. Opus smears a hard cut
over a few milliseconds (measured: under 10 ms), which falls inside the margin.

The file is **Ogg/Opus**, not WAV. A 4-minute call is ~0.9 MB instead of ~15.7 MB: one is
kept per call, and a reviewer on a LAN bind waits for the whole file before it plays to the
end. Chromium (the browser the desk targets) plays and seeks Ogg/Opus natively, PyAV ships
libopus, and the duration is sample-exact (the Ogg end granule trims the encoder's padding).
Opus is tuned for speech (`application=voip`), 16 kbit/s per leg is clear for 8 kHz
telephone audio, and the two legs do not bleed into each other (measured: under −77 dB).
The cost is encoding time, ~2 s for a 4-minute call on two cores; WAV would take ~0.4 s.

Stereo and two-file calls come out as stereo, the agent on the left, whichever channel the
recording used; a mono call stays one channel (browsers play it on both speakers, and a
copied channel would double the size for nothing). Decoding is the pipeline's own
(`load_call`), at its 16 kHz: telephone audio has nothing above 4 kHz to lose.
"""

from __future__ import annotations

import math
import os
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from models.audio import SAMPLE_RATE
from qa.intake.calls import CallAudio, CallSource, load_call
from qa.transcript import RedactedSpan

MARGIN_S = 0.3  # seconds silenced before and after each span
_STALE_PARTIAL_S = 3600.0


@dataclass(frozen=True)
class AudioOptions:
    """How the redacted copy is made: silence margin and Opus bit rates (16 kbit/s per leg
    is speech-clear for telephone audio)."""

    margin_s: float = MARGIN_S
    stereo_bit_rate: int = 32_000
    mono_bit_rate: int = 24_000
    compression_level: int = 5  # libopus 0–10: 10 is ~25% slower for no audible gain here


def silence(
    audio: CallAudio, spans: Sequence[RedactedSpan], margin_s: float = MARGIN_S
) -> CallAudio:
    """A copy of `audio` with every span ± `margin_s` zeroed on all legs, clamped to the
    call. A span whose times are not numbers silences the whole call: where it was said is
    unknown, and keeping the PII is the worse mistake. The input is not changed."""
    if not margin_s >= 0.0:
        raise ValueError(f"margin_s must be 0 or more seconds, not {margin_s}")
    legs = {
        name: np.array(samples, copy=True)
        for name in ("agent", "customer", "mixed")
        if (samples := getattr(audio, name)) is not None
    }
    for samples in legs.values():
        for span in spans:
            first, last = _span_samples(span, margin_s, len(samples))
            samples[first:last] = 0.0
    return replace(audio, **legs)


def _span_samples(span: RedactedSpan, margin_s: float, n: int) -> tuple[int, int]:
    """The span's sample range, widened and clamped to [0, n]; times the wrong way round
    are taken as the interval they bound."""
    start, end = span.start, span.end
    if math.isnan(start) or math.isnan(end):
        return 0, n
    start, end = min(start, end) - margin_s, max(start, end) + margin_s
    return (
        int(min(max(math.floor(start * SAMPLE_RATE), 0), n)) if math.isfinite(start) else 0,
        int(min(max(math.ceil(end * SAMPLE_RATE), 0), n)) if math.isfinite(end) else n,
    )


def write_redacted_audio(
    source: CallSource,
    spans: Sequence[RedactedSpan],
    out: Path,
    options: AudioOptions = AudioOptions(),
) -> Path:
    """Decode the call (`load_call`: AudioDecodeError propagates), silence `spans` and write
    Ogg/Opus to `out` atomically: a reader sees the whole file or none. `out`'s folder is
    created 0700. Returns `out`."""
    audio = silence(load_call(source), spans, options.margin_s)
    out = Path(out)
    out.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    _sweep_partials(out.parent)
    partial = out.with_name(f".{out.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.partial")
    try:
        _encode(audio, partial, options)
        os.chmod(partial, 0o600)
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    _fsync_dir(out.parent)
    return out


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


def _fsync_dir(folder: Path) -> None:
    """The rename itself survives a power cut only once the folder is synced."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sweep_partials(folder: Path) -> None:
    """Partial files left by a killed run; a live writer's is younger than an hour."""
    cutoff = time.time() - _STALE_PARTIAL_S
    for partial in folder.glob(".*.partial"):
        try:
            if partial.stat().st_mtime < cutoff:
                partial.unlink()
        except OSError:
            pass
