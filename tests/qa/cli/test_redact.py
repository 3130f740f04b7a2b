"""`callqa redact` as a user runs it: a transcript file in, the redacted one out."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from qa.transcript import AsrInfo, Segment, Transcript

ASR = AsrInfo(backend="faster-whisper", model="base", compute_type="int8")


def callqa(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "qa", *args], capture_output=True, text=True, timeout=120
    )


def test_redacts_a_transcript_file_and_says_what_it_found(tmp_path: Path) -> None:
    said = "My card is 4111 1111 1111 1111 and my e-mail is anna at example dot com."
    segment = Segment(speaker="customer", start=0.0, end=6.0, text=said, confidence=0.9)
    transcript = Transcript(
        call_id="pay", language="en", duration=6.0, layout="mono", asr=ASR, segments=[segment]
    )
    path = tmp_path / "pay.json"
    path.write_text(transcript.model_dump_json(), encoding="utf-8")
    result = callqa("redact", str(path))
    assert result.returncode == 0, result.stderr
    out = Transcript.model_validate(json.loads(result.stdout))
    assert out.segments[0].text == "My card is [CARD] and my e-mail is [EMAIL]."
    assert out.redaction is not None and out.redaction.counts == {"card": 1, "email": 1}
    assert result.stderr.strip() == f"{path}: redacted 1 card, 1 email"
    assert "4111" not in result.stdout + result.stderr


def test_a_file_that_is_not_a_transcript_is_one_line_and_the_rest_go_on(tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    segment = Segment(speaker="agent", start=0.0, end=1.0, text="Hello!", confidence=0.9)
    good.write_text(
        Transcript(
            call_id="g", language="en", duration=1.0, layout="mono", asr=ASR, segments=[segment]
        ).model_dump_json(),
        encoding="utf-8",
    )
    bad = tmp_path / "bad.json"
    bad.write_text('{"call_id": 3}', encoding="utf-8")
    out_dir = tmp_path / "out"
    result = callqa("redact", str(bad), str(good), "--out", str(out_dir))
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and str(bad) in errors[0] and "not a transcript" in errors[0]
    assert "Traceback" not in result.stderr
    assert [p.name for p in out_dir.iterdir()] == ["g.json"]
