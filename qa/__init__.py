"""callqa's own stages, one sub-package per stage, in the order the data flows.

    intake/         recordings in: decode audio, the three call shapes, inbox + metadata
    transcription/  audio → transcript (Whisper per leg, roles, guards); WER
    privacy/        transcript → redacted transcript (the seam PII redaction lands in)
    scoring/        transcript → scorecard: the rubric, its heads, timing, resolution
    storage/        scorecards → DuckDB rows: the store, its SQL, migrations, snapshots
    batch/          the nightly run as plain functions (Prefect wraps them in pipelines/)
    review/         the QA lead's review desk (coming)
    coaching/       what coaches read: queries over the stored rows
    cli/            `callqa`, one command per job

The two public contracts sit here at the top: `transcript.py` and `scorecard.py`, with
their generated JSON schemas in `schemas/`. `models/` (model adapters) never imports `qa`.
"""

__version__ = "0.1.0"
