"""Coaching notebook: who needs help, with what, and which calls to listen to.

    marimo edit notebooks/coaching.py -- --db callqa.duckdb      # interactive
    marimo export html notebooks/coaching.py -o coaching.html -- --db callqa.duckdb

It reads the published snapshot, so it is safe to open while a nightly run writes. The
queries are `qa/coaching/sql/*.sql`; the same SQL works in the DuckDB shell.
"""

import marimo

__generated_with = "0.25.2"
app = marimo.App(width="medium")


@app.cell
def _():
    import os

    import marimo as mo
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from qa.coaching import queries as coaching
    from qa.storage.snapshot import open_for_reading

    return coaching, mo, open_for_reading, os, plt


@app.cell
def _(coaching, mo, open_for_reading, os):
    db = mo.cli_args().get("db") or os.environ.get("CALLQA_DB", "callqa.duckdb")
    con = open_for_reading(db)
    rubric = coaching.latest_rubric(con)
    mo.stop(rubric is None, mo.md(f"**{db}** holds no scored calls yet: run `callqa run`."))
    return con, db, rubric


@app.cell
def _(db, mo, rubric):
    mo.md(f"# Coaching view\n\n`{db}`, scores under rubric **{rubric}**.")
    return


@app.cell
def _(coaching, con, mo, rubric):
    agents = coaching.agent_summary(con, rubric)
    mo.vstack(
        [
            mo.md("## Agents, weakest first"),
            mo.ui.table(agents.records(), selection=None, pagination=False),
        ]
    )
    return


@app.cell
def _(coaching, con, mo, plt, rubric):
    trend = coaching.weekly_trend(con, rubric)
    trend_figure, trend_axes = plt.subplots(figsize=(8, 3.5))
    for agent in sorted(set(trend.column("agent_id"))):
        weeks = [r for r in trend.records() if r["agent_id"] == agent]
        trend_axes.plot(
            [r["week"] for r in weeks], [r["overall"] for r in weeks], marker="o", label=agent
        )
    trend_axes.set_ylabel("mean overall (0-100)")
    trend_axes.set_ylim(0, 100)
    trend_axes.legend(loc="lower left", fontsize="small", ncols=4)
    trend_figure.autofmt_xdate()
    mo.vstack([mo.md("## Overall score by week"), trend_figure])
    return


@app.cell
def _(coaching, con, mo, plt, rubric):
    weakest = coaching.weakest_criteria(con, rubric)
    teams = sorted(set(weakest.column("team")))
    criteria_figure, criteria_axes = plt.subplots(
        1, len(teams), figsize=(4 * len(teams), 4), squeeze=False, sharex=True
    )
    for team, axes in zip(teams, criteria_axes[0], strict=True):
        rows = [r for r in weakest.records() if r["team"] == team][::-1]
        axes.barh([r["criterion_id"] for r in rows], [r["fail_rate"] for r in rows])
        axes.set_title(team)
        axes.set_xlim(0, 1)
        axes.set_xlabel("share of calls failed")
    criteria_figure.tight_layout()
    mo.vstack([mo.md("## Weakest criteria, by team"), criteria_figure])
    return


@app.cell
def _(coaching, con, mo, rubric):
    review = coaching.calls_to_review(con, rubric, limit=10)
    mo.vstack(
        [
            mo.md("## Calls to listen to: auto-fails, then the lowest scores"),
            mo.ui.table(review.records(), selection=None, pagination=False),
        ]
    )
    return


if __name__ == "__main__":
    app.run()
