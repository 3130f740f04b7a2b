"""Transcript → redacted transcript, before anything is scored or stored.

The nightly run calls `qa.privacy.redact.redact` between transcription and scoring. It is a
pass-through today; card numbers, phones, e-mails and IDs are redacted here (issue 12),
so nothing downstream (scorecards, evidence, DuckDB, snapshots) ever sees the originals.
"""
