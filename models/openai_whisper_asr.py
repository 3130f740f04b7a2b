"""openai-whisper (PyTorch) backend.

It reads checkpoints, not CTranslate2 directories: the shipped `base`/`tiny.en` are
converted once into the cache (models/ct2_to_openai.py). A user with a normal
openai-whisper cache (`~/.cache/whisper/NAME.pt`) or network can name any model.
Audio goes in as decoded arrays, so openai-whisper never calls the system ffmpeg.
"""

from __future__ import annotations

import base64
import gzip
import time
from pathlib import Path

import numpy as np
import torch
import whisper

from models.asr import AsrOptions, LegResult, RawSegment, RawWord
from models.audio import SAMPLE_RATE
from models.ct2_to_openai import convert
from models.vad import speech_regions
from models.weights import cache_dir, resolve_model

CLIP_GROUP_S = 120.0  # decode VAD clips in groups this long, checking the time bound between


class OpenAIWhisperBackend:
    name = "openai-whisper"
    compute_type = "float32"

    def __init__(self, options: AsrOptions) -> None:
        self.options = options
        self.model_name = options.model
        if options.threads > 0:
            torch.set_num_threads(options.threads)
        self.model = _load(options.model, options.device)

    def detect_language(self, samples: np.ndarray) -> tuple[str, float]:
        if not self.model.is_multilingual:
            return "en", 1.0
        speech = _speech_only(samples)[: 30 * SAMPLE_RATE]
        mel = whisper.log_mel_spectrogram(
            whisper.pad_or_trim(torch.from_numpy(speech)), self.model.dims.n_mels
        ).to(self.model.device)
        _, probabilities = self.model.detect_language(mel)
        language = max(probabilities, key=probabilities.get)
        return language, float(probabilities[language])

    def transcribe(self, samples: np.ndarray, language: str) -> LegResult:
        options = self.options
        deadline = (
            time.monotonic() + 30.0 + options.max_realtime_factor * (len(samples) / SAMPLE_RATE)
        )
        regions = (
            speech_regions(samples, min_silence_ms=2000, pad_ms=400)
            if options.vad
            else [(0.0, len(samples) / SAMPLE_RATE)]
        )
        # openai-whisper loops forever on a clip that ends past the last mel frame.
        last_frame = (len(samples) // whisper.audio.HOP_LENGTH) / 100 - 0.02
        regions = [(start, min(end, last_frame)) for start, end in regions if start < last_frame]
        segments: list[RawSegment] = []
        for group in _groups(regions, CLIP_GROUP_S):
            if time.monotonic() > deadline:
                return LegResult(segments, truncated=True)
            result = self.model.transcribe(
                samples,
                language=language if self.model.is_multilingual else None,
                temperature=options.temperatures,
                beam_size=options.beam_size if options.beam_size > 1 else None,
                condition_on_previous_text=False,
                word_timestamps=True,
                clip_timestamps=[t for region in group for t in region],
                fp16=False,
                verbose=None,
            )
            segments.extend(_raw(segment) for segment in result["segments"])
        return LegResult(segments, truncated=False)


def _load(name: str, device: str) -> whisper.Whisper:
    user_cache = Path.home() / ".cache" / "whisper" / f"{name}.pt"
    if Path(name).suffix == ".pt" or user_cache.is_file():
        path = name if Path(name).suffix == ".pt" else str(user_cache)
        return whisper.load_model(path, device=device)
    resolved = resolve_model(name)
    if not resolved.local:  # a name only the openai-whisper download knows
        return whisper.load_model(name, device=device)
    source = Path(resolved.location)
    target = cache_dir() / f"openai-whisper-{source.name}.pt"
    if not target.is_file() or target.stat().st_mtime < (source / "model.bin").stat().st_mtime:
        convert(source, target)
    model = whisper.load_model(str(target), device=device)
    heads = torch.load(target, map_location="cpu", weights_only=True).get("alignment_heads")
    if heads:
        model.set_alignment_heads(_alignment_dump(heads, model.dims))
    return model


def _alignment_dump(heads: list[list[int]], dims: whisper.ModelDimensions) -> bytes:
    mask = np.zeros((dims.n_text_layer, dims.n_text_head), dtype=bool)
    for layer, head in heads:
        mask[layer, head] = True
    return base64.b85encode(gzip.compress(mask.tobytes()))


def _speech_only(samples: np.ndarray) -> np.ndarray:
    regions = speech_regions(samples)
    if not regions:
        return samples
    pieces = [samples[int(s * SAMPLE_RATE) : int(e * SAMPLE_RATE)] for s, e in regions]
    return np.concatenate(pieces).astype(np.float32)


def _groups(regions: list[tuple[float, float]], span: float) -> list[list[tuple[float, float]]]:
    groups: list[list[tuple[float, float]]] = []
    for region in regions:
        if groups and region[1] - groups[-1][0][0] <= span:
            groups[-1].append(region)
        else:
            groups.append([region])
    return groups


def _raw(segment: dict) -> RawSegment:
    return RawSegment(
        start=float(segment["start"]),
        end=float(segment["end"]),
        text=segment["text"].strip(),
        avg_logprob=float(segment["avg_logprob"]),
        no_speech_prob=float(segment["no_speech_prob"]),
        compression_ratio=float(segment["compression_ratio"]),
        temperature=float(segment["temperature"]),
        words=[
            RawWord(float(w["start"]), float(w["end"]), w["word"], float(w["probability"]))
            for w in segment.get("words", [])
        ],
    )
