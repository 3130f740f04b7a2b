"""Classifiers learnt from the rubric's exemplar phrases, refitted when the rubric changes.

Each head (empathy, resolution, agent tone, customer sentiment) and each exemplar
criterion becomes a multinomial logistic regression over sentence embeddings of its
phrases, in all languages at once. Fitting takes seconds; the fitted weights are cached
under the rubric's digest and the encoder's name, so a rubric edit refits and nothing else
does.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from models.text_encoder import TextEncoder
from models.weights import cache_dir
from qa.scoring.rubric import Phrases, Rubric

PASS, FAIL = "pass", "fail"
# Weak regularisation for the exemplar criteria: few phrases per class, and the calls' turns
# sit far from them in embedding space; C=64 gave the best separation on the evaluation's
# tune split (4, 16, 64). A head sets its own C in the rubric (`regularisation`).
REGULARISATION_C = 64.0


@dataclass(frozen=True)
class FittedHead:
    classes: tuple[str, ...]
    coef: np.ndarray  # (n_classes, dim)
    intercept: np.ndarray  # (n_classes,)

    def predict(self, embeddings: np.ndarray) -> np.ndarray:
        """(n, n_classes) probabilities."""
        if len(embeddings) == 0:
            return np.zeros((0, len(self.classes)))
        logits = embeddings @ self.coef.T + self.intercept
        if len(self.classes) == 2 and self.coef.shape[0] == 1:  # sklearn's binary form
            p = 1.0 / (1.0 + np.exp(-logits[:, 0]))
            return np.stack([1 - p, p], axis=1)
        logits = logits - logits.max(axis=1, keepdims=True)
        e = np.exp(logits)
        return e / e.sum(axis=1, keepdims=True)

    def column(self, name: str) -> int:
        return self.classes.index(name)


def training_sets(rubric: Rubric) -> dict[str, dict[str, list[str]]]:
    """Every head's and exemplar criterion's classes with their phrases (all languages)."""
    sets = {
        name: {c: _flat(p) for c, p in head.classes.items()} for name, head in rubric.heads.items()
    }
    generic_negatives = _flat(rubric.heads["empathy"].classes.get("none", {})) + _flat(
        rubric.heads["agent_tone"].classes.get("neutral", {})
    )
    for criterion in rubric.criteria:
        if criterion.method == "exemplars":
            sets[f"criterion:{criterion.id}"] = {
                FAIL: _flat(criterion.negative) + generic_negatives,
                PASS: _flat(criterion.positive),
            }
    return sets


def fit_heads(
    rubric: Rubric, encoder: TextEncoder, use_cache: bool = True
) -> dict[str, FittedHead]:
    # The digest's first 16 hex digits: the key the heads were cached under before it grew.
    key = hashlib.sha256(
        f"{rubric.digest()[:16]}|{encoder.options.model}|{encoder.options.prefix}"
        f"|{encoder.options.runtime}".encode()
    )
    path = cache_dir() / "heads" / f"{rubric.name}-{key.hexdigest()[:16]}.npz"
    if use_cache and path.is_file():
        return _load(path)
    heads: dict[str, FittedHead] = {}
    for name, classes in training_sets(rubric).items():
        texts = [text for phrases in classes.values() for text in phrases]
        labels = [label for label, phrases in classes.items() for _ in phrases]
        embeddings = encoder.encode(texts)
        head = rubric.heads.get(name)
        c = head.regularisation if head is not None else REGULARISATION_C
        model = LogisticRegression(C=c, max_iter=5000, class_weight="balanced")
        model.fit(embeddings, labels)
        order = (
            [list(model.classes_).index(c) for c in classes] if model.coef_.shape[0] > 1 else None
        )
        coef = model.coef_ if order is None else model.coef_[order]
        intercept = model.intercept_ if order is None else model.intercept_[order]
        classes_tuple = tuple(classes) if order is not None else tuple(model.classes_)
        heads[name] = FittedHead(
            classes_tuple, coef.astype(np.float32), intercept.astype(np.float32)
        )
    if use_cache:
        _save(path, heads)
    return heads


def _flat(phrases: Phrases) -> list[str]:
    return [text for language in sorted(phrases) for text in phrases[language]]


def _save(path: Path, heads: dict[str, FittedHead]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    arrays = {}
    for name, head in heads.items():
        arrays[f"{name}|coef"] = head.coef
        arrays[f"{name}|intercept"] = head.intercept
        arrays[f"{name}|classes"] = np.array(head.classes)
    partial = path.with_suffix(".partial.npz")
    np.savez(partial, **arrays)
    partial.replace(path)


def _load(path: Path) -> dict[str, FittedHead]:
    data = np.load(path)
    names = {key.split("|")[0] for key in data.files}
    return {
        name: FittedHead(
            tuple(str(c) for c in data[f"{name}|classes"]),
            data[f"{name}|coef"],
            data[f"{name}|intercept"],
        )
        for name in names
    }
