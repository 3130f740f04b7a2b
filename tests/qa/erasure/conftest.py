"""The real scorer, loaded once for every erasure test."""

from __future__ import annotations

import pytest

from qa.scoring.scorer import Scorer, load_scorer


@pytest.fixture(scope="session")
def scorer() -> Scorer:
    return load_scorer()
