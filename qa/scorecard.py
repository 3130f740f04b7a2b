"""The scorecard contract: what `callqa score` prints and the database stores.

Every criterion result cites the turns that decided it, or says why it has none
(`na`: the criterion does not apply; `unverifiable`: the words were heard too badly).
A call with nothing to judge (`status: no_conversation`) gets no verdict at all: its
overall, level and call-level judgements are null, so it drags no agent's averages down.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from qa.transcript import Speaker

# 1.2: customer_sentiment, one point per customer turn (absent in 1.1 cards: an empty list);
#      criterion reasons in plain words. 1.1: status, reason, rubric_digest; nulls when
#      no_conversation.
SCORECARD_SCHEMA_VERSION = "1.2"

Status = Literal["passed", "failed", "na", "unverifiable"]
ResolutionStatus = Literal["resolved", "pending", "escalated", "unresolved"]
Tone = Literal["positive", "neutral", "negative"]
CardStatus = Literal["scored", "no_conversation"]
Level = Literal["fail", "satisfy", "exceed", "delight", "amaze"]
# Null exactly when the call is no_conversation: the verdicts nothing was there to judge.
VERDICTS = (
    "overall",
    "level",
    "resolved",
    "resolution_status",
    "resolution_confidence",
    "agent_tone",
    "agent_negative_score",
    "empathy_level",
    "empathy_score",
    "customer_sentiment_start",
    "customer_sentiment_end",
)


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
    reason: str = Field(
        default="",
        description="why this status, in plain words: what the rubric looked for, what was "
        "or was not found and where (m:ss), numbers with the mark they were held to",
    )


class SentimentPoint(BaseModel):
    """One customer turn's sentiment: where it lies on the call's timeline, and how it felt."""

    model_config = ConfigDict(extra="forbid")

    start: float
    end: float
    value: float = Field(ge=-1, le=1, description="P(positive) - P(negative) of the turn")


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
    """One call under one rubric. `status` says whether there was a conversation to judge:
    `no_conversation` (see `qa.scoring.conversation`) leaves every verdict null, every
    criterion unverifiable, and says in `reason` what was heard instead."""

    model_config = ConfigDict(extra="forbid")

    schema_version: str = SCORECARD_SCHEMA_VERSION
    call_id: str
    rubric: str = Field(description="name@version")
    rubric_digest: str = Field(
        description="SHA-256 of the rubric's validated content: tells an edited rubric "
        "from the one scored under the same name@version"
    )
    status: CardStatus = Field(
        default="scored",
        description="no_conversation: nothing to judge (no speech, one party, too few words)",
    )
    reason: str = Field(default="", description="no_conversation: what was heard instead")
    language: str
    overall: float | None = Field(ge=0, le=100, description="null when no_conversation")
    level: Level | None = Field(description="null when no_conversation")
    tone: float | None = Field(ge=0, le=100)
    empathy: float | None = Field(ge=0, le=100)
    resolution: float | None = Field(ge=0, le=100)
    process: float | None = Field(ge=0, le=100)
    resolved: bool | None
    resolution_status: ResolutionStatus | None
    resolution_confidence: float | None = Field(ge=0, le=1)
    resolution_scores: dict[str, float] = Field(
        default_factory=dict, description="each status's share of the closing turns' votes"
    )
    agent_tone: Tone | None
    agent_negative_score: float | None = Field(
        ge=0, le=1, description="P(negative) of the agent's worst turn"
    )
    empathy_level: Literal[0, 1, 2] | None = Field(description="0 none, 1 token, 2 genuine")
    empathy_score: float | None = Field(
        ge=0, le=1, description="P(genuine) of the most empathic turn"
    )
    customer_sentiment_start: float | None = Field(ge=-1, le=1)
    customer_sentiment_end: float | None = Field(ge=-1, le=1)
    customer_sentiment: list[SentimentPoint] = Field(
        default_factory=list,
        description="one point per customer turn, in time order; empty when no_conversation "
        "(and in cards stored before 1.2)",
    )
    auto_failed: list[str] = Field(default_factory=list)
    metrics: CallMetrics
    criteria: list[CriterionResult]

    @model_validator(mode="after")
    def _verdicts_match_status(self) -> Scorecard:
        nulls = [name for name in VERDICTS if getattr(self, name) is None]
        if self.status == "scored" and nulls:
            raise ValueError(f"a scored call needs {nulls}")
        if self.status == "no_conversation":
            dimensions = (self.tone, self.empathy, self.resolution, self.process)
            if len(nulls) < len(VERDICTS) or any(d is not None for d in dimensions):
                raise ValueError("a no_conversation call has null verdicts and dimensions")
            if self.auto_failed or not self.reason or self.customer_sentiment:
                raise ValueError(
                    "a no_conversation call has a reason, no auto-fail and no sentiment"
                )
        return self
