"""Prefect flows: thin wrappers over the plain stage functions in qa/ and models/."""

import os

# Nothing may try the internet: no analytics from a local server, no telemetry.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
# The ephemeral API server starts in a subprocess; on 2 busy cores it can need more than 20 s.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
