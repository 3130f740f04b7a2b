"""The customer's sentiment over the call, from the per-turn probabilities already computed.

The scorer's view has every turn's sentiment probabilities from the one encoder pass, so
the series costs a subtraction per customer turn, not a second pass. A turn's value is
P(positive) − P(negative), in −1 … 1; the start and end are the first and last two turns'
means, and a turn at least as negative as the rubric's mark makes the call a complaint.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from qa.scorecard import SentimentPoint
from qa.transcript import Segment


@dataclass(frozen=True)
class CustomerSentiment:
    start: float
    end: float
    most_negative: float  # P(negative) of the customer's most upset turn
    complaint_at: float  # the rubric's mark: a turn this negative is a complaint
    points: list[SentimentPoint] = field(default_factory=list)

    @property
    def complaint(self) -> bool:
        return self.most_negative >= self.complaint_at


def customer_sentiment(
    probabilities: np.ndarray,
    classes: Sequence[str],
    segments: Sequence[Segment],
    complaint_at: float,
) -> CustomerSentiment:
    """`probabilities` is (n_segments, n_classes) over `segments`, which are in time order."""
    customer = [i for i, s in enumerate(segments) if s.speaker == "customer"]
    if not customer:
        return CustomerSentiment(0.0, 0.0, 0.0, complaint_at)
    p = probabilities[customer]
    negative = p[:, list(classes).index("negative")]
    valence = p[:, list(classes).index("positive")] - negative
    points = [
        SentimentPoint(
            start=segments[i].start,
            end=segments[i].end,
            value=round(min(max(float(v), -1.0), 1.0), 3),
        )
        for i, v in zip(customer, valence, strict=True)
    ]
    return CustomerSentiment(
        start=float(valence[:2].mean()),
        end=float(valence[-2:].mean()),
        most_negative=float(negative.max()),
        complaint_at=complaint_at,
        points=points,
    )
