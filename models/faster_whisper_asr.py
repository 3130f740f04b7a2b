"""faster-whisper (CTranslate2) backend: the default on CPU."""

from __future__ import annotations

import time

import numpy as np
from faster_whisper import WhisperModel
from faster_whisper.vad import VadOptions

from models.asr import AsrOptions, LegResult, RawSegment, RawWord
from models.audio import SAMPLE_RATE
from models.weights import resolve_model

# Call audio has short pauses between turns; Silero's default 2 s would glue turns together.
CALL_VAD = VadOptions(min_silence_duration_ms=500, speech_pad_ms=300)


class FasterWhisperBackend:
    name = "faster-whisper"

    def __init__(self, options: AsrOptions) -> None:
        self.options = options
        resolved = resolve_model(options.model)
        self.model_name = resolved.name
        self.compute_type = options.compute_type
        self.model = WhisperModel(
            resolved.location,
            device=options.device,
            compute_type=options.compute_type,
            cpu_threads=options.threads,
            local_files_only=resolved.local,
        )

    def detect_language(self, samples: np.ndarray) -> tuple[str, float]:
        if not self.model.model.is_multilingual:
            return "en", 1.0
        language, probability, _ = self.model.detect_language(
            samples,
            vad_filter=self.options.vad,
            vad_parameters=CALL_VAD,
            language_detection_segments=2,
        )
        return language, float(probability)

    def transcribe(self, samples: np.ndarray, language: str) -> LegResult:
        options = self.options
        deadline = (
            time.monotonic() + 30.0 + options.max_realtime_factor * (len(samples) / SAMPLE_RATE)
        )
        segments, _ = self.model.transcribe(
            samples,
            language=language if self.model.model.is_multilingual else None,
            beam_size=options.beam_size,
            temperature=list(options.temperatures),
            vad_filter=options.vad,
            vad_parameters=CALL_VAD,
            word_timestamps=True,
            condition_on_previous_text=False,  # a hallucination must not seed the next window
        )
        raw: list[RawSegment] = []
        truncated = False
        for segment in segments:  # lazy: decoding happens as we iterate, so we can stop
            raw.append(
                RawSegment(
                    start=segment.start,
                    end=segment.end,
                    text=segment.text.strip(),
                    avg_logprob=segment.avg_logprob,
                    no_speech_prob=segment.no_speech_prob,
                    compression_ratio=segment.compression_ratio,
                    temperature=segment.temperature or 0.0,
                    words=[
                        RawWord(float(w.start), float(w.end), w.word, float(w.probability))
                        for w in segment.words or []
                    ],
                )
            )
            if time.monotonic() > deadline:
                truncated = True
                break
        return LegResult(raw, truncated)
