"""Prefect flows: thin wrappers over the plain stage functions in qa/ and models/."""

import os

# Before Prefect is imported: its analytics and every other library's go off in one place.
from models import offline

__all__ = ["offline"]

# The ephemeral API server starts in a subprocess; on 2 busy cores it can need more than 20 s.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
