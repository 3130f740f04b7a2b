"""The nightly schedule: options checked up front, and a served deployment that really fires.

The slow test runs what production runs: a local Prefect server (SQLite) and `callqa
schedule` against it, each a subprocess, and waits for the cron to store a call.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import psutil
import pytest

from pipelines.schedule import check_schedule, nightly_deployment
from qa.storage.store import snapshot_path

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
SAMPLE = ROOT / "samples" / "calls" / "en_billing_resolved.wav"
BULK_DML_ERROR = "Can't evaluate bulk DML statement"  # prefect 3.8 under SQLAlchemy 2.1
QUIET = {"PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}


def test_schedule_is_a_timezone_aware_cron_deployment(tmp_path: Path) -> None:
    deployment = nightly_deployment(
        "nightly", "0 2 * * *", "Europe/Riga", str(tmp_path), "x.duckdb"
    )
    (schedule,) = deployment.schedules
    assert schedule.schedule.cron == "0 2 * * *" and schedule.schedule.timezone == "Europe/Riga"
    assert deployment.parameters == {"inbox": str(tmp_path), "db": "x.duckdb", "progress": False}


GOOD = [
    ("0 2 * * *", "Europe/Riga"),
    ("* * * * *", "UTC"),
    ("30 1 * * MON-FRI", "America/New_York"),
    ("0 2 29 2 *", "UTC"),
    ("@daily", "Asia/Tokyo"),
    ("*/15 0-5 1,15 JAN-MAR 0-6", "UTC"),
]


@pytest.mark.parametrize(("cron", "timezone"), GOOD)
def test_good_schedules_pass(cron: str, timezone: str) -> None:
    check_schedule(cron, timezone)


@pytest.mark.parametrize(
    ("cron", "timezone", "message"),
    [
        (
            "61 * * * *",
            "UTC",
            "--cron '61 * * * *': minute field '61' is not valid (allowed: 0-59)",
        ),
        ("0 24 * * *", "UTC", "--cron '0 24 * * *': hour field '24' is not valid (allowed: 0-23)"),
        ("0 2 0 * *", "UTC", "--cron '0 2 0 * *': day of month field '0' is not valid"),
        ("0 2 * 13 *", "UTC", "--cron '0 2 * 13 *': month field '13' is not valid"),
        ("0 2 * * 8", "UTC", "--cron '0 2 * * 8': day of week field '8' is not valid"),
        ("H 2 * * *", "UTC", "--cron 'H 2 * * *': minute field 'H' is not valid"),
        ("0 2 * *", "UTC", "--cron '0 2 * *': expected 5 fields"),
        ("0 2 * * * *", "UTC", "--cron '0 2 * * * *': expected 5 fields"),
        ("", "UTC", "--cron '': expected 5 fields"),
        ("0 2 31 2 *", "UTC", "--cron '0 2 31 2 *': never fires (no such date)"),
        ("0 2 * * *", "Mars/Base", "--timezone 'Mars/Base': not an IANA time zone"),
        ("0 2 * * *", "+02:00", "--timezone '+02:00': not an IANA time zone"),
        ("0 2 * * *", "", "--timezone '': not an IANA time zone"),
    ],
)
def test_bad_schedules_name_the_option_and_the_reason(
    cron: str, timezone: str, message: str
) -> None:
    with pytest.raises(ValueError) as raised:
        check_schedule(cron, timezone)
    assert str(raised.value).startswith(message) and "\n" not in str(raised.value)


def test_the_deployment_refuses_a_bad_schedule_before_prefect_sees_it(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"^--timezone 'Europe/Rigaa': not an IANA time zone"):
        nightly_deployment("nightly", "0 2 * * *", "Europe/Rigaa", str(tmp_path), "x.duckdb")


def test_each_run_loads_the_flow_by_module_path_from_any_directory(tmp_path: Path) -> None:
    """What `python -m prefect.engine` does for each scheduled run, in another directory."""
    deployment = nightly_deployment("nightly", "0 2 * * *", "UTC", str(tmp_path), "x.duckdb")
    assert deployment.entrypoint == "pipelines.nightly.nightly_qa"
    code = (
        "import sys; from prefect.flows import load_flow_from_entrypoint; "
        "flow = load_flow_from_entrypoint(sys.argv[1], use_placeholder_flow=False); "
        "print(sorted(flow.validate_parameters(dict(inbox='in', db='qa.duckdb', progress=False))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, deployment.entrypoint],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    errors = [line for line in result.stderr.splitlines() if "Error" in line]
    assert result.returncode == 0, errors[-1] if errors else result.stderr
    assert "'db', 'inbox'" in result.stdout and "'progress'" in result.stdout


# --- the slow tier: a real server, a real schedule, a real run --------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.load(response)


def failed_runs(api: str) -> list[str]:
    """The server's failed or crashed flow runs, each as 'name: state message'."""
    query = {"flow_runs": {"state": {"type": {"any_": ["FAILED", "CRASHED"]}}}}
    request = urllib.request.Request(
        f"{api}/flow_runs/filter",
        data=json.dumps(query).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        return [f"{run['name']}: {run['state']['message']}" for run in json.load(response)]


def wait_for(what: str, probe: Callable[[], Any], timeout: float, alive: list) -> Any:
    """Poll `probe` until it returns something truthy; fail early if a subprocess died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for process in alive:
            if process.poll() is not None:
                pytest.fail(f"{process.args[:3]} exited ({process.returncode}) before {what}")
        try:
            value = probe()
        except Exception:
            value = None
        if value:
            return value
        time.sleep(1)
    pytest.fail(f"no {what} within {timeout:.0f} s")


def stop(process: subprocess.Popen) -> None:
    """SIGTERM the process group, SIGKILL what is left of it after 20 s."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=20)
    with contextlib.suppress(ProcessLookupError):  # stragglers in the group, the leader too
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def started(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    with log.open("wb") as out:
        return subprocess.Popen(
            command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def leftover_servers(home: Path) -> list[str]:
    """Prefect server processes (the CLI or its uvicorn child) run with this PREFECT_HOME."""
    found = []
    for process in psutil.process_iter(["cmdline", "environ"]):
        try:
            command = " ".join(process.info["cmdline"] or [])
            environ = process.info["environ"] or {}
        except psutil.Error:
            continue
        if environ.get("PREFECT_HOME") == str(home) and (
            "server start" in command or "prefect.server.api.server" in command
        ):
            found.append(f"{process.pid}: {command}")
    return found


@pytest.fixture
def prefect_server(tmp_path: Path) -> Iterator[str]:
    """A local Prefect server on a free port, its own PREFECT_HOME; its API URL."""
    home = tmp_path / "prefect-home"
    env = {**os.environ, **QUIET, "PREFECT_HOME": str(home), "PREFECT_SERVER_UI_ENABLED": "false"}
    env.pop("PREFECT_API_URL", None)
    port = free_port()
    command = [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)]
    server = started(command, env, tmp_path / "server.log")
    api = f"http://127.0.0.1:{port}/api"
    try:
        wait_for("server health", lambda: get_json(f"{api}/health") is True, 120, [server])
        yield api
    finally:
        stop(server)
        log = (tmp_path / "server.log").read_text(errors="replace")
        assert BULK_DML_ERROR not in log, "the server's scheduler failed"
        assert leftover_servers(home) == []


@pytest.mark.slow
def test_the_served_schedule_fires_and_stores_a_call(tmp_path: Path, prefect_server: str) -> None:
    inbox, db = tmp_path / "inbox", tmp_path / "qa.duckdb"
    inbox.mkdir()
    shutil.copy(SAMPLE, inbox / SAMPLE.name)
    env = {**os.environ, **QUIET, "PREFECT_API_URL": prefect_server}
    env |= {"PREFECT_HOME": str(tmp_path / "prefect-home"), "PREFECT_RUNNER_POLL_FREQUENCY": "2"}
    command = [str(BIN / "callqa"), "schedule", "--cron", "* * * * *", "--timezone", "UTC"]
    command += ["--inbox", str(inbox), "--db", str(db)]
    scheduler = started(command, env, tmp_path / "schedule.log")
    began = time.monotonic()
    try:

        def stored() -> tuple[int, str] | None:
            if BULK_DML_ERROR in (tmp_path / "server.log").read_text(errors="replace"):
                pytest.fail(f"the server's scheduler fails ({BULK_DML_ERROR}): SQLAlchemy 2.1?")
            if failed := failed_runs(prefect_server):
                pytest.fail(f"the scheduled run failed: {failed[0]}")
            con = duckdb.connect(str(snapshot_path(db)), read_only=True)
            try:  # the call, and the flow run id of the run that stored it
                return con.execute(
                    "SELECT c.call_id, r.flow_run_id FROM calls c JOIN runs r USING (run_id)"
                ).fetchall()
            finally:
                con.close()

        ((call_id, flow_run_id),) = wait_for("stored call", stored, 240, [scheduler])
        print(f"call stored {time.monotonic() - began:.0f} s after `callqa schedule` started")
        assert call_id == SAMPLE.stem and flow_run_id

        flow_run = get_json(f"{prefect_server}/flow_runs/{flow_run_id}")
        deployment = get_json(f"{prefect_server}/deployments/{flow_run['deployment_id']}")
        assert flow_run["auto_scheduled"] is True and deployment["name"] == "nightly"
        assert deployment["parameters"]["db"] == str(db)

        def finished() -> str | None:
            state = get_json(f"{prefect_server}/flow_runs/{flow_run_id}")["state_type"]
            return state if state in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED") else None

        assert wait_for("finished flow run", finished, 60, [scheduler]) == "COMPLETED"
    finally:
        stop(scheduler)
    con = duckdb.connect(str(db), read_only=True)  # the scheduler has stopped: the db itself
    try:
        run = con.execute(
            "SELECT status, processed FROM runs WHERE flow_run_id = ?", [flow_run_id]
        ).fetchall()
        calls = con.execute("SELECT count(*) FROM calls").fetchone()[0]
    finally:
        con.close()
    assert run == [("completed", 1)] and calls == 1
