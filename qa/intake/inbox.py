"""A night's recordings: discovered, paired, described by metadata, identified by content.

Identity is the SHA-256 of the audio bytes (both legs for a two-file call), so a renamed
or re-delivered recording is recognised and never processed twice. Metadata comes from
a `calls.csv` in the inbox (one row per call, matched on `file` — the path relative to
the inbox, or the bare name when it is unique — or `call_id`) or a `<name>.json` sidecar
beside the recording; `calls.csv` wins where both say something.

Nothing about one entry stops discovery: an entry that is not a call this run can
process becomes a `Rejected` with a one-line reason; only an unusable inbox raises.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from qa.intake.calls_csv import CsvRow, read_calls_csv
from qa.intake.metadata import METADATA_FIELDS, MetadataError, read_sidecar, validate
from qa.intake.pairing import CallFiles, pair_legs
from qa.intake.paths import NotReadable, content_hash, display_path, path_key
from qa.intake.scan import Problem, scan_inbox
from qa.intake.source import AgentChannel, CallSource

__all__ = [
    "METADATA_FIELDS",
    "Discovery",
    "InboxCall",
    "InboxError",
    "IntakeOptions",
    "Rejected",
    "discover_inbox",
    "display_path",
]


class InboxError(Exception):
    """The inbox itself cannot be used (missing, not a folder, not readable)."""


@dataclass(frozen=True)
class IntakeOptions:
    timezone: str = "UTC"  # IANA zone for started_at values without an offset
    max_file_bytes: int = 2 * 1024**3
    max_call_seconds: float = 4 * 3600.0
    settle_seconds: float = 1.0  # stat every file, wait this long, stat again: changed → left
    min_age_seconds: float = 0.0  # files younger than this are left for the next run
    agent_channel: AgentChannel = "left"

    def __post_init__(self) -> None:
        try:
            ZoneInfo(self.timezone)
        except (KeyError, ValueError, OSError):  # ZoneInfoNotFoundError is a KeyError
            raise ValueError(f"timezone: {self.timezone!r} is not an IANA time zone") from None
        if self.agent_channel not in ("left", "right"):
            raise ValueError(f"agent_channel: {self.agent_channel!r} is not left or right")
        for name in ("max_file_bytes", "max_call_seconds", "settle_seconds", "min_age_seconds"):
            if not getattr(self, name) >= 0:
                raise ValueError(f"{name}: {getattr(self, name)!r} must be a number >= 0")


@dataclass(frozen=True)
class InboxCall:
    source: CallSource
    audio_hash: str
    files: list[str]  # display names (see display_path)
    meta: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Rejected:
    """An inbox entry that is not a call this run can process, and why (one line)."""

    files: list[str]  # display names (see display_path), lossless
    stage: str  # "discover" | "metadata"
    reason: str  # one line, names the problem
    key: str  # content SHA-256 (as InboxCall.audio_hash) when readable, else "path:" + sha256
    quarantine: bool  # True: bad input, quarantined until requeued; False: look again next run


@dataclass(frozen=True)
class Discovery:
    calls: list[InboxCall]
    rejected: list[Rejected]
    warnings: list[str]  # problems that lose nothing: unknown columns, unmatched rows…


def discover_inbox(inbox: Path, options: IntakeOptions | None = None) -> Discovery:
    """Every call in `inbox` that this run can process, and every entry it cannot, with why."""
    options = options or IntakeOptions()
    inbox = Path(inbox)
    check_inbox(inbox)
    scan = scan_inbox(
        inbox, options.max_file_bytes, options.settle_seconds, options.min_age_seconds
    )
    pairing = pair_legs(scan.entries)
    warnings = list(scan.warnings)
    rejected = [_unusable(group, scan.problems) for group in pairing.unpaired]
    ready: list[tuple[CallFiles, str]] = []
    for group in pairing.calls:
        problems = [scan.problems[path] for path in group.files if path in scan.problems]
        if problems:
            rejected.append(_with_problems(group, problems, scan.problems))
            continue
        try:
            ready.append((group, content_hash(group.files)))
        except NotReadable as error:
            rejected.append(_rejected(group, "discover", str(error), False))
    table = read_calls_csv(inbox / "calls.csv") if _exists(inbox / "calls.csv") else None
    rows = _match_rows(inbox, table.rows if table else [], pairing.calls + pairing.unpaired)
    warnings += (table.warnings if table else []) + rows.warnings
    zone = ZoneInfo(options.timezone)
    calls = []
    for group, digest in ready:
        try:
            meta = _metadata(group, rows.by_call.get(group.audio), zone)
        except MetadataError as error:
            rejected.append(_rejected(group, "metadata", str(error), True, digest))
            continue
        source = CallSource(
            meta.get("call_id") or group.call_id,
            group.audio,
            group.customer_audio,
            meta.get("agent_channel", options.agent_channel),  # type: ignore[arg-type]
            meta.get("language"),
            options.max_call_seconds,
        )
        calls.append(InboxCall(source, digest, _names(group.files), meta))
    return Discovery(calls, sorted(rejected, key=lambda r: r.files), warnings)


def check_inbox(inbox: Path) -> None:
    """The inbox itself is usable (a readable folder), or `InboxError` says why."""
    try:
        with os.scandir(inbox):
            pass
    except FileNotFoundError:
        raise InboxError(f"{display_path(inbox)}: no such folder") from None
    except NotADirectoryError:
        raise InboxError(f"{display_path(inbox)}: not a folder") from None
    except OSError as error:
        raise InboxError(f"{display_path(inbox)}: {error.strerror or error}") from None


def _exists(path: Path) -> bool:
    return os.path.lexists(path)


def _names(paths: list[Path]) -> list[str]:
    return [display_path(path) for path in paths]


def _rejected(
    group: CallFiles, stage: str, reason: str, quarantine: bool, key: str | None = None
) -> Rejected:
    return Rejected(_names(group.files), stage, reason, key or path_key(group.files[0]), quarantine)


def _with_problems(
    group: CallFiles, problems: list[Problem], by_path: dict[Path, Problem]
) -> Rejected:
    """One reject for a call with a bad file: waiting beats quarantining (a leg still being
    written makes the whole call wait), and the key is the content when it can be read."""
    worst = min(problems, key=lambda problem: problem.quarantine)
    reason = worst.reason
    if len(group.files) > 1:
        path = next(path for path in group.files if by_path.get(path) is worst)
        reason = f"{display_path(path.name)}: {reason}"
    key = None
    if all(by_path.get(path, Problem("", True, True)).hashable for path in group.files):
        try:
            key = content_hash(group.files)
        except NotReadable:
            key = None
    return _rejected(group, "discover", reason, worst.quarantine, key)


def _unusable(group: CallFiles, problems: dict[Path, Problem]) -> Rejected:
    """A leg without its other leg; a problem with the file itself is reported first."""
    if (path := group.files[0]) in problems:
        return _with_problems(group, [problems[path]], problems)
    try:
        key = content_hash(group.files)
    except NotReadable as error:
        return _rejected(group, "discover", str(error), False)
    return _rejected(group, "discover", group.unpaired_reason, True, key)


def _metadata(group: CallFiles, row: CsvRow | None, zone: ZoneInfo) -> dict[str, str]:
    """The sidecar's fields (read once), then the calls.csv row's over them, all checked."""
    meta: dict[str, str] = {}
    for sidecar in group.sidecars:
        if _exists(sidecar):
            values = read_sidecar(sidecar)
            meta.update(validate(values, f"{display_path(sidecar.name)}, key", zone))
            break
    if row is not None:
        meta.update(validate(row.values, f"calls.csv row {row.number}, column", zone))
    return meta


@dataclass(frozen=True)
class _Rows:
    by_call: dict[Path, CsvRow]
    warnings: list[str]


def _match_rows(inbox: Path, rows: list[CsvRow], groups: list[CallFiles]) -> _Rows:
    """Each row to the one call it names: `file` as a path relative to the inbox or a
    unique bare name, else `call_id`. Ambiguous or unmatched rows are warnings."""
    index: dict[str, set[Path]] = {}
    for group in groups:
        keys = {group.call_id}
        for path in group.files:
            keys |= {display_path(path.relative_to(inbox).as_posix()), display_path(path.name)}
        for key in keys:
            index.setdefault(key, set()).add(group.audio)
    by_call: dict[Path, CsvRow] = {}
    warnings: list[str] = []
    for row in rows:
        file = row.values.get("file", "").replace("\\", "/").removeprefix("./")
        key = file or row.values.get("call_id", "")
        column = "file" if file else "call_id"
        matches = index.get(key, set())
        if not key:
            warnings.append(f"calls.csv row {row.number}: no file or call_id; matches nothing")
        elif not matches:
            warnings.append(f"calls.csv row {row.number}: {column} {key!r} matches no recording")
        elif len(matches) > 1:
            warnings.append(
                f"calls.csv row {row.number}: {column} {key!r} matches {len(matches)} "
                "recordings; give the file's path relative to the inbox"
            )
        elif (audio := next(iter(matches))) in by_call:
            first = by_call[audio].number
            warnings.append(
                f"calls.csv row {row.number}: describes the same call as row {first}; ignored"
            )
        else:
            by_call[audio] = row
    return _Rows(by_call, warnings)
