"""Call metadata that means what it says: validated values from `calls.csv` and sidecars.

A wrong value is worse than none: `agent_channel: LEFT` read as "not left" swaps agent
and customer, a naive `started_at` read in the writer's zone shifts every report, a
`call_id` of `../../x` becomes a path. So every value is checked, and a call whose
metadata is wrong is rejected with the file, row and column to fix.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from qa.intake.paths import NotReadable, display_path, read_regular

METADATA_FIELDS = (
    "call_id",
    "agent_id",
    "agent_name",
    "team",
    "queue",
    "started_at",
    "direction",
    "language",
    "customer_ref",
    "agent_channel",
)
SIDECAR_LIMIT = 16 * 1024**2
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}")
_JSON_TYPES = {
    list: "a list",
    dict: "an object",
    bool: "true/false",
    int: "a number",
    float: "a number",
    str: "a string",
    type(None): "null",
}


class MetadataError(Exception):
    """A metadata value or file that cannot be used; the message is one line naming it."""


def validate(values: Mapping[str, object], where: str, zone: ZoneInfo) -> dict[str, str]:
    """The known fields of `values`, checked and normalised; `where` prefixes errors
    (e.g. "calls.csv row 4, column" or "x.json, key"). Empty values count as absent."""
    meta: dict[str, str] = {}
    for name in METADATA_FIELDS:
        raw = values.get(name)
        if raw is None:
            continue
        if isinstance(raw, bool) or not isinstance(raw, str | int | float):
            kind = _JSON_TYPES.get(type(raw), type(raw).__name__)
            raise MetadataError(f"{where} {name}: expected text, got {kind}")
        text = str(raw).strip()
        if not text:
            continue
        try:
            meta[name] = _check(name, text, zone)
        except ValueError as error:
            raise MetadataError(f"{where} {name}: {error}") from None
    return meta


def _check(name: str, text: str, zone: ZoneInfo) -> str:
    shown = display_path(text)
    if name == "call_id":
        return _call_id(text, shown)
    if _CONTROL.search(text):
        raise ValueError(f"{shown!r} contains control characters")
    if name == "agent_channel":
        if text.lower() not in ("left", "right"):
            raise ValueError(f"{shown!r} is not left or right")
        return text.lower()
    if name == "language":
        if not _LANGUAGE.fullmatch(text):
            raise ValueError(f"{shown!r} is not a 2-3 letter language code")
        return text.lower()
    if name == "started_at":
        return _started_at(text, shown, zone)
    return text


def _call_id(text: str, shown: str) -> str:
    if len(text) > 128:
        raise ValueError(f"{len(text)} characters; at most 128")
    if text in (".", "..") or any(c in text for c in "/\\") or _CONTROL.search(text):
        unsafe = "/, \\, control characters, . or .."
        raise ValueError(f"{shown!r} is not safe as a file name ({unsafe})")
    return text


def _started_at(text: str, shown: str, zone: ZoneInfo) -> str:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{shown!r} is not an ISO 8601 time") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    try:
        return moment.astimezone(UTC).isoformat()
    except OverflowError:
        raise ValueError(f"{shown!r} is out of range") from None


def read_sidecar(path: Path) -> dict[str, object]:
    """A `NAME.json` sidecar as a JSON object; MetadataError (naming the file) otherwise."""
    name = display_path(path.name)
    try:
        data = read_regular(path, SIDECAR_LIMIT)
    except NotReadable as error:
        raise MetadataError(f"{name}: {error}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise MetadataError(f"{name}: not UTF-8 (byte at offset {error.start})") from None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        where = f"{error.msg}, line {error.lineno} column {error.colno}"
        raise MetadataError(f"{name}: not a JSON object (invalid JSON: {where})") from None
    except RecursionError:
        raise MetadataError(f"{name}: not a JSON object (nested too deeply)") from None
    if not isinstance(value, dict):
        kind = _JSON_TYPES.get(type(value), type(value).__name__)
        raise MetadataError(f"{name}: not a JSON object ({kind})")
    return value
