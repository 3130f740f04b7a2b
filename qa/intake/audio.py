"""Decode call recordings in-process into 16 kHz float32, one row per channel.

Contact centres store 8 kHz telephone audio as 8-bit, µ-law, A-law or 16-bit WAV,
FLAC, MP3 or OGG. PyAV (FFmpeg's libraries) decodes all of them without a subprocess
per file, and its resampler keeps the channels apart so each leg stays a leg.

Memory stays bounded by `max_seconds`: a duration the container reports is checked
before any sample is decoded, and decoding stops as soon as the limit is passed when
it reports none.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import av
import numpy as np

from models.audio import SAMPLE_RATE
from qa.intake.paths import display_path, file_kind
from qa.intake.wav import wav_truncation

_FLOAT_FORMATS = frozenset({"flt", "fltp", "dbl", "dblp"})


class AudioDecodeError(Exception):
    """A recording that cannot be turned into audio; the message says why in one line."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = display_path(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


@dataclass(frozen=True)
class DecodedAudio:
    """A recording as channels × samples at 16 kHz, with what it was before."""

    path: str
    channels: np.ndarray  # float32, shape (n_channels, n_samples), 16 kHz
    source_rate: int
    source_codec: str

    @property
    def n_channels(self) -> int:
        return int(self.channels.shape[0])

    @property
    def duration(self) -> float:
        return self.channels.shape[1] / SAMPLE_RATE


def clock(seconds: float) -> str:
    """4:03:00 for 14580 s."""
    return str(timedelta(seconds=round(seconds)))


def decode_audio(path: Path | str, max_seconds: float | None = None) -> DecodedAudio:
    """Decode any file FFmpeg knows into 16 kHz float32 per channel.

    Raises AudioDecodeError (never a library traceback) for missing, empty, special,
    corrupt, truncated, over-long, NaN-carrying or more-than-stereo files.
    """
    path = Path(path)
    _check_file(path)
    try:
        with av.open(str(path), metadata_errors="ignore") as container:
            if not container.streams.audio:
                raise AudioDecodeError(path, "no audio stream in the file")
            stream = container.streams.audio[0]
            n_channels = stream.codec_context.channels or 1
            if n_channels > 2:
                raise AudioDecodeError(
                    path, f"{n_channels} channels; a call has 1 (mono) or 2 (stereo)"
                )
            _check_reported_duration(path, container, stream, max_seconds)
            if stream.codec_context.name.startswith("pcm_") and (cut := wav_truncation(path)):
                raise AudioDecodeError(path, cut)
            chunks = _decode(path, container, stream, n_channels, max_seconds)
            codec = stream.codec_context.name
            rate = stream.codec_context.sample_rate or 0
    except AudioDecodeError:
        raise
    except (av.error.FFmpegError, ValueError, OSError, UnicodeDecodeError) as error:
        raise AudioDecodeError(path, f"cannot decode: {_one_line(error)}") from None
    if not chunks:
        raise AudioDecodeError(path, "no audio samples decoded (truncated or empty stream)")
    samples = np.concatenate(chunks, axis=1).astype(np.float32, copy=False)
    if samples.shape[1] < SAMPLE_RATE // 10:
        raise AudioDecodeError(path, f"only {samples.shape[1] / SAMPLE_RATE:.3f} s of audio")
    if not np.isfinite(samples).all():
        raise AudioDecodeError(path, "NaN or infinite samples")
    return DecodedAudio(str(path), samples, rate, codec)


def _check_file(path: Path) -> None:
    try:
        found = os.stat(path)
    except FileNotFoundError:
        raise AudioDecodeError(path, "no such file") from None
    except OSError as error:
        raise AudioDecodeError(path, f"unreadable ({error.strerror or error})") from None
    if not stat.S_ISREG(found.st_mode):
        raise AudioDecodeError(path, f"not a regular file ({file_kind(found.st_mode)})")
    if found.st_size == 0:
        raise AudioDecodeError(path, "empty file (0 bytes)")


def _check_reported_duration(
    path: Path, container: av.container.InputContainer, stream: av.AudioStream, limit: float | None
) -> None:
    if limit is None:
        return
    seconds = None
    if stream.duration is not None and stream.time_base is not None:
        seconds = float(stream.duration * stream.time_base)
    elif container.duration is not None:
        seconds = container.duration / av.time_base
    if seconds is not None and seconds > limit:
        raise AudioDecodeError(path, f"{clock(seconds)} of audio is over the {clock(limit)} limit")


def _decode(
    path: Path,
    container: av.container.InputContainer,
    stream: av.AudioStream,
    n_channels: int,
    limit: float | None,
) -> list[np.ndarray]:
    layout = "stereo" if n_channels == 2 else "mono"
    resampler = av.AudioResampler(format="fltp", layout=layout, rate=SAMPLE_RATE)
    chunks: list[np.ndarray] = []
    decoded = 0
    for frame in container.decode(stream):
        if frame.format.name in _FLOAT_FORMATS and not np.isfinite(frame.to_ndarray()).all():
            raise AudioDecodeError(path, "NaN or infinite samples")
        chunks.extend(out.to_ndarray() for out in resampler.resample(frame))
        decoded += frame.samples / (frame.sample_rate or SAMPLE_RATE)
        if limit is not None and decoded > limit:
            over = f"{clock(decoded)} of audio is over the {clock(limit)} limit"
            raise AudioDecodeError(path, over)
    chunks.extend(out.to_ndarray() for out in resampler.resample(None))
    return chunks


def _one_line(error: BaseException) -> str:
    if isinstance(error, av.error.FFmpegError) and error.strerror:
        return error.strerror.lower()
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
