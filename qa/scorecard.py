"""The scorecard contract: what `callqa score` prints and the database stores.

Every criterion result cites the turns that decided it, or says why it has none
(`na`: the criterion does not apply; `unverifiable`: the words were heard too badly).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from qa.transcript import Speaker

SCORECARD_SCHEMA_VERSION = "1.0"

Status = Literal["passed", "failed", "na", "unverifiable"]
ResolutionStatus = Literal["resolved", "pending", "escalated", "unresolved"]
Tone = Literal["positive", "neutral", "negative"]


class Evidence(BaseModel):
    model_config = ConfigDict(extra="forbid")

    speaker: Speaker
    start: float
    end: float
    text: str
    confidence: float = Field(ge=0, le=1, description="ASR confidence of the quoted turn")


class CriterionResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    title: str
    dimension: str
    score: float | None = Field(ge=0, le=1, description="None when na or unverifiable")
    weight: float
    status: Status
    evidence: list[Evidence] = Field(default_factory=list)
    reason: str = Field(default="", description="why this status, in a phrase")


class CallMetrics(BaseModel):
    model_config = ConfigDict(extra="forbid")

    holds_over_30s: int = Field(description="holds longer than the rubric's hold limit")
    holds: int = Field(description="holds of any length (requested or silent > 10 s)")
    longest_hold: float = Field(description="seconds")
    dead_air: float = Field(description="seconds of silence between turns over 3 s, not holds")
    overtalk: float = Field(description="seconds both parties spoke at once")
    agent_talk_ratio: float = Field(description="agent speech / all speech, 0–1")
    agent_words_per_minute: float
    customer_response_latency: float = Field(
        description="median seconds from the end of an agent turn to the customer's reply"
    )


class Scorecard(BaseModel):
    model_config = ConfigDict(extra="forbid")

    schema_version: str = SCORECARD_SCHEMA_VERSION
    call_id: str
    rubric: str = Field(description="name@version")
    language: str
    overall: float = Field(ge=0, le=100)
    level: Literal["fail", "satisfy", "exceed", "delight", "amaze"]
    tone: float | None = Field(ge=0, le=100)
    empathy: float | None = Field(ge=0, le=100)
    resolution: float | None = Field(ge=0, le=100)
    process: float | None = Field(ge=0, le=100)
    resolved: bool
    resolution_status: ResolutionStatus
    resolution_confidence: float = Field(ge=0, le=1)
    resolution_scores: dict[str, float] = Field(
        default_factory=dict, description="each status's share of the closing turns' votes"
    )
    agent_tone: Tone
    agent_negative_score: float = Field(
        ge=0, le=1, description="P(negative) of the agent's worst turn"
    )
    empathy_level: Literal[0, 1, 2] = Field(description="0 none, 1 token, 2 genuine")
    empathy_score: float = Field(ge=0, le=1, description="P(genuine) of the most empathic turn")
    customer_sentiment_start: float = Field(ge=-1, le=1)
    customer_sentiment_end: float = Field(ge=-1, le=1)
    auto_failed: list[str] = Field(default_factory=list)
    metrics: CallMetrics
    criteria: list[CriterionResult]
