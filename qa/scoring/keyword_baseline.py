"""The plain keyword baseline: the rubric's cue lists alone, no model.

The evaluation reports it beside the model on the same held-out calls: if the model
cannot beat counting phrases, the machinery is not earning its keep.
"""

from __future__ import annotations

from dataclasses import dataclass

from qa.scoring.rubric import Rubric
from qa.transcript import Transcript

CLOSING_TURNS = 4


@dataclass(frozen=True)
class KeywordJudgement:
    empathy_hits: int
    resolved_hits: int
    rude_hits: int

    @property
    def empathy_level(self) -> int:
        return 2 if self.empathy_hits else 0

    @property
    def resolved(self) -> bool:
        return self.resolved_hits > 0

    @property
    def agent_negative(self) -> bool:
        return self.rude_hits > 0


def judge(transcript: Transcript, rubric: Rubric) -> KeywordJudgement:
    language = transcript.language
    agent = [s.text for s in transcript.segments if s.speaker == "agent"]
    closing = [s.text for s in transcript.segments[-CLOSING_TURNS:]]

    def hits(head: str, cls: str, texts: list[str]) -> int:
        patterns = rubric.heads[head].cue_patterns(language, cls) or []
        return sum(bool(p.search(t)) for p in patterns for t in texts)

    return KeywordJudgement(
        empathy_hits=hits("empathy", "genuine", agent),
        resolved_hits=hits("resolution", "resolved", closing),
        rude_hits=hits("agent_tone", "negative", agent),
    )
