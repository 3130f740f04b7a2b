"""The redacted audio, made from real recordings and decoded back: the spans (± margin) are
silent on every leg, the rest of the call sounds as it did, the agent is on the left, and
the file appears whole or not at all."""

from __future__ import annotations

import json
import os
import shutil
import stat
import time
from pathlib import Path

import av
import numpy as np
import pytest

from models.audio import SAMPLE_RATE
from qa.intake.audio import AudioDecodeError, decode_audio
from qa.intake.calls import CallAudio, CallSource, load_call
from qa.privacy.audio import MARGIN_S, AudioOptions, silence, write_redacted_audio
from qa.transcript import RedactedSpan
from tests.conftest import SAMPLE_CALLS

STEREO_SAMPLES = sorted(SAMPLE_CALLS.glob("*.wav"))
EDGE_S = 0.02  # the codec smears a cut over a few ms; those fall inside the margin
SILENT_DB = -60.0  # what a silenced stretch may still measure (Opus noise: ~-95 dBFS)
SPEECH_DB = -40.0  # a leg that carries speech measures well above this


def span(start: float, end: float, speaker: str = "customer", kind: str = "card") -> RedactedSpan:
    return RedactedSpan(kind=kind, speaker=speaker, start=start, end=end)  # type: ignore[arg-type]


def db(samples: np.ndarray) -> float:
    return float(20 * np.log10(np.sqrt(np.mean(np.square(samples, dtype=np.float64))) + 1e-12))


def legs(audio: CallAudio) -> list[np.ndarray]:
    found = [audio.agent, audio.customer] if audio.mixed is None else [audio.mixed]
    return [leg for leg in found if leg is not None]


def played(path: Path) -> np.ndarray:
    """The written file as a browser gets it: Ogg/Opus, decoded back with PyAV at 16 kHz."""
    with av.open(str(path)) as container:
        assert container.format.name == "ogg"
        assert container.streams.audio[0].codec_context.name == "opus"
    return decode_audio(path).channels


def silenced(spans: list[RedactedSpan], n: int, margin_s: float = MARGIN_S) -> np.ndarray:
    """Which samples the spans ± margin cover."""
    mask = np.zeros(n, dtype=bool)
    for s in spans:
        mask[
            max(0, int((s.start - margin_s) * SAMPLE_RATE)) : int((s.end + margin_s) * SAMPLE_RATE)
        ] = True
    return mask


def assert_redacted(out: Path, original: CallAudio, spans: list[RedactedSpan]) -> np.ndarray:
    """Every span ± margin is silent on every output channel though the source spoke there;
    outside them every leg keeps its level and shape. Returns the played channels."""
    channels = played(out)
    source = legs(original)
    assert channels.shape[0] == len(source)
    assert abs(channels.shape[1] - len(source[0])) <= SAMPLE_RATE // 100  # same length
    edge = int(EDGE_S * SAMPLE_RATE)
    for s in spans:
        first = int((s.start - MARGIN_S) * SAMPLE_RATE) + edge
        last = int((s.end + MARGIN_S) * SAMPLE_RATE) - edge
        assert max(db(leg[first:last]) for leg in source) > SPEECH_DB, "nothing said there"
        for k, channel in enumerate(channels):
            assert db(channel[first:last]) < SILENT_DB, f"channel {k} heard in {s}"
    n = min(channels.shape[1], len(source[0]))
    kept = ~silenced(spans, n, MARGIN_S + EDGE_S)
    for leg, channel in zip(source, channels, strict=True):
        assert db(channel[:n][kept]) == pytest.approx(db(leg[:n][kept]), abs=1.5)
        assert np.corrcoef(envelope(channel[:n][kept]), envelope(leg[:n][kept]))[0, 1] > 0.95
    return channels


def envelope(samples: np.ndarray, window: int = SAMPLE_RATE // 10) -> np.ndarray:
    n = len(samples) // window
    return np.sqrt((samples[: n * window].reshape(n, window) ** 2).mean(axis=1))


def side_of(speaker: np.ndarray, other: np.ndarray, channels: np.ndarray) -> str:
    """Which output channel carries `speaker`'s voice: over the 100 ms windows where the
    source has that party speaking alone, compare the output's left and right energy."""
    mine, theirs = envelope(speaker), envelope(other)
    left, right = envelope(channels[0]), envelope(channels[1])
    n = min(len(mine), len(left))
    alone = (mine[:n] > 10 * theirs[:n] + 1e-4) & (mine[:n] > np.median(mine[:n]))
    assert alone.sum() >= 20, "the source should have this party speaking alone"
    ratio = np.median((left[:n][alone] + 1e-6) / (right[:n][alone] + 1e-6))
    assert ratio > 10 or ratio < 0.1, f"the voice is on both sides (L/R {ratio:.2f})"
    return "left" if ratio > 1 else "right"


def sidecar(wav: Path) -> dict:
    return json.loads(wav.with_suffix(".json").read_text(encoding="utf-8"))


def turn_spans(wav: Path) -> list[RedactedSpan]:
    """A piece inside the call's second turn (customer) and its third (agent), as the
    redaction stage would mark a card number said and read back."""
    turns = sidecar(wav)["reference"]
    customer, agent = turns[1], turns[2]
    return [
        span(customer["start"] + 1.0, customer["start"] + 2.5, "customer"),
        span(agent["start"] + 1.0, agent["start"] + 2.0, "agent"),
    ]


@pytest.mark.parametrize("wav", STEREO_SAMPLES, ids=lambda p: p.stem)
def test_stereo_call_is_silenced_on_both_legs_agent_left(wav: Path, tmp_path: Path) -> None:
    channel = sidecar(wav)["agent_channel"]
    source = CallSource(wav.stem, wav, agent_channel=channel)
    original = load_call(source)
    spans = turn_spans(wav)

    out = write_redacted_audio(source, spans, tmp_path / "audio" / "call.ogg")

    assert out == tmp_path / "audio" / "call.ogg"
    channels = assert_redacted(out, original, spans)
    assert decode_audio(out).duration == pytest.approx(original.duration, abs=0.01)
    n = min(channels.shape[1], len(original.agent))
    kept = ~silenced(spans, n)
    agent, customer = original.agent[:n][kept], original.customer[:n][kept]
    assert side_of(agent, customer, channels[:, :n][:, kept]) == "left"
    assert side_of(customer, agent, channels[:, :n][:, kept]) == "right"
    assert out.stat().st_size < wav.stat().st_size / 4  # Opus, not PCM


def test_agent_channel_right_puts_the_right_channel_on_the_left(
    sample_calls: Path, tmp_path: Path
) -> None:
    wav = sample_calls / "en_billing_resolved.wav"
    assert sidecar(wav)["agent_channel"] == "left"
    left, right = decode_audio(wav).channels

    swapped = played(
        write_redacted_audio(CallSource("c", wav, agent_channel="right"), [], tmp_path / "a.ogg")
    )

    assert side_of(right, left, swapped) == "left"  # the source's right is the agent now
    assert side_of(left, right, swapped) == "right"


def test_real_two_file_call_is_silenced_on_both_legs(shared_audio: Path, tmp_path: Path) -> None:
    source = CallSource(
        "Auto_Repairs_40",
        shared_audio / "Auto_Repairs_40_UTC_agent.wav",
        shared_audio / "Auto_Repairs_40_UTC_caller.wav",
    )
    original = load_call(source)
    spans = [span(1.0, 4.0, "agent", "phone"), span(10.0, 14.0, "customer", "card")]

    out = write_redacted_audio(source, spans, tmp_path / "call.ogg")

    channels = assert_redacted(out, original, spans)
    assert decode_audio(out).duration == pytest.approx(original.duration, abs=0.01)
    assert side_of(original.agent, original.customer, channels) == "left"
    assert side_of(original.customer, original.agent, channels) == "right"
    assert out.stat().st_size / (original.duration / 60) < 300_000  # ~0.23 MB a minute


def test_mono_call_stays_mono_and_is_silenced(shared_audio: Path, tmp_path: Path) -> None:
    source = CallSource("pca", shared_audio / "pca_auto0_mono_8bit.wav")
    original = load_call(source)
    assert original.layout == "mono"
    spans = [span(6.0, 9.0, "unknown", "email")]

    out = write_redacted_audio(source, spans, tmp_path / "call.ogg")

    assert assert_redacted(out, original, spans).shape[0] == 1
    assert decode_audio(out).duration == pytest.approx(original.duration, abs=0.01)


def test_the_file_appears_whole_in_a_private_folder(sample_calls: Path, tmp_path: Path) -> None:
    source = CallSource("c", sample_calls / "ru_callback_unresolved.wav")
    folder = tmp_path / "callqa.audio"
    stale = folder / ".old.ogg.123.deadbeef.partial"  # left by a run killed an hour ago
    live = folder / ".new.ogg.456.cafebabe.partial"  # another writer's, still being written

    first = write_redacted_audio(source, [], folder / "call.ogg")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(first.stat().st_mode) == 0o600
    before = first.read_bytes()
    for partial in (stale, live):
        partial.write_bytes(b"half")
    os.utime(stale, (time.time() - 7200, time.time() - 7200))

    again = write_redacted_audio(source, [span(5.0, 8.0)], folder / "call.ogg")

    assert again == first and again.read_bytes() != before  # replaced, not appended to
    assert sorted(p.name for p in folder.iterdir()) == [live.name, "call.ogg"]


def test_an_undecodable_recording_writes_nothing(tmp_path: Path) -> None:
    wav = tmp_path / "broken.wav"
    wav.write_bytes(b"RIFF\x10\x00\x00\x00WAVEnot really audio" * 10)
    out = tmp_path / "audio" / "call.ogg"

    with pytest.raises(AudioDecodeError, match=r"broken\.wav"):
        write_redacted_audio(CallSource("c", wav), [span(0.0, 1.0)], out)

    assert not out.exists()
    assert not out.parent.exists() or list(out.parent.iterdir()) == []


def test_the_original_is_left_as_it_was(sample_calls: Path, tmp_path: Path) -> None:
    wav = tmp_path / "call.wav"
    shutil.copy(sample_calls / "en_long_hold.wav", wav)
    before = wav.read_bytes()
    write_redacted_audio(CallSource("c", wav), [span(1.0, 3.0)], tmp_path / "out" / "c.ogg")
    assert wav.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["call.wav", "out"]


def _audio(n: int, layout: str = "stereo") -> CallAudio:
    rng = np.random.default_rng(7)
    if layout == "mono":
        return CallAudio("mono", n / SAMPLE_RATE, mixed=rng.uniform(-0.5, 0.5, n).astype("f4"))
    a, c = rng.uniform(-0.5, 0.5, (2, n)).astype("f4")
    return CallAudio(layout, n / SAMPLE_RATE, agent=a, customer=c)  # type: ignore[arg-type]


def test_silence_zeroes_both_legs_and_leaves_its_input_alone() -> None:
    audio = _audio(10 * SAMPLE_RATE)
    agent_before, customer_before = audio.agent.copy(), audio.customer.copy()  # type: ignore[union-attr]

    quiet = silence(audio, [span(2.0, 3.0, "customer")], margin_s=0.25)

    np.testing.assert_array_equal(audio.agent, agent_before)
    np.testing.assert_array_equal(audio.customer, customer_before)
    zeroed = slice(int(1.75 * SAMPLE_RATE), int(3.25 * SAMPLE_RATE))
    for leg, before in ((quiet.agent, agent_before), (quiet.customer, customer_before)):
        assert leg is not None and leg.dtype == np.float32
        assert not leg[zeroed].any()
        assert leg[zeroed.start - 1] == before[zeroed.start - 1]
        assert leg[zeroed.stop] == before[zeroed.stop]
        np.testing.assert_array_equal(
            np.delete(leg, np.s_[zeroed]), np.delete(before, np.s_[zeroed])
        )
    assert (quiet.layout, quiet.duration) == (audio.layout, audio.duration)


def test_silence_clamps_to_the_call() -> None:
    n = 4 * SAMPLE_RATE
    quiet = silence(_audio(n, "mono"), [span(0.1, 0.2), span(3.9, 60.0)], margin_s=0.3)
    assert quiet.mixed is not None and len(quiet.mixed) == n
    assert not quiet.mixed[: int(0.5 * SAMPLE_RATE)].any()
    assert not quiet.mixed[int(3.6 * SAMPLE_RATE) :].any()
    assert quiet.mixed[int(0.6 * SAMPLE_RATE) : int(3.5 * SAMPLE_RATE)].all()
    # a span past the end changes nothing; no spans, nothing
    untouched = _audio(n, "mono").mixed
    np.testing.assert_array_equal(silence(_audio(n, "mono"), [span(10.0, 11.0)]).mixed, untouched)
    np.testing.assert_array_equal(silence(_audio(n, "mono"), []).mixed, untouched)


def test_a_span_whose_place_is_unknown_silences_the_whole_call() -> None:
    """Only a hand-built span can hold NaN (the contract refuses it); keeping the PII
    would be the worse mistake."""
    broken = RedactedSpan.model_construct(kind="card", speaker="agent", start=float("nan"), end=1.0)
    quiet = silence(_audio(SAMPLE_RATE), [broken])
    assert not quiet.agent.any() and not quiet.customer.any()  # type: ignore[union-attr]


def test_a_negative_margin_is_refused() -> None:
    with pytest.raises(ValueError, match="margin_s"):
        silence(_audio(SAMPLE_RATE), [span(0.1, 0.2)], margin_s=-0.1)


def test_the_options_margin_is_used(sample_calls: Path, tmp_path: Path) -> None:
    source = CallSource("c", sample_calls / "en_billing_resolved.wav")
    spans = turn_spans(sample_calls / "en_billing_resolved.wav")[:1]
    wide = write_redacted_audio(source, spans, tmp_path / "wide.ogg", AudioOptions(margin_s=1.0))
    channels = played(wide)
    first, last = (
        int((spans[0].start - 0.98) * SAMPLE_RATE),
        int((spans[0].end + 0.98) * SAMPLE_RATE),
    )
    assert all(db(channel[first:last]) < SILENT_DB for channel in channels)
