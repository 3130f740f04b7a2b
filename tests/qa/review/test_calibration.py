"""Calibration on a real store: figures worked out on paper for hand-written scorecards and
reviews, read back through the snapshot with the desk attached, and through the command."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from qa.cli.calibrate import calibrate as calibrate_command
from qa.review.calibration import MIN_REVIEWS, CalibrationReport, calibrate, cohen_kappa
from qa.review.desk import Desk, desk_path, open_desk_reader
from tests.qa.review.stores import Call, build_store, rescore, review

EARLY = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
MIDDLE = datetime(2026, 11, 15, 9, 0, tzinfo=UTC)

# empathy, automatic (rows) vs human (columns), 20 calls:
#               passed  failed
#   passed        11      2
#   failed         1      6
# p_o = 17/20; p_e = (13·12 + 7·8)/400 = 212/400; κ = (0.85 − 0.53)/(1 − 0.53) = 32/47
EMPATHY = (
    [("passed", "passed")] * 11
    + [("passed", "failed")] * 2
    + [("failed", "passed")]
    + [("failed", "failed")] * 6
)
# greeting, 5 calls: two agree on passed, unverifiable vs failed, na vs na, failed vs passed.
# p_o = 3/5; automatic passed 2, failed 1, na 1, unverifiable 1; human passed 3, failed 1,
# na 1; Σ a·h = 2·3 + 1·1 + 1·1 + 1·0 = 8; κ = (5·3 − 8)/(5² − 8) = 7/17
GREETING = [
    ("passed", "passed"),
    ("passed", "passed"),
    ("unverifiable", "failed"),
    ("na", "na"),
    ("failed", "passed"),
]
# whole call, automatic vs human overall: differences 5, 20, 10 → mean 35/3, 2 of 3 within 10
OVERALL = [(70.0, 75.0), (60.0, 80.0), (90.0, 80.0)]


def call_ids() -> list[str]:
    return [f"c{k:02d}" for k in range(len(EMPATHY))]


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("calibration") / "callqa.duckdb"
    calls = []
    for k, call_id in enumerate(call_ids()):
        statuses = {"empathy": EMPATHY[k][0]}
        if k < len(GREETING):
            statuses["greeting"] = GREETING[k][0]
        if k in (5, 6):
            statuses["resolution"] = "passed"
        overall = OVERALL[k][0] if k < len(OVERALL) else 70.0
        calls.append(Call(call_id, statuses, overall=overall))
    build_store(db, calls)
    desk = Desk(db)
    review(desk, "c11", "empathy", "passed", at=MIDDLE)  # changed their mind later:
    for k, call_id in enumerate(call_ids()):
        review(desk, call_id, "empathy", EMPATHY[k][1])  # the latest review counts
        if k < len(GREETING):
            review(desk, call_id, "greeting", GREETING[k][1], at=EARLY)
        if k in (5, 6):
            review(desk, call_id, "resolution", "passed")
        if k < len(OVERALL):
            review(desk, call_id, None, None, score=OVERALL[k][1])
    review(desk, "c00", None, "passed")  # a later whole-call status, no score: c00 keeps 75
    review(desk, "c03", None, "failed")  # a status alone: nothing to compare the score with
    review(desk, "c07", "hold_time", "na")  # no automatic result for it
    return db


def report_of(db: Path, **options) -> CalibrationReport:
    with open_desk_reader(db) as con:
        return calibrate(con, **options)


def zeros() -> dict[str, int]:
    return {"passed": 0, "failed": 0, "na": 0}


def test_kappa_worked_on_paper() -> None:
    # 50 items: yes/yes 20, yes/no 5, no/yes 10, no/no 15 → p_o 0.7, p_e 0.5, κ 0.4
    pairs = [("y", "y")] * 20 + [("y", "n")] * 5 + [("n", "y")] * 10 + [("n", "n")] * 15
    assert cohen_kappa(pairs).value == pytest.approx(0.4)
    assert cohen_kappa([("a", "a"), ("b", "b")]).value == 1.0
    assert cohen_kappa([("a", "b"), ("b", "a")]).value == -1.0


def test_kappa_is_undefined_when_both_sides_never_vary() -> None:
    kappa = cohen_kappa([("passed", "passed")] * 4)
    assert kappa.value is None and "'passed'" in kappa.note
    assert cohen_kappa([]).value is None
    # one side constant: p_o = p_e, κ is exactly 0, and the note says why
    kappa = cohen_kappa([("passed", "passed")] * 3 + [("passed", "failed")])
    assert kappa.value == 0.0 and "automatic" in kappa.note


def test_per_criterion_figures(reviewed: Path) -> None:
    report = report_of(reviewed)
    assert [c.criterion_id for c in report.criteria] == ["empathy", "greeting", "resolution"]
    empathy, greeting, resolution = report.criteria

    assert (empathy.n, empathy.agreed, empathy.rubrics) == (20, 17, ["service@3"])
    assert empathy.agreement == pytest.approx(0.85)
    assert empathy.kappa == pytest.approx(32 / 47)
    assert empathy.confusion == {
        "passed": {"passed": 11, "failed": 2, "na": 0},
        "failed": {"passed": 1, "failed": 6, "na": 0},
        "na": zeros(),
        "unverifiable": zeros(),
    }
    assert MIN_REVIEWS == 20 and not empathy.too_few_reviews
    assert not empathy.low_kappa and not empathy.below_target

    assert (greeting.n, greeting.agreed) == (5, 3)
    assert greeting.kappa == pytest.approx(7 / 17)
    assert greeting.confusion == {
        "passed": {"passed": 2, "failed": 0, "na": 0},
        "failed": {"passed": 1, "failed": 0, "na": 0},
        "na": {"passed": 0, "failed": 0, "na": 1},
        "unverifiable": {"passed": 0, "failed": 1, "na": 0},
    }
    assert greeting.too_few_reviews and greeting.low_kappa and greeting.below_target

    assert (resolution.n, resolution.agreement, resolution.kappa) == (2, 1.0, None)
    assert "undefined" in resolution.kappa_note and not resolution.low_kappa

    assert report.unmatched_reviews == 1  # hold_time


def test_whole_call_figures(reviewed: Path) -> None:
    overall = report_of(reviewed).overall
    assert overall.n == 3
    assert overall.mean_abs_diff == pytest.approx(35 / 3)
    assert overall.within_10 == pytest.approx(2 / 3)
    assert overall.too_few_reviews


def test_since_keeps_the_judgements_made_from_that_day(reviewed: Path) -> None:
    report = report_of(reviewed, since=date(2026, 11, 10))
    assert [c.criterion_id for c in report.criteria] == ["empathy", "resolution"]
    assert report.criteria[0].n == 20  # c11's earlier review was superseded, not added
    assert report.since == date(2026, 11, 10)
    nothing = report_of(reviewed, since=date(2026, 11, 21))
    assert nothing.criteria == [] and nothing.overall.n == 0
    assert nothing.overall.mean_abs_diff is None


def test_a_review_is_compared_with_the_rubric_it_names_after_a_rescore(tmp_path: Path) -> None:
    db = tmp_path / "callqa.duckdb"
    build_store(db, [Call("x1", {"empathy": "failed"}, overall=40.0, level="fail")])
    desk = Desk(db)
    review(desk, "x1", "empathy", "failed")  # agrees with service@3
    review(desk, "x1", None, None, score=45.0)  # 5 points off service@3's 40
    rescore(db, [Call("x1", {"empathy": "passed"}, overall=90.0)], "service@4")

    (empathy,) = report_of(db).criteria
    assert (empathy.n, empathy.agreed, empathy.rubrics) == (1, 1, ["service@3"])
    assert empathy.confusion["failed"]["failed"] == 1
    assert report_of(db).overall.mean_abs_diff == pytest.approx(5.0)

    against_new = report_of(db, rubric="service@4")  # what the new version would have agreed
    (empathy,) = against_new.criteria
    assert (empathy.agreed, empathy.confusion["passed"]["failed"]) == (0, 1)
    assert against_new.overall.mean_abs_diff == pytest.approx(45.0)


def test_the_report_is_plain_json(reviewed: Path) -> None:
    data = json.loads(report_of(reviewed).model_dump_json())
    assert data["min_reviews"] == 20 and data["kappa_floor"] == 0.6
    assert data["criteria"][0]["confusion"]["failed"]["passed"] == 1
    assert data["overall"]["n"] == 3 and data["since"] is None


def command() -> typer.Typer:
    app = typer.Typer()
    app.command()(calibrate_command)
    app.command("other")(lambda: None)  # two commands: called by name, as in `callqa`
    return app


def invoke(*args: str):
    return CliRunner().invoke(command(), ["calibrate", *args], env={"COLUMNS": "160"})


def test_command_json(reviewed: Path) -> None:
    result = invoke("--db", str(reviewed), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [c["criterion_id"] for c in data["criteria"]] == ["empathy", "greeting", "resolution"]
    assert data["criteria"][1]["kappa"] == pytest.approx(7 / 17)
    assert data["overall"]["within_10"] == pytest.approx(2 / 3)


def test_command_table(reviewed: Path) -> None:
    result = invoke("--db", str(reviewed))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    (empathy,) = [line for line in lines if "empathy" in line]
    assert "20" in empathy and "85%" in empathy and "0.68" in empathy
    assert "too few" not in empathy and "κ <" not in empathy
    (greeting,) = [line for line in lines if "greeting" in line]
    assert "60%" in greeting and "0.41" in greeting
    assert "too few reviews" in greeting and "κ < 0.6" in greeting
    (resolution,) = [line for line in lines if "resolution" in line]
    assert "κ undefined: every call is 'passed' on both sides" in resolution
    assert (
        "whole call: n 3, mean difference 11.7 points, 67% within 10 points "
        "(too few reviews: under 20)"
    ) in result.stdout


def test_command_errors_are_one_line(tmp_path: Path, reviewed: Path) -> None:
    bad = invoke("--db", str(reviewed), "--since", "last week")
    assert bad.exit_code == 2
    assert bad.stderr == "error: --since 'last week': not a date (YYYY-MM-DD)\n"
    missing = tmp_path / "none.duckdb"
    gone = invoke("--db", str(missing))
    assert gone.exit_code == 3
    assert gone.stderr.startswith("error: ") and "no snapshot yet" in gone.stderr
    assert len(gone.stderr.splitlines()) == 1
    assert not desk_path(missing).exists()  # a mistyped --db leaves nothing behind
