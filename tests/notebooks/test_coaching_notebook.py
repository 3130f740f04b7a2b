"""The coaching notebook runs end to end under marimo on a real store, as CI runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "coaching.py"


def export(db: Path, out: Path) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "marimo", "export", "html", str(NOTEBOOK), "-o", str(out)]
    return subprocess.run(
        [*command, "--", "--db", str(db)], capture_output=True, text=True, timeout=300
    )


def test_notebook_renders_tables_and_plots(coaching_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "coaching.html"
    result = export(coaching_db, out)
    assert result.returncode == 0, result.stdout + result.stderr
    html = out.read_text(encoding="utf-8")
    assert all(f"agent-{k}" in html for k in range(3))
    assert html.count("data:image/png") >= 2  # the weekly trend and the weakest criteria
    assert "en03" in html and "ar03" in html  # the auto-failed calls, first to listen to


def test_notebook_without_a_store_fails_and_says_why(tmp_path: Path) -> None:
    result = export(tmp_path / "missing.duckdb", tmp_path / "x.html")
    assert result.returncode != 0
    assert "no snapshot yet" in result.stdout + result.stderr
