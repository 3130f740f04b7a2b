"""`callqa calibrate`: how far the automatic scores agree with human reviewers, and
`--sample N`, which queues calls for humans to review so that the figure means something."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Optional, TypeVar

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from qa.cli.errors import DATABASE, fail, one_line
from qa.review.calibration import CalibrationReport, CriterionAgreement
from qa.review.sampling import Sample

T = TypeVar("T")


def calibrate(
    db: Annotated[Path, typer.Option(help="the DuckDB file")] = Path("callqa.duckdb"),
    since: Annotated[
        Optional[str],
        typer.Option(help="YYYY-MM-DD: reviews made (with --sample: calls taken) since then"),
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="JSON on stdout")] = False,
    sample: Annotated[
        Optional[int], typer.Option("--sample", help="queue N calls for humans to review")
    ] = None,
) -> None:
    """Agreement of the automatic scores with human reviews, per criterion and overall."""
    from qa.review.sampling import queue_sample

    day = _day(since)
    if sample is None:
        report = _against_the_store(db, lambda: _report(db, day))
        if json_output:
            print(report.model_dump_json(indent=2))
        else:
            print_report(report)
        return
    if sample < 1:
        fail(f"--sample must be 1 or more, not {sample}")
    drawn = _against_the_store(db, lambda: queue_sample(db, sample, since=day))
    if json_output:
        print(drawn.model_dump_json(indent=2))
    else:
        print_sample(drawn)


def _report(db: Path, day: date | None) -> CalibrationReport:
    from qa.review.calibration import calibrate as report_on
    from qa.review.desk import Desk
    from qa.storage.snapshot import open_for_reading

    con = open_for_reading(db)  # first: a mistyped --db leaves no desk file behind
    try:
        with Desk(db).attached(con):
            return report_on(con, since=day)
    finally:
        con.close()


def _against_the_store(db: Path, work: Callable[[], T]) -> T:
    """`work()`, with the store's and the desk's failures as one line and exit status 3."""
    import duckdb

    from qa.review.desk import DeskBusy
    from qa.storage.errors import StorageError

    try:
        return work()
    except (StorageError, DeskBusy) as error:
        fail(str(error), DATABASE)
    except duckdb.Error as error:
        fail(f"{db}: {one_line(error)}", DATABASE)


def _day(since: str | None) -> date | None:
    if since is None:
        return None
    try:
        return date.fromisoformat(since.strip())
    except ValueError:
        fail(f"--since {since!r}: not a date (YYYY-MM-DD)")


def _flags(row: CriterionAgreement, report: CalibrationReport) -> str:
    flags = []
    if row.too_few_reviews:
        flags.append("too few reviews")
    if row.low_kappa:
        flags.append(f"κ < {report.kappa_floor:g}")
    if row.below_target:
        flags.append(f"agreement < {report.agreement_target:.0%}")
    if row.kappa_note:
        flags.append(f"κ {row.kappa_note}" if row.kappa is None else row.kappa_note)
    return "; ".join(flags)


def print_report(report: CalibrationReport) -> None:
    console = Console()
    title = "calibration: automatic vs human"
    if report.since:
        title += f", reviews since {report.since.isoformat()}"
    table = Table(title=title)
    table.add_column("criterion")
    for column in ("n", "agreement", "κ"):
        table.add_column(column, justify="right", no_wrap=True)
    table.add_column("flag")
    for row in report.criteria:
        kappa = "–" if row.kappa is None else f"{row.kappa:.2f}"
        style = "dim" if row.too_few_reviews else "red" if row.low_kappa else None
        table.add_row(
            Text(row.criterion_id),
            str(row.n),
            f"{row.agreement:.0%}",
            kappa,
            Text(_flags(row, report)),
            style=style,
        )
    if report.criteria:
        console.print(table)
    else:
        console.print("no criterion has a human review yet", highlight=False)
    console.print(Text(overall_line(report)), highlight=False)
    if report.unmatched_reviews:
        count = report.unmatched_reviews
        console.print(
            f"note: {count} {'review has' if count == 1 else 'reviews have'} no automatic "
            "result to compare with (the call was removed or is being reprocessed)",
            highlight=False,
        )


def overall_line(report: CalibrationReport) -> str:
    whole = report.overall
    if whole.n == 0 or whole.mean_abs_diff is None or whole.within_10 is None:
        return "whole call: no review gives an overall score yet"
    line = (
        f"whole call: n {whole.n}, mean difference {whole.mean_abs_diff:.1f} points, "
        f"{whole.within_10:.0%} within 10 points"
    )
    return line + (
        f" (too few reviews: under {report.min_reviews})" if whole.too_few_reviews else ""
    )


def print_sample(drawn: Sample) -> None:
    console = Console()
    if not drawn.picks:
        console.print(
            "nothing to sample: every scored call is reviewed or queued already",
            highlight=False,
        )
        return
    table = Table(title=f"calibration sample {drawn.sample_id}")
    for column in ("call", "rubric", "why picked"):
        table.add_column(column)
    for p in drawn.picks:
        table.add_row(Text(p.call_id), Text(p.rubric), Text(p.why))
    console.print(table)
    line = f"queued {len(drawn.picks)} calls for review"
    if len(drawn.picks) < drawn.requested:
        line += f" (asked for {drawn.requested}: no more calls are unreviewed and unqueued)"
    console.print(line, highlight=False)
