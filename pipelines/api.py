"""A Prefect API server for one `callqa run`, that dies with the process that started it.

Without `PREFECT_API_URL`, Prefect starts a temporary server in a subprocess and stops it
only from `atexit`: a run killed with SIGKILL (or stopped with SIGTERM) leaves it behind,
~230 MB each. This starts the same server, but the kernel sends it SIGTERM when its parent
dies (`PR_SET_PDEATHSIG`). With `PREFECT_API_URL` set (a real server), it does nothing.
"""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import prefect
from prefect.settings import PREFECT_API_URL, temporary_settings

PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """In the child, before exec: the kernel sends SIGTERM when the parent dies."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def private_api(timeout_s: float = 120.0) -> Iterator[str | None]:
    """Yields the API URL in use while Prefect's settings point at it."""
    if PREFECT_API_URL.value():
        yield PREFECT_API_URL.value()
        return
    port = _free_port()
    command = [
        sys.executable, "-m", "uvicorn",
        "--app-dir", str(prefect.__module_path__.parent),
        "--factory", "prefect.server.api.server:create_app",
        "--host", "127.0.0.1", "--port", str(port),
        "--log-level", "error", "--lifespan", "on",
    ]  # fmt: skip
    env = {
        **os.environ,
        "PREFECT_UI_ENABLED": "0",
        "PREFECT__SERVER_EPHEMERAL": "1",
        "PREFECT__SERVER_FINAL": "1",
    }
    server = subprocess.Popen(command, env=env, preexec_fn=_die_with_parent)
    url = f"http://127.0.0.1:{port}/api"
    try:
        _wait_healthy(server, url, timeout_s)
        with temporary_settings(updates={PREFECT_API_URL: url}):
            yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def _wait_healthy(server: subprocess.Popen, url: str, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"the local Prefect API server did not start (port {url})")
        time.sleep(0.2)
