"""Whether a call was resolved: named call-level features and the rubric's decision over them.

The resolution head reads one turn at a time, and a single turn misleads: a greeting, or a
customer saying what they already tried, can read as "resolved"; relief ("Oh, thank
goodness") reads as a pleasantry. The call-level decision weighs the closing window's votes
against the last customer turns and the strongest agent action, with weights fitted on the
evaluation's tune split by `evaluation/fit_resolution.py` and kept in the rubric, where a
reader sees them. Tune split of 218 calls, cross-validated by scenario: accuracy 0.826 for
the vote share alone, 0.849 with these features; on round 8, held out, both scored 0.71.
Sentence embeddings cannot tell "Whatever." after a real fix from "Great. Thanks." after
none; adding the closing turns' embeddings as features did not help (0.84-0.87).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

CLOSING_TURNS = 8  # resolution is read from the last turns of the call
STATUSES = ("resolved", "pending", "escalated", "unresolved")

FEATURES = {
    "share_resolved": "the closing turns' weighted vote for resolved (pleasantries cast none)",
    "share_pending": "the same vote for pending",
    "share_escalated": "the same vote for escalated",
    "share_unresolved": "the same vote for unresolved",
    "agent_resolved_max": "the agent's most resolved-sounding turn in the whole call",
    "closing_agent_resolved_max": "the same within the closing turns",
    "closing_customer_resolved_max": "the customer's most resolved-sounding closing turn",
    "closing_customer_unresolved_max": "the customer's most unresolved-sounding closing turn",
    "closing_agent_pending_max": "the agent's most pending-sounding closing turn",
    "closing_agent_escalated_max": "the agent's most escalated-sounding closing turn",
    "last_customer_resolved": "P(resolved) of the customer's last turn",
    "last_customer_unresolved": "P(unresolved) of the customer's last turn",
    "last_customer_valence": "P(positive) - P(negative) of the customer's last turn",
    "end_customer_valence": "the same, averaged over the customer's last two turns",
}


def closing_window(n_turns: int) -> list[int]:
    return list(range(n_turns))[-CLOSING_TURNS:]


def closing_weights(n_closing: int) -> np.ndarray:
    """Later closing turns weigh more: 0.5 for the first, 1.5 for the last."""
    return np.linspace(0.5, 1.5, n_closing)


def vote_shares(resolution: np.ndarray, classes: Sequence[str], closing: list[int]) -> np.ndarray:
    """Each class's share of the closing turns' probability mass, later turns weighing more."""
    if not closing:
        return np.zeros(len(classes))
    weights = closing_weights(len(closing))[:, None]
    p = resolution[closing].copy()
    if "other" in classes:  # pleasantries cast no vote
        p[:, list(classes).index("other")] = 0.0
    mass = (p * weights).sum(axis=0)
    return mass / max(float(mass.sum()), 1e-9)


def resolution_features(
    resolution: np.ndarray,
    classes: Sequence[str],
    sentiment: np.ndarray,
    sentiment_classes: Sequence[str],
    speakers: Sequence[str],
) -> dict[str, float]:
    """The call's features by name; `resolution` and `sentiment` are per-turn probabilities."""
    column = {c: i for i, c in enumerate(classes)}
    closing = closing_window(len(speakers))
    shares = vote_shares(resolution, classes, closing)
    agent = [i for i, s in enumerate(speakers) if s == "agent"]
    customer = [i for i, s in enumerate(speakers) if s == "customer"]
    closing_agent = [i for i in closing if speakers[i] == "agent"]
    closing_customer = [i for i in closing if speakers[i] == "customer"]

    def strongest(turns: list[int], status: str) -> float:
        return float(resolution[turns, column[status]].max()) if turns else 0.0

    valence = (
        sentiment[:, list(sentiment_classes).index("positive")]
        - sentiment[:, list(sentiment_classes).index("negative")]
    )
    last = customer[-1] if customer else None
    return {
        **{f"share_{s}": float(shares[column[s]]) for s in STATUSES},
        "agent_resolved_max": strongest(agent, "resolved"),
        "closing_agent_resolved_max": strongest(closing_agent, "resolved"),
        "closing_customer_resolved_max": strongest(closing_customer, "resolved"),
        "closing_customer_unresolved_max": strongest(closing_customer, "unresolved"),
        "closing_agent_pending_max": strongest(closing_agent, "pending"),
        "closing_agent_escalated_max": strongest(closing_agent, "escalated"),
        "last_customer_resolved": strongest([last], "resolved") if last is not None else 0.0,
        "last_customer_unresolved": strongest([last], "unresolved") if last is not None else 0.0,
        "last_customer_valence": float(valence[last]) if last is not None else 0.0,
        "end_customer_valence": float(valence[customer[-2:]].mean()) if customer else 0.0,
    }


def resolved_probability(
    features: dict[str, float], bias: float, weights: dict[str, float]
) -> float:
    """The logistic of bias + Σ weight × feature."""
    z = bias + sum(weight * features[name] for name, weight in weights.items())
    return 1.0 / (1.0 + math.exp(-z))
