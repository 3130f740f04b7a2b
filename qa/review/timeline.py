"""A picture of one call for the review page: who spoke when, holds, overtalk, and how the
customer's mood went, as one inline SVG string.

Inline SVG needs no asset route, no script and no network, and the page styles and wires
it like any other markup: every bar and span carries a CSS class for its kind (`agent`,
`customer`, `unknown`, `hold`, `overtalk`, `sentiment`), `data-start`/`data-end` in
seconds for the page's click-to-seek script, and a `<title>` that browsers show on hover.
Colours are presentation attributes, so the page's CSS overrides them, and no `<style>`
element leaks rules into the page. They come from the Okabe–Ito palette, readable with
every common colour-vision deficiency; holds are also hatched and overtalk has its own
strip, so nothing depends on colour alone.

Holds and overtalk are found by `qa.scoring.timing`, the code that computed the stored
metrics from the same segments, so the picture and the numbers cannot disagree. All text
(the transcript is untrusted: customers say anything, ASR writes anything) is escaped.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from qa.scoring.timing import Hold, find_holds, overtalk_spans
from qa.transcript import Segment, Transcript

SentimentPoint = tuple[float, float, float]  # (start s, end s, value −1 … 1)

AGENT, CUSTOMER, UNKNOWN = "#0072B2", "#E69F00", "#999999"  # Okabe–Ito
OVERTALK, HOLD, SENTIMENT, INK, GRID = "#D55E00", "#CC79A7", "#009E73", "#333333", "#E3E3E3"
_NOT_XML = re.compile(r"[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
_TICK_STEPS = (5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600)


@dataclass(frozen=True)
class TimelineOptions:
    """Geometry and limits; `id_prefix` keeps the hatch pattern's id unique on a page."""

    width: int = 1000
    hold_limit_s: float = 30.0  # the rubric's hold limit: longer holds are outlined
    id_prefix: str = "timeline"
    title_chars: int = 240  # a hover title quotes at most this much of a turn
    max_ticks: int = 12


@dataclass(frozen=True)
class _Frame:
    """Where things go: time to x, and the rows' y positions."""

    left: float
    right: float
    seconds: float

    def x(self, t: float) -> float:
        t = min(max(t, 0.0), self.seconds)
        return self.left + t / self.seconds * (self.right - self.left)


_LANE_H, _LANE_GAP, _TOP = 22, 8, 30
_LABEL_W = 92


def timeline_svg(
    transcript: Transcript,
    sentiment: Sequence[SentimentPoint] | None = None,
    options: TimelineOptions = TimelineOptions(),
) -> str:
    """The call as an SVG string: a lane per speaker, holds, overtalk, an m:ss axis and,
    when `sentiment` is given (None: no panel), the customer's sentiment from −1 to +1."""
    if not _ID.fullmatch(options.id_prefix):
        raise ValueError(f"id_prefix {options.id_prefix!r} is not an XML id")
    segments = sorted(transcript.segments, key=lambda s: s.start)
    end = max([transcript.duration, *(s.end for s in segments), 1.0])
    frame = _Frame(_LABEL_W, options.width - 16, end)
    speakers = ["agent", "customer"] + (["unknown"] if _has_unknown(segments) else [])
    lanes = {name: _TOP + i * (_LANE_H + _LANE_GAP) for i, name in enumerate(speakers)}
    lanes_bottom = _TOP + len(speakers) * (_LANE_H + _LANE_GAP) - _LANE_GAP
    axis_y = lanes_bottom + 10
    height = axis_y + 26 + (112 if sentiment is not None else 0)
    hatch = f"{options.id_prefix}-hatch"

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="call-timeline" role="img" '
        f'width="{options.width}" height="{height}" viewBox="0 0 {options.width} {height}" '
        f'style="max-width:100%;height:auto" font-family="system-ui, sans-serif" '
        f'font-size="12" fill="{INK}">',
        f"<title>{_text(f'Timeline of call {transcript.call_id}')}</title>",
        f'<defs><pattern id="{hatch}" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#F7E9F1"/>'
        f'<rect width="2.5" height="6" fill="{HOLD}"/></pattern></defs>',
    ]
    shaky = any("low_confidence" in s.flags for s in segments)
    parts += _legend(hatch, sentiment is not None, shaky)
    parts += _grid(frame, _TOP - 4, lanes_bottom + 4, axis_y, options.max_ticks)
    parts += _holds(find_holds(segments), frame, _TOP - 4, lanes_bottom + 4, hatch, options)
    for name, y in lanes.items():
        parts.append(_label(name.capitalize(), y + _LANE_H / 2))
        parts += [_bar(s, frame, y, options) for s in segments if s.speaker == name]
    strip_y = lanes["agent"] + _LANE_H + 1
    parts += [_overtalk(span, frame, strip_y) for span in overtalk_spans(segments)]
    if sentiment is not None:
        parts += _sentiment(sentiment, frame, axis_y + 52)
    parts.append("</svg>")
    return "\n".join(parts)


def _has_unknown(segments: list[Segment]) -> bool:
    return any(s.speaker == "unknown" for s in segments)


def _legend(hatch: str, with_sentiment: bool, shaky: bool) -> list[str]:
    items = [
        (f'<rect width="14" height="10" rx="2" fill="{AGENT}"/>', "Agent"),
        (f'<rect width="14" height="10" rx="2" fill="{CUSTOMER}"/>', "Customer"),
        (f'<rect width="14" height="10" fill="url(#{hatch})" stroke="{HOLD}"/>', "Hold"),
        (f'<rect y="3" width="14" height="5" fill="{OVERTALK}"/>', "Overtalk"),
    ]
    if shaky:
        pale = f'<rect width="14" height="10" rx="2" fill="{AGENT}" fill-opacity="0.5"/>'
        items.append((pale, "Pale: low confidence"))
    if with_sentiment:
        line = f'<path d="M0 5H14" stroke="{SENTIMENT}" stroke-width="2"/>'
        items.append((line, "Customer sentiment"))
    out, x = ['<g class="legend" aria-hidden="true">'], float(_LABEL_W)
    for swatch, label in items:
        out.append(f'<g transform="translate({x:.0f} 6)">{swatch}')
        out.append(f'<text x="19" y="9.5">{_text(label)}</text></g>')
        x += 19 + 7.2 * len(label) + 22
    out.append("</g>")
    return out


def _grid(frame: _Frame, top: float, bottom: float, axis_y: float, max_ticks: int) -> list[str]:
    step = next((s for s in _TICK_STEPS if frame.seconds / s <= max_ticks), _TICK_STEPS[-1])
    out = ['<g class="axis">']
    out.append(
        f'<line x1="{frame.left}" y1="{axis_y}" x2="{frame.right}" y2="{axis_y}" stroke="{INK}"/>'
    )
    t = 0.0
    while t <= frame.seconds + 1e-9:
        x = frame.x(t)
        out.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{bottom}" stroke="{GRID}"/>')
        out.append(
            f'<line x1="{x:.1f}" y1="{axis_y}" x2="{x:.1f}" y2="{axis_y + 5}" stroke="{INK}"/>'
        )
        out.append(f'<text x="{x:.1f}" y="{axis_y + 18}" text-anchor="middle">{clock(t)}</text>')
        t += step
    out.append("</g>")
    return out


def _holds(
    holds: list[Hold], frame: _Frame, top: float, bottom: float, hatch: str, o: TimelineOptions
) -> list[str]:
    out = []
    for hold in holds:
        over = hold.duration > o.hold_limit_s
        kind = "requested hold" if hold.requested else "silence"
        limit = f", over the {o.hold_limit_s:.0f} s limit" if over else ""
        title = f"Hold {clock(hold.start)}–{clock(hold.end)}: {hold.duration:.0f} s {kind}{limit}"
        x0, x1 = frame.x(hold.start), frame.x(hold.end)
        stroke = f' stroke="{HOLD}" stroke-width="2"' if over else ""
        classes = "hold over-limit" if over else "hold"
        out.append(
            f'<rect class="{classes}" {_times(hold.start, hold.end)} x="{x0:.1f}" y="{top}" '
            f'width="{max(x1 - x0, 2):.1f}" height="{bottom - top}" fill="url(#{hatch})"'
            f"{stroke}><title>{_text(title)}</title></rect>"
        )
    return out


def _bar(segment: Segment, frame: _Frame, y: float, o: TimelineOptions) -> str:
    colour = {"agent": AGENT, "customer": CUSTOMER}.get(segment.speaker, UNKNOWN)
    shaky = "low_confidence" in segment.flags
    classes = segment.speaker + (" low-confidence" if shaky else "")
    words = segment.text.strip()
    if len(words) > o.title_chars:
        words = words[: o.title_chars - 1].rstrip() + "…"
    when = f"{clock(segment.start)}–{clock(segment.end)}"
    title = f"{segment.speaker.capitalize()} {when}{' (low confidence)' if shaky else ''}: {words}"
    x0, x1 = frame.x(segment.start), frame.x(segment.end)
    opacity = ' fill-opacity="0.5"' if shaky else ""
    return (
        f'<rect class="{classes}" {_times(segment.start, segment.end)} x="{x0:.1f}" y="{y}" '
        f'width="{max(x1 - x0, 1.5):.1f}" height="{_LANE_H}" rx="2" fill="{colour}"{opacity}>'
        f"<title>{_text(title)}</title></rect>"
    )


def _overtalk(span: tuple[float, float], frame: _Frame, y: float) -> str:
    start, end = span
    x0, x1 = frame.x(start), frame.x(end)
    title = f"Overtalk {clock(start)}–{clock(end)}: {end - start:.1f} s both speaking"
    return (
        f'<rect class="overtalk" {_times(start, end)} x="{x0:.1f}" y="{y}" '
        f'width="{max(x1 - x0, 2):.1f}" height="{_LANE_GAP - 2}" fill="{OVERTALK}">'
        f"<title>{_text(title)}</title></rect>"
    )


def _sentiment(points: Sequence[SentimentPoint], frame: _Frame, top: float) -> list[str]:
    """−1 … +1 over 80 px, a dashed zero line, and a line through each turn's middle."""
    height = 80.0

    def y(value: float) -> float:
        return top + (1 - max(-1.0, min(1.0, value))) / 2 * height

    out = [
        '<g class="sentiment-panel">',
        f'<text x="{frame.left}" y="{top - 10}" font-weight="600">Customer sentiment</text>',
    ]
    for value, mark in ((1, "+1"), (0, "0"), (-1, "−1")):
        out.append(
            f'<text x="{frame.left - 6}" y="{y(value) + 4:.1f}" text-anchor="end" '
            f'font-size="10">{mark}</text>'
        )
        dash = ' stroke-dasharray="4 3"' if value == 0 else ""
        colour = "#888888" if value == 0 else GRID
        out.append(
            f'<line x1="{frame.left}" y1="{y(value):.1f}" x2="{frame.right}" '
            f'y2="{y(value):.1f}" stroke="{colour}"{dash}/>'
        )
    usable = sorted(p for p in points if all(math.isfinite(v) for v in p))
    if not usable:
        out.append(
            f'<text x="{(frame.left + frame.right) / 2:.0f}" y="{y(0) - 6:.1f}" '
            f'text-anchor="middle" font-style="italic">no customer turns to read</text>'
        )
    coords = [(frame.x((s + e) / 2), y(v)) for s, e, v in usable]
    if coords:
        d = " ".join(
            f"{'M' if i == 0 else 'L'}{x:.1f} {yy:.1f}" for i, (x, yy) in enumerate(coords)
        )
        out.append(
            f'<path class="sentiment" d="{d}" fill="none" stroke="{SENTIMENT}" '
            f'stroke-width="2" stroke-linejoin="round"/>'
        )
    for (start, end, value), (x, yy) in zip(usable, coords, strict=True):
        title = f"Customer sentiment {value:+.2f}, {clock(start)}–{clock(end)}"
        out.append(
            f'<circle class="sentiment-point" {_times(start, end)} cx="{x:.1f}" cy="{yy:.1f}" '
            f'r="3.5" fill="{SENTIMENT}"><title>{_text(title)}</title></circle>'
        )
    out.append("</g>")
    return out


def _label(text: str, y_middle: float) -> str:
    return (
        f'<text x="{_LABEL_W - 10}" y="{y_middle + 4:.1f}" text-anchor="end">{_text(text)}</text>'
    )


def _times(start: float, end: float) -> str:
    return f'data-start="{start:.2f}" data-end="{end:.2f}"'


def _text(value: str) -> str:
    """Escaped for XML text and attributes; characters XML cannot hold are dropped."""
    return escape(_NOT_XML.sub("", value), {'"': "&quot;", "'": "&#39;"})


def clock(seconds: float) -> str:
    """m:ss (h:mm:ss from an hour): 75 → 1:15."""
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
