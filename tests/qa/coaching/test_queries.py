"""The coaching queries on a real DuckDB store of scored calls."""

from __future__ import annotations

from pathlib import Path

from qa.coaching import queries as coaching
from qa.storage.snapshot import open_for_reading


def test_agents_are_summarised_weakest_first(coaching_db: Path) -> None:
    con = open_for_reading(coaching_db)
    rubric = coaching.latest_rubric(con)
    agents = coaching.agent_summary(con, rubric).records()
    assert sorted(a["agent_id"] for a in agents) == ["agent-0", "agent-1", "agent-2"]
    assert sum(a["calls"] for a in agents) == 8
    overall = [a["overall"] for a in agents]
    assert overall == sorted(overall) and all(0 <= x <= 100 for x in overall)


def test_weekly_trend_has_a_point_per_agent_and_week(coaching_db: Path) -> None:
    con = open_for_reading(coaching_db)
    trend = coaching.weekly_trend(con, coaching.latest_rubric(con))
    assert len(trend.rows) == 3  # each agent's calls fall in one week of their own
    assert sum(trend.column("calls")) == 8


def test_weakest_criteria_rates_leave_out_na(coaching_db: Path) -> None:
    con = open_for_reading(coaching_db)
    rows = coaching.weakest_criteria(con, coaching.latest_rubric(con)).records()
    assert {r["team"] for r in rows} == {"north", "south"}
    assert all(0 <= r["fail_rate"] <= 1 and r["judged"] > 0 for r in rows)
    assert "hold_time" not in {r["criterion_id"] for r in rows}  # no hold: always N/A


def test_auto_failed_calls_come_first_to_review_with_their_quotes(coaching_db: Path) -> None:
    con = open_for_reading(coaching_db)
    review = coaching.calls_to_review(con, coaching.latest_rubric(con), limit=8).records()
    failed = [r["call_id"] for r in review if r["auto_failed"]]
    assert sorted(failed) == ["ar03", "en03"]  # the two rude agents who fixed the problem
    assert [r["call_id"] for r in review[: len(failed)]] == failed
    assert all(r["failed_criterion"] and r["quote"] for r in review[: len(failed)])
    rest = [r["overall"] for r in review[len(failed) :]]
    assert rest == sorted(rest)


def test_a_call_with_nothing_to_judge_is_left_out_of_the_averages(tmp_path: Path) -> None:
    from qa.scoring.scorer import load_scorer
    from qa.storage.store import Store
    from qa.transcript import Transcript

    eval_dir = Path(__file__).resolve().parents[3] / "evaluation" / "transcripts"
    spoken = Transcript.model_validate_json((eval_dir / "en01.json").read_text("utf-8"))
    silent = spoken.model_copy(update={"call_id": "silence", "segments": []})
    scorer = load_scorer()
    db = tmp_path / "qa.duckdb"
    store = Store(db)
    store.start_run("r", "inbox", None, "base", scorer.rubric.id)
    for transcript, digest in ((spoken, "h1"), (silent, "h2")):
        meta = {"agent_id": "A1", "agent_name": "Ann", "team": "north"}
        card = scorer.score(transcript)
        store.write_call(transcript, card, meta, digest, [f"{digest}.wav"], "r")
    store.close()
    con = open_for_reading(db)
    (row,) = coaching.agent_summary(con, scorer.rubric.id).records()
    status = con.execute("SELECT status, overall FROM scorecards WHERE call_id = 'silence'")
    assert status.fetchone() == ("no_conversation", None)
    con.close()
    assert row["calls"] == 1 and row["overall"] == round(scorer.score(spoken).overall, 1)
