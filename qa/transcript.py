"""The transcript contract: what `callqa transcribe` prints and every later stage reads.

Public and versioned: `qa/schemas/transcript.schema.json` is generated from these
models (`callqa schema transcript`) and a test keeps the two in step.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

TRANSCRIPT_SCHEMA_VERSION = "1.2"  # 1.1: impossible segment times refused; 1.2: redaction

Speaker = Literal["agent", "customer", "unknown"]
Layout = Literal["stereo", "two-file", "mono"]


class Word(BaseModel):
    model_config = ConfigDict(extra="forbid")

    start: float = Field(description="seconds from the start of the call")
    end: float = Field(description="seconds from the start of the call")
    word: str
    probability: float = Field(ge=0.0, le=1.0, description="Whisper's token probability")


class Segment(BaseModel):
    model_config = ConfigDict(extra="forbid")

    speaker: Speaker
    start: float = Field(ge=0.0, allow_inf_nan=False, description="seconds from the call's start")
    end: float = Field(ge=0.0, allow_inf_nan=False, description="seconds; never before start")
    text: str
    confidence: float = Field(
        ge=0.0, le=1.0, description="how far the words can be trusted; low means unverifiable"
    )
    words: list[Word] = Field(default_factory=list)
    flags: list[str] = Field(
        default_factory=list,
        description="guard findings kept on the segment: low_confidence, fallback, repetition",
    )

    @model_validator(mode="after")
    def _times_possible(self) -> Segment:
        """A turn that ends before it starts would poison every timing metric downstream."""
        if self.end < self.start:
            raise ValueError(f"ends at {self.end} s, before it starts at {self.start} s")
        return self


class DroppedSegment(BaseModel):
    """Decoded text the guards judged not to be speech; kept so every drop can be audited."""

    model_config = ConfigDict(extra="forbid")

    speaker: Speaker
    start: float
    end: float
    text: str
    reason: str


PiiKind = Literal["card", "cvv", "expiry", "phone", "email", "iban", "national_id"]


class RedactedSpan(BaseModel):
    """Where a redacted piece was said: the words' times, the audio silenced over them."""

    model_config = ConfigDict(extra="forbid")

    kind: PiiKind
    speaker: Speaker
    start: float = Field(ge=0.0, description="seconds from the call's start")
    end: float = Field(ge=0.0, description="seconds; the whole segment when it had no words")


class Redaction(BaseModel):
    """That the transcript was redacted, by which version, and what was found: counts and
    times only, never the values (`qa.privacy`)."""

    model_config = ConfigDict(extra="forbid")

    version: str = Field(description="the redaction rules' version, e.g. callqa-redact/1")
    counts: dict[PiiKind, int] = Field(
        default_factory=dict, description="pieces replaced, per kind (absent: none found)"
    )
    spans: list[RedactedSpan] = Field(default_factory=list)


class AsrInfo(BaseModel):
    model_config = ConfigDict(extra="forbid")

    backend: Literal["faster-whisper", "openai-whisper"]
    model: str
    compute_type: str
    language_source: Literal["given", "detected"] = "detected"
    language_probability: float | None = None
    vad: bool = True
    truncated: bool = Field(
        default=False, description="decoding stopped at the per-call time bound"
    )


class Transcript(BaseModel):
    model_config = ConfigDict(extra="forbid")

    schema_version: str = TRANSCRIPT_SCHEMA_VERSION
    call_id: str
    language: str = Field(description="ISO 639-1 code, e.g. en, ru, lv, ar")
    duration: float = Field(description="seconds of audio in the call")
    layout: Layout = Field(description="how the legs were stored: stereo, two-file or mono")
    segments: list[Segment] = Field(description="sorted by start time")
    dropped: list[DroppedSegment] = Field(default_factory=list)
    asr: AsrInfo
    redaction: Redaction | None = Field(
        default=None,
        description="None: not redacted (stored before 1.2, or `callqa transcribe` output)",
    )

    def turns(self, speaker: Speaker) -> list[Segment]:
        return [segment for segment in self.segments if segment.speaker == speaker]
