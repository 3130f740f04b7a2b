"""DuckDB storage: the schema, one transaction per call, and a snapshot readers can open.

DuckDB lets one process write and locks every other process out of the file, readers
included. So the nightly run writes to the working database and, after each committed
call, publishes a copy with an atomic rename: `<db>.snapshot.duckdb`. Coaches and
notebooks open the snapshot read-only (`qa.storage.store.open_for_reading`) and never
meet the writer's lock; a reader already open keeps the version it opened. Every statement
it runs is a file under `sql/` (`qa.storage.statements`).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from qa.scorecard import Scorecard
from qa.storage.statements import SQL_DIR, execute
from qa.transcript import Transcript


class StorageError(Exception):
    pass


def snapshot_path(db: Path) -> Path:
    return db.with_name(f"{db.stem}.snapshot{db.suffix or '.duckdb'}")


def migrations() -> list[tuple[int, str, str]]:
    out = []
    for path in sorted((SQL_DIR / "migrations").glob("*.sql")):
        number, _, name = path.stem.partition("_")
        out.append((int(number), name, path.read_text(encoding="utf-8")))
    return out


def schema_version() -> int:
    return max(number for number, _, _ in migrations())


class Store:
    """The writer's handle: open, migrate, write calls, publish snapshots."""

    def __init__(self, db: Path) -> None:
        self.db = Path(db)
        self.db.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.con = duckdb.connect(str(self.db))
        except duckdb.IOException as error:
            raise StorageError(f"{self.db}: cannot open for writing ({error})") from None
        self.migrate()

    def close(self) -> None:
        self.con.close()

    def migrate(self) -> None:
        execute(self.con, "schema")
        done = {row[0] for row in execute(self.con, "read/applied_migrations").fetchall()}
        for number, name, sql in migrations():
            if number in done:
                continue
            with self.transaction():
                self.con.execute(sql)
                execute(self.con, "write/record_migration", {"version": number, "name": name})

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    # --- reads the writer needs ----------------------------------------------------

    def known_hashes(self) -> set[str]:
        return {row[0] for row in execute(self.con, "read/known_hashes").fetchall()}

    def transcripts(self) -> list[Transcript]:
        rows = execute(self.con, "read/transcripts").fetchall()
        return [Transcript.model_validate_json(row[0]) for row in rows]

    def free_call_id(self, wanted: str, audio_hash: str) -> str:
        """`wanted` unless another recording already holds it: then wanted-<hash8>."""
        row = execute(self.con, "read/call_id_holder", {"call_id": wanted}).fetchone()
        return wanted if row is None or row[0] == audio_hash else f"{wanted}-{audio_hash[:8]}"

    # --- writes ----------------------------------------------------------------------

    def mark_interrupted_runs(self) -> None:
        """Runs still `running` when a new one starts were killed part-way."""
        execute(self.con, "write/mark_interrupted_runs")

    def start_run(
        self, run_id: str, inbox: str, flow_run_id: str | None, asr_model: str, rubric: str
    ) -> None:
        execute(
            self.con,
            "write/start_run",
            {
                "run_id": run_id,
                "flow_run_id": flow_run_id,
                "inbox": inbox,
                "started_at": _now(),
                "asr_model": asr_model,
                "rubric": rubric,
            },
        )
        self.publish()

    def finish_run(self, run_id: str, summary: dict) -> None:
        execute(self.con, "write/finish_run", {**summary, "run_id": run_id, "finished_at": _now()})
        self.publish()

    def write_call(
        self,
        transcript: Transcript,
        scorecard: Scorecard,
        meta: dict,
        audio_hash: str,
        files: list[str],
        run_id: str,
    ) -> None:
        """The call, its segments and its scorecard: all visible, or none (one transaction)."""
        now = _now()
        call = {
            "call_id": transcript.call_id,
            "audio_hash": audio_hash,
            "source_files": files,
            "agent_id": meta.get("agent_id"),
            "agent_name": meta.get("agent_name"),
            "team": meta.get("team"),
            "queue": meta.get("queue"),
            "started_at": _timestamp(meta.get("started_at")),
            "direction": meta.get("direction"),
            "customer_ref": meta.get("customer_ref"),
            "language": transcript.language,
            "layout": transcript.layout,
            "duration_s": transcript.duration,
            "asr_backend": transcript.asr.backend,
            "asr_model": transcript.asr.model,
            "asr_truncated": transcript.asr.truncated,
            "transcript": transcript.model_dump_json(),
            "run_id": run_id,
            "loaded_at": now,
        }
        segments = [
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
        with self.transaction() as con:
            _insert(con, "calls", [call])
            _insert(con, "segments", segments)
            self._write_scorecard(con, scorecard, run_id, now)
        self.publish()

    def write_scorecard(self, scorecard: Scorecard, run_id: str) -> None:
        """A re-score: stored beside the earlier rubric's, replacing only the same rubric's."""
        with self.transaction() as con:
            execute(
                con,
                "write/delete_scorecard",
                {"call_id": scorecard.call_id, "rubric": scorecard.rubric},
            )
            self._write_scorecard(con, scorecard, run_id, _now())
        self.publish()

    def quarantine(
        self, audio_hash: str, files: list[str], stage: str, reason: str, run_id: str
    ) -> None:
        with self.transaction() as con:
            execute(
                con,
                "write/quarantine_call",
                {
                    "audio_hash": audio_hash,
                    "files": files,
                    "stage": stage,
                    "reason": reason,
                    "run_id": run_id,
                    "quarantined_at": _now(),
                },
            )
        self.publish()

    def _write_scorecard(
        self, con: duckdb.DuckDBPyConnection, card: Scorecard, run_id: str, now: datetime
    ) -> None:
        _insert(
            con,
            "scorecards",
            [
                {
                    "call_id": card.call_id,
                    "rubric": card.rubric,
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
                }
            ],
        )
        _insert(
            con,
            "criterion_results",
            [
                {
                    "call_id": card.call_id,
                    "rubric": card.rubric,
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
            ],
        )
        m = card.metrics
        _insert(
            con,
            "call_metrics",
            [
                {
                    "call_id": card.call_id,
                    "rubric": card.rubric,
                    "holds": m.holds,
                    "holds_over_limit": m.holds_over_30s,
                    "longest_hold_s": m.longest_hold,
                    "dead_air_s": m.dead_air,
                    "overtalk_s": m.overtalk,
                    "agent_talk_ratio": m.agent_talk_ratio,
                    "agent_words_per_minute": m.agent_words_per_minute,
                    "customer_response_latency_s": m.customer_response_latency,
                }
            ],
        )

    def publish(self) -> None:
        """Checkpoint, copy, rename: readers see the last committed state, whole."""
        self.con.execute("CHECKPOINT")
        target = snapshot_path(self.db)
        partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
        shutil.copyfile(self.db, partial)
        os.replace(partial, target)


def open_for_reading(db: Path | str) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published snapshot: safe while a run writes."""
    snapshot = snapshot_path(Path(db))
    if not snapshot.is_file():
        raise StorageError(f"{snapshot}: no snapshot yet (run `callqa run` first)")
    return duckdb.connect(str(snapshot), read_only=True)


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> None:
    """Through Arrow: one columnar batch per table, columns matched by name."""
    if not rows:
        return
    columns = [
        row[0] for row in execute(con, "read/table_columns", {"table_name": table}).fetchall()
    ]
    batch = pa.Table.from_pylist([{c: row.get(c) for c in columns} for row in rows])
    con.register("incoming_batch", batch)
    try:
        execute(con, f"write/insert_{table}")
    finally:
        con.unregister("incoming_batch")


def _now() -> datetime:
    return datetime.now(UTC)


def _timestamp(value: object) -> datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        raise StorageError(f"started_at {value!r} is not an ISO 8601 time") from None
