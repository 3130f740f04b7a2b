"""Undoing a night's results for chosen calls: process them again from their recordings, or
re-apply corrected metadata (a fixed `calls.csv` or sidecar) without ASR."""

from __future__ import annotations

from pathlib import Path

from qa.intake.inbox import IntakeOptions, discover_inbox
from qa.storage.store import Store, StoredCall


class ReprocessError(Exception):
    """The calls asked for cannot be reprocessed; the message names them and why."""


def forget_for_reprocessing(
    db: Path, call_ids: list[str] | None, inbox: Path | None
) -> dict[Path, set[str]]:
    """Remove the chosen calls' rows (reviews stay) so a run restricted to their hashes
    processes them again; returns, per inbox, the hashes to run. Checks every recording is
    still there before removing anything."""
    store = Store(db, holder="callqa reprocess")
    try:
        calls = _chosen(store, call_ids)
        plan: dict[Path, set[str]] = {}
        for call in calls:
            folder = _inbox_of(call, inbox)
            missing = [f for f in call.source_files if not Path(f).is_file()]
            if missing:
                raise ReprocessError(f"{call.call_id}: its recording {missing[0]} is not there")
            plan.setdefault(folder, set()).add(call.audio_hash)
        for call in calls:
            store.delete_call(call.audio_hash)
    finally:
        store.close()
    return plan


def apply_metadata(
    db: Path, call_ids: list[str] | None, inbox: Path | None, options: IntakeOptions
) -> list[str]:
    """Re-read each chosen call's metadata from its inbox and store it; returns the ids."""
    store = Store(db, holder="callqa reprocess --metadata-only")
    updated: list[str] = []
    try:
        calls = _chosen(store, call_ids)
        by_folder: dict[Path, list[StoredCall]] = {}
        for call in calls:
            by_folder.setdefault(_inbox_of(call, inbox), []).append(call)
        for folder, stored in by_folder.items():
            discovery = discover_inbox(folder, options)
            found = {c.audio_hash: c for c in discovery.calls}
            problems = {r.key: r.reason for r in discovery.rejected}
            for call in stored:
                if call.audio_hash in problems:
                    raise ReprocessError(f"{call.call_id}: {problems[call.audio_hash]}")
                if call.audio_hash not in found:
                    raise ReprocessError(f"{call.call_id}: its recording is not in {folder}")
                store.update_metadata(call.audio_hash, found[call.audio_hash].meta)
                updated.append(call.call_id)
    finally:
        store.close()
    return updated


def _chosen(store: Store, call_ids: list[str] | None) -> list[StoredCall]:
    calls = store.stored_calls(call_ids)
    unknown = sorted(set(call_ids or []) - {c.call_id for c in calls})
    if unknown:
        raise ReprocessError(f"no stored call {unknown[0]!r}")
    return calls


def _inbox_of(call: StoredCall, inbox: Path | None) -> Path:
    folder = inbox or (Path(call.inbox) if call.inbox else None)
    if folder is None or not folder.is_dir():
        raise ReprocessError(f"{call.call_id}: its inbox {folder} is not a folder (use --inbox)")
    return folder
