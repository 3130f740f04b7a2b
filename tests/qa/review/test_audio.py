"""The review desk's call audio, made from real recordings: agent left, right length, and
never another file's sound under a call's id."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from starlette.applications import Starlette
from starlette.responses import FileResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from models.audio import SAMPLE_RATE
from qa.intake.audio import decode_audio
from qa.intake.paths import content_hash
from qa.review import audio as review_audio
from qa.review.audio import (
    MEDIA_TYPE,
    CallAudioUnavailable,
    CallRecording,
    audio_cache_dir,
    call_audio,
)
from tests.conftest import SAMPLE_CALLS

STEREO_SAMPLES = sorted(SAMPLE_CALLS.glob("*.wav"))


def recording(
    files: list[Path], layout: str, agent_channel: str | None = None, call_id: str = "c1"
) -> CallRecording:
    return CallRecording.from_row(
        {
            "call_id": call_id,
            "layout": layout,
            "source_files": [str(f) for f in files],
            "agent_channel": agent_channel,
            "audio_hash": content_hash(files),
            "duration_s": decode_audio(files[0]).duration,
        }
    )


def envelope(samples: np.ndarray, window: int = SAMPLE_RATE // 10) -> np.ndarray:
    n = len(samples) // window
    return np.sqrt((samples[: n * window].reshape(n, window) ** 2).mean(axis=1))


def side_of(speaker: np.ndarray, other: np.ndarray, played: np.ndarray) -> str:
    """Which output channel carries `speaker`'s voice: over the 100 ms windows where the
    source has that party speaking alone, compare the output's left and right energy."""
    mine, theirs = envelope(speaker), envelope(other)
    left, right = envelope(played[0]), envelope(played[1])
    n = min(len(mine), len(left))
    alone = (mine[:n] > 10 * theirs[:n] + 1e-4) & (mine[:n] > np.median(mine[:n]))
    assert alone.sum() >= 20, "the source should have this party speaking alone"
    ratio = np.median((left[:n][alone] + 1e-6) / (right[:n][alone] + 1e-6))
    assert ratio > 10 or ratio < 0.1, f"the voice is on both sides (L/R {ratio:.2f})"
    return "left" if ratio > 1 else "right"


def sidecar_channel(wav: Path) -> str:
    return json.loads(wav.with_suffix(".json").read_text(encoding="utf-8"))["agent_channel"]


@pytest.mark.parametrize("wav", STEREO_SAMPLES, ids=lambda p: p.stem)
def test_stereo_sample_plays_as_stereo_with_the_agent_left(wav: Path, tmp_path: Path) -> None:
    channel = sidecar_channel(wav)
    source = decode_audio(wav).channels
    agent, customer = (source[0], source[1]) if channel == "left" else (source[1], source[0])

    out = call_audio(recording([wav], "stereo", channel), tmp_path)

    assert out.suffix == ".ogg" and out.parent == tmp_path
    played = decode_audio(out)
    assert played.n_channels == 2
    assert played.duration == pytest.approx(source.shape[1] / SAMPLE_RATE, abs=0.1)
    assert side_of(agent, customer, played.channels) == "left"
    assert side_of(customer, agent, played.channels) == "right"
    assert out.stat().st_size < wav.stat().st_size / 4  # Opus, not PCM


def test_agent_channel_right_swaps_the_channels(sample_calls: Path, tmp_path: Path) -> None:
    wav = sample_calls / "en_billing_resolved.wav"
    assert sidecar_channel(wav) == "left"
    left, right = decode_audio(wav).channels

    as_stored = decode_audio(call_audio(recording([wav], "stereo", "left"), tmp_path))
    swapped_path = call_audio(recording([wav], "stereo", "right"), tmp_path)
    swapped = decode_audio(swapped_path)

    assert side_of(left, right, as_stored.channels) == "left"
    assert side_of(right, left, swapped.channels) == "left"  # the source's right is the agent
    assert side_of(left, right, swapped.channels) == "right"
    assert len(list(tmp_path.glob("*.ogg"))) == 2  # a corrected agent_channel re-encodes


def test_real_two_file_call_plays_agent_left(shared_audio: Path, tmp_path: Path) -> None:
    agent_wav = shared_audio / "Auto_Repairs_40_UTC_agent.wav"
    caller_wav = shared_audio / "Auto_Repairs_40_UTC_caller.wav"
    agent, caller = decode_audio(agent_wav).channels[0], decode_audio(caller_wav).channels[0]

    out = call_audio(recording([agent_wav, caller_wav], "two-file"), tmp_path)

    played = decode_audio(out)
    assert played.n_channels == 2
    assert played.duration == pytest.approx(max(len(agent), len(caller)) / SAMPLE_RATE, abs=0.1)
    assert side_of(agent, caller, played.channels) == "left"
    assert side_of(caller, agent, played.channels) == "right"
    minutes = played.duration / 60
    assert out.stat().st_size / minutes < 300_000  # ~0.23 MB a minute; 16-bit WAV: 3.8 MB


def test_mono_call_stays_mono(shared_audio: Path, tmp_path: Path) -> None:
    wav = shared_audio / "pca_auto0_mono_8bit.wav"
    played = decode_audio(call_audio(recording([wav], "mono"), tmp_path))
    assert played.n_channels == 1
    assert played.duration == pytest.approx(decode_audio(wav).duration, abs=0.1)


def test_made_once_then_reused(
    sample_calls: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stored = recording([sample_calls / "ru_callback_unresolved.wav"], "stereo", "left")
    first = call_audio(stored, tmp_path)
    monkeypatch.setattr(review_audio, "_encode", lambda *_: pytest.fail("encoded again"))
    assert call_audio(stored, tmp_path) == first
    assert [p.name for p in tmp_path.iterdir()] == [first.name]  # no partial left behind


def test_relative_source_files_resolve_against_the_bases(
    sample_calls: Path, tmp_path: Path
) -> None:
    wav = sample_calls / "ru_callback_unresolved.wav"
    stored = recording([wav], "stereo", "left")
    old_row = CallRecording(**{**stored.__dict__, "source_files": ("calls/" + wav.name,)})
    out = call_audio(old_row, tmp_path / "cache", bases=[tmp_path, sample_calls.parent])
    assert decode_audio(out).n_channels == 2


def test_a_recording_no_longer_there_is_named(sample_calls: Path, tmp_path: Path) -> None:
    wav = tmp_path / "inbox" / "gone.wav"
    wav.parent.mkdir()
    shutil.copy(sample_calls / "ru_callback_unresolved.wav", wav)
    stored = recording([wav], "stereo", "left", call_id="C-77")
    cache = audio_cache_dir(tmp_path / "callqa.duckdb")
    assert call_audio(stored, cache).is_file()

    wav.unlink()
    with pytest.raises(CallAudioUnavailable) as raised:
        call_audio(stored, cache)

    assert raised.value.kind == "missing"
    assert str(raised.value) == f"call C-77: recording {wav} is no longer there"
    assert "\n" not in str(raised.value)
    assert list(cache.glob("*.ogg")) == []  # the desk keeps no copy of a deleted recording


def test_a_replaced_recording_is_not_played(sample_calls: Path, tmp_path: Path) -> None:
    wav = tmp_path / "call.wav"
    shutil.copy(sample_calls / "ru_callback_unresolved.wav", wav)
    stored = recording([wav], "stereo", "left", call_id="C-78")
    shutil.copy(sample_calls / "en_rude_unresolved.wav", wav)  # another call, same path

    with pytest.raises(CallAudioUnavailable, match=r"C-78: .* has changed") as raised:
        call_audio(stored, tmp_path / "cache")
    assert raised.value.kind == "changed"


def test_an_undecodable_recording_is_named(tmp_path: Path) -> None:
    wav = tmp_path / "broken.wav"
    wav.write_bytes(b"RIFF\x10\x00\x00\x00WAVEnot really audio" * 10)
    stored = CallRecording("C-79", "stereo", (str(wav),), "left", content_hash([wav]), 3.0)
    with pytest.raises(CallAudioUnavailable, match=r"^call C-79: .*broken\.wav") as raised:
        call_audio(stored, tmp_path / "cache")
    assert raised.value.kind == "undecodable"


def test_file_response_serves_ranges_for_seeking(sample_calls: Path, tmp_path: Path) -> None:
    """What the route does with the file: Starlette answers Range requests itself."""
    out = call_audio(recording([sample_calls / "en_long_hold.wav"], "stereo", "right"), tmp_path)
    app = Starlette(routes=[Route("/audio", lambda _: FileResponse(out, media_type=MEDIA_TYPE))])
    client = TestClient(app)
    size = out.stat().st_size

    whole = client.get("/audio")
    assert whole.status_code == 200 and whole.headers["accept-ranges"] == "bytes"
    part = client.get("/audio", headers={"Range": "bytes=1000-1999"})
    assert part.status_code == 206
    assert part.headers["content-range"] == f"bytes 1000-1999/{size}"
    assert part.content == out.read_bytes()[1000:2000]
    tail = client.get("/audio", headers={"Range": f"bytes={size - 10}-"})
    assert tail.status_code == 206 and len(tail.content) == 10
    assert client.get("/audio", headers={"Range": f"bytes={size}-"}).status_code == 416
