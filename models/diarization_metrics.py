"""How well a diarization matches the truth two separate legs give for free.

Mix a two-leg call into mono, diarize it, and compare with the legs' own energy: a 10 ms
frame belongs to the agent when only the agent leg is loud, to the customer when only the
customer leg is. Used by the tests and by benchmarks/diarization.py.
"""

from __future__ import annotations

import numpy as np

from models.audio import SAMPLE_RATE
from models.diarization import FRAME_HOP


def truth_per_frame(agent: np.ndarray, customer: np.ndarray) -> np.ndarray:
    """0 where only the agent leg speaks, 1 only the customer, -1 silence or overtalk."""
    hop = int(FRAME_HOP * SAMPLE_RATE)
    n = min(len(agent), len(customer)) // hop

    def energy(x: np.ndarray) -> np.ndarray:
        return np.sqrt((x[: n * hop].reshape(n, hop) ** 2).mean(axis=1))

    a, c = energy(agent), energy(customer)
    truth = np.full(n, -1)
    truth[(a > 0.01) & (a > 3 * c)] = 0
    truth[(c > 0.01) & (c > 3 * a)] = 1
    return truth


def frames_of(intervals: list[tuple[int, float, float]], n: int) -> np.ndarray:
    """(label, start, end) intervals as one label per 10 ms frame, -1 where none."""
    labels = np.full(n, -1)
    for label, start, end in intervals:
        labels[int(start / FRAME_HOP) : int(end / FRAME_HOP)] = label
    return labels


def voice_accuracy(truth: np.ndarray, predicted: np.ndarray) -> tuple[float, float]:
    """(share of single-talker frames on the right voice, best cluster mapping; coverage)."""
    both = (truth >= 0) & (predicted >= 0)
    agree = float((predicted[both] == truth[both]).mean())
    coverage = float((predicted[truth >= 0] >= 0).mean())
    return max(agree, 1 - agree), coverage
