"""A night's recordings: discovered, paired, described by metadata, identified by content.

Identity is the SHA-256 of the audio bytes (both legs for a two-file call), so a renamed
or re-delivered recording is recognised and never processed twice. Metadata comes from
a `calls.csv` in the inbox (one row per call, matched on `file` or `call_id`) or a
`<name>.json` sidecar beside the recording.
"""

from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import dataclass, field, replace
from pathlib import Path

from qa.intake.calls import CallMetadataError, CallSource, discover_calls

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


@dataclass(frozen=True)
class InboxCall:
    source: CallSource
    audio_hash: str
    files: list[str]
    meta: dict[str, str] = field(default_factory=dict)


def audio_hash(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        with path.open("rb") as stream:
            while block := stream.read(1 << 20):
                digest.update(block)
        digest.update(b"\0leg\0")
    return digest.hexdigest()


def discover_inbox(inbox: Path) -> list[InboxCall]:
    table = _calls_csv(inbox)
    calls = []
    for source in discover_calls(inbox):
        meta = dict(_sidecar(source))
        row = table.get(source.audio.name) or table.get(source.call_id) or {}
        meta.update({k: v for k, v in row.items() if k in METADATA_FIELDS and v})
        source = replace(
            source,
            call_id=meta.get("call_id") or source.call_id,
            language=meta.get("language") or source.language,
            agent_channel=meta.get("agent_channel", source.agent_channel),  # type: ignore[arg-type]
        )
        calls.append(
            InboxCall(source, audio_hash(source.files), [str(p) for p in source.files], meta)
        )
    return calls


def _sidecar(source: CallSource) -> dict[str, str]:
    path = source.audio.with_suffix(".json")
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CallMetadataError(f"{path}: not valid JSON ({error})") from None
    return {k: str(v) for k, v in data.items() if k in METADATA_FIELDS and v is not None}


def _calls_csv(inbox: Path) -> dict[str, dict[str, str]]:
    path = inbox / "calls.csv"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    table = {}
    for row in rows:
        for key in ("file", "call_id"):
            if row.get(key):
                table[row[key]] = row
    return table
