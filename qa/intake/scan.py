"""Which entries of an inbox are recordings ready to read, and which must wait or go.

One `os.walk` (links to folders are not followed), one `os.stat` per entry (links to
files are followed, but the target must be a regular file), then the whole inbox settles
once: one sleep, one second stat pass. A file that changed meanwhile, or is younger
than the minimum age, is still being written and is left for the next run.
"""

from __future__ import annotations

import os
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from qa.intake.paths import display_path, file_kind
from qa.intake.source import AUDIO_SUFFIXES


@dataclass(frozen=True)
class Problem:
    """Why one file cannot be part of a call this run."""

    reason: str
    quarantine: bool  # bad input; False: look again next run
    hashable: bool = False  # the bytes can be read, so the content hash is its key


@dataclass(frozen=True)
class Scan:
    entries: list[Path]  # every name with an audio suffix, sorted
    problems: dict[Path, Problem]  # the entries that are not ready recordings
    warnings: list[str]


def scan_inbox(inbox: Path, max_bytes: int, settle_seconds: float, min_age_seconds: float) -> Scan:
    """Every audio-named entry under `inbox`, with what is wrong with each that is."""
    warnings: list[str] = []

    def unlistable(error: OSError) -> None:
        where = display_path(error.filename or inbox)
        warnings.append(f"{where}: cannot list the folder ({error.strerror or error})")

    entries = sorted(
        Path(folder) / name
        for folder, dirs, files in os.walk(inbox, onerror=unlistable)
        for name in (*dirs, *files)
        if Path(name).suffix.lower() in AUDIO_SUFFIXES
    )
    problems: dict[Path, Problem] = {}
    first: dict[Path, os.stat_result] = {}
    for path in entries:
        found = _stat(path)
        if isinstance(found, Problem):
            problems[path] = found
        elif problem := _check(found, max_bytes, min_age_seconds):
            problems[path] = problem
        else:
            first[path] = found
    if settle_seconds > 0 and first:
        time.sleep(settle_seconds)
        for path, before in first.items():
            after = _stat(path)
            if isinstance(after, Problem):
                problems[path] = after
            elif _identity(after) != _identity(before):
                reason = f"still being written (changed during {settle_seconds:g} s)"
                problems[path] = Problem(reason, quarantine=False)
    return Scan(entries, problems, warnings)


def _stat(path: Path) -> os.stat_result | Problem:
    try:
        found = os.stat(path)
    except FileNotFoundError:
        gone = os.path.islink(path)
        reason = "not a regular file (dangling link)" if gone else "vanished while listed"
        return Problem(reason, quarantine=False)
    except PermissionError:
        return Problem("unreadable (permission denied)", quarantine=False)
    except OSError as error:
        return Problem(f"unreadable ({error.strerror or error})", quarantine=False)
    if not stat.S_ISREG(found.st_mode):
        return Problem(f"not a regular file ({file_kind(found.st_mode)})", quarantine=False)
    return found


def _check(found: os.stat_result, max_bytes: int, min_age_seconds: float) -> Problem | None:
    if found.st_size == 0:
        return Problem("empty file (0 bytes)", quarantine=True, hashable=True)
    if found.st_size > max_bytes:
        reason = f"{found.st_size} bytes is over the {max_bytes}-byte limit"
        return Problem(reason, quarantine=True)
    age = time.time() - found.st_mtime
    if min_age_seconds > 0 and age < min_age_seconds:
        limit = f"minimum age {min_age_seconds:g} s"
        reason = f"still being written (modified {age:.0f} s ago; {limit})"
        return Problem(reason, quarantine=False)
    return None


def _identity(found: os.stat_result) -> tuple[int, int, int, int]:
    return (found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns)
