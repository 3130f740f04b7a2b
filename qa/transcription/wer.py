"""Word error rate, the measure every ASR claim here is made in."""

from __future__ import annotations

from models.guards import normalise


def word_errors(reference: str, hypothesis: str) -> tuple[int, int]:
    """(edits, reference words) after lower-casing and stripping punctuation."""
    ref = normalise(reference).split()
    hyp = normalise(hypothesis).split()
    previous = list(range(len(hyp) + 1))
    for i, ref_word in enumerate(ref, 1):
        current = [i] + [0] * len(hyp)
        for j, hyp_word in enumerate(hyp, 1):
            current[j] = min(
                previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ref_word != hyp_word)
            )
        previous = current
    return previous[-1], len(ref)


def wer(reference: str, hypothesis: str) -> float:
    edits, words = word_errors(reference, hypothesis)
    return edits / max(words, 1)
