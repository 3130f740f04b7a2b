"""Voice activity detection with faster-whisper's bundled Silero model (no download)."""

from __future__ import annotations

import numpy as np
from faster_whisper.vad import VadOptions, get_speech_timestamps

from models.audio import SAMPLE_RATE


def speech_regions(
    samples: np.ndarray, min_silence_ms: int = 500, pad_ms: int = 200, threshold: float = 0.5
) -> list[tuple[float, float]]:
    """Speech as (start, end) seconds. Short silences split turns, which diarization needs."""
    options = VadOptions(
        threshold=threshold, min_silence_duration_ms=min_silence_ms, speech_pad_ms=pad_ms
    )
    stamps = get_speech_timestamps(np.ascontiguousarray(samples, dtype=np.float32), options)
    return [(s["start"] / SAMPLE_RATE, s["end"] / SAMPLE_RATE) for s in stamps]


def speech_seconds(regions: list[tuple[float, float]]) -> float:
    return float(sum(end - start for start, end in regions))
