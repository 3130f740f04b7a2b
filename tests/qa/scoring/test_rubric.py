"""The rubric file: the shipped one loads and traces to the sources; bad ones name the field."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from qa.scoring.rubric import DEFAULT_RUBRIC, LANGUAGES, RubricError, load_rubric

SOURCES = Path(__file__).resolve().parents[4] / "shared" / "service-rubric-sources.md"  # ../shared


def write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "rubric.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
def rubric_data() -> dict:
    return yaml.safe_load(DEFAULT_RUBRIC.read_text(encoding="utf-8"))


def test_shipped_rubric_covers_the_standard() -> None:
    rubric = load_rubric()
    assert rubric.id == "service@3"
    ids = {c.id for c in rubric.criteria}
    assert ids >= {
        "greeting",
        "proactive_offer",
        "needs_discovery",
        "empathy",
        "apology_ownership",
        "explanation",
        "hold_time",
        "hold_etiquette",
        "resolution",
        "anything_else",
        "door_open_closing",
        "politeness",
    }
    assert [band.level for band in rubric.levels] == [
        "fail",
        "satisfy",
        "exceed",
        "delight",
        "amaze",
    ]
    for criterion in rubric.criteria:
        assert "(0" in criterion.source or "(00" in criterion.source, criterion.id
    for head in rubric.heads.values():
        for phrases in head.classes.values():
            assert all(phrases[lang] for lang in LANGUAGES)


def test_sources_the_rubric_cites_exist() -> None:
    if not SOURCES.is_file():
        pytest.skip("shared/service-rubric-sources.md not beside the project")
    text = SOURCES.read_text(encoding="utf-8")
    for number in (
        "1. **Warm",
        "2. **Be proactive",
        "9. **Don't make customers wait",
        "30 seconds",
    ):
        assert number in text


def test_level_bands() -> None:
    rubric = load_rubric()
    assert [rubric.level_for(x) for x in (10, 50, 72, 90, 99)] == [
        "fail",
        "satisfy",
        "exceed",
        "delight",
        "amaze",
    ]


def test_bad_yaml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("name: service\ncriteria: [\n  - id: x\n")
    with pytest.raises(RubricError, match=r"broken\.yaml: not valid YAML at line"):
        load_rubric(path)


def test_invalid_weight_names_the_criterion(tmp_path: Path, rubric_data: dict) -> None:
    rubric_data["criteria"][0]["weight"] = -1
    with pytest.raises(RubricError, match=r"criteria\[greeting\]\.weight"):
        load_rubric(write(tmp_path, rubric_data))


def test_exemplar_criterion_needs_every_language(tmp_path: Path, rubric_data: dict) -> None:
    del rubric_data["criteria"][0]["positive"]["ar"]
    with pytest.raises(RubricError, match=r"criteria\[greeting\].*\['ar'\]"):
        load_rubric(write(tmp_path, rubric_data))


def test_classifier_must_name_a_head(tmp_path: Path, rubric_data: dict) -> None:
    empathy = next(c for c in rubric_data["criteria"] if c["id"] == "empathy")
    empathy["decided_by"] = "mood"
    with pytest.raises(RubricError, match=r"criteria\[empathy\]\.decided_by: 'mood' is no head"):
        load_rubric(write(tmp_path, rubric_data))


def test_unknown_field_is_refused(tmp_path: Path, rubric_data: dict) -> None:
    rubric_data["criteria"][1]["wieght"] = 2
    with pytest.raises(RubricError, match=r"criteria\[proactive_offer\]\.wieght"):
        load_rubric(write(tmp_path, rubric_data))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(RubricError, match="cannot read"):
        load_rubric(tmp_path / "nope.yaml")


def test_digest_follows_content(rubric_data: dict, tmp_path: Path) -> None:
    before = load_rubric().digest()
    assert len(before) == 64  # SHA-256, hex
    rubric_data["heads"]["empathy"]["classes"]["genuine"]["en"].append("I hear you.")
    assert load_rubric(write(tmp_path, rubric_data)).digest() != before


def test_cue_patterns_per_language_and_class() -> None:
    empathy = load_rubric().heads["empathy"]
    patterns = empathy.cue_patterns("en", "genuine")
    assert patterns and any(p.search("APOLOGIES for the wait") for p in patterns)
    assert empathy.cue_patterns("de") is None  # no cue list: callers fall back to the model


def test_resolution_decision_names_only_known_features(tmp_path: Path, rubric_data: dict) -> None:
    rubric_data["heads"]["resolution"]["decision"]["weights"]["customer_smiled"] = 1.0
    with pytest.raises(RubricError, match=r"decision[\s\S]*unknown features \['customer_smiled'\]"):
        load_rubric(write(tmp_path, rubric_data))


def test_only_the_resolution_head_takes_a_decision(tmp_path: Path, rubric_data: dict) -> None:
    rubric_data["heads"]["agent_tone"]["decision"] = rubric_data["heads"]["resolution"]["decision"]
    with pytest.raises(RubricError, match=r"heads\.agent_tone\.decision"):
        load_rubric(write(tmp_path, rubric_data))
