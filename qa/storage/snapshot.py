"""The readers' copy of the database: `<db>.snapshot.duckdb`, replaced whole, atomically.

DuckDB locks every other process out of a file being written, readers included, so the
writer publishes a snapshot: a checkpoint, then a byte copy into a partial file and a
rename. The copy reads through a descriptor the store opened once and keeps open for its
whole life: DuckDB's lock is a POSIX record lock, which the kernel drops when the process
closes *any* descriptor of the file, so the file is never opened (and closed) again to copy
it. A reader already open keeps the version it opened.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from qa.storage.errors import StorageError

__all__ = ["StorageError", "open_for_reading", "publish_snapshot", "snapshot_path"]


def snapshot_path(db: Path) -> Path:
    return db.with_name(f"{db.stem}.snapshot{db.suffix or '.duckdb'}")


def publish_snapshot(con: duckdb.DuckDBPyConnection, db: Path, source_fd: int) -> None:
    """The committed state of `con`'s database, copied whole from `source_fd` (a descriptor
    of the database file held open by the writer) to the snapshot path."""
    con.execute("CHECKPOINT")
    target = snapshot_path(db)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    size = os.fstat(source_fd).st_size
    out = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        offset = 0
        while offset < size:
            sent = os.copy_file_range(source_fd, out, size - offset, offset, offset)
            if sent == 0:
                break
            offset += sent
    finally:
        os.close(out)
    os.replace(partial, target)


def open_for_reading(db: Path | str) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published snapshot: safe while a run writes."""
    snapshot = snapshot_path(Path(db))
    if not snapshot.is_file():
        raise StorageError(f"{snapshot}: no snapshot yet (run `callqa run` first)")
    return duckdb.connect(str(snapshot), read_only=True)
