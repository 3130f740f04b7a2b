"""How the CLI fails: one line on stderr naming the input and the reason, and an exit code.

Exit codes: 1 a run or a file failed, 2 a bad option or input, 3 the database is in use or
unusable. Tracebacks only with `callqa --debug …` (or CALLQA_DEBUG=1).
"""

from __future__ import annotations

import sys
from typing import NoReturn

import typer

FAILED, USAGE, DATABASE = 1, 2, 3


def fail(message: str, code: int = USAGE) -> NoReturn:
    print(f"error: {message}", file=sys.stderr)
    raise typer.Exit(code)


def one_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
