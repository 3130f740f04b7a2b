"""A small built-in call the scorer scores once when it loads a rubric (the dry run).

Whatever a rubric edit breaks that validation did not foresee surfaces then, as a
`RubricError` naming the file, not as a crash on the night's first real call. The call
exercises every path a criterion can take: opening and closing windows, an apology, a
complaint, a requested hold longer than 30 s, a fix, "anything else", a goodbye.
"""

from __future__ import annotations

from qa.transcript import AsrInfo, Segment, Transcript

_TURNS = [
    ("agent", 0.0, 4.0, "Good morning, thank you for calling, my name is Anna. How can I help?"),
    ("customer", 4.5, 9.0, "Hi. My internet has been down since yesterday and I'm really upset."),
    ("agent", 9.5, 14.0, "I am so sorry, I understand how upsetting that is. Your account number?"),
    ("customer", 14.5, 17.0, "Sure, it's four four one seven two."),
    ("agent", 17.5, 20.0, "Thank you. Please hold while I check the line."),
    ("agent", 55.0, 61.0, "Thanks for holding. There was a fault on the line; I reset it."),
    ("customer", 61.5, 64.0, "Yes, it's working again, thanks."),
    ("agent", 64.5, 67.0, "Is there anything else I can help you with today?"),
    ("customer", 67.5, 69.0, "No, that's all."),
    ("agent", 69.5, 73.0, "Thank you for calling, and feel free to call us again. Goodbye."),
]

PROBE = Transcript(
    call_id="rubric-probe",
    language="en",
    duration=74.0,
    layout="stereo",
    segments=[
        Segment(speaker=speaker, start=start, end=end, text=text, confidence=0.9)
        for speaker, start, end, text in _TURNS
    ],
    asr=AsrInfo(backend="faster-whisper", model="probe", compute_type="none"),
)
