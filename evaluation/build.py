"""Build the labelled evaluation set: calls_*.yaml → transcripts/*.json + labels.csv.

The calls are written by hand (realistic, varied, in en/ru/lv/ar); this script gives
them contract-shaped timings (speech at ~2.8 words/s, 0.4–1.2 s between turns, holds as
written) and assigns each call to `tune` or `heldout` by the round it was written in, so the
split never depends on what the scorer does with it:

- round 1 (`calls_<lang>.yaml`, 42 calls) was first split by a hash of the id into 17 tune and
  25 held out. Its held-out part was scored three times while issue 3 was open, so it is no
  longer clean: it is now part of the tune split.
- round 2 (`calls_<lang>_round2.yaml`, 32 calls) was written and committed before any tuning
  on it and scored once as the held-out split (results in docs/measurements.md). It showed
  the scorer well short of the targets, so it joined the tune split for the fixes.
- round 3 (`calls_<lang>_round3.yaml`, 24 calls) was written and committed after that one
  look and before any change made on it, then scored as held out (twice, the same numbers).
  Agent tone missed its target there, so it joined the tune split for the tone work.
- round 4 (`calls_<lang>_round4.yaml`, 24 calls, half of them rude agents) was written and
  committed before that work, then scored once as held out; tone and resolution were still
  short, so it joined the tune split.
- round 5 (`calls_<lang>_round5.yaml`, 24 calls) was written and committed before any change
  made on round 4, then scored as held out (twice: the second look after the empathy-words
  gate that its first look prompted), and joined the tune split.
- round 6 (`calls_<lang>_round6.yaml`, 24 calls) was written after the last change to the
  scorer, committed, and scored once; it met every target but agent tone had missed on
  round 5 with the same model, so it joined the tune split for more tone work.
- round 7 (`calls_<lang>_round7.yaml`, 24 calls: twelve scenarios, each in two languages,
  half of them rude agents) was written and committed before that work, then scored once:
  tone, empathy and holds met their targets, resolution did not (0.50), so it joined the
  tune split for resolution work.
- round 8 (`calls_<lang>_round8.yaml`, 24 calls: twelve scenarios, each in two languages,
  half resolved) was written and committed before that work, then scored once: tone,
  empathy and holds met their targets, resolution did not (0.71), so it joined the tune
  split for more resolution work.
- round 9 (`calls_<lang>_round9.yaml`, 24 calls: twelve scenarios, each in two languages,
  half resolved) was written and committed before that work, then scored once with the
  final model: the held-out split now, with
- round 10 (`calls_<lang>_round10.yaml`, 48 calls: 24 scenarios, each in two languages),
  written after round 9's look with the scorer frozen, so that the final model is judged
  on 72 held-out calls instead of 24 (one call is 1.4 points, not 4).

    python evaluation/build.py
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from qa.transcript import AsrInfo, Segment, Transcript, Word  # noqa: E402

HERE = Path(__file__).parent
HELDOUT_ROUNDS = (9, 10)  # the final model, frozen: both scored once, together
LABELS = ("empathy", "resolved", "agent_tone", "hold_over_30")


def build_transcript(call: dict, language: str) -> Transcript:
    clock = 0.5
    segments: list[Segment] = []
    previous = None
    for kind, value in call["turns"]:
        if kind == "hold":
            clock += float(value)
            continue
        speaker = {"a": "agent", "c": "customer"}[kind]
        gap = 0.4 if speaker == previous else 0.9
        start = clock + (gap if segments else 0.0)
        words = value.split()
        per_word = 1 / 2.8
        segments.append(
            Segment(
                speaker=speaker,
                start=round(start, 2),
                end=round(start + per_word * len(words), 2),
                text=value,
                confidence=0.9,
                words=[
                    Word(
                        start=round(start + i * per_word, 2),
                        end=round(start + (i + 0.9) * per_word, 2),
                        word=w,
                        probability=0.9,
                    )
                    for i, w in enumerate(words)
                ],
            )
        )
        clock = segments[-1].end
        previous = speaker
    return Transcript(
        call_id=call["id"],
        language=language,
        duration=round(clock + 1.0, 2),
        layout="stereo",
        segments=segments,
        asr=AsrInfo(
            backend="faster-whisper",
            model="hand-written",
            compute_type="none",
            language_source="given",
        ),
    )


def round_of(source: Path) -> int:
    suffix = source.stem.rsplit("_", 1)[-1]
    return int(suffix.removeprefix("round")) if suffix.startswith("round") else 1


def main() -> int:
    out = HERE / "transcripts"
    out.mkdir(exist_ok=True)
    rows = []
    for source in sorted(HERE.glob("calls_*.yaml")):
        language = source.stem.split("_")[1]
        calls = yaml.safe_load(source.read_text(encoding="utf-8"))
        written_in = round_of(source)
        for call in calls:
            transcript = build_transcript(call, language)
            (out / f"{call['id']}.json").write_text(
                transcript.model_dump_json(indent=1) + "\n", encoding="utf-8"
            )
            labels = call["labels"]
            rows.append(
                {
                    "call_id": call["id"],
                    "language": language,
                    "split": "heldout" if written_in in HELDOUT_ROUNDS else "tune",
                    "round": written_in,
                    "note": call.get("note", ""),
                    **{k: labels[k] for k in LABELS},
                }
            )
    with (HERE / "labels.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    tune = sum(r["split"] == "tune" for r in rows)
    print(f"{len(rows)} calls: {tune} tune, {len(rows) - tune} held out")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
