"""`callqa`: one command per job.

Every failure a user can cause or meet prints one line (`error: …`) and exits non-zero:
1 a run or a file failed, 2 a bad option or input, 3 the database is in use or unusable.
`callqa --debug COMMAND …` (or CALLQA_DEBUG=1) shows the traceback instead.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from qa.cli import calibrate, forget, nightly, redact, review, single
from qa.cli.errors import FAILED, one_line

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help=__doc__.split("\n\n")[0],
    pretty_exceptions_enable=False,
)


@app.callback()
def _options(
    debug: Annotated[bool, typer.Option("--debug", help="show tracebacks")] = False,
) -> None:
    if debug:
        os.environ["CALLQA_DEBUG"] = "1"


for command in (
    single.transcribe,
    single.score,
    single.schema,
    redact.redact,
    nightly.run,
    nightly.rescore,
    nightly.schedule,
    nightly.requeue,
    nightly.reprocess,
    review.review,
    calibrate.calibrate,
    forget.forget,
):
    app.command()(command)


def main() -> None:
    debug = "--debug" in sys.argv[1:] or os.environ.get("CALLQA_DEBUG") == "1"
    try:
        app()
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        sys.exit(130)
    except Exception as error:
        if debug:
            raise
        print(
            f"error: {type(error).__name__}: {one_line(error)} (callqa --debug … shows where)",
            file=sys.stderr,
        )
        sys.exit(FAILED)
