"""A real store for the erasure tests: evaluation transcripts (no ASR) scored by the real
scorer, each call's customer saying a secret of its own (long random ASCII, so that finding
it in a file's raw bytes means its data is there), redacted audio in `audio_dir(db)`, an
older desk's cached copy, and desk reviews, disputes and queue entries written by the desk's
own functions."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from qa.review.desk import Desk, desk_path
from qa.review.reviews import DisputeIn, ReviewIn, add_review, dispute
from qa.review.sampling import queue_sample
from qa.scoring.scorer import Scorer
from qa.storage.files import audio_dir
from qa.storage.snapshot import snapshot_path
from qa.storage.store import Store
from qa.transcript import Redaction, Transcript

EVAL = Path(__file__).resolve().parents[3] / "evaluation" / "transcripts"
LEGACY_CACHE = ".callqa-audio-cache"
# Every table that holds a call's rows, and the column naming the call.
CALL_TABLES = {
    "calls": "call_id",
    "segments": "call_id",
    "redactions": "call_id",
    "scorecards": "call_id",
    "criterion_results": "call_id",
    "call_metrics": "call_id",
}
DESK_TABLES = ("reviews", "dispute_events", "calibration_queue")


@dataclass
class Spec:
    call_id: str
    customer_ref: str | None = None
    started_at: str | None = "2026-11-02T10:00:00+00:00"
    audio: bool = True  # a redacted copy kept in audio_dir, and a legacy cached copy
    secret: str = field(default_factory=lambda: "SECRET-" + secrets.token_urlsafe(40))

    @property
    def audio_hash(self) -> str:
        return hashlib.sha256(self.call_id.encode()).hexdigest()

    @property
    def review_secret(self) -> str:
        return self.secret.replace("SECRET-", "REVIEW-")

    def audio_files(self, db: Path) -> list[Path]:
        folder = audio_dir(db)
        return [
            folder / f"{self.audio_hash}.ogg",
            folder.parent / LEGACY_CACHE / f"{self.audio_hash}.agent-left.opus1.ogg",
        ]


def transcript(spec: Spec) -> Transcript:
    base = Transcript.model_validate_json((EVAL / "en01.json").read_text(encoding="utf-8"))
    segments = list(base.segments)
    k = next(i for i, s in enumerate(segments) if s.speaker == "customer")
    text = f"{segments[k].text} My reference is {spec.secret}."
    segments[k] = segments[k].model_copy(update={"text": text, "words": []})
    redaction = Redaction(version="callqa-redact/1", counts={"phone": 1, "card": 2})
    return base.model_copy(
        update={"call_id": spec.call_id, "segments": segments, "redaction": redaction}
    )


def build(db: Path, specs: list[Spec], scorer: Scorer, run_id: str = "seed") -> None:
    """The calls stored as a run stores them, the snapshot published, audio files written."""
    store = Store(db)
    store.start_run(run_id, "evaluation", None, "hand-written", scorer.rubric.id)
    store.register_rubric(scorer.rubric.id, scorer.rubric_digest)
    for spec in specs:
        meta = {
            "agent_id": "a1",
            "agent_name": "Anna Berzina",
            "team": "north",
            "started_at": spec.started_at,
            "customer_ref": spec.customer_ref,
        }
        call = transcript(spec)
        redacted = f"{spec.audio_hash}.ogg" if spec.audio else None
        files = [f"/inbox/{spec.call_id}.wav"]
        store.write_call(call, scorer.score(call), meta, spec.audio_hash, files, run_id, redacted)
        if spec.audio:
            for path in spec.audio_files(db):
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(b"OggS" + spec.secret.encode())
    store.close()


def review_everything(db: Path, specs: list[Spec], scorer: Scorer) -> None:
    """A whole-call review and an opened dispute of every call, each quoting the customer's
    secret in its comment, and the calls queued for calibration."""
    queue_sample(db, len(specs))  # first: a reviewed call is never queued
    desk = Desk(db)
    for spec in specs:
        card = scorer.score(transcript(spec))
        review = ReviewIn(reviewer="Ilze", override_score=55.0, comment=spec.review_secret)
        add_review(desk, spec.call_id, card, review)
        dispute(desk, spec.call_id, DisputeIn(actor="Maya", action="opened", comment="unfair"))


def rows_of(path: Path, table: str, call_ids: list[str], column: str = "call_id") -> int:
    """Rows of `call_ids` in `table` of the DuckDB file `path`, opened read-only."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        sql = f"SELECT count(*) FROM {table} WHERE list_contains($ids, {column})"
        return con.execute(sql, {"ids": call_ids}).fetchone()[0]
    finally:
        con.close()


def files_of(db: Path) -> dict[str, Path]:
    """The three DuckDB files an erasure must leave clean."""
    return {"database": db, "snapshot": snapshot_path(db), "desk": desk_path(db)}


def holds(path: Path, secret: str) -> bool:
    """Whether the file's raw bytes contain `secret`."""
    return secret.encode() in path.read_bytes()
