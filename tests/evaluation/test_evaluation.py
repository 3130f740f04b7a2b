"""The rubric's fitted resolution decision is current for its heads."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_the_rubrics_resolution_decision_is_fitted_to_the_current_heads() -> None:
    """A phrase edit moves the features; a stale decision would be scoring on old weights."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "evaluation" / "fit_resolution.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "decisions agree" in result.stdout
