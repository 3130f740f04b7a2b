"""Mono diarization measured on a real call: its two legs mixed, scored against each leg."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from models.diarization import SpeakerTurn, diarize
from models.diarization_metrics import frames_of, truth_per_frame, voice_accuracy
from qa.intake.audio import SAMPLE_RATE, decode_audio


def leg_accuracy(agent: np.ndarray, customer: np.ndarray, turns: list[SpeakerTurn]) -> float:
    """Share of single-talker speech time given to the right leg (best cluster mapping)."""
    truth = truth_per_frame(agent, customer)
    predicted = frames_of([(t.speaker, t.start, t.end) for t in turns], len(truth))
    return voice_accuracy(truth, predicted)[0]


@pytest.mark.parametrize("call", ["Auto_Repairs_40_UTC", "Auto_Repairs_49_UTC"])
def test_mixed_real_call_is_split_by_voice(shared_audio: Path, call: str) -> None:
    agent = decode_audio(shared_audio / f"{call}_agent.wav").channels[0]
    customer = decode_audio(shared_audio / f"{call}_caller.wav").channels[0]
    turns = diarize((agent + customer) / 2)
    assert {turn.speaker for turn in turns} == {0, 1}
    assert leg_accuracy(agent, customer, turns) >= 0.85  # measured 0.98 and 0.91


def test_one_speaker_option_turns_diarization_off(shared_audio: Path) -> None:
    samples = decode_audio(shared_audio / "jfk.flac").channels.mean(axis=0)
    from models.diarization import DiarizationOptions

    turns = diarize(samples, DiarizationOptions(n_speakers=1))
    assert turns and {turn.speaker for turn in turns} == {0}


def test_silence_has_no_turns() -> None:
    assert diarize(np.zeros(SAMPLE_RATE * 3, dtype=np.float32)) == []
