"""The calibration sample on a real store: who gets picked, in what proportion, why, and
that the draw is the same on every run and never picks a call twice."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from qa.cli.calibrate import calibrate as calibrate_command
from qa.review.desk import Desk, open_desk_reader
from qa.review.sampling import (
    allocate,
    calibration_queue,
    candidates,
    low_confidence_count,
    queue_sample,
)
from tests.qa.review.stores import Call, build_store, review

ANNA, BORIS = "Anna Berzina", "Boris Ozols"
QUEUED_BEFORE = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)


def the_calls() -> list[Call]:
    anna_satisfy = [Call(f"a{k}", level="satisfy", agent=ANNA) for k in range(1, 7)]
    anna_satisfy[2].resolution_confidence = 0.41  # a3: the resolution decision was unsure
    return [
        *anna_satisfy,
        Call("a7", level="exceed", agent=ANNA),
        Call("a8", level="exceed", agent=ANNA),
        Call("b1", level="satisfy", agent=BORIS),
        Call("b2", level="satisfy", agent=BORIS, resolution_confidence=0.8, asr_confidence=0.35),
        Call("b3", level="satisfy", agent=BORIS),
        Call("b4", level="fail", agent=BORIS, started_at="2026-10-01T10:00:00+00:00"),
        # never picked: nothing to judge, reviewed already, queued already
        Call("n1", agent=BORIS, nothing_to_judge=True, resolution_confidence=0.0),
        Call("r1", level="satisfy", agent=ANNA, resolution_confidence=0.1),
        Call("q1", level="satisfy", agent=ANNA, resolution_confidence=0.1),
        Call("q2", level="satisfy", agent=ANNA, resolution_confidence=0.1),
    ]


PICKABLE = {f"a{k}" for k in range(1, 9)} | {f"b{k}" for k in range(1, 5)}


def build(db: Path, calls: list[Call]) -> Path:
    build_store(db, calls)
    desk = Desk(db)
    review(desk, "r1", "empathy", "passed")
    review(desk, "q1", None, None, score=50.0, at=datetime(2026, 10, 1, tzinfo=UTC))
    for call_id in ("q1", "q2"):
        row = {"sample_id": "earlier", "call_id": call_id, "rubric": "service@3"}
        desk.add("queue_for_calibration", row | {"why": "by hand", "added_at": QUEUED_BEFORE})
    return db


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return build(tmp_path / "callqa.duckdb", the_calls())


def by_hash(call_ids: list[str]) -> list[str]:
    return sorted(call_ids, key=lambda c: hashlib.sha256(c.encode()).hexdigest())


def test_allocation_is_proportional_with_one_per_stratum() -> None:
    # 12 calls, 6 draws: quotas 3, 1, 1.5, 0.5; one each, then the two left go where the
    # quota is furthest ahead of what was given: A (2 ahead), then A again (1 vs C's 0.5)
    assert allocate({"A": 6, "B": 2, "C": 3, "D": 1}, 6) == {"A": 3, "B": 1, "C": 1, "D": 1}
    # 12 calls, 10 draws: quotas 1.67 and 8.33 → B fills to 8 (0.33 short), then A to 2
    assert allocate({"A": 2, "B": 10}, 10) == {"A": 2, "B": 8}
    # fewer draws than strata: the largest strata get one
    assert allocate({"A": 5, "B": 3, "C": 1}, 2) == {"A": 1, "B": 1, "C": 0}
    # more draws than calls: every call, no stratum over its size
    assert allocate({"A": 1, "B": 2}, 9) == {"A": 1, "B": 2}
    assert allocate({"A": 4}, 0) == {"A": 0}


def test_about_a_fifth_are_the_least_confident() -> None:
    assert [low_confidence_count(n) for n in (1, 2, 3, 7, 8, 12, 13, 100)] == [
        0, 0, 1, 1, 2, 2, 3, 20
    ]  # fmt: skip


def test_candidates_leave_out_what_there_is_no_point_reviewing(store: Path) -> None:
    with open_desk_reader(store) as con:
        found = {c.call_id: c for c in candidates(con)}
        recent = {c.call_id for c in candidates(con, since=date(2026, 11, 1))}
    assert set(found) == PICKABLE  # not n1 (no conversation), r1 (reviewed), q1, q2 (queued)
    assert recent == PICKABLE - {"b4"}
    # confidence: the lower of the resolution decision's and the mean segment confidence
    assert found["a3"].confidence == pytest.approx(0.41)
    assert found["b2"].confidence == pytest.approx(0.35)
    assert found["a1"].confidence == pytest.approx(0.9)
    assert found["b1"].stratum == ("id-boris", "satisfy")


def test_a_sample_is_stratified_plus_the_least_confident(store: Path) -> None:
    sample = queue_sample(store, 7)
    assert sample.requested == 7 and sample.candidates == 12
    # 1 of 7 (a fifth, rounded) is the least confident: b2 (0.35). The other 6 over the 11
    # left: Anna·satisfy 6, Anna·exceed 2, Boris·satisfy 2, Boris·fail 1 → quotas 3.27,
    # 1.09, 1.09, 0.55 → one each, then both left to Anna·satisfy: 3, 1, 1, 1.
    expected = [("b2", "low confidence 0.35")]
    expected += [(c, f"agent {ANNA} · level exceed") for c in by_hash(["a7", "a8"])[:1]]
    anna = by_hash(["a1", "a2", "a3", "a4", "a5", "a6"])[:3]
    expected += [(c, f"agent {ANNA} · level satisfy") for c in anna]
    expected += [("b4", f"agent {BORIS} · level fail")]
    expected += [(c, f"agent {BORIS} · level satisfy") for c in by_hash(["b1", "b3"])[:1]]
    assert [(p.call_id, p.why) for p in sample.picks] == expected
    assert [p.kind for p in sample.picks] == ["low_confidence"] + ["stratum"] * 6
    assert {p.rubric for p in sample.picks} == {"service@3"}

    with open_desk_reader(store) as con:
        queued = con.execute(
            "SELECT call_id, why FROM desk.calibration_queue WHERE sample_id = ?",
            [sample.sample_id],
        ).fetchall()
    assert sorted(queued) == sorted(expected)


def test_the_draw_is_the_same_on_every_run_and_never_picks_a_call_twice(
    store: Path, tmp_path: Path
) -> None:
    again = build(tmp_path / "again" / "callqa.duckdb", list(reversed(the_calls())))
    first, same = queue_sample(store, 7), queue_sample(again, 7)
    assert first.sample_id != same.sample_id
    assert [(p.call_id, p.why) for p in first.picks] == [(p.call_id, p.why) for p in same.picks]

    rest = queue_sample(store, 100)
    assert len(rest.picks) == 5 and rest.requested == 100
    assert {p.call_id for p in first.picks} | {p.call_id for p in rest.picks} == PICKABLE
    assert not {p.call_id for p in first.picks} & {p.call_id for p in rest.picks}
    empty = queue_sample(store, 3)
    assert empty.picks == [] and empty.sample_id is None and empty.candidates == 0


def test_the_queue_says_which_calls_have_since_been_reviewed(store: Path) -> None:
    sample = queue_sample(store, 3)
    done = sample.picks[1].call_id
    review(Desk(store), done, "empathy", "failed", at=datetime.now(UTC))
    with open_desk_reader(store) as con:
        queue = calibration_queue(con)
        only = calibration_queue(con, sample.sample_id)
    assert [q.sample_id for q in queue] == [sample.sample_id] * 3 + ["earlier"] * 2
    assert {q.call_id: q.reviewed for q in only} == {
        p.call_id: p.call_id == done for p in sample.picks
    }
    # q1's review is older than its place in the queue: not "since been reviewed"
    assert [(q.call_id, q.reviewed) for q in queue[3:]] == [("q1", False), ("q2", False)]
    assert json.loads(only[0].model_dump_json())["reviewed"] in (True, False)


def invoke(*args: str):
    app = typer.Typer()
    app.command()(calibrate_command)
    app.command("other")(lambda: None)
    return CliRunner().invoke(app, ["calibrate", *args], env={"COLUMNS": "160"})


def test_command_sample(store: Path) -> None:
    result = invoke("--db", str(store), "--sample", "3", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["requested"] == 3 and data["candidates"] == 12
    # 1 of 3 is the least confident; the other 2 go to the two largest strata left
    # (Anna·satisfy 6; then Anna·exceed and Boris·satisfy tie at 2, the smaller key wins)
    assert [(p["kind"], p["why"]) for p in data["picks"]] == [
        ("low_confidence", "low confidence 0.35"),
        ("stratum", f"agent {ANNA} · level exceed"),
        ("stratum", f"agent {ANNA} · level satisfy"),
    ]

    table = invoke("--db", str(store), "--sample", "20")
    assert table.exit_code == 0, table.output
    rows = [line.split("│")[1:4] for line in table.stdout.splitlines() if line.startswith("│")]
    picked = {call.strip() for call, _, _ in rows}
    assert picked == PICKABLE - {p["call_id"] for p in data["picks"]}
    assert {rubric.strip() for _, rubric, _ in rows} == {"service@3"}
    assert "queued 9 calls for review (asked for 20" in table.stdout

    refused = invoke("--db", str(store), "--sample", "0")
    assert refused.exit_code == 2
    assert refused.stderr == "error: --sample must be 1 or more, not 0\n"
