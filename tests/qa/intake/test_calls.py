"""The three shapes of a stored call become legs; legs in a folder pair by name."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import soundfile

from qa.intake.calls import CallSource, discover_calls, discover_calls_with_rejects, load_call


def write(path: Path, channels: list[np.ndarray], rate: int = 8000) -> Path:
    soundfile.write(path, np.stack(channels, axis=1), rate, subtype="PCM_16")
    return path


def noise(seconds: float, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).normal(0, 0.1, int(8000 * seconds))


def test_folder_pairs_legs_by_name(tmp_path: Path) -> None:
    for name in ("a_agent.wav", "a_caller.wav", "b-Agent.wav", "b-customer.wav", "c.wav"):
        write(tmp_path / name, [noise(0.5, 1)])
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub" / "d_agent.wav", [noise(0.5, 2)])
    found, rejected = discover_calls_with_rejects(tmp_path)
    sources = {source.call_id: source for source in found}
    assert set(sources) == {"a", "b", "c"}
    assert sources["a"].customer_audio == tmp_path / "a_caller.wav"
    assert sources["b"].customer_audio == tmp_path / "b-customer.wav"
    assert sources["c"].customer_audio is None
    # a leg without its pair is never a mono call (it used to stand alone)
    ((name, reason),) = rejected
    assert name == str(tmp_path / "sub" / "d_agent.wav")
    assert reason.startswith("agent leg without a customer leg (expected d_caller.*")


def test_sidecar_sets_language_channel_and_id(tmp_path: Path) -> None:
    write(tmp_path / "x.wav", [noise(0.5, 1), noise(0.5, 2)])
    (tmp_path / "x.json").write_text(
        json.dumps({"call_id": "call-42", "language": "lv", "agent_channel": "right"})
    )
    (source,) = discover_calls(tmp_path)
    assert (source.call_id, source.language, source.agent_channel) == ("call-42", "lv", "right")


def test_bad_sidecar_rejects_only_its_call(tmp_path: Path) -> None:
    # it used to raise and stop the whole folder; now that call alone is rejected
    write(tmp_path / "x.wav", [noise(0.5, 1)])
    write(tmp_path / "y.wav", [noise(0.5, 2)])
    (tmp_path / "x.json").write_text("{not json")
    found, rejected = discover_calls_with_rejects(tmp_path)
    assert [source.call_id for source in found] == ["y"]
    ((name, reason),) = rejected
    assert name == str(tmp_path / "x.wav")
    assert reason.startswith("x.json: not a JSON object (invalid JSON")


def test_stereo_agent_channel_option(tmp_path: Path) -> None:
    left, right = noise(1.0, 1), noise(1.0, 2)
    path = write(tmp_path / "s.wav", [left, right])
    as_left = load_call(CallSource("s", path, agent_channel="left"))
    as_right = load_call(CallSource("s", path, agent_channel="right"))
    assert as_left.layout == "stereo"
    assert as_left.agent is not None and as_right.customer is not None
    np.testing.assert_allclose(as_left.agent, as_right.customer)


def test_identical_channels_are_mono(tmp_path: Path) -> None:
    signal = noise(1.0, 3)
    call = load_call(CallSource("m", write(tmp_path / "m.wav", [signal, signal])))
    assert call.layout == "mono" and call.mixed is not None


def test_two_files_padded_to_one_timeline(tmp_path: Path) -> None:
    agent = write(tmp_path / "t_agent.wav", [noise(1.0, 1)])
    customer = write(tmp_path / "t_caller.wav", [noise(1.5, 2)])
    call = load_call(CallSource("t", agent, customer))
    assert call.layout == "two-file"
    assert call.agent is not None and call.customer is not None
    assert len(call.agent) == len(call.customer) == 24000
    assert call.duration == pytest.approx(1.5)
