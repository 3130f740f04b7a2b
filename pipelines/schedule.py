"""The nightly deployment: `flow.serve` on a time-zone-aware cron schedule.

`check_schedule` runs before Prefect sees the options: a bad cron or time zone otherwise
surfaces as a pydantic traceback from deep inside the deployment.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, datetime
from zoneinfo import available_timezones

from prefect._vendor.croniter import CroniterBadDateError, croniter
from prefect.deployments.runner import EntrypointType, RunnerDeployment
from prefect.exceptions import TerminationSignal
from prefect.runner import Runner
from prefect.schedules import Cron, Schedule
from pydantic_core import to_jsonable_python

from pipelines.nightly import nightly_qa
from qa.batch.stages import BatchOptions

# (name, allowed range) of the five cron fields, for naming the one that is wrong.
CRON_FIELDS = (
    ("minute", "0-59"),
    ("hour", "0-23"),
    ("day of month", "1-31"),
    ("month", "1-12 or JAN-DEC"),
    ("day of week", "0-7 or SUN-SAT"),
)
CRON_ALIASES = ("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly")


def _cron_reason(cron: str) -> str | None:
    """Why `cron` is not a schedule Prefect accepts, or None when it is."""
    if cron in CRON_ALIASES:
        return None
    fields = cron.split()
    if len(fields) != len(CRON_FIELDS):
        return f"expected 5 fields (minute hour day-of-month month day-of-week), got {len(fields)}"
    for index, (name, allowed) in enumerate(CRON_FIELDS):
        alone = ["*"] * len(CRON_FIELDS)
        alone[index] = fields[index]
        if fields[index].casefold() in ("r", "h") or not croniter.is_valid(" ".join(alone)):
            return f"{name} field {fields[index]!r} is not valid (allowed: {allowed})"
    if not croniter.is_valid(cron):
        return "not a valid cron expression"
    try:
        croniter(cron, datetime.now(UTC)).get_next(datetime)
    except CroniterBadDateError:
        return "never fires (no such date)"
    return None


def check_schedule(cron: str, timezone: str) -> None:
    """Raise ValueError with one line naming the bad option, before anything starts."""
    reason = _cron_reason(cron)
    if reason is not None:
        raise ValueError(f"--cron {cron!r}: {reason}")
    if timezone not in available_timezones():
        raise ValueError(f"--timezone {timezone!r}: not an IANA time zone (e.g. Europe/Riga, UTC)")


def nightly_schedule(cron: str, timezone: str) -> Schedule:
    check_schedule(cron, timezone)
    return Cron(cron, timezone=timezone)


def nightly_deployment(
    name: str, cron: str, timezone: str, inbox: str, db: str, options: BatchOptions | None = None
) -> RunnerDeployment:
    """By module path: found from any working directory (systemd starts in /). `options`
    travel as JSON (the server stores parameters) and are validated back by the flow."""
    parameters: dict[str, object] = {"inbox": inbox, "db": db, "progress": False}
    if options is not None:
        parameters["options"] = to_jsonable_python(options)
    return nightly_qa.to_deployment(
        name=name,
        schedule=nightly_schedule(cron, timezone),
        parameters=parameters,
        entrypoint_type=EntrypointType.MODULE_PATH,
    )


def serve_nightly(
    name: str, cron: str, timezone: str, inbox: str, db: str, options: BatchOptions | None = None
) -> None:
    """Serve until stopped; each scheduled run imports `pipelines.nightly` afresh.

    Not `nightly_qa.serve()`: that hands each run a cloudpickled copy of the flow, whose
    string annotations (`from __future__ import annotations`) no longer resolve, and every
    scheduled run fails validating its parameters.
    """
    runner = Runner(name=name, pause_on_shutdown=True)
    runner.add_deployment(nightly_deployment(name, cron, timezone, inbox, db, options))
    print(f"serving nightly_qa/{name}: cron {cron!r} in {timezone}, until stopped", flush=True)
    with contextlib.suppress(KeyboardInterrupt, TerminationSignal):  # stopped: not an error
        asyncio.run(runner.start())
