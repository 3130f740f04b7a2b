"""Criterion reasons in plain words: what the rubric looked for, what was found, and where.

A QA lead reads these beside the quoted evidence, so each names the criterion by the
rubric's own title (in whatever language the rubric is written; the sentences around it
are English), gives times as m:ss and every deciding number with the mark it was held to,
and never the scorer's internal names. Only text is made here; nothing is decided.
"""

from __future__ import annotations

from collections.abc import Sequence

from qa.scoring.rubric import Criterion
from qa.scoring.timing import SILENT_HOLD_S, Hold
from qa.transcript import Segment

TITLE_CHARS = 80  # a longer rubric title is cut, so a reason stays about two short sentences
CLOSELY = 0.9  # a match at least this strong is said to match "closely"
WHOSE = {"agent": "the agent's", "customer": "the customer's"}
NOTHING_SAID = "The agent said nothing to judge."
STATUS_WORDS = {
    "pending": "pending (a fix promised for later), not resolved",
    "escalated": "escalated (handed on to someone else), not resolved",
    "unresolved": "not resolved",
}


def clock(seconds: float) -> str:
    """m:ss from the start of the call (minutes run past 59 rather than adding hours)."""
    whole = max(0, int(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def held_to(value: float, mark: float, digits: int = 2) -> tuple[str, str]:
    """Both numbers with enough digits that a value just under its mark does not print as
    equal to it (0.496 against 0.5 reads 0.496 and 0.500, not 0.50 and 0.50)."""
    for places in range(digits, digits + 3):
        shown = f"{value:.{places}f}", f"{mark:.{places}f}"
        if shown[0] != shown[1] or value == mark:
            return shown
    return f"{value:.{digits + 2}f}", f"{mark:.{digits + 2}f}"


def _marked(label: str, value: float, mark: float, mark_label: str = "pass mark") -> str:
    shown, limit = held_to(value, mark)
    return f"({label} {shown}, {mark_label} {limit})"


def title(criterion: Criterion) -> str:
    text = " ".join(criterion.title.split())
    return text if len(text) <= TITLE_CHARS else text[: TITLE_CHARS - 1].rstrip() + "…"


def _whose(speaker: str) -> str:
    return WHOSE.get(speaker, "the call's")


def _where(criterion: Criterion) -> str:
    whose, n = _whose(criterion.speaker), criterion.window.turns
    turns = "turn" if n == 1 else f"{n} turns"
    if criterion.window.part == "opening":
        return f" in {whose} first {turns}"
    if criterion.window.part == "closing":
        return f" in {whose} last {turns}"
    return f" in {whose} turns"


def looked_for(criterion: Criterion, where: bool = False) -> str:
    return f"Looked for “{title(criterion)}”{_where(criterion) if where else ''}."


def _times(segments: Sequence[Segment]) -> str:
    stamps = list(dict.fromkeys(clock(s.start) for s in segments))
    return stamps[0] if len(stamps) == 1 else ", ".join(stamps[:-1]) + " and " + stamps[-1]


def _turns(segments: Sequence[Segment]) -> str:
    """`the agent's turn at 0:14`, `the turns at 0:46 and 0:54`."""
    speakers = {s.speaker for s in segments}
    whose = _whose(speakers.pop()) if len(speakers) == 1 else "the"
    whose = "the" if whose == "the call's" else whose
    plural = "s" if len(segments) > 1 else ""
    return f"{whose} turn{plural} at {_times(segments)}"


# --- exemplar criteria: the best-matching turn in the criterion's window ---------------


def matched(criterion: Criterion, turn: Segment, score: float) -> str:
    numbers = _marked("score", score, criterion.threshold)
    if score >= criterion.threshold:
        how = " closely" if score >= CLOSELY else ""
        found = f"Found at {clock(turn.start)}: {_whose(turn.speaker)} turn matches it{how}"
        return f"{looked_for(criterion, where=True)} {found} {numbers}."
    nearest = f"{_whose(turn.speaker)} nearest turn, at {clock(turn.start)}, falls short of it"
    return f"{looked_for(criterion, where=True)} {nearest[0].upper()}{nearest[1:]} {numbers}."


def nobody_spoke(criterion: Criterion) -> str:
    return f"{looked_for(criterion, where=True)} There were no such turns to judge."


# --- statuses that are no verdict ------------------------------------------------------


def unheard(criterion: Criterion, turns: Sequence[Segment], min_confidence: float) -> str:
    best = max(s.confidence for s in turns)
    numbers = _marked("ASR confidence", best, min_confidence, "needs")
    verb = "were" if len(turns) > 1 else "was"
    return (
        f"Unverifiable: {_turns(turns)} that decide{'' if len(turns) > 1 else 's'} "
        f"“{title(criterion)}” {verb} heard too badly to judge {numbers}."
    )


def no_conversation(why: str) -> str:
    return f"Unverifiable: there was no conversation to judge ({why})."


def no_hold() -> str:
    return (
        "Not applicable: there was no hold in the call "
        f"(no hold request and no silence over {SILENT_HOLD_S:.0f} s)."
    )


def no_complaint(most_negative: float, complaint_at: float) -> str:
    numbers = _marked("most upset", most_negative, complaint_at, "complaint at")
    return (
        "Not applicable: the customer raised no problem; no customer turn sounded upset "
        f"enough to be a complaint {numbers}."
    )


# --- the timing criterion ---------------------------------------------------------------


def hold(criterion: Criterion, longest: Hold, limit: float) -> str:
    lasted, most = held_to(longest.duration, limit, digits=0)
    verdict = "within" if longest.duration <= limit else "over"
    span = f"{clock(longest.start)}–{clock(longest.end)}"
    return (
        f"{looked_for(criterion)} The longest hold, {span}, lasted {lasted} s, "
        f"{verdict} the {most} s limit."
    )


# --- call-level judgements: the finding a classifier criterion states -----------------


def judged(criterion: Criterion, finding: str) -> str:
    return f"{looked_for(criterion)} {finding}"


def empathy(level: int, score: float, genuine_at: float, turn: Segment | None) -> str:
    if turn is None:
        return NOTHING_SAID
    numbers, at = _marked("score", score, genuine_at), clock(turn.start)
    if level == 2:
        return f"Found at {at}: the agent's words read as genuine empathy {numbers}."
    if level == 1:
        return f"At {at} the agent's empathy sounds formulaic, not genuine {numbers}."
    shown, mark = held_to(score, genuine_at)
    return (
        f"No agent turn reads as empathy; the nearest, at {at}, scores {shown} (pass mark {mark})."
    )


def resolution(status: str, likelihood: float, mark: float, turns: Sequence[Segment]) -> str:
    source = f"from {_turns(turns)}" if turns else "from the call's closing turns"
    numbers = _marked("resolved likelihood", likelihood, mark)
    if status == "resolved":
        return f"Judged resolved, {source} {numbers}."
    return f"Judged {STATUS_WORDS.get(status, f'{status}, not resolved')}, {source} {numbers}."


def tone(
    rude: bool,
    worst: tuple[float, Segment] | None,
    rude_at: float,
    sure_at: float,
    leaning: tuple[int, int, float],
    courteous: Segment | None,
) -> str:
    """`worst`: the rudest agent sentence's score and turn; `leaning`: how many of the
    agent's sentences reach `rude_at`, of how many, and the share that makes a borderline
    sentence count; `courteous`: the friendliest turn, the one quoted when none is rude."""
    if worst is None:
        return NOTHING_SAID
    score, turn = worst
    at = clock(turn.start)
    if rude:
        numbers = _marked("rudeness", score, rude_at, "fails at")
        return f"Found at {at}: an agent sentence reads as dismissive or rude {numbers}."
    best = f"; most courteous turn at {clock(courteous.start)}" if courteous else ""
    if score < rude_at:
        numbers = _marked("worst rudeness", score, rude_at, "fails at")
        return f"No agent sentence reads as rude {numbers}{best}."
    count, total, share = leaning
    shown, sure = held_to(score, sure_at)
    return (
        f"Only {count} of {total} agent sentences {'leans' if count == 1 else 'lean'} rude "
        f"(worst {shown} at {at}): "
        f"under the sure mark {sure} and under {share:.0%} of sentences{best}."
    )
