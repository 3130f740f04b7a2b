"""Which of two diarized voices is the agent.

An agent opens the call with a formula ("thank you for calling…", "how can I help",
"компания …, здравствуйте") and on inbound calls usually speaks first. Both are
cheap and language-aware enough to label the two clusters of a mono recording.
"""

from __future__ import annotations

import re

AGENT_CUES = re.compile(
    "|".join(
        [
            r"thank(s| you) for (calling|holding|waiting)",
            r"how (can|may|could) i (help|assist)",
            r"this is \w+ (from|at|with|speaking)",
            r"welcome to",
            r"(could|can|may) i (have|get)",
            r"is there anything else",
            r"let me (check|look|see|pull)",
            r"i can help",
            r"have a (great|good|nice) day",
            r"for verification",
            r"bear with me",
            r"чем (я )?могу (вам )?помочь",
            r"меня зовут",
            r"компания",
            r"слушаю вас",
            r"спасибо (за|что) (звонок|обращение|позвонили|ожидание)",
            r"хорошего дня",
            r"kā (es )?varu (jums )?palīdzēt",
            r"mani sauc",
            r"paldies, ka zvanījāt",
            r"كيف (يمكنني|أستطيع) مساعدتك",
            r"شكرا (لاتصالك|على اتصالك)",
            r"معك",
        ]
    ),
    re.IGNORECASE,
)


def agent_score(texts_in_order: list[str], spoke_first: bool) -> float:
    """Cue hits in a speaker's first 12 turns, plus half a point for speaking first."""
    hits = sum(len(AGENT_CUES.findall(text)) for text in texts_in_order[:12])
    return hits + (0.5 if spoke_first else 0.0)


def pick_agent(texts_by_speaker: dict[int, list[str]], first_speaker: int | None) -> int | None:
    """The cluster that is the agent, or None when there is only one voice."""
    if len(texts_by_speaker) < 2:
        return None
    scores = {
        speaker: agent_score(texts, speaker == first_speaker)
        for speaker, texts in texts_by_speaker.items()
    }
    return max(scores, key=lambda speaker: scores[speaker])
