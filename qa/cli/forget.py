"""`callqa forget`: erase a customer's calls, or named calls, everywhere callqa keeps them.

A request that matches nothing still exits 0 and is recorded in `erasures` (zero counts, no
reference): the request was answered, and the audit can show when and by whom. Nothing is
printed of the data itself, only counts and the erasure's id.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from qa.cli.errors import DATABASE, fail


def forget(
    db: Annotated[Path, typer.Option(help="the DuckDB file")] = Path("callqa.duckdb"),
    customer_ref: Annotated[
        Optional[list[str]], typer.Option(help="a customer's reference (repeatable)")
    ] = None,
    call_id: Annotated[Optional[list[str]], typer.Option(help="a stored call (repeatable)")] = (
        None
    ),
    by: Annotated[
        Optional[str], typer.Option(help="who asks, for the audit; default: your user name")
    ] = None,
    request_ref: Annotated[
        Optional[str], typer.Option(help="the request this answers, e.g. a ticket number")
    ] = None,
) -> None:
    """Erase calls from the database, its snapshot, the review desk and the audio folders."""
    from qa.erasure.forget import ErasureRefused, Selector
    from qa.erasure.forget import forget as erase_selected
    from qa.review.desk import DeskBusy
    from qa.review.erase import DeskErasure
    from qa.storage.errors import StorageError

    selector = Selector(tuple(customer_ref or ()), tuple(call_id or ()))
    try:
        report = erase_selected(db, selector, by, request_ref)
    except ErasureRefused as error:
        fail(str(error))
    except (StorageError, DeskBusy) as error:
        fail(str(error), DATABASE)
    if report.calls_removed == 0 and report.desk == DeskErasure():
        wanted = "customer reference" if selector.customer_refs else "call id"
        print(f"nothing matched: no stored call has the {wanted} given")
        print(f"request recorded as erasure {report.erasure_id}")
        return
    rows = report.rows
    print(
        f"removed {report.calls_removed} calls from {db} and its snapshot: "
        f"{rows['segments']} segments, {rows['scorecards']} scorecards, "
        f"{rows['criterion_results']} criterion results, {rows['call_metrics']} metrics, "
        f"{rows['redactions']} redaction counts, "
        f"{rows['quarantine_released']} released quarantine entries",
    )
    desk = report.desk
    print(
        f"removed from the review desk: {desk.reviews} reviews, "
        f"{desk.dispute_events} dispute events, {desk.calibration_queue} queued for "
        "calibration",
    )
    print(f"removed {report.audio_removed} audio files")
    print(
        f"recorded as erasure {report.erasure_id}; a later run will not take these "
        "recordings in again (the originals in the inbox are yours to delete)",
    )
