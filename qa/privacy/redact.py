"""The redaction stage: transcript in, redacted transcript out, before anything is scored or
stored — so scorecards, evidence, DuckDB, snapshots and the desk never see the originals.

Detection runs over the whole call as one stream (`qa.privacy.stream`), then every word
that holds a found piece is replaced by a typed placeholder (`[CARD]`, `[PHONE]`, …): its
timing is kept, consecutive words of one piece become one placeholder word, the segment's
text is rebuilt from its words. The transcript records the rules' version, a count per kind
and where each piece was said (the audio is silenced there: `qa.privacy.audio`); never the
values. Decoded text the guards dropped is redacted too.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from qa.privacy.cards import find_cards, find_codes
from qa.privacy.emails import find_emails
from qa.privacy.findings import PLACEHOLDERS, Finding, overlaps
from qa.privacy.identifiers import find_ibans, find_national_ids
from qa.privacy.phones import find_phones
from qa.privacy.stream import Stream, Unit, build_stream
from qa.transcript import (
    DroppedSegment,
    PiiKind,
    RedactedSpan,
    Redaction,
    Segment,
    Transcript,
    Word,
)

REDACTION_VERSION = "callqa-redact/1"
_PIECE = re.compile(r"\s*\S+")
_TRAILING_PUNCT = re.compile(r"[.,!?;:…]+$")


def redact(transcript: Transcript) -> Transcript:
    """The transcript with every card, code, phone, e-mail, IBAN and ID replaced."""
    units = _units(transcript.segments)
    stream = build_stream(units)
    findings = detect(stream, transcript.language)
    segments, spans = _rewrite(transcript.segments, stream, findings)
    counts = Counter(f.kind for f in findings)
    dropped: list[DroppedSegment] = []
    for item in transcript.dropped:
        text, found = redact_text(item.text, transcript.language)
        dropped.append(item.model_copy(update={"text": text}))
        counts.update(f.kind for f in found)
        kinds = dict.fromkeys(f.kind for f in found)
        spans += [RedactedSpan(kind=k, speaker=item.speaker, start=item.start, end=item.end)
                  for k in kinds]  # fmt: skip
    before = transcript.redaction
    if before is not None:  # redacted again: what was found before still counts
        counts.update(before.counts)
        spans = list(before.spans) + spans
    redaction = Redaction(version=REDACTION_VERSION, counts=dict(counts), spans=spans)
    return transcript.model_copy(
        update={"segments": segments, "dropped": dropped, "redaction": redaction}
    )


def redact_text(text: str, language: str) -> tuple[str, list[Finding]]:
    """One piece of text on its own (a dropped segment, a note): redacted text, findings."""
    units = [Unit(0, k, m.group(), 0.0, 0.0) for k, m in enumerate(_PIECE.finditer(text))]
    stream = build_stream(units)
    findings = detect(stream, language)
    covered = _covered_units(stream, findings)
    return _join_pieces(units, range(len(units)), covered, findings).strip(), findings


def detect(stream: Stream, language: str) -> list[Finding]:
    """Every piece found, most certain kinds first; a token belongs to one piece at most."""
    findings: list[Finding] = []
    taken: set[int] = set()

    def keep(found: Sequence[Finding]) -> None:
        for finding in found:
            if not overlaps(finding, taken):
                findings.append(finding)
                taken.update(finding.tokens())

    keep(find_ibans(stream, taken))  # first: an IBAN's digit groups can pass the card check
    cards = find_cards(stream, taken)
    keep(cards)
    keep(find_national_ids(stream, taken))
    keep(find_codes(stream, cards))
    keep(find_emails(stream))
    keep(find_phones(stream, language, taken))
    return sorted(findings, key=lambda f: f.first)


def _units(segments: Sequence[Segment]) -> list[Unit]:
    units: list[Unit] = []
    for s, segment in enumerate(segments):
        if _word_joiner(segment) is not None:
            units += [Unit(s, k, w.word, w.start, w.end) for k, w in enumerate(segment.words)]
        else:
            pieces = _PIECE.finditer(segment.text)
            units += [Unit(s, k, m.group(), segment.start, segment.end)
                      for k, m in enumerate(pieces)]  # fmt: skip
    return units


def _word_joiner(segment: Segment) -> str | None:
    """How the segment's words spell its text: joined as they are (Whisper's words carry
    their own spaces), with a space between (stored stripped), or not at all (None)."""
    if not segment.words:
        return None
    text = segment.text.strip()
    if "".join(w.word for w in segment.words).strip() == text:
        return ""
    if " ".join(w.word.strip() for w in segment.words) == text:
        return " "
    return None


def _covered_units(stream: Stream, findings: list[Finding]) -> dict[int, tuple[int, ...]]:
    """Unit index → the findings (indices into `findings`) that cover some of its tokens."""
    covered: dict[int, list[int]] = {}
    for f, finding in enumerate(findings):
        for token in finding.tokens():
            ids = covered.setdefault(stream.tokens[token].unit, [])
            if f not in ids:
                ids.append(f)
    return {unit: tuple(ids) for unit, ids in covered.items()}


def _rewrite(
    segments: Sequence[Segment], stream: Stream, findings: list[Finding]
) -> tuple[list[Segment], list[RedactedSpan]]:
    covered = _covered_units(stream, findings)
    by_segment: dict[int, list[int]] = {}
    for u, unit in enumerate(stream.units):
        by_segment.setdefault(unit.segment, []).append(u)
    out: list[Segment] = []
    spans: list[RedactedSpan] = []
    for s, segment in enumerate(segments):
        units = by_segment.get(s, [])
        if not any(u in covered for u in units):
            out.append(segment)
            continue
        blocks = _blocks(units, covered)
        for ids, block in blocks:
            if ids:
                first, last = stream.units[block[0]], stream.units[block[-1]]
                for kind in dict.fromkeys(findings[f].kind for f in ids):
                    spans.append(RedactedSpan(kind=kind, speaker=segment.speaker,
                                              start=first.start, end=last.end))  # fmt: skip
        joiner = _word_joiner(segment)
        if joiner is not None:
            words: list[Word] = []
            for ids, block in blocks:
                if ids:
                    words.append(_word(segment.words, stream.units, block, ids, findings))
                else:
                    words.extend(segment.words[stream.units[u].index] for u in block)
            text = joiner.join(w.word for w in words).strip()
            out.append(segment.model_copy(update={"words": words, "text": text}))
        else:
            text = _join_pieces(stream.units, units, covered, findings).strip()
            kinds = [findings[f].kind for ids, _ in blocks for f in ids]
            words = [_placeholder_word(segment.words, kinds)] if segment.words else []
            out.append(segment.model_copy(update={"words": words, "text": text}))
    return out, spans


def _blocks(units: list[int], covered: dict[int, tuple[int, ...]]) -> list[tuple[tuple, list]]:
    """Consecutive units with the same covering findings, as (finding ids, unit indices)."""
    blocks: list[tuple[tuple, list]] = []
    for u in units:
        ids = covered.get(u, ())
        if blocks and ids and blocks[-1][0] == ids:
            blocks[-1][1].append(u)
        else:
            blocks.append((ids, [u]))
    return blocks


def _placeholder(units: Sequence[Unit], block: list[int], kinds: list[PiiKind]) -> str:
    first = units[block[0]].text
    lead = first[: len(first) - len(first.lstrip())]
    text = " ".join(PLACEHOLDERS[k] for k in dict.fromkeys(kinds))
    trailing = _TRAILING_PUNCT.search(units[block[-1]].text.rstrip())
    return lead + text + (trailing.group() if trailing else "")


def _word(
    words: list[Word], units: Sequence[Unit], block: list[int], ids: tuple, findings: list
) -> Word:
    mine = [words[units[u].index] for u in block]
    return Word(
        start=mine[0].start,
        end=mine[-1].end,
        word=_placeholder(units, block, [findings[f].kind for f in ids]),
        probability=min(w.probability for w in mine),
    )


def _join_pieces(
    units: Sequence[Unit], indices: Sequence[int], covered: dict, findings: list
) -> str:
    pieces = []
    for ids, block in _blocks(list(indices), covered):
        if ids:
            pieces.append(_placeholder(units, block, [findings[f].kind for f in ids]))
        else:
            pieces.extend(units[u].text for u in block)
    return "".join(pieces)


def _placeholder_word(words: list[Word], kinds: list[PiiKind]) -> Word:
    """A segment whose words do not spell its text: one word over its whole time."""
    text = " ".join(PLACEHOLDERS[k] for k in dict.fromkeys(kinds))
    return Word(start=words[0].start, end=words[-1].end, word=" " + text,
                probability=min(w.probability for w in words))  # fmt: skip
