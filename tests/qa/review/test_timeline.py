"""The call timeline as inline SVG: well-formed, one clickable bar per turn, holds and
overtalk where the timing rules find them, escaped text, and the sentiment's direction."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest

from qa.review.timeline import TimelineOptions, clock, timeline_svg
from qa.transcript import AsrInfo, Segment, Transcript
from tests.conftest import SAMPLE_CALLS

SVG = "{http://www.w3.org/2000/svg}"


def transcript(segments: list[Segment], duration: float | None = None) -> Transcript:
    return Transcript(
        call_id="C-1",
        language="en",
        duration=duration if duration is not None else max(s.end for s in segments) + 1,
        layout="stereo",
        segments=segments,
        asr=AsrInfo(backend="faster-whisper", model="base", compute_type="int8"),
    )


def seg(speaker: str, start: float, end: float, text: str = "words here") -> Segment:
    return Segment(speaker=speaker, start=start, end=end, text=text, confidence=0.9)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def of_kind(root: ET.Element, kind: str) -> list[ET.Element]:
    return [e for e in root.iter() if kind in e.get("class", "").split()]


def title_of(element: ET.Element) -> str:
    found = element.find(f"{SVG}title")
    assert found is not None and found.text
    return found.text


@pytest.fixture(scope="module")
def long_hold() -> Transcript:
    """The bundled sample call with a hold, from its script's turn times."""
    meta = json.loads((SAMPLE_CALLS / "en_long_hold.json").read_text(encoding="utf-8"))
    turns = [seg(t["speaker"], t["start"], t["end"], t["text"]) for t in meta["reference"]]
    return transcript(turns, duration=87.43)


def test_one_bar_per_turn_per_speaker_with_its_start(long_hold: Transcript) -> None:
    root = parse(timeline_svg(long_hold))
    assert root.tag == f"{SVG}svg" and root.get("viewBox") == "0 0 1000 " + root.get("height")
    for speaker in ("agent", "customer"):
        bars = of_kind(root, speaker)
        turns = long_hold.turns(speaker)
        assert len(bars) == len(turns) > 0
        assert [float(b.get("data-start")) for b in bars] == pytest.approx(
            [t.start for t in turns], abs=0.005
        )
        assert all(b.tag == f"{SVG}rect" for b in bars)
        assert all(title_of(b).startswith(speaker.capitalize()) for b in bars)
    assert of_kind(root, "unknown") == []  # no lane for a speaker nobody was


def test_a_requested_hold_is_a_span(long_hold: Transcript) -> None:
    """The sample's agent says "Please hold" at 28.6 s and is back at 64.6 s."""
    (hold,) = of_kind(parse(timeline_svg(long_hold)), "hold")
    assert float(hold.get("data-start")) == pytest.approx(28.59)
    assert float(hold.get("data-end")) == pytest.approx(64.59)
    assert "over-limit" in hold.get("class").split()  # 36 s against the rubric's 30 s
    assert "requested hold" in title_of(hold)


def test_forty_second_gap_after_please_hold() -> None:
    call = transcript(
        [
            seg("agent", 0, 4, "Hello, how can I help?"),
            seg("customer", 5, 9, "My order is late."),
            seg("agent", 10, 13, "Please hold while I check that."),
            seg("agent", 53, 57, "Thanks for waiting, it ships today."),
        ]
    )
    svg = timeline_svg(call, options=TimelineOptions(hold_limit_s=60))
    (hold,) = of_kind(parse(svg), "hold")
    assert (float(hold.get("data-start")), float(hold.get("data-end"))) == (13.0, 53.0)
    assert "over-limit" not in hold.get("class").split()
    assert title_of(hold) == "Hold 0:13–0:53: 40 s requested hold"


def test_overtalk_is_marked_where_both_speak() -> None:
    call = transcript([seg("agent", 0, 4), seg("customer", 3, 5), seg("agent", 6, 10)])
    (overtalk,) = of_kind(parse(timeline_svg(call)), "overtalk")
    assert (float(overtalk.get("data-start")), float(overtalk.get("data-end"))) == (3.0, 4.0)


def test_untrusted_text_is_escaped() -> None:
    nasty = '<script>alert(1)</script> "><img src=x onerror=alert(2)> & \x07'
    call = transcript([seg("agent", 0, 2, "Hi."), seg("customer", 2.5, 6, nasty)])
    call = call.model_copy(update={"call_id": "<b>C&1</b>"})
    svg = timeline_svg(call)
    assert "<script" not in svg and "<img" not in svg and "<b>" not in svg
    assert "&lt;script&gt;" in svg
    root = parse(svg)
    (bar,) = of_kind(root, "customer")
    assert '<script>alert(1)</script> "><img src=x onerror=alert(2)> &' in title_of(bar)
    assert title_of(root) == "Timeline of call <b>C&1</b>"
    assert not [e for e in root.iter() if e.tag.endswith(("script", "foreignObject", "style"))]


def test_rising_sentiment_ends_above_where_it_starts() -> None:
    call = transcript([seg("agent", 0, 2), seg("customer", 3, 60), seg("agent", 61, 90)])
    points = [(3.0, 10.0, -0.8), (20.0, 30.0, -0.1), (40.0, 60.0, 0.7)]
    root = parse(timeline_svg(call, points))
    (path,) = of_kind(root, "sentiment")
    ys = [float(y) for y in re.findall(r"[ML][\d.]+ ([\d.]+)", path.get("d"))]
    assert len(ys) == 3
    assert ys[0] > ys[-1]  # SVG y grows downwards: the first point is drawn below the last
    dots = of_kind(root, "sentiment-point")
    assert [float(d.get("data-start")) for d in dots] == [3.0, 20.0, 40.0]


def test_no_sentiment_panel_unless_asked(long_hold: Transcript) -> None:
    without, empty = parse(timeline_svg(long_hold)), parse(timeline_svg(long_hold, []))
    assert of_kind(without, "sentiment-panel") == []
    assert of_kind(empty, "sentiment-panel") and of_kind(empty, "sentiment") == []
    assert int(empty.get("height")) > int(without.get("height"))


def test_axis_ticks_read_minutes_and_seconds() -> None:
    call = transcript([seg("agent", 0, 5), seg("customer", 6, 9)], duration=245.4)
    texts = [t.text for t in parse(timeline_svg(call)).iter(f"{SVG}text")]
    assert {"0:00", "1:00", "2:00", "4:00"} <= set(texts)
    assert clock(75) == "1:15" and clock(3725) == "1:02:05"


def test_unknown_speaker_gets_its_own_lane() -> None:
    call = transcript([seg("agent", 0, 2), seg("unknown", 3, 5), seg("customer", 6, 8)])
    assert len(of_kind(parse(timeline_svg(call)), "unknown")) == 1
