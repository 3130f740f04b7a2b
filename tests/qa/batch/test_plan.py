"""Planning a run: each new recording once, stored and quarantined ones skipped."""

from __future__ import annotations

from pathlib import Path

from qa.batch.plan import plan_calls
from qa.intake.calls import CallSource
from qa.intake.inbox import InboxCall


def call(name: str, digest: str) -> InboxCall:
    path = Path(f"/inbox/{name}.wav")
    return InboxCall(CallSource(name, path), digest, [str(path)])


def test_known_recordings_are_skipped_and_new_ones_kept_in_order() -> None:
    calls = [call("a", "h1"), call("b", "h2"), call("c", "h3")]
    plan = plan_calls(calls, known_hashes={"h2"})
    assert [c.source.call_id for c in plan.todo] == ["a", "c"]
    assert plan.skipped == 1


def test_two_copies_in_one_inbox_are_done_once_the_first_found() -> None:
    calls = [call("a", "h1"), call("renamed_a", "h1"), call("b", "h2")]
    plan = plan_calls(calls, known_hashes=set())
    assert [c.source.call_id for c in plan.todo] == ["a", "b"]
    assert plan.skipped == 1


def test_nothing_new_plans_nothing() -> None:
    calls = [call("a", "h1"), call("b", "h2")]
    plan = plan_calls(calls, known_hashes={"h1", "h2", "h9"})
    assert plan.todo == [] and plan.skipped == 2
