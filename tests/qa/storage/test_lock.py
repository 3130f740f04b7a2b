"""One writer per database: held for the writer's whole life, released when it dies."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from qa.storage.errors import DatabaseBusy
from qa.storage.snapshot import open_for_reading, snapshot_path
from qa.storage.store import Store

SECOND_WRITER = "from qa.storage.store import Store; import sys; Store(sys.argv[1]).close()"


def second_writer(db: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", SECOND_WRITER, str(db)], capture_output=True, text=True, timeout=60
    )


def test_a_second_writer_is_refused_after_snapshots_naming_the_first(tmp_path: Path) -> None:
    db = tmp_path / "qa.duckdb"
    store = Store(db, holder="callqa run r1 over /inbox", snapshot_every_s=0)
    store.start_run("r1", "/inbox", None, "base", "service@3")
    store.quarantine("h1", ["a.wav"], "decode", "truncated", "r1")  # publishes again
    assert snapshot_path(db).is_file()
    refused = second_writer(db)
    assert refused.returncode != 0
    assert "in use by callqa run r1 over /inbox" in refused.stderr
    # DuckDB's own lock survives publishing too: nothing else opens the writer's file
    with pytest.raises(duckdb.Error):
        duckdb.connect(str(db), read_only=True)
    store.close()
    assert second_writer(db).returncode == 0


def test_a_killed_writer_leaves_no_lock(tmp_path: Path) -> None:
    db = tmp_path / "qa.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from qa.storage.store import Store; import sys, time; s = Store(sys.argv[1]); "
            "print('ready', flush=True); time.sleep(600)",
            str(db),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "ready"
    with pytest.raises(DatabaseBusy, match=r"pid \d+"):
        Store(db)
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=30)
    Store(db).close()


def test_snapshots_are_bounded_in_time_and_always_published_at_the_end(tmp_path: Path) -> None:
    db = tmp_path / "qa.duckdb"
    store = Store(db, snapshot_every_s=3600)
    store.start_run("r1", "/inbox", None, "base", "service@3")  # a run's start: published
    for n in range(5):
        store.quarantine(f"h{n}", [f"{n}.wav"], "decode", "truncated", "r1")
    reader = open_for_reading(db)
    assert reader.execute("SELECT count(*) FROM quarantine").fetchone() == (0,)
    reader.close()
    started = time.monotonic()
    store.close()
    reader = open_for_reading(db)
    assert reader.execute("SELECT count(*) FROM quarantine").fetchone() == (5,)
    reader.close()
    assert time.monotonic() - started < 30


def test_a_folder_or_an_unwritable_place_is_a_clear_error(tmp_path: Path) -> None:
    from qa.storage.errors import StorageError

    (tmp_path / "dir.duckdb").mkdir()
    with pytest.raises(StorageError, match="is a folder"):
        Store(tmp_path / "dir.duckdb")
    (tmp_path / "junk.duckdb").write_bytes(b"not a database" * 100)
    with pytest.raises(StorageError, match="cannot open for writing"):
        Store(tmp_path / "junk.duckdb")
