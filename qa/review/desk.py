"""The review desk's own DuckDB file, `<db>.reviews.duckdb`: reviews, disputes, the queue.

The nightly run holds the main file for hours, and DuckDB lets one process write a file
while no other may even read it, so human judgement cannot go there. It goes into this
small file instead, which nobody holds: every write opens it, adds rows and closes it
(tens of milliseconds), and every read attaches it read-only to the snapshot for one query.
Turns are taken under `flock` on `<desk>.lock` (shared to read, exclusive to write), which
serialises threads and processes alike; nobody waits more than `wait_s`, after which
`DeskBusy` names the file. Rows are only ever added: a review never changes a scorecard.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from qa.storage.rewrite import copy_to_fresh_file, remove_fresh, swap_in
from qa.storage.snapshot import open_for_reading
from qa.storage.statements import execute, migrations

SQL = Path(__file__).parent / "sql"
ALIAS = "desk"  # the attached file's name in SQL: desk.reviews, desk.dispute_events, …


class DeskBusy(RuntimeError):
    """The desk file stayed held by someone else for longer than the wait allowed."""


def desk_path(db: Path | str) -> Path:
    db = Path(db)
    return db.with_name(f"{db.stem}.reviews{db.suffix or '.duckdb'}")


_IN_PROCESS = threading.Lock()  # DuckDB's own file lock is per process: take turns here too


class Desk:
    """Reviews, dispute events and the calibration queue, in `desk_path(db)`."""

    def __init__(self, db: Path | str, *, wait_s: float = 2.0) -> None:
        self.db = Path(db)
        self.path = desk_path(self.db)
        self.wait_s = wait_s
        with self.writing() as con:
            self._migrate(con)

    @contextmanager
    def _turn(self, exclusive: bool) -> Iterator[None]:
        deadline = time.monotonic() + self.wait_s
        if not _IN_PROCESS.acquire(timeout=self.wait_s):
            raise DeskBusy(f"{self.path}: busy for over {self.wait_s:g} s in this process")
        try:
            lock = self.path.with_name(self.path.name + ".lock")
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                mode = (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB
                while True:
                    try:
                        fcntl.flock(fd, mode)
                        break
                    except BlockingIOError:
                        if time.monotonic() > deadline:
                            raise DeskBusy(
                                f"{self.path}: held by another process for over {self.wait_s:g} s"
                            ) from None
                        time.sleep(0.01)
                yield
            finally:
                os.close(fd)
        finally:
            _IN_PROCESS.release()

    def _open(self, connect) -> duckdb.DuckDBPyConnection:
        """DuckDB's own lock may still be held by a process that ignores ours (a notebook
        attached read-write): retry it until the deadline too."""
        deadline = time.monotonic() + self.wait_s
        while True:
            try:
                return connect()
            except duckdb.IOException as error:
                if "lock" not in str(error).lower() or time.monotonic() > deadline:
                    raise DeskBusy(f"{self.path}: {str(error).splitlines()[0]}") from None
                time.sleep(0.01)

    @contextmanager
    def writing(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-write connection to the desk file, in one transaction, for one turn."""
        with self._turn(exclusive=True):
            con = self._open(lambda: duckdb.connect(str(self.path)))
            try:
                with _transaction(con):
                    yield con
            finally:
                con.close()

    @contextmanager
    def attached(self, con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
        """`con` (the snapshot) with the desk attached read-only as `desk`, for one turn."""
        with self._turn(exclusive=False):
            quoted = str(self.path).replace("'", "''")
            self._open(lambda: con.execute(f"ATTACH '{quoted}' AS {ALIAS} (READ_ONLY)"))
            try:
                yield con
            finally:
                con.execute(f"DETACH {ALIAS}")

    def _migrate(self, con: duckdb.DuckDBPyConnection) -> None:
        execute(con, "schema", root=SQL)
        done = {row[0] for row in execute(con, "read/applied_migrations", root=SQL).fetchall()}
        for number, name, sql in migrations(SQL):
            if number not in done:
                con.execute(sql)
                execute(con, "write/record_migration", {"version": number, "name": name}, SQL)

    def add(self, statement: str, row: dict) -> dict:
        """One row (ids and times already in it) through `sql/write/<statement>.sql`."""
        with self.writing() as con:
            execute(con, f"write/{statement}", row, SQL)
        return row

    @contextmanager
    def rewriting(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """`writing`, then, in the same turn, the file copied whole into a fresh one that
        replaces it: rows deleted in the transaction (an erasure) would otherwise stay in
        the file's free blocks, readable by anyone who reads its bytes."""
        with self._turn(exclusive=True):
            con = self._open(lambda: duckdb.connect(str(self.path)))
            try:
                with _transaction(con):
                    yield con
                fresh = copy_to_fresh_file(con, self.path)
            except BaseException:
                remove_fresh(self.path)
                raise
            finally:
                con.close()
            try:
                swap_in(fresh, self.path)
            finally:
                remove_fresh(self.path)


@contextmanager
def _transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    con.execute("BEGIN TRANSACTION")
    try:
        yield
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def new_id() -> str:
    return uuid.uuid4().hex


def now() -> datetime:
    return datetime.now(UTC)


@contextmanager
def open_desk_reader(db: Path | str) -> Iterator[duckdb.DuckDBPyConnection]:
    """The published snapshot, read-only, with the desk attached as `desk`: for SQL and
    notebooks that join automatic scores with human reviews."""
    desk = Desk(db)
    con = open_for_reading(db)
    try:
        with desk.attached(con):
            yield con
    finally:
        con.close()
