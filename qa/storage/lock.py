"""One writer per database, for the writer's whole life.

DuckDB's own lock is a POSIX record lock, which the kernel drops as soon as the process
closes *any* descriptor of the file — reading the file once (a copy, a checksum) is enough
to let a second writer in. So the writer also holds `flock` on `<db>.lock`, which belongs
to its own open file description and lasts until the process closes it or dies (SIGKILL
included). The file records who holds it, so a refused writer can say whom it waits for.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
from datetime import UTC, datetime
from pathlib import Path

from qa.storage.errors import DatabaseBusy


def lock_path(db: Path) -> Path:
    return db.with_name(f"{db.name}.lock")


class WriterLock:
    """An exclusive, non-blocking lock on `<db>.lock`; refused at once if held."""

    def __init__(self, db: Path, holder: str) -> None:
        self.path = lock_path(db)
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            who = _describe(self.path)
            os.close(self._fd)
            raise DatabaseBusy(f"{db}: in use by {who}; wait for it to finish") from None
        record = {
            "holder": holder,
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "since": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        os.ftruncate(self._fd, 0)
        os.pwrite(self._fd, json.dumps(record).encode(), 0)

    def describe(self, holder: str) -> None:
        """Say what the holder is doing now (e.g. which run), for a refused writer to print."""
        data = json.loads(os.pread(self._fd, 4096, 0) or b"{}")
        data["holder"] = holder
        os.ftruncate(self._fd, 0)
        os.pwrite(self._fd, json.dumps(data).encode(), 0)

    def release(self) -> None:
        if self._fd >= 0:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = -1


def _describe(path: Path) -> str:
    try:
        data = json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return "another callqa process"
    return (
        f"{data.get('holder', 'another callqa process')} "
        f"(pid {data.get('pid', '?')} on {data.get('host', '?')}, since {data.get('since', '?')})"
    )
