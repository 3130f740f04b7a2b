"""Everything that can be checked before the first call, checked: a configuration mistake
stops the run in seconds with one line, instead of quarantining the night call by call."""

from __future__ import annotations

from pathlib import Path

from models.asr import load_backend
from models.weights import ModelNotAvailable
from qa.batch.stages import BatchOptions, one_line
from qa.intake.inbox import InboxError
from qa.intake.inbox import check_inbox as intake_check_inbox
from qa.scoring.rubric import RubricError
from qa.scoring.scorer import Scorer, load_scorer


class RunFailed(Exception):
    """A fault of the system or the configuration: the run stopped; the message says why."""


def check_inbox(inbox: Path) -> None:
    try:
        intake_check_inbox(inbox)
    except InboxError as error:
        raise RunFailed(f"inbox {error}") from None


def load_models(options: BatchOptions) -> Scorer:
    """The scorer (its rubric validated and dry-run) and the ASR model, each loaded once."""
    try:
        scorer = load_scorer(options.rubric)
    except RubricError as error:
        raise RunFailed(f"rubric: {error}") from None
    try:
        load_backend(options.asr)
    except ModelNotAvailable as error:
        raise RunFailed(f"model: {error}") from None
    except Exception as error:  # a model that is there but will not load
        raise RunFailed(f"model {options.asr.model!r}: {one_line(error)}") from None
    return scorer
