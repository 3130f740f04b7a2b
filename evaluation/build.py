"""Build the labelled evaluation set: calls_*.yaml → transcripts/*.json + labels.csv.

The calls are written by hand (realistic, varied, in en/ru/lv/ar); this script gives
them contract-shaped timings (speech at ~2.8 words/s, 0.4–1.2 s between turns, holds as
written) and assigns each call to `tune` or `heldout` by a hash of its id, stratified by
language, so the split never depends on what the scorer does with it.

    python evaluation/build.py
"""

from __future__ import annotations

import csv
import hashlib
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from qa.transcript import AsrInfo, Segment, Transcript, Word  # noqa: E402

HERE = Path(__file__).parent
TUNE_SHARE = 0.4
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


def split_of(call_id: str, ids: list[str]) -> str:
    ranked = sorted(ids, key=lambda i: hashlib.sha1(i.encode()).hexdigest())
    return "tune" if ranked.index(call_id) < round(TUNE_SHARE * len(ids)) else "heldout"


def main() -> int:
    out = HERE / "transcripts"
    out.mkdir(exist_ok=True)
    rows = []
    for source in sorted(HERE.glob("calls_*.yaml")):
        language = source.stem.split("_")[1]
        calls = yaml.safe_load(source.read_text(encoding="utf-8"))
        ids = [c["id"] for c in calls]
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
                    "split": split_of(call["id"], ids),
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
