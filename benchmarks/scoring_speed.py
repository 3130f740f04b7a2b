"""Scoring speed: calls scored per second for a 5-minute call, per encoder runtime.

The call is the evaluation's tune-split turns laid end to end until 300 s (about 80 turns
in four languages). Each runtime loads its scorer once, scores the call once to warm up,
then `--runs` times; the ratio is against the PyTorch runtime, the named baseline, measured
in the same run. Prints a table and writes benchmarks/results/scoring_speed.json.

    python benchmarks/scoring_speed.py [--runs 10] [--runtimes torch,onnx,onnx-int8]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from scoring_eval import load  # noqa: E402

from models.text_encoder import RUNTIMES, EncoderOptions, load_encoder  # noqa: E402
from qa.scoring.scorer import Scorer  # noqa: E402
from qa.transcript import Segment, Transcript  # noqa: E402

BASELINE = "torch"
CALL_S = 300.0


def five_minute_call() -> Transcript:
    pairs = load("tune")
    segments: list[Segment] = []
    clock = 0.0
    while clock < CALL_S:
        for _, transcript in pairs:
            for s in transcript.segments:
                if clock >= CALL_S:
                    break
                length = s.end - s.start
                segments.append(s.model_copy(update={"start": clock, "end": clock + length}))
                clock += length + 0.8
    return pairs[0][1].model_copy(
        update={"segments": segments, "duration": clock, "call_id": "five-minutes"}
    )


def measure(runtime: str, call: Transcript, runs: int) -> dict:
    started = time.perf_counter()
    scorer = Scorer(encoder=load_encoder(EncoderOptions(runtime=runtime)))
    load_s = time.perf_counter() - started
    scorer.score(call)  # warm
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        scorer.score(call)
        times.append(time.perf_counter() - started)
    median = statistics.median(times)
    return {
        "runtime": runtime,
        "load_s": round(load_s, 2),
        "median_s_per_call": round(median, 3),
        "calls_per_s": round(1 / median, 2),
        "min_s": round(min(times), 3),
        "max_s": round(max(times), 3),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--runtimes", default=",".join(RUNTIMES))
    args = parser.parse_args()
    from rich.console import Console
    from rich.table import Table

    runtimes = [BASELINE] + [r for r in args.runtimes.split(",") if r != BASELINE]
    call = five_minute_call()
    console = Console()
    rows = []
    for runtime in runtimes:
        with console.status(f"scoring with the {runtime} encoder"):
            rows.append(measure(runtime, call, args.runs))
    base = rows[0]["median_s_per_call"]
    for row in rows:
        row["speedup_vs_torch"] = round(base / row["median_s_per_call"], 2)
    table = Table(
        title=f"Scoring a {call.duration:.0f} s call of {len(call.segments)} turns "
        f"({args.runs} runs each, median)"
    )
    for column in ("runtime", "load s", "s per call", "calls/s", "× torch"):
        table.add_column(column, justify="left" if column == "runtime" else "right")
    for row in rows:
        table.add_row(
            row["runtime"] + (" (baseline)" if row["runtime"] == BASELINE else ""),
            f"{row['load_s']:.1f}",
            f"{row['median_s_per_call']:.3f}",
            f"{row['calls_per_s']:.2f}",
            f"{row['speedup_vs_torch']:.2f}",
        )
    console.print(table)
    path = ROOT / "benchmarks" / "results" / "scoring_speed.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    out = {"call_s": round(call.duration, 1), "turns": len(call.segments), "results": rows}
    path.write_text(json.dumps(out, indent=2))
    console.print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
