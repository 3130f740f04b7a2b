"""Whether a call holds a conversation to judge at all, and if not, what was heard.

An empty call, one where only one party speaks (hold music the guards dropped, a customer
who hung up before the agent answered, a mono recording whose voices could not be told
apart) or a mere exchange of hellos is not a failed call: scored, it got overall 19.1 and
level `fail` and dragged the agent's averages down. Such a call is `no_conversation`.
"""

from __future__ import annotations

from qa.transcript import Transcript

# Fewer words than this in the whole call is no conversation. The shortest labelled
# evaluation call has 20 (lv09, ru35: a greeting, a request, a fix, thanks); a greeting
# exchange alone ("Good morning, how can I help?" / "Hi, yes.") has about 8. Half the
# shortest real conversation leaves room for neither a request nor an answer.
MIN_WORDS = 10


def no_conversation_reason(transcript: Transcript) -> str | None:
    """Why there is nothing to judge, in a phrase; None when there is a conversation.

    In this order: no segments; no segment given to the agent or the customer; one party
    only; fewer than MIN_WORDS words (split on whitespace, every segment counted).
    """
    segments = transcript.segments
    if not segments:
        return "no speech was heard"
    speakers = {s.speaker for s in segments}
    if speakers == {"unknown"}:
        return "no turn could be given to the agent or the customer"
    if "customer" not in speakers:
        return "only the agent spoke"
    if "agent" not in speakers:
        return "only the customer spoke"
    words = sum(len(s.text.split()) for s in segments)
    if words < MIN_WORDS:
        return f"only {words} words were heard (fewer than {MIN_WORDS})"
    return None
