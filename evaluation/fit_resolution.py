"""Fit the rubric's call-level resolution decision on the evaluation's tune split.

The resolution head's turn probabilities become the named features of `qa.scoring.resolution`; a
logistic regression over them, fitted on the tune split's `resolved` labels, is the
rubric's `heads.resolution.decision`. Run it after any change to the resolution or
sentiment exemplars (the features move with them); `--write` rewrites the block between
the markers in the rubric, `--check` fails when the shipped weights are stale.
Cross-validation folds group a scenario's translations together, so a call is never
judged by a model that saw the same call in another language.

    python evaluation/fit_resolution.py [--write | --check] [--rubric PATH]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from scoring_eval import load  # noqa: E402

from qa.scoring.resolution import FEATURES, resolved_probability  # noqa: E402
from qa.scoring.rubric import DEFAULT_RUBRIC, Rubric, load_rubric  # noqa: E402
from qa.scoring.scorer import Scorer  # noqa: E402

C = 1.0  # grouped 6-fold CV, 194 calls: C=0.3 0.876, 1 0.866, 3 0.871; 218 calls: 0.844-0.849
BEGIN, END = "# fitted decision begins", "# fitted decision ends"
TOLERANCE = 0.05  # --check: features from another CPU differ in the last digits


def call_features(rubric: Rubric) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each tune-split call's features (rows in FEATURES order), its label and its scenario."""
    scorer = Scorer(rubric)
    rows, labels, groups = [], [], []
    for row, transcript in load("tune"):
        features = scorer.resolution_features(scorer.view(transcript))
        rows.append([features[name] for name in FEATURES])
        labels.append(row["resolved"] == "True")
        groups.append(int(re.sub(r"\D", "", row["call_id"])))  # en41, ru41 … share a scenario
    return np.array(rows), np.array(labels), np.array(groups)


def cross_validated(x: np.ndarray, y: np.ndarray, groups: np.ndarray) -> float:
    predicted = np.zeros(len(y), dtype=bool)
    for train, test in GroupKFold(6).split(x, y, groups):
        model = LogisticRegression(C=C, max_iter=5000).fit(x[train], y[train])
        predicted[test] = model.predict_proba(x[test])[:, 1] >= 0.5
    return float((predicted == y).mean())


def fitted_block(bias: float, weights: dict[str, float], n: int, accuracy: float) -> list[str]:
    lines = [
        f"    {BEGIN} (python evaluation/fit_resolution.py --write; do not edit by hand)",
        "    decision:",
        f"      fitted_on: tune split, {n} calls, logistic regression C={C:g}; "
        f"grouped 6-fold CV accuracy {accuracy:.3f}",
        f"      bias: {bias:.3f}",
        "      weights:",
    ]
    lines += [f"        {name}: {weight:.3f}" for name, weight in weights.items()]
    lines.append(f"    {END}")
    return lines


def rewrite(path: Path, block: list[str]) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    starts = [i for i, line in enumerate(lines) if BEGIN in line]
    ends = [i for i, line in enumerate(lines) if END in line]
    if len(starts) != 1 or len(ends) != 1 or ends[0] < starts[0]:
        raise SystemExit(f"{path}: expected one '{BEGIN}' … '{END}' block in heads.resolution")
    lines[starts[0] : ends[0] + 1] = block
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--write", action="store_true", help="rewrite the rubric's block")
    action.add_argument("--check", action="store_true", help="fail if the block is stale")
    parser.add_argument("--rubric", type=Path, default=DEFAULT_RUBRIC)
    args = parser.parse_args()

    rubric = load_rubric(args.rubric)
    x, y, groups = call_features(rubric)
    share = list(FEATURES).index("share_resolved")
    threshold = rubric.heads["resolution"].thresholds.get("resolved", 0.5)
    print(f"tune split: {len(y)} calls, {int(y.sum())} resolved")
    print(f"  vote share >= {threshold}: accuracy {((x[:, share] >= threshold) == y).mean():.3f}")
    accuracy = cross_validated(x, y, groups)
    print(f"  decision, grouped 6-fold CV: accuracy {accuracy:.3f}")
    model = LogisticRegression(C=C, max_iter=5000).fit(x, y)
    weights = {name: round(float(w), 3) for name, w in zip(FEATURES, model.coef_[0], strict=True)}
    bias = round(float(model.intercept_[0]), 3)
    if args.check:
        shipped = rubric.heads["resolution"].decision
        if shipped is None:
            print("the rubric has no fitted decision")
            return 1
        drift = max(
            [abs(shipped.bias - bias)]
            + [abs(shipped.weights.get(name, 0.0) - w) for name, w in weights.items()]
        )

        def verdicts(b: float, w: dict[str, float]) -> np.ndarray:
            return np.array(
                [resolved_probability(dict(zip(FEATURES, r, strict=True)), b, w) >= 0.5 for r in x]
            )

        agree = float((verdicts(bias, weights) == verdicts(shipped.bias, shipped.weights)).mean())
        print(
            f"  shipped vs refitted: largest weight drift {drift:.3f}, decisions agree {agree:.3f}"
        )
        return 0 if drift <= TOLERANCE else 1
    block = fitted_block(bias, weights, len(y), accuracy)
    if args.write:
        rewrite(args.rubric, block)
        print(f"wrote the decision into {args.rubric}")
    else:
        print("\n".join(block))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
