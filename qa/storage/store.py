"""The writer's store: one DuckDB file, one writer, one transaction per call.

The writer holds `<db>.lock` for its whole life (`qa.storage.lock`), so a second writer is
refused at once with the holder named. Readers never open the writer's file: it publishes
`<db>.snapshot.duckdb` (`qa.storage.snapshot`) at most every `snapshot_every_s` seconds and
when a run ends (benchmarks/snapshot.py measures the copy on a 100,000-call store). Every
statement it runs is a file under `sql/` (`qa.storage.statements`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from qa.scorecard import Scorecard
from qa.storage.erasure import CallToErase, ErasureRecord, calls_to_erase, delete_calls
from qa.storage.errors import RubricConflict, StorageError
from qa.storage.lock import WriterLock
from qa.storage.rewrite import copy_to_fresh_file, remove_fresh, swap_in
from qa.storage.rows import (
    call_row,
    metadata_columns,
    redaction_rows,
    scorecard_rows,
    segment_rows,
)
from qa.storage.snapshot import publish_snapshot, snapshot_path
from qa.storage.statements import execute, migrations
from qa.transcript import Transcript

__all__ = [
    "QuarantineFilter",
    "RubricConflict",
    "StorageError",
    "Store",
    "StoredCall",
    "snapshot_path",
]


@dataclass(frozen=True)
class QuarantineFilter:
    """Which quarantined entries to release; every field given must match (None: any)."""

    audio_hash: str | None = None  # a prefix of the hash
    run_id: str | None = None
    stage: str | None = None
    reason: str | None = None  # a substring, case-insensitive
    file: str | None = None  # a substring of any of its file names


@dataclass(frozen=True)
class StoredCall:
    call_id: str
    audio_hash: str
    source_files: list[str]
    inbox: str | None  # the inbox of the run that stored it


def schema_version() -> int:
    return max(number for number, _, _ in migrations())


class Store:
    """The writer's handle: lock, open, migrate, write calls, publish snapshots."""

    def __init__(
        self, db: Path, *, holder: str = "a callqa writer", snapshot_every_s: float = 60.0
    ) -> None:
        self.db = Path(db)
        self.snapshot_every_s = snapshot_every_s
        if self.db.is_dir():
            raise StorageError(f"{self.db}: is a folder, not a database file")
        try:
            self.db.parent.mkdir(parents=True, exist_ok=True)
            self._lock = WriterLock(self.db, holder)
        except OSError as error:
            raise StorageError(f"{self.db}: cannot write here ({error.strerror})") from None
        try:
            self.con = duckdb.connect(str(self.db))
        except duckdb.Error as error:
            self._lock.release()
            reason = str(error).splitlines()[0]
            raise StorageError(f"{self.db}: cannot open for writing ({reason})") from None
        # Opened once, closed last: copying through it never drops DuckDB's lock.
        self._snapshot_source = os.open(self.db, os.O_RDONLY)
        self._published_at = 0.0
        self._dirty = False
        self.migrate()

    def close(self) -> None:
        if self._dirty:
            self.publish(force=True)
        self.con.close()
        os.close(self._snapshot_source)
        self._lock.release()

    def holder(self, text: str) -> None:
        """What this writer is doing, for a refused second writer to print."""
        self._lock.describe(text)

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
        self._dirty = True

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

    # --- runs --------------------------------------------------------------------------

    def mark_interrupted_runs(self) -> None:
        """Runs still `running` when a new one starts were killed part-way."""
        execute(self.con, "write/mark_interrupted_runs")
        self._dirty = True

    def start_run(
        self,
        run_id: str,
        inbox: str,
        flow_run_id: str | None,
        asr_model: str,
        rubric: str | None,
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
        self.publish(force=True)

    def set_run_rubric(self, run_id: str, rubric: str) -> None:
        execute(self.con, "write/set_run_rubric", {"run_id": run_id, "rubric": rubric})

    def plan_run(self, run_id: str, calls_found: int, skipped: int) -> None:
        execute(
            self.con,
            "write/plan_run",
            {"run_id": run_id, "calls_found": calls_found, "skipped": skipped},
        )
        self._dirty = True

    def finish_run(self, run_id: str, summary: dict, error: str | None = None) -> None:
        execute(
            self.con,
            "write/finish_run",
            {**summary, "run_id": run_id, "finished_at": _now(), "error": error},
        )
        self.publish(force=True)

    def register_rubric(self, rubric: str, digest: str) -> None:
        """Refuse a rubric whose name@version was stored before with other content."""
        row = execute(self.con, "read/rubric_digest", {"rubric": rubric}).fetchone()
        if row is None:
            execute(
                self.con,
                "write/register_rubric",
                {"rubric": rubric, "digest": digest, "first_used_at": _now()},
            )
            self._dirty = True
        elif row[0] != digest:
            raise RubricConflict(
                f"rubric {rubric} was used before with other content (digest {row[0][:12]}, "
                f"now {digest[:12]}): bump its version to store scores under the edited rubric"
            )

    # --- calls -------------------------------------------------------------------------

    def write_call(
        self,
        transcript: Transcript,
        scorecard: Scorecard,
        meta: dict,
        audio_hash: str,
        files: list[str],
        run_id: str,
        redacted_audio: str | None = None,
    ) -> None:
        """The call, its segments, its redaction counts, its scorecard and the run's
        counters: all, or none. `redacted_audio`: its file name under `audio_dir(db)`."""
        now = _now()
        row = call_row(transcript, meta, audio_hash, files, run_id, now, redacted_audio)
        with self.transaction() as con:
            _insert(con, "calls", [row])
            _insert(con, "segments", segment_rows(transcript))
            _insert(con, "redactions", redaction_rows(transcript))
            for table, rows in scorecard_rows(scorecard, run_id, now).items():
                _insert(con, table, rows)
            execute(
                con,
                "write/count_processed",
                {"run_id": run_id, "audio_seconds": transcript.duration},
            )
        self.publish()

    def write_scorecard(self, scorecard: Scorecard, run_id: str) -> None:
        """A re-score: stored beside the earlier rubric's, replacing only the same rubric's."""
        with self.transaction() as con:
            execute(
                con,
                "write/delete_scorecard",
                {"call_id": scorecard.call_id, "rubric": scorecard.rubric},
            )
            for table, rows in scorecard_rows(scorecard, run_id, _now()).items():
                _insert(con, table, rows)
        self.publish()

    def delete_call(self, audio_hash: str) -> None:
        """A stored call's rows (not its reviews), so that it is processed again."""
        with self.transaction() as con:
            execute(con, "write/delete_call", {"audio_hash": audio_hash})
        self.publish()

    def update_metadata(self, audio_hash: str, meta: dict) -> None:
        with self.transaction() as con:
            execute(
                con, "write/update_metadata", {"audio_hash": audio_hash, **metadata_columns(meta)}
            )
        self.publish()

    def stored_calls(self, call_ids: list[str] | None = None) -> list[StoredCall]:
        """Stored calls, all or those named."""
        rows = execute(self.con, "read/stored_calls").fetchall()
        return [StoredCall(*r) for r in rows if call_ids is None or r[0] in call_ids]

    # --- quarantine and warnings -------------------------------------------------------

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
            execute(con, "write/count_quarantined", {"run_id": run_id})
        self.publish()

    def warn(self, run_id: str, files: list[str], reason: str) -> None:
        with self.transaction() as con:
            execute(
                con,
                "write/intake_warning",
                {"run_id": run_id, "files": files, "reason": reason, "noted_at": _now()},
            )

    def release_quarantine(self, where: QuarantineFilter) -> list[tuple[str, list[str], str]]:
        """Quarantined entries matching `where` are released (kept in quarantine_released):
        the next run processes them again. Returns (hash, files, reason) of each."""
        with self.transaction() as con:
            rows = execute(con, "read/quarantine_matching", asdict(where)).fetchall()
            execute(
                con,
                "write/release_quarantine",
                {"hashes": [r[0] for r in rows], "released_at": _now()},
            )
        self.publish(force=True)
        return [(r[0], list(r[1]), r[2]) for r in rows]

    # --- snapshots ---------------------------------------------------------------------

    def publish(self, force: bool = False) -> None:
        """The readers' snapshot, at most every `snapshot_every_s` seconds unless forced."""
        self._dirty = True
        if not force and time.monotonic() - self._published_at < self.snapshot_every_s:
            return
        publish_snapshot(self.con, self.db, self._snapshot_source)
        self._published_at = time.monotonic()
        self._dirty = False

    # --- erasure -----------------------------------------------------------------------

    def calls_to_erase(
        self,
        customer_refs: Sequence[str] = (),
        call_ids: Sequence[str] = (),
        older_than: datetime | None = None,
    ) -> list[CallToErase]:
        return calls_to_erase(self.con, customer_refs, call_ids, older_than)

    def erase_calls(self, audio_hashes: Sequence[str], erasure: ErasureRecord) -> dict[str, int]:
        """Every row of these recordings and the audit row, in one transaction; then the file
        rewritten and the snapshot republished, so the erased bytes are in neither (DuckDB
        keeps deleted rows in free blocks). Returns the rows removed per table."""
        with self.transaction() as con:
            counts = delete_calls(con, audio_hashes, erasure)
        try:
            if any(counts.values()):
                self._rewrite()
        except (duckdb.Error, OSError) as error:
            reason = str(error).splitlines()[0] if str(error) else type(error).__name__
            raise StorageError(
                f"{self.db}: calls erased, but the file could not be rewritten ({reason}); "
                "their bytes may linger in its free blocks until the next erasure"
            ) from None
        finally:
            self.publish(force=True)
        return counts

    def _rewrite(self) -> None:
        """The file copied into a fresh one that replaces it, still under `<db>.lock`; the
        connection and the snapshot's descriptor then reopen on the new file."""
        try:
            fresh = copy_to_fresh_file(self.con, self.db)
        except BaseException:
            remove_fresh(self.db)
            raise
        self.con.close()
        os.close(self._snapshot_source)
        try:
            swap_in(fresh, self.db)
        finally:
            remove_fresh(self.db)
            self.con = duckdb.connect(str(self.db))
            self._snapshot_source = os.open(self.db, os.O_RDONLY)
        for stale in self.db.parent.glob(f".{snapshot_path(self.db).name}.*.partial"):
            stale.unlink(missing_ok=True)  # a copy a killed writer left part-written


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> None:
    """Through Arrow: one columnar batch per table, columns matched by name (`BY NAME`)."""
    if not rows:
        return
    batch = pa.Table.from_pylist(rows)
    con.register("incoming_batch", batch)
    try:
        execute(con, f"write/insert_{table}")
    finally:
        con.unregister("incoming_batch")


def _now() -> datetime:
    return datetime.now(UTC)
