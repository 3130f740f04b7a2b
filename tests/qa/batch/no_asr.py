"""Running the real run logic without ASR: the transcription stage hands back an evaluation
transcript (or raises what a test asks for); discovery, redaction, scoring and storage are
the real ones. The inbox's files are stand-ins that are never decoded, so no audio is kept
(the redacted audio has its own tests: tests/qa/privacy/test_audio.py, and the end-to-end
runs). And a read-only look at the database afterwards."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path

import duckdb

from qa.batch.run import LOCAL_STAGES, Stages
from qa.transcript import Transcript

EVAL = Path(__file__).resolve().parents[3] / "evaluation" / "transcripts"


def evaluation_transcript(call_id: str) -> Transcript:
    text = (EVAL / "en01.json").read_text(encoding="utf-8")
    return Transcript.model_validate_json(text).model_copy(update={"call_id": call_id})


def stages_transcribing_with(transcript_for: Callable[[str], Transcript]) -> Stages:
    def transcribe_all(calls, options):
        return [(call, partial(transcript_for, call.source.call_id)) for call in calls]

    return replace(LOCAL_STAGES, transcribe_all=transcribe_all, redact_audio=keep_no_audio)


def keep_no_audio(call, transcript, db, options) -> None:
    """The stand-in files hold no audio: nothing to silence, nothing kept."""
    return None


def rows(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()
