"""The ASR seam: options, what a backend returns, and one loaded model per process.

Backends differ in engine (CTranslate2 vs PyTorch) but return the same `RawSegment`s,
so the guards and the transcript assembly never know which one ran.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Literal, Protocol

import numpy as np

BackendName = Literal["faster-whisper", "openai-whisper"]


@dataclass(frozen=True)
class AsrOptions:
    backend: BackendName = "faster-whisper"
    model: str = "base"
    compute_type: str = "int8"  # faster-whisper only; openai-whisper runs float32 on CPU
    device: str = "cpu"
    threads: int = 0  # 0: let the engine pick (all cores)
    beam_size: int = 1  # greedy: measured 2–2.5× faster than beam 5 on 2 cores, same WER here
    vad: bool = True
    # Fewer fallback temperatures bound the time unintelligible audio can take.
    temperatures: tuple[float, ...] = (0.0, 0.2, 0.4)
    # A leg may take at most this × its duration (+ 30 s) before decoding stops: on
    # unintelligible audio Whisper's fallback loops were measured at up to 4.4× real time.
    max_realtime_factor: float = 1.5


@dataclass
class RawWord:
    start: float
    end: float
    word: str  # as decoded, leading space included: "high" + "-end" must join as "high-end"
    probability: float


@dataclass
class RawSegment:
    """One decoded window, with the statistics the guards judge it by."""

    start: float
    end: float
    text: str
    avg_logprob: float
    no_speech_prob: float
    compression_ratio: float
    temperature: float
    words: list[RawWord] = field(default_factory=list)


@dataclass
class LegResult:
    segments: list[RawSegment]
    truncated: bool  # decoding stopped at the time bound


class AsrBackend(Protocol):
    name: str
    model_name: str
    compute_type: str

    def detect_language(self, samples: np.ndarray) -> tuple[str, float]:
        """Language code and probability, from the speech in `samples` (16 kHz mono)."""
        ...

    def transcribe(self, samples: np.ndarray, language: str) -> LegResult: ...


_loaded: dict[AsrOptions, AsrBackend] = {}
_lock = threading.Lock()


def load_backend(options: AsrOptions) -> AsrBackend:
    """The backend for these options, loaded once per process and reused across calls."""
    with _lock:
        if options not in _loaded:
            _loaded[options] = _create(options)
        return _loaded[options]


def _create(options: AsrOptions) -> AsrBackend:
    if options.backend == "faster-whisper":
        from models.faster_whisper_asr import FasterWhisperBackend

        return FasterWhisperBackend(options)
    if options.backend == "openai-whisper":
        from models.openai_whisper_asr import OpenAIWhisperBackend

        return OpenAIWhisperBackend(options)
    raise ValueError(f"unknown ASR backend {options.backend!r}: faster-whisper or openai-whisper")
