"""The service rubric: a versioned YAML file a QA lead can read and edit.

Behaviour changes by editing YAML, not Python: criteria, weights, windows, thresholds,
level bands and the exemplar phrases the text model learns from all live in the file.
A rubric that does not validate is refused with the field named.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from qa.scoring.resolution import FEATURES, STATUSES

DEFAULT_RUBRIC = Path(__file__).parent / "rubrics" / "service.yaml"
LANGUAGES = ("en", "ru", "lv", "ar")

Dimension = Literal["tone", "empathy", "resolution", "process"]
Method = Literal["exemplars", "timing", "classifier"]
Level = Literal["fail", "satisfy", "exceed", "delight", "amaze"]
# Phrases per language; a head learns from all languages at once (E5 is multilingual).
Phrases = dict[str, list[str]]
Probability = Annotated[float, Field(ge=0, le=1)]
PositiveWeight = Annotated[float, Field(gt=0)]
NAME = r"^[a-z][a-z0-9_]*$"

# What the scorer reads, so a rubric that lacks it is refused at load time rather than
# crashing on every call: the call-level judgements a classifier criterion can be decided
# by, the metrics a timing criterion can be decided by, and each head's classes by name.
CLASSIFIER_JUDGEMENTS = ("empathy", "resolution", "agent_tone")
TIMING_METRICS = ("longest_hold",)
REQUIRED_CLASSES = {
    "empathy": ("none", "token", "genuine"),
    "resolution": STATUSES,
    "agent_tone": ("negative", "positive"),
    "customer_sentiment": ("negative", "positive"),
}


class RubricError(Exception):
    """An invalid rubric file; the message names the file and the field."""


class FieldError(ValueError):
    """A rubric check that names its field (relative to the model that raised it)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def _check_phrases(field: str, phrases: Phrases) -> None:
    """A blank exemplar would teach its class the empty sentence."""
    for language, texts in phrases.items():
        for i, text in enumerate(texts):
            if not text.strip():
                raise FieldError(f"{field}.{language}.{i}", "a phrase is blank")


def _check_patterns(field: str, patterns: dict[str, list[str]]) -> None:
    """Cue regexes compile at load time, not in the middle of a night's run."""
    for language, expressions in patterns.items():
        for i, pattern in enumerate(expressions):
            try:
                re.compile(pattern, re.IGNORECASE)
            except re.error as error:
                raise FieldError(
                    f"{field}.{language}.{i}", f"{pattern!r} is no regular expression ({error})"
                ) from None


class Window(BaseModel):
    model_config = ConfigDict(extra="forbid")

    part: Literal["all", "opening", "closing"] = "all"
    turns: int = Field(default=3, ge=1, description="agent turns from the start or the end")


class Criterion(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str
    source: str = Field(min_length=3, description="the line(s) of service-rubric-sources.md")
    dimension: Dimension
    weight: float = Field(gt=0)
    speaker: Literal["agent", "customer", "both"] = "agent"
    method: Method
    decided_by: str | None = Field(
        default=None, description="for classifier/timing: which head or metric decides"
    )
    window: Window = Field(default_factory=Window)
    threshold: float = Field(default=0.5, ge=0, le=1, description="score at or above passes")
    na_when: Literal["no_hold", "no_complaint"] | None = None
    auto_fail: bool = False
    positive: Phrases = Field(default_factory=dict)
    negative: Phrases = Field(default_factory=dict)
    cues: dict[str, list[str]] = Field(
        default_factory=dict, description="regular expressions per language (keyword baseline)"
    )

    @model_validator(mode="after")
    def _method_needs(self) -> Criterion:
        if self.method == "exemplars":
            missing = [lang for lang in LANGUAGES if not self.positive.get(lang)]
            if missing:
                raise FieldError("positive", f"an exemplars criterion needs phrases in {missing}")
            if self.decided_by is not None:
                raise FieldError("decided_by", "an exemplars criterion is decided by its phrases")
        elif not self.decided_by:
            raise FieldError("decided_by", f"a {self.method} criterion needs decided_by")
        elif self.method == "classifier" and self.decided_by not in CLASSIFIER_JUDGEMENTS:
            raise FieldError(
                "decided_by",
                f"{self.decided_by!r} is no head that decides a criterion; "
                f"one of {list(CLASSIFIER_JUDGEMENTS)}",
            )
        elif self.method == "timing":
            if self.decided_by not in TIMING_METRICS:
                raise FieldError(
                    "decided_by",
                    f"{self.decided_by!r} is no timing metric; one of {list(TIMING_METRICS)}",
                )
            if self.na_when != "no_hold":
                raise FieldError(
                    "na_when",
                    "a timing criterion needs na_when: no_hold (no hold: nothing to time)",
                )
        _check_phrases("positive", self.positive)
        _check_phrases("negative", self.negative)
        _check_patterns("cues", self.cues)
        return self


class Decision(BaseModel):
    """A call-level logistic decision over named features (`qa.scoring.resolution.FEATURES`)."""

    model_config = ConfigDict(extra="forbid")

    fitted_on: str = Field(min_length=3, description="what the weights were fitted on, and how")
    bias: float
    weights: dict[str, float] = Field(min_length=1)

    @model_validator(mode="after")
    def _known_features(self) -> Decision:
        unknown = sorted(set(self.weights) - set(FEATURES))
        if unknown:
            raise FieldError("weights", f"unknown features {unknown}; known: {sorted(FEATURES)}")
        return self


class Head(BaseModel):
    """A classifier learnt from labelled phrases: empathy, resolution, tone, sentiment."""

    model_config = ConfigDict(extra="forbid")

    speaker: Literal["agent", "customer", "both"]
    classes: dict[str, Phrases]
    thresholds: dict[str, Probability] = Field(
        default_factory=dict, description="class probability that decides (tuned on the tune split)"
    )
    cues: dict[str, dict[str, list[str]]] = Field(default_factory=dict)
    regularisation: float = Field(
        64.0, gt=0, description="the logistic regression's C: lower generalises further"
    )
    decision: Decision | None = Field(
        default=None, description="resolution only: the call-level decision over its turns"
    )

    @model_validator(mode="after")
    def _every_class_every_language(self) -> Head:
        if len(self.classes) < 2:
            raise FieldError("classes", "a head needs at least two classes")
        for name, phrases in self.classes.items():
            missing = [lang for lang in LANGUAGES if not phrases.get(lang)]
            if missing:
                raise FieldError(f"classes.{name}", f"no phrases in {missing}")
            _check_phrases(f"classes.{name}", phrases)
        unknown = sorted(set(self.thresholds) - set(self.classes))
        if unknown:
            raise FieldError(
                "thresholds",
                f"thresholds for unknown classes {unknown}; classes: {sorted(self.classes)}",
            )
        unknown = sorted(set(self.cues) - set(self.classes))
        if unknown:
            raise FieldError(
                "cues", f"cues for unknown classes {unknown}; classes: {sorted(self.classes)}"
            )
        for name, patterns in self.cues.items():
            _check_patterns(f"cues.{name}", patterns)
        return self

    def cue_patterns(self, language: str, *classes: str) -> list[re.Pattern[str]] | None:
        """The cue regexes of these classes (all when none named) in a language; None when
        the rubric has no cue list for the language at all."""
        lists = [self.cues[c] for c in classes or self.cues if c in self.cues]
        if not any(language in phrases for phrases in lists):
            return None
        return [
            re.compile(pattern, re.IGNORECASE)
            for phrases in lists
            for pattern in phrases.get(language, [])
        ]


class LevelBand(BaseModel):
    model_config = ConfigDict(extra="forbid")

    level: Level
    min_overall: float = Field(ge=0, le=100)


class Rubric(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    version: int = Field(ge=1)
    title: str
    sources: str
    min_asr_confidence: float = Field(
        default=0.5, ge=0, le=1, description="evidence below this is unverifiable, not failed"
    )
    hold_limit_s: float = Field(default=30.0, gt=0)
    dimension_weights: dict[Dimension, PositiveWeight]
    levels: list[LevelBand]
    heads: dict[str, Head]
    criteria: list[Criterion] = Field(min_length=1)

    @property
    def id(self) -> str:
        return f"{self.name}@{self.version}"

    @model_validator(mode="after")
    def _consistent(self) -> Rubric:
        ids = [c.id for c in self.criteria]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise FieldError("criteria", f"criterion ids repeat: {duplicates}")
        for needed, classes in REQUIRED_CLASSES.items():
            if needed not in self.heads:
                raise FieldError(f"heads.{needed}", "is required")
            missing = [c for c in classes if c not in self.heads[needed].classes]
            if missing:
                raise FieldError(
                    f"heads.{needed}.classes",
                    f"the scorer reads the classes {missing}; "
                    f"the head has {sorted(self.heads[needed].classes)}",
                )
        for name, head in self.heads.items():
            if not re.match(NAME, name):
                raise FieldError(f"heads.{name}", f"a head's name matches {NAME}")
            if head.decision is not None and name != "resolution":
                raise FieldError(f"heads.{name}.decision", "only the resolution head takes one")
        bands = [band.min_overall for band in self.levels]
        if bands != sorted(bands) or not bands or bands[0] != 0:
            raise FieldError("levels", "levels must rise from min_overall 0 (fail) upwards")
        return self

    def level_for(self, overall: float) -> Level:
        level: Level = self.levels[0].level
        for band in self.levels:
            if overall >= band.min_overall:
                level = band.level
        return level

    def digest(self) -> str:
        """SHA-256 (hex) of the validated content: the rubric's identity beyond name@version.

        An edit that changes what is scored changes it (a forgotten version bump shows);
        comments, key order and spelling out a default do not. Fitted heads are cached
        under it, and every scorecard carries it.
        """
        canonical = json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode()).hexdigest()


def load_rubric(path: Path | str = DEFAULT_RUBRIC) -> Rubric:
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise RubricError(f"{path}: cannot read ({error.strerror})") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise RubricError(f"{path}: not valid YAML{where}") from None
    if not isinstance(data, dict):
        raise RubricError(f"{path}: a rubric is a mapping with name, version, criteria, …")
    try:
        return Rubric.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        parts = [str(part) for part in first["loc"]]
        message = first["msg"]
        cause = first.get("ctx", {}).get("error")
        if isinstance(cause, FieldError):
            parts.append(cause.field)
            message = str(cause)
        field = _name_criteria(".".join(parts) or "(top level)", data)
        raise RubricError(f"{path}: {field}: {message}") from None


def _name_criteria(field: str, data: dict) -> str:
    """criteria.3.weight → criteria[greeting].weight: a rubric author knows ids, not indexes."""
    parts = field.split(".")
    if len(parts) > 1 and parts[0] == "criteria" and parts[1].isdigit():
        index = int(parts[1])
        criteria = data.get("criteria") or []
        if index < len(criteria) and isinstance(criteria[index], dict):
            name = criteria[index].get("id", index)
            return ".".join([f"criteria[{name}]", *parts[2:]])
    return field
