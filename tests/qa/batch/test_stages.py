"""How one call's failure becomes a quarantine row, and which failures are retried."""

from __future__ import annotations

from qa.batch.stages import CorruptInput, classify_failure, is_transient


def test_corrupt_input_keeps_its_stage_and_reason() -> None:
    failure = classify_failure(CorruptInput("decode", "cannot decode: invalid data"))
    assert (failure.stage, failure.reason, failure.expected) == (
        "decode",
        "cannot decode: invalid data",
        True,
    )


def test_an_unforeseen_error_is_one_line_naming_its_type() -> None:
    failure = classify_failure(ValueError("bad value\n  with a second line"))
    assert failure.reason == "ValueError: bad value"
    assert failure.expected is False


def test_only_io_hiccups_are_retried() -> None:
    assert is_transient(TimeoutError("share away"))
    assert is_transient(OSError(5, "Input/output error"))
    assert not is_transient(CorruptInput("decode", "truncated"))
    assert not is_transient(ValueError("bad"))
