"""Issue 12's proof: a rendered call in which the customer reads a card number, its expiry
and code, a phone number and an e-mail goes through `callqa run` (the real Prefect flow,
real Whisper), and none of it is left in the database, its snapshot, the redacted audio's
folder or Prefect's own storage."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from qa.privacy.spoken import luhn_valid
from qa.storage.snapshot import snapshot_path

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
DIALOGUE = Path(__file__).parent / "data" / "en_card_payment.yaml"
CARD = "4539148803436467"
PHONE = "2125550198"
EMAIL_PIECES = ("smith@", "smith at", "dot smith", "dotsmith", "john.smith", "smith@example")
# Words the call says that are no one's data: proof that Prefect kept no transcript at all.
PLAIN_PHRASE = "Northwind"


@pytest.fixture(scope="module")
def night(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("privacy-night")
    inbox = base / "inbox"
    sys.path.insert(0, str(ROOT / "samples"))
    try:
        from render import render
    finally:
        sys.path.pop(0)
    render(DIALOGUE, inbox)
    db = base / "callqa.duckdb"
    prefect_home = base / "prefect-home"
    env = {**os.environ, "PREFECT_HOME": str(prefect_home), "PREFECT_LOGGING_LEVEL": "INFO"}
    env.pop("PREFECT_API_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "qa", "run", str(inbox), "--db", str(db)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    (base / "run-output.txt").write_text(result.stdout + result.stderr, encoding="utf-8")
    return {"base": base, "db": db, "prefect_home": prefect_home, "inbox": inbox}


def database_text(path: Path) -> str:
    """Every text, JSON and list value of every table, as one string."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        pieces = []
        tables = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()]
        for table in tables:
            for row in con.execute(f'SELECT * FROM "{table}"').fetchall():
                pieces.extend(str(value) for value in row)
        return "\n".join(pieces)
    finally:
        con.close()


def leaks(text: str) -> list[str]:
    """Card numbers (any Luhn-valid 13–19 digits, separators allowed), the phone, the
    e-mail: whatever of them is in `text`."""
    found = []
    for run in re.findall(r"\d(?:[\d \-.,/]*\d)?", text):
        digits = re.sub(r"\D", "", run)
        for size in range(13, 20):
            found += [
                digits[i : i + size]
                for i in range(len(digits) - size + 1)
                if luhn_valid(digits[i : i + size]) and digits[i : i + size] in CARD + "x"
            ]
        if PHONE in digits or CARD[4:12] in digits:
            found.append(run)
    lower = text.lower()
    found += [piece for piece in EMAIL_PIECES if piece in lower]
    return found


def test_the_pii_was_found_and_counted(night: dict[str, Path]) -> None:
    con = duckdb.connect(str(snapshot_path(night["db"])), read_only=True)
    counts = dict(con.execute("SELECT kind, count FROM redactions").fetchall())
    transcript = con.execute("SELECT transcript FROM calls").fetchone()[0]
    con.close()
    assert counts.get("card", 0) >= 1, (counts, transcript)
    assert sum(counts.values()) >= 3, (counts, transcript)
    assert '"version":"callqa-redact/1"' in transcript.replace(" ", "")


@pytest.mark.parametrize("which", ["db", "snapshot"])
def test_no_pii_in_the_database_or_its_snapshot(night: dict[str, Path], which: str) -> None:
    path = night["db"] if which == "db" else snapshot_path(night["db"])
    assert leaks(database_text(path)) == []
    raw = path.read_bytes().decode("latin-1")
    assert leaks(raw) == []


def test_no_pii_and_no_transcript_in_prefects_storage(night: dict[str, Path]) -> None:
    files = [p for p in night["prefect_home"].rglob("*") if p.is_file()]
    assert files, "Prefect wrote nothing: the run did not go through the flow"
    for path in files:
        text = path.read_bytes().decode("latin-1")
        assert leaks(text) == [], path
        assert PLAIN_PHRASE not in text, f"{path} holds transcript text"


def test_no_pii_in_what_the_run_printed_or_kept_beside_the_database(
    night: dict[str, Path],
) -> None:
    assert leaks((night["base"] / "run-output.txt").read_text(encoding="utf-8")) == []
    audio = list((night["db"].parent / "callqa.audio").glob("*.ogg"))
    assert len(audio) == 1  # the redacted copy; no original recording copied
    assert not list(night["db"].parent.glob("*.wav"))
