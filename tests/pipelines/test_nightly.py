"""The nightly flow, end to end: real Prefect flow runs, real Whisper, a real DuckDB file."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from pipelines.nightly import nightly_qa, task_runner
from qa.storage.snapshot import open_for_reading, snapshot_path

pytestmark = pytest.mark.slow

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "calls"
TABLES = ("calls", "segments", "scorecards", "criterion_results", "call_metrics", "quarantine")


def make_inbox(folder: Path, names: list[str], broken: bool = False) -> Path:
    folder.mkdir(parents=True)
    for name in names:
        shutil.copy(SAMPLES / f"{name}.wav", folder / f"{name}.wav")
    if broken:
        (folder / "broken.wav").write_bytes(b"RIFF" + b"\x00" * 400)
    (folder / "calls.csv").write_text(
        "file,call_id,agent_id,agent_name,team,queue,started_at,direction,language\n"
        + "".join(
            f"{n}.wav,{n},A{i},Agent {i},team-{i % 2},billing,2026-11-22T09:0{i}:00+02:00,inbound,"
            f"{n[:2]}\n"
            for i, n in enumerate(names)
        )
    )
    return folder


def counts(db: Path) -> dict[str, int]:
    con = open_for_reading(db)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        con.close()


def test_run_stores_calls_quarantines_bad_files_and_reruns_add_nothing(tmp_path: Path) -> None:
    inbox = make_inbox(
        tmp_path / "inbox", ["ru_callback_unresolved", "en_rude_unresolved"], broken=True
    )
    db = tmp_path / "qa.duckdb"
    report = nightly_qa(str(inbox), str(db), progress=False)
    assert report.summary["processed"] == 2 and report.summary["quarantined"] == 1
    first = counts(db)
    assert first["calls"] == 2 and first["quarantine"] == 1 and first["segments"] > 10
    assert first["scorecards"] == 2 and first["criterion_results"] == 24
    con = open_for_reading(db)
    row = con.execute(
        "SELECT agent_id, team, language, layout FROM calls WHERE call_id = 'en_rude_unresolved'"
    ).fetchone()
    assert row == ("A1", "team-1", "en", "stereo")
    reason = con.execute("SELECT stage, reason FROM quarantine").fetchone()
    assert (reason[0] == "decode" and "cannot decode" in reason[1]) or "no audio" in reason[1]
    run = con.execute("SELECT status, processed, quarantined, realtime_factor FROM runs").fetchone()
    assert run[:3] == ("completed", 2, 1) and run[3] > 1
    con.close()

    # the same inbox again, plus a renamed copy of a stored call: nothing new
    shutil.copy(inbox / "en_rude_unresolved.wav", inbox / "renamed_redelivery.wav")
    again = nightly_qa(str(inbox), str(db), progress=False)
    assert again.summary["processed"] == 0 and again.summary["skipped"] == 4
    assert counts(db) == first


def test_rescore_under_a_new_rubric_sits_beside_the_old(tmp_path: Path) -> None:
    import yaml

    from qa.scoring.rubric import DEFAULT_RUBRIC

    inbox = make_inbox(tmp_path / "inbox", ["ru_callback_unresolved"])
    db = tmp_path / "qa.duckdb"
    nightly_qa(str(inbox), str(db), progress=False)
    rubric = yaml.safe_load(DEFAULT_RUBRIC.read_text(encoding="utf-8"))
    rubric["version"] = rubric["version"] + 1
    rubric["hold_limit_s"] = 20
    path = tmp_path / "service-v2.yaml"
    path.write_text(yaml.safe_dump(rubric, allow_unicode=True), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "qa", "rescore", "--rubric", str(path), "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    con = open_for_reading(db)
    rubrics = con.execute("SELECT rubric FROM scorecards ORDER BY rubric").fetchall()
    con.close()
    assert rubrics == [("service@3",), ("service@4",)]


def run_in_subprocess(inbox: Path, db: Path) -> subprocess.Popen:
    env = {**os.environ, "PREFECT_LOGGING_LEVEL": "WARNING"}
    return subprocess.Popen(
        [sys.executable, "-m", "qa", "run", str(inbox), "--db", str(db), "--snapshot-every", "0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )


def wait_for(predicate, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise TimeoutError


def stored_calls(db: Path) -> int:
    try:
        return counts(db)["calls"]
    except Exception:
        return 0


NAMES = ["ru_callback_unresolved", "en_rude_unresolved", "ru_delivery_resolved"]


def prefect_servers() -> set[int]:
    """Pids of running Prefect API servers (the temporary one each `callqa run` starts)."""
    pids = set()
    for proc in Path("/proc").iterdir():
        try:
            command = (proc / "cmdline").read_bytes() if proc.name.isdigit() else b""
        except OSError:
            continue
        if b"prefect.server.api.server" in command:
            pids.add(int(proc.name))
    return pids


def test_sigkill_mid_run_then_rerun_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    inbox = make_inbox(tmp_path / "inbox", NAMES)
    db = tmp_path / "qa.duckdb"
    servers_before = prefect_servers()
    process = run_in_subprocess(inbox, db)
    wait_for(lambda: stored_calls(db) >= 1, timeout=420)
    assert prefect_servers() - servers_before, "the run's own API server is up"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    wait_for(lambda: not prefect_servers() - servers_before, timeout=30)  # none orphaned
    partial = stored_calls(db)
    assert 1 <= partial < len(NAMES), "the kill should land mid-run"
    # no half-written call: every stored call has its segments and its scorecard
    con = duckdb.connect(str(db), read_only=True)  # the killed writer's own file, WAL replayed
    orphans = con.execute(
        "SELECT count(*) FROM calls c "
        "WHERE NOT EXISTS (SELECT 1 FROM segments s WHERE s.call_id = c.call_id) "
        "OR NOT EXISTS (SELECT 1 FROM scorecards s WHERE s.call_id = c.call_id)"
    ).fetchone()[0]
    con.close()
    assert orphans == 0
    rerun = run_in_subprocess(inbox, db)
    assert rerun.wait(timeout=600) == 0, rerun.stderr.read().decode() if rerun.stderr else ""
    final = counts(db)
    assert final["calls"] == len(NAMES) == final["scorecards"]
    con = open_for_reading(db)
    statuses = dict(con.execute("SELECT status, count(*) FROM runs GROUP BY status").fetchall())
    killed = con.execute(
        "SELECT r.processed, (SELECT count(*) FROM calls c WHERE c.run_id = r.run_id) "
        "FROM runs r WHERE status = 'interrupted'"
    ).fetchone()
    duplicates = con.execute("SELECT count(*) - count(DISTINCT audio_hash) FROM calls").fetchone()[
        0
    ]
    con.close()
    assert statuses == {"interrupted": 1, "completed": 1} and duplicates == 0
    assert killed[0] == killed[1] >= 1  # the killed run's counters are true


def test_a_reader_queries_all_through_a_run(tmp_path: Path) -> None:
    inbox = make_inbox(tmp_path / "inbox", NAMES[:2])
    db = tmp_path / "qa.duckdb"
    process = run_in_subprocess(inbox, db)
    wait_for(lambda: snapshot_path(db).is_file(), timeout=300)
    queries, seen = 0, []
    while process.poll() is None:
        con = open_for_reading(db)  # must never fail while the run writes
        seen.append(con.execute("SELECT count(*) FROM calls").fetchone()[0])
        con.execute("SELECT count(*) FROM segments WHERE text ILIKE '%позже%'").fetchone()
        con.close()
        queries += 1
        time.sleep(0.05)
    assert process.returncode == 0
    assert queries > 20 and seen == sorted(seen) and counts(db)["calls"] == 2


def test_dask_task_runner_runs_the_flow(tmp_path: Path) -> None:
    inbox = make_inbox(tmp_path / "inbox", ["ru_callback_unresolved"])
    db = tmp_path / "qa.duckdb"
    report = nightly_qa.with_options(task_runner=task_runner("dask"))(
        str(inbox), str(db), progress=False
    )
    assert report.summary["processed"] == 1


def test_killed_again_and_again_the_night_converges(tmp_path: Path) -> None:
    """SIGKILL at several moments of a run — loading, transcribing, writing a call,
    publishing the snapshot (it publishes after every call here) — then a clean rerun:
    every call stored once, every killed run `interrupted` with counters that match what
    it stored, no Prefect server left behind."""
    inbox = make_inbox(tmp_path / "inbox", NAMES)
    db = tmp_path / "qa.duckdb"
    servers_before = prefect_servers()
    kills = 0
    for delay in (4.0, 14.0, 22.0, 31.0):
        process = run_in_subprocess(inbox, db)
        time.sleep(delay)
        if process.poll() is not None:  # it finished first: the night is done
            break
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        kills += 1
    final = run_in_subprocess(inbox, db)
    assert final.wait(timeout=600) == 0, final.stderr.read().decode() if final.stderr else ""
    assert counts(db)["calls"] == len(NAMES) == counts(db)["scorecards"]
    con = open_for_reading(db)
    runs = con.execute(
        "SELECT r.status, r.processed, (SELECT count(*) FROM calls c WHERE c.run_id = r.run_id) "
        "FROM runs r ORDER BY r.started_at"
    ).fetchall()
    duplicates = con.execute("SELECT count(*) - count(DISTINCT audio_hash) FROM calls")
    assert duplicates.fetchone() == (0,)
    con.close()
    assert runs[-1][0] == "completed" and kills >= 2, (kills, runs)
    interrupted = [run for run in runs if run[0] == "interrupted"]
    assert 1 <= len(interrupted) <= kills, runs  # a run killed while loading has no row
    assert all(status in ("interrupted", "completed") for status, _, _ in runs), runs
    assert all(processed == stored for _, processed, stored in runs), runs
    wait_for(lambda: not prefect_servers() - servers_before, timeout=30)
