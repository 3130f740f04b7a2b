"""Mono diarization, measured on real calls: the two legs of each Auto_Repairs call are
mixed into one channel, diarized, and scored against the legs' own energy.

Reports, per call: the share of single-talker speech time given to the right voice (best
cluster mapping), the share given the right *role* after the full transcription labels
agent/customer, and the same voice accuracy for the named baseline — window clustering
alone (k-means, no GMM resegmentation) — with the ratio of errors. Prints a table, writes
benchmarks/results/diarization.json.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from models import diarization  # noqa: E402
from models.asr import load_backend  # noqa: E402
from models.diarization import DiarizationOptions, SpeakerTurn, diarize  # noqa: E402
from models.diarization_metrics import frames_of, truth_per_frame, voice_accuracy  # noqa: E402
from qa.intake.audio import SAMPLE_RATE, decode_audio  # noqa: E402
from qa.intake.calls import CallAudio  # noqa: E402
from qa.transcription.transcribe import TranscribeOptions, transcribe_audio  # noqa: E402

SHARED = ROOT.parent / "shared" / "data" / "audio"
CALLS = ["Auto_Repairs_40_UTC", "Auto_Repairs_49_UTC"]
BASELINE = "k-means windows, no resegmentation"


def kmeans_baseline(samples: np.ndarray) -> list[SpeakerTurn]:
    from sklearn.cluster import KMeans
    from sklearn.preprocessing import StandardScaler

    original = (diarization._cluster, diarization._resegment)

    def kmeans(features, options):
        scaled = StandardScaler().fit_transform(features)
        return KMeans(2, n_init=10, random_state=0).fit_predict(scaled)

    diarization._cluster = kmeans
    diarization._resegment = lambda frames, labels, speech, options: labels
    try:
        return diarize(samples, DiarizationOptions())
    finally:
        diarization._cluster, diarization._resegment = original


def main() -> int:
    if not (SHARED / f"{CALLS[0]}_agent.wav").is_file():
        print(f"error: {SHARED} not found", file=sys.stderr)
        return 1
    from rich.console import Console
    from rich.table import Table

    console = Console()
    rows = []
    for call in CALLS:
        agent = decode_audio(SHARED / f"{call}_agent.wav").channels[0]
        customer = decode_audio(SHARED / f"{call}_caller.wav").channels[0]
        n = min(len(agent), len(customer))
        mixed = (agent[:n] + customer[:n]) / 2
        truth = truth_per_frame(agent, customer)
        with console.status(f"{call}: diarizing"):
            started = time.perf_counter()
            turns = diarize(mixed)
            elapsed = time.perf_counter() - started
            baseline_turns = kmeans_baseline(mixed)
        ours, coverage = voice_accuracy(
            truth, frames_of([(t.speaker, t.start, t.end) for t in turns], len(truth))
        )
        base, _ = voice_accuracy(
            truth, frames_of([(t.speaker, t.start, t.end) for t in baseline_turns], len(truth))
        )
        with console.status(f"{call}: transcribing the mix to label roles"):
            audio = CallAudio("mono", n / SAMPLE_RATE, mixed=mixed)
            options = replace(TranscribeOptions(), language="en")
            transcript = transcribe_audio(audio, call, options, load_backend(options.asr))
        role_frames = frames_of(
            [
                (0 if s.speaker == "agent" else 1, s.start, s.end)
                for s in transcript.segments
                if s.speaker != "unknown"
            ],
            len(truth),
        )
        judged = (truth >= 0) & (role_frames >= 0)
        role_accuracy = float((role_frames[judged] == truth[judged]).mean())
        rows.append(
            {
                "call": call,
                "audio_s": round(n / SAMPLE_RATE, 1),
                "voice_accuracy": round(ours, 4),
                "coverage": round(coverage, 4),
                "role_accuracy": round(role_accuracy, 4),
                "baseline_voice_accuracy": round(base, 4),
                "error_ratio_vs_baseline": round((1 - ours) / max(1 - base, 1e-9), 3),
                "diarize_s": round(elapsed, 2),
            }
        )
    table = Table(title="Mono diarization on mixed real calls (share of single-talker speech)")
    for column in (
        "call",
        "voice acc.",
        "role acc.",
        "coverage",
        "baseline acc.",
        "errors vs baseline",
        "time s",
    ):
        table.add_column(column, justify="left" if column == "call" else "right")
    for r in rows:
        table.add_row(
            r["call"],
            f"{r['voice_accuracy']:.3f}",
            f"{r['role_accuracy']:.3f}",
            f"{r['coverage']:.3f}",
            f"{r['baseline_voice_accuracy']:.3f}",
            f"{r['error_ratio_vs_baseline']:.2f}×",
            f"{r['diarize_s']:.1f}",
        )
    console.print(table)
    console.print(f"baseline: {BASELINE}")
    out = ROOT / "benchmarks" / "results" / "diarization.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"baseline": BASELINE, "rows": rows}, indent=2))
    console.print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
