"""ASR speed, memory and accuracy: faster-whisper vs openai-whisper on the same audio.

Each backend runs in its own process (so peak RSS is its own) over the same items:
jfk.flac (with reference), both legs of the two real Auto_Repairs calls, and the
sample calls' legs (with their script as reference). Prints a table, writes JSON,
and the speed ratio against the named baseline (openai-whisper).

    python benchmarks/asr.py [--backends faster-whisper,openai-whisper] [--quick]
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SHARED = ROOT.parent / "shared" / "data" / "audio"
RESULTS = ROOT / "benchmarks" / "results"
BASELINE = "openai-whisper"
JFK = (
    "And so my fellow Americans, ask not what your country can do for you, "
    "ask what you can do for your country."
)


def items(quick: bool) -> list[dict]:
    """(name, file, channel or leg, reference) for everything both backends transcribe."""
    out = [{"name": "jfk", "path": str(SHARED / "jfk.flac"), "channel": 0, "reference": JFK}]
    calls = ["Auto_Repairs_40_UTC"] if quick else ["Auto_Repairs_40_UTC", "Auto_Repairs_49_UTC"]
    for call in calls:
        for leg in ("agent", "caller"):
            out.append(
                {
                    "name": f"{call}/{leg}",
                    "path": str(SHARED / f"{call}_{leg}.wav"),
                    "channel": 0,
                    "reference": None,
                }
            )
    samples = ROOT / "samples" / "calls"
    for name in ["en_billing_resolved"] + ([] if quick else ["ru_delivery_resolved"]):
        meta = json.loads((samples / f"{name}.json").read_text(encoding="utf-8"))
        for speaker, channel in (("agent", 0), ("customer", 1)):
            if meta["agent_channel"] == "right":
                channel = 1 - channel
            text = " ".join(t["text"] for t in meta["reference"] if t["speaker"] == speaker)
            out.append(
                {
                    "name": f"{name}/{speaker}",
                    "path": str(samples / f"{name}.wav"),
                    "channel": channel,
                    "reference": text,
                    "language": meta["language"],
                }
            )
    return out


def worker(backend_name: str, quick: bool) -> None:
    from models.asr import AsrOptions, load_backend
    from models.guards import guard
    from qa.intake.audio import decode_audio
    from qa.transcription.wer import word_errors

    started = time.perf_counter()
    backend = load_backend(AsrOptions(backend=backend_name))  # type: ignore[arg-type]
    load_s = time.perf_counter() - started
    backend.transcribe(decode_audio(SHARED / "jfk.flac").channels[0][: 16000 * 3], "en")  # warm-up
    rows = []
    for item in items(quick):
        samples = decode_audio(item["path"]).channels[item["channel"]]
        started = time.perf_counter()
        result = backend.transcribe(samples, item.get("language", "en"))
        elapsed = time.perf_counter() - started
        kept, _ = guard(result.segments)
        text = " ".join(k.segment.text for k in kept)
        edits, words = word_errors(item["reference"], text) if item["reference"] else (None, None)
        duration = len(samples) / 16000
        rows.append(
            {
                "item": item["name"],
                "audio_s": round(duration, 2),
                "time_s": round(elapsed, 2),
                "rtf": round(elapsed / duration, 4),
                "wer": round(edits / words, 4) if words else None,
                "edits": edits,
                "ref_words": words,
            }
        )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "backend": backend_name,
                "model": backend.model_name,
                "compute_type": backend.compute_type,
                "load_s": round(load_s, 2),
                "peak_rss_mb": round(peak_mb),
                "rows": rows,
            }
        )
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="faster-whisper,openai-whisper")
    parser.add_argument("--quick", action="store_true", help="fewer items")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.quick)
        return 0
    if not (SHARED / "jfk.flac").is_file():
        print(f"error: {SHARED} not found", file=sys.stderr)
        return 1
    from rich.console import Console
    from rich.table import Table

    console = Console()
    runs = []
    for name in args.backends.split(","):
        with console.status(f"running {name} …"):
            command = [sys.executable, __file__, "--worker", name] + (
                ["--quick"] if args.quick else []
            )
            done = subprocess.run(command, capture_output=True, text=True, check=True)
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    table = Table(title="ASR: greedy decoding, VAD on, 2 CPU threads")
    for column in ("backend", "item", "audio s", "time s", "RTF", "WER"):
        table.add_column(column, justify="left" if column in ("backend", "item") else "right")
    summary = {}
    for run in runs:
        for row in run["rows"]:
            table.add_row(
                run["backend"],
                row["item"],
                f"{row['audio_s']:.1f}",
                f"{row['time_s']:.2f}",
                f"{row['rtf']:.3f}",
                "" if row["wer"] is None else f"{row['wer']:.3f}",
            )
        audio = sum(r["audio_s"] for r in run["rows"])
        spent = sum(r["time_s"] for r in run["rows"])
        edits = sum(r["edits"] or 0 for r in run["rows"])
        words = sum(r["ref_words"] or 0 for r in run["rows"])
        summary[run["backend"]] = {
            "audio_s": round(audio, 1),
            "time_s": round(spent, 2),
            "rtf": round(spent / audio, 4),
            "wer": round(edits / max(words, 1), 4),
            "peak_rss_mb": run["peak_rss_mb"],
            "load_s": run["load_s"],
        }
        table.add_row(
            run["backend"],
            "[b]all[/b]",
            f"{audio:.1f}",
            f"{spent:.2f}",
            f"{spent / audio:.3f}",
            f"{edits / max(words, 1):.3f}",
            end_section=True,
        )
    console.print(table)
    for name, s in summary.items():
        console.print(f"{name}: peak RSS {s['peak_rss_mb']} MB, model load {s['load_s']} s")
    ratio = None
    if BASELINE in summary and "faster-whisper" in summary:
        ratio = round(summary[BASELINE]["time_s"] / summary["faster-whisper"]["time_s"], 2)
        console.print(f"speed ratio faster-whisper / {BASELINE} (baseline): [b]{ratio}×[/b] faster")
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / "asr.json"
    out.write_text(
        json.dumps(
            {
                "machine": {
                    "cpus": __import__("os").cpu_count(),
                    "python": platform.python_version(),
                },
                "baseline": BASELINE,
                "speed_ratio": ratio,
                "summary": summary,
                "runs": runs,
            },
            indent=2,
        )
    )
    console.print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
