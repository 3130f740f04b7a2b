"""Real stores for the calibration tests: evaluation transcripts (no ASR) with scorecards
written by hand, so every automatic status, overall, level and confidence is chosen by the
test and every expected figure can be worked out on paper."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from qa.review.desk import Desk, new_id
from qa.scorecard import VERDICTS, CallMetrics, CriterionResult, Scorecard
from qa.storage.store import Store
from qa.transcript import Transcript

EVAL = Path(__file__).resolve().parents[3] / "evaluation" / "transcripts"
RUBRIC = "service@3"
METRICS = CallMetrics(
    holds_over_30s=0,
    holds=0,
    longest_hold=0.0,
    dead_air=0.0,
    overtalk=0.0,
    agent_talk_ratio=0.5,
    agent_words_per_minute=150.0,
    customer_response_latency=0.5,
)
SCORES = {"passed": 1.0, "failed": 0.0, "na": None, "unverifiable": None}


@dataclass
class Call:
    call_id: str
    statuses: dict[str, str] = field(default_factory=dict)  # criterion id → automatic status
    overall: float = 70.0
    level: str = "exceed"
    agent: str = "Anna Berzina"
    resolution_confidence: float = 0.9
    asr_confidence: float = 0.9
    nothing_to_judge: bool = False
    started_at: str = "2026-11-02T10:00:00+00:00"


def transcript(call: Call) -> Transcript:
    base = Transcript.model_validate_json((EVAL / "en01.json").read_text(encoding="utf-8"))
    segments = [s.model_copy(update={"confidence": call.asr_confidence}) for s in base.segments]
    return base.model_copy(update={"call_id": call.call_id, "segments": segments})


def scorecard(call: Call, rubric: str = RUBRIC) -> Scorecard:
    criteria = [
        CriterionResult(
            id=criterion_id,
            title=criterion_id,
            dimension="process",
            score=SCORES[status],
            weight=1.0,
            status=status,  # type: ignore[arg-type]
        )
        for criterion_id, status in call.statuses.items()
    ]
    common = dict(
        call_id=call.call_id,
        rubric=rubric,
        rubric_digest=f"digest-of-{rubric}",
        language="en",
        metrics=METRICS,
        criteria=criteria,
    )
    if call.nothing_to_judge:
        verdicts = dict.fromkeys((*VERDICTS, "tone", "empathy", "resolution", "process"))
        return Scorecard(
            **common, **verdicts, status="no_conversation", reason="only the agent spoke"
        )
    return Scorecard(
        **common,
        overall=call.overall,
        level=call.level,  # type: ignore[arg-type]
        tone=call.overall,
        empathy=call.overall,
        resolution=call.overall,
        process=call.overall,
        resolved=True,
        resolution_status="resolved",
        resolution_confidence=call.resolution_confidence,
        agent_tone="neutral",
        agent_negative_score=0.1,
        empathy_level=1,
        empathy_score=0.5,
        customer_sentiment_start=0.0,
        customer_sentiment_end=0.0,
    )


def build_store(db: Path, calls: list[Call]) -> None:
    """A store holding `calls` under RUBRIC, and its published snapshot."""
    store = Store(db)
    store.start_run("seed", "evaluation", None, "hand-written", RUBRIC)
    for call in calls:
        meta = {
            "agent_id": "id-" + call.agent.split()[0].lower(),
            "agent_name": call.agent,
            "team": "north",
            "started_at": call.started_at,
        }
        digest = hashlib.sha256(call.call_id.encode()).hexdigest()
        store.write_call(
            transcript(call), scorecard(call), meta, digest, [f"{call.call_id}.wav"], "seed"
        )
    store.close()


def rescore(db: Path, calls: list[Call], rubric: str) -> None:
    """Scorecards of `calls` under another rubric, stored beside the first ones."""
    store = Store(db)
    for call in calls:
        store.write_scorecard(scorecard(call, rubric), f"rescore-{rubric}")
    store.close()


def review(
    desk: Desk,
    call_id: str,
    criterion_id: str | None,
    status: str | None,
    *,
    score: float | None = None,
    rubric: str = RUBRIC,
    at: datetime = datetime(2026, 11, 20, 12, 0, tzinfo=UTC),
) -> None:
    """One human review row, as the desk stores it."""
    desk.add(
        "add_review",
        {
            "review_id": new_id(),
            "call_id": call_id,
            "rubric": rubric,
            "rubric_digest": f"digest-of-{rubric}",
            "criterion_id": criterion_id,
            "reviewer": "Ilze",
            "original_status": None,
            "original_score": None,
            "override_status": status,
            "override_score": score,
            "comment": "",
            "created_at": at,
        },
    )
