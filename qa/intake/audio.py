"""Decode call recordings in-process into 16 kHz float32, one row per channel.

Contact centres store 8 kHz telephone audio as 8-bit, µ-law, A-law or 16-bit WAV,
FLAC, MP3 or OGG. PyAV (FFmpeg's libraries) decodes all of them without a subprocess
per file, and its resampler keeps the channels apart so each leg stays a leg.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np

from models.audio import SAMPLE_RATE


class AudioDecodeError(Exception):
    """A recording that cannot be turned into audio; the message says why in one line."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = str(path)
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


def decode_audio(path: Path | str) -> DecodedAudio:
    """Decode any file FFmpeg knows into 16 kHz float32 per channel.

    Raises AudioDecodeError (never a library traceback) for missing, empty, corrupt
    or silent-by-construction (no audio stream) files.
    """
    path = Path(path)
    if not path.is_file():
        raise AudioDecodeError(path, "no such file")
    if path.stat().st_size == 0:
        raise AudioDecodeError(path, "empty file (0 bytes)")
    try:
        with av.open(str(path), metadata_errors="ignore") as container:
            if not container.streams.audio:
                raise AudioDecodeError(path, "no audio stream in the file")
            stream = container.streams.audio[0]
            n_channels = stream.codec_context.channels or 1
            layout = "stereo" if n_channels == 2 else ("mono" if n_channels == 1 else None)
            if layout is None:
                raise AudioDecodeError(path, f"{n_channels} channels; expected mono or stereo")
            resampler = av.AudioResampler(format="fltp", layout=layout, rate=SAMPLE_RATE)
            chunks: list[np.ndarray] = []
            for frame in container.decode(stream):
                for out in resampler.resample(frame):
                    chunks.append(out.to_ndarray())
            for out in resampler.resample(None):
                chunks.append(out.to_ndarray())
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
        raise AudioDecodeError(path, "decoded samples contain NaN or infinity")
    return DecodedAudio(str(path), samples, rate, codec)


def _one_line(error: BaseException) -> str:
    if isinstance(error, av.error.FFmpegError) and error.strerror:
        return error.strerror.lower()
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
