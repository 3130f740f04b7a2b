"""The nightly deployment: `flow.serve` on a time-zone-aware cron schedule."""

from __future__ import annotations

from prefect.schedules import Cron

from pipelines.nightly import nightly_qa


def nightly_schedule(cron: str, timezone: str) -> Cron:
    return Cron(cron, timezone=timezone)


def nightly_deployment(name: str, cron: str, timezone: str, inbox: str, db: str):
    return nightly_qa.to_deployment(
        name=name,
        schedule=nightly_schedule(cron, timezone),
        parameters={"inbox": inbox, "db": db, "progress": False},
    )


def serve_nightly(name: str, cron: str, timezone: str, inbox: str, db: str) -> None:
    nightly_qa.serve(
        name=name,
        schedule=nightly_schedule(cron, timezone),
        parameters={"inbox": inbox, "db": db, "progress": False},
    )
