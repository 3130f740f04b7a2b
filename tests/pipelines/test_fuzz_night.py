"""A night of everything that has ever stopped a run, with good calls among it: `callqa run`
over the fuzz corpus stores every good call, quarantines or warns about every bad entry
with its own reason, exits 0, does not hang, and a second run adds nothing."""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.fixtures.fuzz_inbox import build

pytestmark = pytest.mark.slow


def night(inbox: Path, db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable, "-m", "qa", "run", str(inbox), "--db", str(db),
            "--timezone", "Europe/Riga", "--settle-seconds", "0", "--max-file-mb", "128",
        ],
        capture_output=True, text=True, timeout=900,
    )  # fmt: skip


def test_a_fuzzed_night_loses_nothing_and_stops_for_nothing(tmp_path: Path) -> None:
    manifest = build(tmp_path / "corpus")
    db = tmp_path / "qa.duckdb"
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result = night(tmp_path / "corpus" / "night", db)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS of the run over the fuzz night (3 h file included): {peak_mb:.0f} MB")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert peak_mb < 8 * 1024 or before > peak_mb * 1024

    con = duckdb.connect(str(db), read_only=True)
    stored = {
        f for (files,) in con.execute("SELECT source_files FROM calls").fetchall() for f in files
    }
    quarantined = {
        files[0]: (stage, reason)
        for files, stage, reason in con.execute(
            "SELECT files, stage, reason FROM quarantine"
        ).fetchall()
    }
    warned = con.execute("SELECT files, reason FROM intake_warnings").fetchall()
    run = con.execute("SELECT status, processed, quarantined FROM runs").fetchone()
    con.close()  # fmt: skip

    root = tmp_path / "corpus"
    checked = 0
    for entry, expected in manifest.items():
        if not entry.startswith("night/"):
            continue
        outcome, _, words = expected.partition("|")
        path = str(root / entry.split("#")[0])
        if outcome == "call":
            assert path in stored, entry
        elif outcome.startswith("quarantine:"):
            assert path in quarantined, entry
            stage, reason = quarantined[path]
            assert stage == outcome.split(":")[1] and words in reason, (entry, stage, reason)
        elif outcome in ("warn", "warning"):
            assert any(words in reason for _, reason in warned), (entry, words)
        checked += 1
    assert checked >= 35
    assert run[0] == "completed" and run[1] == sum(
        1 for e, v in manifest.items() if e.startswith("night/") and v.startswith("call|")
    )

    again = night(tmp_path / "corpus" / "night", db)
    assert again.returncode == 0
    con = duckdb.connect(str(db), read_only=True)
    second = con.execute("SELECT processed, quarantined FROM runs ORDER BY started_at").fetchall()
    con.close()
    assert second[-1] == (0, 0)
