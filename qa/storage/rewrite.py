"""A DuckDB file rewritten whole into a fresh one, so that deleted rows are really gone.

DuckDB marks the blocks of deleted rows free and reuses them later; until then their bytes
stay in the file (and in every byte copy of it, such as the readers' snapshot). An erasure
therefore copies the live rows into a new file with `COPY FROM DATABASE` (schema,
constraints and rows: only what is still there) and renames it over the old one. The caller
holds the file's writer turn throughout and reopens the file afterwards; the old inode's
blocks go back to the file system, which is as far as a process can reach.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from qa.storage.errors import StorageError

FRESH_ALIAS = "callqa_fresh"


def fresh_path(db: Path) -> Path:
    """Where the copy is built: beside the file (same file system, so the rename is atomic)."""
    return db.with_name(f".{db.name}.rewrite")


def copy_to_fresh_file(con: duckdb.DuckDBPyConnection, db: Path) -> Path:
    """Every table of `con`'s database (the file `db`) copied into a new file beside it,
    checkpointed and synced; returns its path. `con` must not be inside a transaction."""
    fresh = fresh_path(db)
    remove_fresh(db)  # a copy left by a process that died part-way
    name = con.execute("SELECT current_database()").fetchone()[0]
    quoted_path = str(fresh).replace("'", "''")
    quoted_name = name.replace('"', '""')
    con.execute("CHECKPOINT")
    con.execute(f"ATTACH '{quoted_path}' AS {FRESH_ALIAS}")
    try:
        con.execute(f'COPY FROM DATABASE "{quoted_name}" TO {FRESH_ALIAS}')
        con.execute(f"CHECKPOINT {FRESH_ALIAS}")
    finally:
        con.execute(f"DETACH {FRESH_ALIAS}")
    if _wal(fresh).exists():
        raise StorageError(f"{db}: the rewritten copy kept a write-ahead log; not swapped in")
    _fsync(fresh)
    return fresh


def swap_in(fresh: Path, db: Path) -> None:
    """The fresh copy renamed over `db`, atomically. Every connection to `db` must be
    closed first; a write-ahead log left beside it would belong to the old file."""
    if _wal(db).exists():
        raise StorageError(f"{db}: has an unapplied write-ahead log; not rewritten")
    os.replace(fresh, db)
    _fsync(db.parent)


def remove_fresh(db: Path) -> None:
    fresh = fresh_path(db)
    fresh.unlink(missing_ok=True)
    _wal(fresh).unlink(missing_ok=True)


def _wal(path: Path) -> Path:
    return path.with_name(f"{path.name}.wal")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
