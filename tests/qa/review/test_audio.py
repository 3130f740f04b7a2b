"""The desk's audio is the stored redacted copy and nothing else: found by the row's file
name inside the store's audio folder, refused for any other name or a link, 404 when none
was kept and 410 when it was deleted; served with Range support so Chromium can seek."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.responses import FileResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from qa.intake.calls import CallSource
from qa.intake.paths import content_hash
from qa.privacy.audio import write_redacted_audio
from qa.review.audio import MEDIA_TYPE, CallAudioUnavailable, call_audio
from qa.storage.files import audio_dir
from qa.transcript import RedactedSpan


@pytest.fixture
def kept(sample_calls: Path, tmp_path: Path) -> tuple[Path, str, Path]:
    """(db, stored name, recording): a call's redacted copy as the nightly run keeps it."""
    db = tmp_path / "callqa.duckdb"
    wav = tmp_path / "inbox" / "call.wav"
    wav.parent.mkdir()
    shutil.copy(sample_calls / "en_long_hold.wav", wav)
    name = f"{content_hash([wav])}.ogg"
    spans = [RedactedSpan(kind="phone", speaker="customer", start=3.0, end=5.0)]
    write_redacted_audio(CallSource("C-1", wav), spans, audio_dir(db) / name)
    return db, name, wav


def row(name: object, call_id: str = "C-1") -> dict:
    return {"call_id": call_id, "redacted_audio": name}


def test_the_stored_copy_is_found_by_its_name(kept: tuple[Path, str, Path]) -> None:
    db, name, wav = kept
    wav.unlink()  # the recording is not needed, nor looked for
    assert call_audio(db, row(name)) == audio_dir(db) / name
    assert call_audio(str(db), row(name)) == audio_dir(db) / name
    assert not (db.parent / ".callqa-audio-cache").exists()


@pytest.mark.parametrize("name", [None, ""])
def test_no_audio_kept_is_404_and_says_so(tmp_path: Path, name: str | None) -> None:
    with pytest.raises(CallAudioUnavailable) as raised:
        call_audio(tmp_path / "callqa.duckdb", row(name, "C-2"))
    assert raised.value.kind == "not_kept" and raised.value.status == 404
    assert str(raised.value) == "call C-2: no audio kept for this call"


def test_a_deleted_copy_is_410(kept: tuple[Path, str, Path]) -> None:
    db, name, _ = kept
    (audio_dir(db) / name).unlink()
    with pytest.raises(CallAudioUnavailable) as raised:
        call_audio(db, row(name))
    assert raised.value.kind == "gone" and raised.value.status == 410
    assert str(raised.value) == f"call C-1: its audio file {name} is no longer there"


@pytest.mark.parametrize(
    "name",
    [
        "../inbox/call.wav",
        "/etc/passwd",
        "call.ogg",
        "0" * 64 + ".wav",
        "A" * 64 + ".ogg",
        "0" * 63 + ".ogg",
        "0" * 64 + ".ogg\n",
        "sub/" + "0" * 64 + ".ogg",
        "../" + "0" * 64 + ".ogg",
        "0" * 64 + ".ogg.partial",
        42,
    ],
)
def test_any_other_name_is_refused(kept: tuple[Path, str, Path], name: object) -> None:
    db, _, _ = kept
    with pytest.raises(CallAudioUnavailable) as raised:
        call_audio(db, row(name))
    assert raised.value.kind == "refused" and raised.value.status == 500
    assert str(raised.value) == "call C-1: its stored audio name is not a file name"


def test_a_link_in_the_audio_folder_is_refused(kept: tuple[Path, str, Path]) -> None:
    """Even a well-formed name may not lead to the original recording."""
    db, _, wav = kept
    link = audio_dir(db) / f"{'1' * 64}.ogg"
    os.symlink(wav, link)
    folder = audio_dir(db) / f"{'2' * 64}.ogg"
    folder.mkdir()
    for name in (link.name, folder.name):
        with pytest.raises(CallAudioUnavailable, match="is not a regular file") as raised:
            call_audio(db, row(name))
        assert raised.value.kind == "refused"


def test_file_response_serves_ranges_for_seeking(kept: tuple[Path, str, Path]) -> None:
    """What the route does with the file: Starlette answers Range requests itself."""
    db, name, _ = kept
    out = call_audio(db, row(name))
    app = Starlette(routes=[Route("/audio", lambda _: FileResponse(out, media_type=MEDIA_TYPE))])
    client = TestClient(app)
    size = out.stat().st_size

    whole = client.get("/audio")
    assert whole.status_code == 200 and whole.headers["accept-ranges"] == "bytes"
    assert whole.headers["content-type"] == "audio/ogg"
    part = client.get("/audio", headers={"Range": "bytes=1000-1999"})
    assert part.status_code == 206
    assert part.headers["content-range"] == f"bytes 1000-1999/{size}"
    assert part.content == out.read_bytes()[1000:2000]
    tail = client.get("/audio", headers={"Range": f"bytes={size - 10}-"})
    assert tail.status_code == 206 and len(tail.content) == 10
    assert client.get("/audio", headers={"Range": f"bytes={size}-"}).status_code == 416
