"""Reviews are accepted while a nightly run holds the main file: both land, nobody waits.

A real `callqa run` (real Whisper on two sample calls) writes the main file and publishes
snapshots; meanwhile a QA lead's reviews go through the real desk server every 0.2 s."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import httpx

from qa.review.desk import desk_path
from qa.storage.lock import lock_path
from qa.storage.snapshot import snapshot_path

from .conftest import ALL_CALLS, SAMPLE, LiveDesk

NIGHT = ["en_rude_unresolved", "ru_callback_unresolved"]


def _held(lock: Path) -> bool:
    if not lock.exists():
        return False
    fd = os.open(lock, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def test_reviews_land_while_a_nightly_run_writes(seeded_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "callqa.duckdb"
    shutil.copy(seeded_db, db)
    shutil.copy(snapshot_path(seeded_db), snapshot_path(db))
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in NIGHT:
        for suffix in (".wav", ".json"):
            shutil.copy(SAMPLE.with_name(name + suffix), inbox / (name + suffix))

    log = (tmp_path / "run.log").open("w")
    run = subprocess.Popen(
        [sys.executable, "-m", "qa", "run", str(inbox), "--db", str(db), "--settle-seconds", "0"],
        stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while not _held(lock_path(db)):
        assert run.poll() is None, (tmp_path / "run.log").read_text()
        assert time.monotonic() < deadline, "the run never took the writer's lock"
        time.sleep(0.05)

    waits, during = [], 0
    with LiveDesk(db) as desk, httpx.Client(base_url=desk.url, timeout=10) as http:
        k = 0
        while run.poll() is None:
            started = time.monotonic()
            posted = http.post(
                "/api/calls/en01/reviews",
                json={"reviewer": "Ieva", "override_score": k % 100, "comment": f"#{k}"},
            )
            listed = http.get("/api/calls?reviewed=true")
            waits.append(time.monotonic() - started)
            assert posted.status_code == 201, posted.text
            assert listed.status_code == 200 and listed.json()[0]["call_id"] == "en01"
            during += _held(lock_path(db))
            k += 1
            time.sleep(0.2)
        assert http.get("/api/calls").headers["X-Total-Count"] == str(ALL_CALLS + len(NIGHT))
    assert run.wait() == 0, (tmp_path / "run.log").read_text()[-2000:]
    log.close()

    assert during >= 5, f"only {during} reviews were posted while the run held the file"
    assert max(waits) < 1.0, f"a review + list round trip took {max(waits):.2f} s"
    con = duckdb.connect(str(desk_path(db)), read_only=True)
    stored = con.execute("SELECT count(*), count(DISTINCT comment) FROM reviews").fetchone()
    con.close()
    assert stored == (k, k)
    con = duckdb.connect(str(snapshot_path(db)), read_only=True)
    processed = con.execute("SELECT processed FROM runs WHERE run_id <> 'seed'").fetchall()
    con.close()
    assert processed == [(len(NIGHT),)]
