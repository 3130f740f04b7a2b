"""Rubrics that used to validate and then crash on every call are refused at load time,
with the field named; the dry run catches what validation cannot foresee."""

from __future__ import annotations

import copy
import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from qa.scoring.rubric import DEFAULT_RUBRIC, RubricError, load_rubric
from qa.scoring.scorer import check_rubric, load_scorer

Edit = Callable[[dict], None]


def criterion(data: dict, cid: str) -> dict:
    return next(c for c in data["criteria"] if c["id"] == cid)


def rename_class(head: dict, old: str, new: str) -> None:
    """A class renamed everywhere in its head, as a rubric author would."""
    for part in ("classes", "thresholds", "cues"):
        if old in head.get(part, {}):
            head[part][new] = head[part].pop(old)


def _drop_na_when(d: dict) -> None:
    del criterion(d, "hold_time")["na_when"]


def _timing_na_when_complaint(d: dict) -> None:
    criterion(d, "hold_time")["na_when"] = "no_complaint"


def _timing_metric(d: dict) -> None:
    criterion(d, "hold_time")["decided_by"] = "hold_length"


def _classifier_sentiment(d: dict) -> None:
    criterion(d, "politeness")["decided_by"] = "customer_sentiment"


def _exemplars_decided_by(d: dict) -> None:
    criterion(d, "greeting")["decided_by"] = "empathy"


def _criterion_cue(d: dict) -> None:
    criterion(d, "greeting")["cues"]["en"].append("thank(s| you for calling")


def _head_cue(d: dict) -> None:
    d["heads"]["empathy"]["cues"]["genuine"]["ru"].insert(0, "[понимаю")


def _rename_genuine(d: dict) -> None:
    rename_class(d["heads"]["empathy"], "genuine", "real")


def _rename_negative(d: dict) -> None:
    rename_class(d["heads"]["agent_tone"], "negative", "rude")


def _rename_resolved(d: dict) -> None:
    rename_class(d["heads"]["resolution"], "pending", "waiting")


def _threshold_for_renamed(d: dict) -> None:
    d["heads"]["agent_tone"]["thresholds"]["rude"] = 0.5


def _cues_for_renamed(d: dict) -> None:
    d["heads"]["resolution"]["cues"]["fixed"] = d["heads"]["resolution"]["cues"].pop("resolved")


def _threshold_over_one(d: dict) -> None:
    d["heads"]["empathy"]["thresholds"]["genuine"] = 5


def _one_dimension_weight_zero(d: dict) -> None:
    d["dimension_weights"]["tone"] = 0


def _all_dimension_weights_zero(d: dict) -> None:
    d["dimension_weights"] = dict.fromkeys(d["dimension_weights"], 0)


def _negative_dimension_weight(d: dict) -> None:
    d["dimension_weights"]["resolution"] = -1.5


def _no_criteria(d: dict) -> None:
    d["criteria"] = []


def _no_levels(d: dict) -> None:
    d["levels"] = []


def _head_named_like_a_criterion(d: dict) -> None:
    d["heads"]["criterion:greeting"] = d["heads"]["agent_tone"]


def _blank_criterion_phrase(d: dict) -> None:
    criterion(d, "greeting")["negative"]["lv"].append(" ")


def _blank_head_phrase(d: dict) -> None:
    d["heads"]["empathy"]["classes"]["genuine"]["en"].insert(0, "")


def _criterion_weight_zero(d: dict) -> None:
    criterion(d, "resolution")["weight"] = 0


BROKEN: list[tuple[str, Edit, str]] = [
    # (case, the one edit, what the message must say: file, field, reason)
    ("timing without na_when", _drop_na_when, r"criteria\[hold_time\]\.na_when: .*no_hold"),
    ("timing n/a on complaints", _timing_na_when_complaint, r"criteria\[hold_time\]\.na_when"),
    ("timing metric unknown", _timing_metric, r"criteria\[hold_time\]\.decided_by: 'hold_length'"),
    (
        "classifier by a head that decides nothing",
        _classifier_sentiment,
        r"criteria\[politeness\]\.decided_by: 'customer_sentiment' is no head that decides",
    ),
    ("exemplars with decided_by", _exemplars_decided_by, r"criteria\[greeting\]\.decided_by"),
    (
        "bad criterion cue",
        _criterion_cue,
        r"criteria\[greeting\]\.cues\.en\.5: 'thank\(s\| you for calling' is no regular exp",
    ),
    ("bad head cue", _head_cue, r"heads\.empathy\.cues\.genuine\.ru\.0: '\[понимаю'"),
    (
        "renamed empathy class",
        _rename_genuine,
        r"heads\.empathy\.classes: the scorer reads the classes \['genuine'\]",
    ),
    ("renamed tone class", _rename_negative, r"heads\.agent_tone\.classes: .*\['negative'\]"),
    ("renamed resolution class", _rename_resolved, r"heads\.resolution\.classes: .*\['pending'\]"),
    (
        "threshold for a class the head lacks",
        _threshold_for_renamed,
        r"heads\.agent_tone\.thresholds: thresholds for unknown classes \['rude'\]",
    ),
    ("cues for a class the head lacks", _cues_for_renamed, r"heads\.resolution\.cues: .*'fixed'"),
    ("threshold over 1", _threshold_over_one, r"heads\.empathy\.thresholds\.genuine: .*1"),
    ("a dimension weight 0", _one_dimension_weight_zero, r"dimension_weights\.tone: .*than 0"),
    ("all dimension weights 0", _all_dimension_weights_zero, r"dimension_weights\.\w+: .*than 0"),
    ("negative dimension weight", _negative_dimension_weight, r"dimension_weights\.resolution"),
    ("a criterion weight 0", _criterion_weight_zero, r"criteria\[resolution\]\.weight: .*than 0"),
    ("no criteria", _no_criteria, r"criteria: .*at least 1"),
    ("no levels", _no_levels, r"levels: levels must rise from min_overall 0"),
    ("head named like a criterion", _head_named_like_a_criterion, r"heads\.criterion:greeting: "),
    ("blank exemplar", _blank_criterion_phrase, r"criteria\[greeting\]\.negative\.lv\.2: .*blank"),
    ("blank head phrase", _blank_head_phrase, r"heads\.empathy\.classes\.genuine\.en\.0: .*blank"),
]


@pytest.fixture
def service() -> dict:
    return yaml.safe_load(DEFAULT_RUBRIC.read_text(encoding="utf-8"))


def write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "rubric.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(("case", "edit", "message"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_rubric_is_refused_at_load_with_the_field_named(
    tmp_path: Path, service: dict, case: str, edit: Edit, message: str
) -> None:
    edit(service)
    path = write(tmp_path, service)
    with pytest.raises(RubricError) as raised:
        load_rubric(path)
    text = str(raised.value)
    assert text.startswith(f"{path}: "), text
    assert "\n" not in text and "Value error" not in text, text
    assert re.search(message, text), text


def test_the_shipped_rubric_passes_every_check(tmp_path: Path, service: dict) -> None:
    assert load_rubric(write(tmp_path, service)).id == "service@3"


def test_dry_run_turns_a_crash_into_a_rubric_error() -> None:
    """A rubric changed after validation (a hold limit of 0 divides by zero on the probe's
    35 s hold) fails the dry run with the file and the reason on one line."""
    broken = copy.copy(load_scorer())
    broken.rubric = broken.rubric.model_copy(update={"hold_limit_s": 0.0})
    with pytest.raises(RubricError) as raised:
        check_rubric(broken, "edited.yaml")
    assert str(raised.value) == (
        "edited.yaml: the dry run on a probe call fails: ZeroDivisionError: float division by zero"
    )


def test_dry_run_passes_the_shipped_rubric() -> None:
    check_rubric(load_scorer(), str(DEFAULT_RUBRIC))  # raises on failure


def test_digest_is_sha256_of_the_validated_content(service: dict, tmp_path: Path) -> None:
    rubric = load_rubric()
    dump = json.dumps(rubric.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    assert rubric.digest() == hashlib.sha256(dump.encode()).hexdigest()
    # reordered keys, no comments, a default spelt out: the same rubric, the same digest
    criterion(service, "greeting")["speaker"] = "agent"
    reordered = {key: service[key] for key in reversed(list(service))}
    assert load_rubric(write(tmp_path, reordered)).digest() == rubric.digest()


def test_an_edit_without_a_version_bump_changes_the_digest(service: dict, tmp_path: Path) -> None:
    criterion(service, "greeting")["weight"] = 2
    edited = load_rubric(write(tmp_path, service))
    assert edited.id == load_rubric().id
    assert edited.digest() != load_rubric().digest()
