"""The contracts as table rows: plain functions from a transcript and a scorecard to dicts
whose keys are the tables' column names (`docs/schema.md`)."""

from __future__ import annotations

from datetime import datetime

from qa.scorecard import Scorecard
from qa.transcript import Transcript


class MetadataValueError(ValueError):
    """A metadata value the tables cannot hold; the message names it."""


def call_row(
    transcript: Transcript,
    meta: dict,
    audio_hash: str,
    files: list[str],
    run_id: str,
    now: datetime,
    redacted_audio: str | None = None,
) -> dict:
    return {
        "call_id": transcript.call_id,
        "audio_hash": audio_hash,
        "source_files": files,
        **metadata_columns(meta),
        "language": transcript.language,
        "layout": transcript.layout,
        # which channel of a stereo file is the agent: the review desk plays it agent-left
        "agent_channel": meta.get("agent_channel") if transcript.layout == "stereo" else None,
        "duration_s": transcript.duration,
        "asr_backend": transcript.asr.backend,
        "asr_model": transcript.asr.model,
        "asr_truncated": transcript.asr.truncated,
        "transcript": transcript.model_dump_json(),
        "redaction_version": transcript.redaction.version if transcript.redaction else None,
        "redacted_audio": redacted_audio,
        "run_id": run_id,
        "loaded_at": now,
    }


def metadata_columns(meta: dict) -> dict:
    """The call's metadata as the `calls` table holds it (language is the transcript's)."""
    return {
        "agent_id": meta.get("agent_id"),
        "agent_name": meta.get("agent_name"),
        "team": meta.get("team"),
        "queue": meta.get("queue"),
        "started_at": timestamp(meta.get("started_at")),
        "direction": meta.get("direction"),
        "customer_ref": meta.get("customer_ref"),
    }


def redaction_rows(transcript: Transcript) -> list[dict]:
    """Counts per kind of what was redacted; the values themselves never reach a row."""
    if transcript.redaction is None:
        return []
    counts = transcript.redaction.counts
    return [{"call_id": transcript.call_id, "kind": k, "count": n} for k, n in counts.items()]


def segment_rows(transcript: Transcript) -> list[dict]:
    return [
        {
            "call_id": transcript.call_id,
            "segment_index": i,
            "speaker": s.speaker,
            "start_s": s.start,
            "end_s": s.end,
            "text": s.text,
            "confidence": s.confidence,
            "flags": list(s.flags),
        }
        for i, s in enumerate(transcript.segments)
    ]


def scorecard_rows(card: Scorecard, run_id: str, now: datetime) -> dict[str, list[dict]]:
    """The scorecard's rows, by table: scorecards, criterion_results, call_metrics."""
    head = {"call_id": card.call_id, "rubric": card.rubric}
    scorecard = {
        **head,
        "overall": card.overall,
        "level": card.level,
        "tone": card.tone,
        "empathy": card.empathy,
        "resolution": card.resolution,
        "process": card.process,
        "resolved": card.resolved,
        "resolution_status": card.resolution_status,
        "resolution_confidence": card.resolution_confidence,
        "agent_tone": card.agent_tone,
        "empathy_level": card.empathy_level,
        "customer_sentiment_start": card.customer_sentiment_start,
        "customer_sentiment_end": card.customer_sentiment_end,
        "auto_failed": card.auto_failed,
        "scorecard": card.model_dump_json(),
        "run_id": run_id,
        "scored_at": now,
        "status": card.status,
        "status_reason": card.reason or None,
        "rubric_digest": card.rubric_digest,
    }
    criteria = [
        {
            **head,
            "criterion_id": r.id,
            "title": r.title,
            "dimension": r.dimension,
            "status": r.status,
            "score": r.score,
            "weight": r.weight,
            "reason": r.reason,
            "evidence": [
                {
                    "speaker": e.speaker,
                    "start_s": e.start,
                    "end_s": e.end,
                    "text": e.text,
                    "confidence": e.confidence,
                }
                for e in r.evidence
            ],
        }
        for r in card.criteria
    ]
    m = card.metrics
    metrics = {
        **head,
        "holds": m.holds,
        "holds_over_limit": m.holds_over_30s,
        "longest_hold_s": m.longest_hold,
        "dead_air_s": m.dead_air,
        "overtalk_s": m.overtalk,
        "agent_talk_ratio": m.agent_talk_ratio,
        "agent_words_per_minute": m.agent_words_per_minute,
        "customer_response_latency_s": m.customer_response_latency,
    }
    return {"scorecards": [scorecard], "criterion_results": criteria, "call_metrics": [metrics]}


def timestamp(value: object) -> datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        raise MetadataValueError(f"started_at {value!r} is not an ISO 8601 time") from None
