"""The nightly run as plain, typed functions: the per-call stages, planning (what is new),
the orchestration of one run, its summary. `pipelines/nightly.py` wraps them in Prefect."""
