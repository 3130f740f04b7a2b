"""A real store for the desk's tests: evaluation calls scored by the real scorer for three
agents in two teams, one sample call whose recording is real (stereo, agent left) and whose
redacted audio is kept, and one call whose transcript is hostile markup. No ASR: the
transcripts are written, not heard. Only the sample call has audio kept; its recording is
deleted once the run-like seeding has made the redacted copy, as the desk must not need it."""

from __future__ import annotations

import hashlib
import json
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from qa.transcript import AsrInfo, RedactedSpan, Redaction, Segment, Transcript

ROOT = Path(__file__).resolve().parents[3]
EVALUATION_CALLS = ["en01", "en02", "en03", "en05", "ru01", "ru02", "lv01", "ar03"]
ALL_CALLS = len(EVALUATION_CALLS) + 2  # + the sample call, + the hostile one
SAMPLE = ROOT / "samples" / "calls" / "en_billing_resolved"
# where the sample call's customer reads a card number and the agent reads it back
SAMPLE_SPANS = (
    RedactedSpan(kind="card", speaker="customer", start=23.5, end=26.5),
    RedactedSpan(kind="card", speaker="agent", start=28.5, end=30.0),
)
HOSTILE_TEXTS = (
    "<script>window.__pwned = 1</script> my card is blocked",
    '"><img src=x onerror="window.__pwned = 2"> please help me today',
)


def _sample_transcript() -> Transcript:
    """The sample call's script as its transcript; one turn marked as heard badly."""
    meta = json.loads(SAMPLE.with_suffix(".json").read_text(encoding="utf-8"))
    segments = [
        Segment(
            speaker=turn["speaker"],
            start=turn["start"],
            end=turn["end"],
            text=turn["text"],
            confidence=0.3 if k == 3 else 0.92,
        )
        for k, turn in enumerate(meta["reference"])
    ]
    duration = max(s.end for s in segments) + 1.0
    return Transcript(
        call_id="en_billing_resolved",
        language="en",
        duration=duration,
        layout="stereo",
        segments=segments,
        asr=AsrInfo(backend="faster-whisper", model="script", compute_type="none"),
        redaction=Redaction(version="test", counts={"card": 2}, spans=list(SAMPLE_SPANS)),
    )


def _hostile_transcript() -> Transcript:
    base = Transcript.model_validate_json(
        (ROOT / "evaluation" / "transcripts" / "en01.json").read_text(encoding="utf-8")
    )
    segments = list(base.segments)
    customer = [k for k, s in enumerate(segments) if s.speaker == "customer"]
    for k, text in zip(customer, HOSTILE_TEXTS, strict=False):
        segments[k] = segments[k].model_copy(update={"text": text, "words": []})
    return base.model_copy(update={"call_id": "hostile<b>call", "segments": segments})


def build_desk_db(db: Path) -> Path:
    from qa.intake.calls import CallSource
    from qa.intake.paths import content_hash
    from qa.privacy.audio import write_redacted_audio
    from qa.scoring.scorer import load_scorer
    from qa.storage.files import audio_dir
    from qa.storage.store import Store

    scorer = load_scorer()
    store = Store(db)
    store.start_run("seed", "evaluation", None, "hand-written", scorer.rubric.id)
    inbox = db.parent / "inbox"
    inbox.mkdir()
    recording = Path(shutil.copy(SAMPLE.with_suffix(".wav"), inbox))

    def write(transcript: Transcript, meta: dict, files: list[str]) -> None:
        """As the nightly run stores a call: a recording's redacted copy first, by hash."""
        digest = (
            content_hash([Path(f) for f in files])
            if files
            else hashlib.sha256(transcript.call_id.encode()).hexdigest()
        )
        kept = None
        if files and transcript.redaction is not None:
            source = CallSource(transcript.call_id, Path(files[0]), agent_channel="left")
            out = audio_dir(db) / f"{digest}.ogg"
            kept = write_redacted_audio(source, transcript.redaction.spans, out).name
        card = scorer.score(transcript)
        store.write_call(transcript, card, meta, digest, files, "seed", redacted_audio=kept)

    for k, call_id in enumerate(EVALUATION_CALLS):
        path = ROOT / "evaluation" / "transcripts" / f"{call_id}.json"
        meta = {
            "agent_id": f"agent-{k % 3}",
            "agent_name": ["Anna Berzina", "Oleg Petrov", "Laila Haddad"][k % 3],
            "team": "north" if k % 2 else "south",
            "started_at": f"2026-11-{2 + 7 * (k % 3):02d}T10:00:00+00:00",
        }
        write(Transcript.model_validate_json(path.read_text(encoding="utf-8")), meta, [])
    write(
        _sample_transcript(),
        {
            "agent_id": "agent-0",
            "agent_name": "Anna Berzina",
            "team": "south",
            "started_at": "2026-11-20T09:30:00+00:00",
            "agent_channel": "left",
        },
        [str(recording)],
    )
    write(_hostile_transcript(), {"agent_id": "agent-1", "team": "north"}, [])
    store.close()
    recording.unlink()  # the desk plays the redacted copy, never the recording
    return db


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once; tests copy it (`desk_db`) so their reviews never meet."""
    return build_desk_db(tmp_path_factory.mktemp("desk-seed") / "callqa.duckdb")


@pytest.fixture
def desk_db(seeded_db: Path, tmp_path: Path) -> Path:
    from qa.storage.files import audio_dir
    from qa.storage.snapshot import snapshot_path

    db = tmp_path / "callqa.duckdb"
    snapshot_path(db).write_bytes(snapshot_path(seeded_db).read_bytes())
    shutil.copytree(audio_dir(seeded_db), audio_dir(db))
    return db


class LiveDesk:
    """`callqa review`'s app in a real uvicorn server on a free loopback port."""

    def __init__(self, db: Path, host: str = "127.0.0.1", token: str | None = None) -> None:
        import socket

        import uvicorn

        from qa.review.access import Access
        from qa.review.app import create_app

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        config = uvicorn.Config(
            create_app(db, Access(host, token)), host="127.0.0.1", port=self.port,
            log_level="warning",
        )  # fmt: skip
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.url = f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> LiveDesk:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the desk did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *_: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture
def live_desk(desk_db: Path) -> Iterator[LiveDesk]:
    with LiveDesk(desk_db) as desk:
        yield desk
