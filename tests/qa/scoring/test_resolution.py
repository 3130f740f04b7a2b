"""The call-level resolution features and decision, on hand-made turn probabilities."""

from __future__ import annotations

import numpy as np
import pytest

from qa.scoring.resolution import (
    CLOSING_TURNS,
    FEATURES,
    resolution_features,
    resolved_probability,
    vote_shares,
)
from qa.scoring.rubric import load_rubric

CLASSES = ("resolved", "pending", "escalated", "unresolved", "other")
SENTIMENT = ("negative", "neutral", "positive")


def turns(*rows: tuple[float, ...]) -> np.ndarray:
    return np.array(rows, dtype=float)


def test_pleasantries_cast_no_vote_and_late_turns_weigh_more() -> None:
    p = turns((1, 0, 0, 0, 0), (0, 0, 0, 1, 0), (0, 0, 0, 0, 1))
    shares = vote_shares(p, CLASSES, [0, 1, 2])
    assert shares[CLASSES.index("other")] == 0
    assert shares[CLASSES.index("unresolved")] > shares[CLASSES.index("resolved")]
    assert shares.sum() == pytest.approx(1.0)


def test_features_read_the_closing_window_and_the_last_customer_turn() -> None:
    speakers = ["agent"] + ["customer", "agent"] * CLOSING_TURNS
    resolution = np.tile([0.0, 0.0, 0.0, 0.0, 1.0], (len(speakers), 1))
    resolution[0] = [0.9, 0, 0, 0, 0.1]  # an early agent action, outside the closing window
    resolution[-2] = [0.0, 0, 0, 0.8, 0.2]  # the customer's last word: still broken
    sentiment = np.tile([0.0, 1.0, 0.0], (len(speakers), 1))
    sentiment[-2] = [0.7, 0.3, 0.0]
    features = resolution_features(resolution, CLASSES, sentiment, SENTIMENT, speakers)
    assert set(features) == set(FEATURES)
    assert features["agent_resolved_max"] == pytest.approx(0.9)
    assert features["closing_agent_resolved_max"] == 0.0
    assert features["last_customer_unresolved"] == pytest.approx(0.8)
    assert features["last_customer_valence"] == pytest.approx(-0.7)
    assert features["share_unresolved"] == pytest.approx(1.0)


def test_a_call_without_customer_turns_still_has_every_feature() -> None:
    resolution = turns((0.8, 0.1, 0.0, 0.1, 0.0))
    features = resolution_features(resolution, CLASSES, np.zeros((1, 3)), SENTIMENT, ["agent"])
    assert features["last_customer_resolved"] == 0.0 and features["end_customer_valence"] == 0.0


def test_the_shipped_decision_trusts_a_thanked_fix_over_a_thanks_anyway() -> None:
    decision = load_rubric().heads["resolution"].decision
    assert decision is not None
    fixed = dict.fromkeys(FEATURES, 0.0) | {
        "share_resolved": 0.7,
        "closing_agent_resolved_max": 0.9,
        "agent_resolved_max": 0.9,
        "last_customer_resolved": 0.8,
        "end_customer_valence": 0.6,
    }
    thanks_anyway = fixed | {
        "share_resolved": 0.3,
        "share_unresolved": 0.5,
        "closing_agent_resolved_max": 0.2,
        "agent_resolved_max": 0.2,
        "last_customer_resolved": 0.0,
        "last_customer_unresolved": 0.7,
    }
    assert resolved_probability(fixed, decision.bias, decision.weights) > 0.8
    assert resolved_probability(thanks_anyway, decision.bias, decision.weights) < 0.3
