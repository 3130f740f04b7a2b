"""Whose fault a failure is: the input's (quarantine), the system's (stop), or ours."""

from __future__ import annotations

import errno

import duckdb

from models.weights import ModelNotAvailable
from qa.batch.stages import CorruptInput, classify_failure, is_system_fault, is_transient
from qa.scoring.rubric import RubricError
from qa.storage.rows import MetadataValueError


def test_corrupt_input_keeps_its_stage_and_reason() -> None:
    failure = classify_failure(CorruptInput("decode", "cannot decode: invalid data"), "transcribe")
    assert (failure.stage, failure.reason, failure.kind) == (
        "decode",
        "cannot decode: invalid data",
        "input",
    )


def test_metadata_the_tables_cannot_hold_is_the_inputs_fault() -> None:
    failure = classify_failure(MetadataValueError("started_at 'x' is not a time"), "store")
    assert (failure.stage, failure.kind) == ("metadata", "input")


def test_an_unforeseen_error_is_ours_one_line_naming_its_stage_and_type() -> None:
    failure = classify_failure(ValueError("bad value\n  with a second line"), "score")
    assert failure.stage == "score"
    assert failure.reason == "internal error: ValueError: bad value"
    assert failure.kind == "internal"


def test_system_and_configuration_faults_stop_the_run() -> None:
    for error in (
        OSError(errno.ENOSPC, "No space left on device"),
        OSError(errno.EROFS, "Read-only file system"),
        duckdb.IOException("disk I/O error"),
        MemoryError(),
        ModelNotAvailable("small: not shipped"),
        RubricError("rubric.yaml: criteria[greeting].weight: bad"),
    ):
        assert is_system_fault(error), error
        assert classify_failure(error, "score").kind == "system"
    assert not is_system_fault(ValueError("bad"))
    assert not is_system_fault(FileNotFoundError(errno.ENOENT, "gone"))


def test_only_io_hiccups_are_retried() -> None:
    assert is_transient(TimeoutError("share away"))
    assert is_transient(OSError(errno.EIO, "Input/output error"))
    assert not is_transient(OSError(errno.ENOSPC, "No space left on device"))
    assert not is_transient(CorruptInput("decode", "truncated"))
    assert not is_transient(ValueError("bad"))
