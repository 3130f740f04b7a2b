"""Keep every library callqa uses offline and quiet, before any of them is imported.

The libraries read these switches once, at import or initialisation, so `models/__init__.py`
imports this module first and every entry point (CLI, flow, notebooks, benchmarks) gets
them. Each is set with `setdefault`: a value the user exported wins. The hub's offline
switches are the exception: `CALLQA_ALLOW_DOWNLOADS=1` is the one opt-in for downloads, so
it removes them for the process instead of leaving the hub half offline.
"""

from __future__ import annotations

import os

ALLOW_DOWNLOADS = "CALLQA_ALLOW_DOWNLOADS"

# Telemetry, analytics and update checks; none of them may leave the machine.
QUIET: dict[str, str] = {
    "HF_HUB_DISABLE_TELEMETRY": "1",  # huggingface_hub, transformers: usage pings
    "HF_HUB_DISABLE_UPDATE_CHECK": "1",  # the `hf` CLI's PyPI look-up
    "DO_NOT_TRACK": "1",  # Prefect's SDK analytics (amplitude), and the hub's telemetry
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",  # the Prefect server's telemetry service
    "ORT_DISABLE_TELEMETRY": "1",  # ONNX Runtime's 1DS uploader (HTTPS to Microsoft)
    "MARIMO_SKIP_UPDATE_CHECK": "1",  # `marimo edit`'s daily version look-up
}

# Hub look-ups: faster-whisper, transformers, datasets fetch any name they don't find locally.
HUB_OFFLINE: dict[str, str] = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
}


def downloads_allowed() -> bool:
    """Whether the user opted in to hub downloads with `CALLQA_ALLOW_DOWNLOADS=1`."""
    return os.environ.get(ALLOW_DOWNLOADS, "").strip().lower() in {"1", "true", "yes"}


def apply() -> None:
    """Set the switches in this process's environment (children inherit them)."""
    for name, value in QUIET.items():
        os.environ.setdefault(name, value)
    for name, value in HUB_OFFLINE.items():
        if downloads_allowed():
            os.environ.pop(name, None)
        else:
            os.environ.setdefault(name, value)


apply()
