"""The transcription stage: a call's audio in, a speaker-attributed transcript out."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from models.asr import AsrBackend, AsrOptions, LegResult, RawWord, load_backend
from models.diarization import DiarizationOptions, SpeakerTurn, diarize
from models.guards import Dropped, GuardedSegment, GuardOptions, guard
from models.vad import speech_regions, speech_seconds
from qa.intake.calls import CallAudio, CallSource, load_call
from qa.transcript import AsrInfo, DroppedSegment, Segment, Speaker, Transcript, Word
from qa.transcription.roles import pick_agent


@dataclass(frozen=True)
class TranscribeOptions:
    asr: AsrOptions = field(default_factory=AsrOptions)
    # From call metadata when known: detection is unreliable on poor telephone audio.
    language: str | None = None
    guards: GuardOptions = field(default_factory=GuardOptions)
    diarization: DiarizationOptions = field(default_factory=DiarizationOptions)
    # Whisper windows run up to 30 s; a pause this long between words starts a new turn,
    # so the two legs interleave as the conversation did.
    turn_gap_s: float = 1.0


def transcribe_call(
    source: CallSource,
    options: TranscribeOptions | None = None,
    backend: AsrBackend | None = None,
) -> Transcript:
    options = options or TranscribeOptions()
    if source.language and not options.language:
        options = replace(options, language=source.language)
    audio = load_call(source)  # refuses audio over source.max_seconds before decoding
    return transcribe_audio(audio, source.call_id, options, backend or load_backend(options.asr))


def transcribe_audio(
    audio: CallAudio, call_id: str, options: TranscribeOptions, backend: AsrBackend
) -> Transcript:
    language, probability, language_source = _language(audio, options, backend)
    segments: list[Segment] = []
    dropped: list[DroppedSegment] = []
    truncated = False
    if audio.mixed is not None:
        result = backend.transcribe(audio.mixed, language)
        kept, lost = guard(result.segments, options.guards)
        turns = diarize(audio.mixed, options.diarization)
        segments, dropped = _split_by_speaker(kept, lost, turns, options.turn_gap_s)
        truncated = result.truncated
    else:
        for speaker, leg in (("agent", audio.agent), ("customer", audio.customer)):
            assert leg is not None
            result: LegResult = backend.transcribe(leg, language)
            kept, lost = guard(result.segments, options.guards)
            segments += [
                _segment(speaker, item, words)
                for item in kept
                for words in _split_at_pauses(item.segment.words, options.turn_gap_s)
            ]
            dropped += [_dropped(speaker, item) for item in lost]
            truncated |= result.truncated
    segments.sort(key=lambda segment: (segment.start, segment.end))
    dropped.sort(key=lambda item: item.start)
    return Transcript(
        call_id=call_id,
        language=language,
        duration=round(audio.duration, 3),
        layout=audio.layout,
        segments=segments,
        dropped=dropped,
        asr=AsrInfo(
            backend=backend.name,  # type: ignore[arg-type]
            model=backend.model_name,
            compute_type=backend.compute_type,
            language_source=language_source,
            language_probability=probability,
            vad=options.asr.vad,
            truncated=truncated,
        ),
    )


def _language(
    audio: CallAudio, options: TranscribeOptions, backend: AsrBackend
) -> tuple[str, float | None, str]:
    """Given language wins; else detect once per call, on the agent leg when it has speech."""
    if options.language:
        return options.language, None, "given"
    if audio.mixed is not None:
        sample = audio.mixed
    else:
        assert audio.agent is not None and audio.customer is not None
        agent_speech = speech_seconds(speech_regions(audio.agent))
        sample = audio.agent if agent_speech >= 2.0 else audio.customer
    language, probability = backend.detect_language(sample)
    return language, round(probability, 3), "detected"


def _segment(speaker: Speaker, item: GuardedSegment, words: list[RawWord] | None = None) -> Segment:
    raw = item.segment
    words = raw.words if words is None else words
    start, end = (words[0].start, words[-1].end) if words else (raw.start, raw.end)
    text = join_words(words) if words else raw.text
    confidence = item.confidence
    if words and raw.words and len(words) < len(raw.words):  # a piece: its own words' share
        whole = sum(w.probability for w in raw.words) / len(raw.words)
        piece = sum(w.probability for w in words) / len(words)
        confidence = min(1.0, confidence * piece / max(whole, 1e-6))
    return Segment(
        speaker=speaker,
        start=round(start, 3),
        end=round(max(end, start), 3),
        text=text,
        confidence=round(confidence, 3),
        words=[
            Word(
                start=round(w.start, 3),
                end=round(w.end, 3),
                word=w.word.strip(),
                probability=round(min(max(w.probability, 0.0), 1.0), 3),
            )
            for w in words
        ],
        flags=item.flags,
    )


def join_words(words: list[RawWord]) -> str:
    return "".join(word.word for word in words).strip()


def _dropped(speaker: Speaker, item: Dropped) -> DroppedSegment:
    raw = item.segment
    return DroppedSegment(
        speaker=speaker,
        start=round(raw.start, 3),
        end=round(raw.end, 3),
        text=raw.text,
        reason=item.reason,
    )


def _split_at_pauses(words: list[RawWord], gap: float) -> list[list[RawWord]]:
    """Runs of words with no pause longer than `gap`; one empty run for a wordless segment."""
    runs: list[list[RawWord]] = [[]]
    for word in words:
        if runs[-1] and word.start - runs[-1][-1].end > gap:
            runs.append([])
        runs[-1].append(word)
    return runs


def _split_by_speaker(
    kept: list[GuardedSegment], lost: list[Dropped], turns: list[SpeakerTurn], gap: float
) -> tuple[list[Segment], list[DroppedSegment]]:
    """Cut each decoded segment at pauses and where the diarized speaker changes, then name
    the voices."""
    pieces: list[tuple[int, GuardedSegment, list[RawWord]]] = []
    for item in kept:
        if not item.segment.words:
            pieces.append((_speaker_at(turns, item.segment.start, item.segment.end), item, []))
            continue
        for words in _split_at_pauses(item.segment.words, gap):
            run: list[RawWord] = []
            run_speaker = -1
            for word in words:
                speaker = _speaker_at(turns, word.start, word.end)
                if run and speaker != run_speaker:
                    pieces.append((run_speaker, item, run))
                    run = []
                run.append(word)
                run_speaker = speaker
            pieces.append((run_speaker, item, run))
    texts: dict[int, list[str]] = {}
    for speaker, item, words in pieces:
        texts.setdefault(speaker, []).append(join_words(words) or item.segment.text)
    first = min(turns, key=lambda turn: turn.start).speaker if turns else None
    agent = pick_agent(texts, first)
    names: dict[int, Speaker] = {
        speaker: ("unknown" if agent is None else "agent" if speaker == agent else "customer")
        for speaker in texts
    }
    segments = [_segment(names[speaker], item, words) for speaker, item, words in pieces]
    dropped = [
        _dropped(names.get(_speaker_at(turns, d.segment.start, d.segment.end), "unknown"), d)
        for d in lost
    ]
    return segments, dropped


def _speaker_at(turns: list[SpeakerTurn], start: float, end: float) -> int:
    """The speaker overlapping [start, end] most, or the nearest turn's speaker."""
    if not turns:
        return 0
    overlaps = np.array([max(0.0, min(end, t.end) - max(start, t.start)) for t in turns])
    if overlaps.max() > 0:
        return turns[int(overlaps.argmax())].speaker
    middle = (start + end) / 2
    distances = [min(abs(middle - t.start), abs(middle - t.end)) for t in turns]
    return turns[int(np.argmin(distances))].speaker
