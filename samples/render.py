"""Render the scripted dialogues in samples/dialogues/ into 8 kHz stereo call recordings.

Debian's festival voices are intelligible to Whisper (measured WER ≈ 0.01 en, 0.08 ru),
so these calls test the pipeline end to end with a known reference text. Each call is
written to samples/calls/ as CALL_ID.wav with a CALL_ID.json sidecar holding the call
metadata (language, agent channel) and the reference: every turn's text and true times.

    python samples/render.py            # renders what is missing
    python samples/render.py --force    # renders everything again
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import soundfile
import yaml

RATE = 8000
HERE = Path(__file__).parent
VOICES = {  # (festival voice, sox effect to tell two speakers of one voice apart)
    ("en", "agent"): ("cmu_us_slt_arctic_hts", []),
    ("en", "customer"): ("kal_diphone", []),
    ("ru", "agent"): ("msu_ru_nsh_clunits", ["pitch", "200"]),
    ("ru", "customer"): ("msu_ru_nsh_clunits", []),
}
SUBTYPES = {"pcm16": "PCM_16", "ulaw": "ULAW", "alaw": "ALAW"}


def render(script: Path, out_dir: Path) -> Path:
    dialogue = yaml.safe_load(script.read_text(encoding="utf-8"))
    language = dialogue["language"]
    rng = np.random.default_rng(sum(dialogue["call_id"].encode()))  # same file every render
    clips: list[tuple[str, float, np.ndarray, str]] = []
    cursor = 0.6
    previous = None
    for turn in dialogue["turns"]:
        speech = speak(turn["text"], *VOICES[(language, turn["speaker"])])
        if "pause" in turn:
            gap = float(turn["pause"])
        elif previous == turn["speaker"]:
            gap = float(rng.uniform(0.3, 0.6))
        else:
            gap = float(rng.uniform(0.5, 1.2))  # response latency between parties
        start = cursor + (gap if clips else 0.0)
        clips.append((turn["speaker"], start, speech, turn["text"]))
        cursor = start + len(speech) / RATE
        previous = turn["speaker"]
    length = int((cursor + 0.8) * RATE)
    legs = {"agent": np.zeros(length), "customer": np.zeros(length)}
    reference = []
    for speaker, start, speech, text in clips:
        begin = int(start * RATE)
        legs[speaker][begin : begin + len(speech)] += speech
        reference.append(
            {
                "speaker": speaker,
                "start": round(start, 2),
                "end": round(start + len(speech) / RATE, 2),
                "text": text,
            }
        )
    for leg in legs.values():  # line hiss at about -60 dBFS: real lines are never silent
        leg += rng.normal(0.0, 0.001, length)
    channel = dialogue.get("agent_channel", "left")
    left, right = (legs["agent"], legs["customer"])
    if channel == "right":
        left, right = right, left
    stereo = np.clip(np.stack([left, right], axis=1), -1.0, 1.0)
    out_dir.mkdir(parents=True, exist_ok=True)
    wav = out_dir / f"{dialogue['call_id']}.wav"
    soundfile.write(wav, stereo, RATE, subtype=SUBTYPES[dialogue.get("encoding", "pcm16")])
    sidecar = {
        "call_id": dialogue["call_id"],
        "language": language,
        "agent_channel": channel,
        **dialogue.get("metadata", {}),  # agent, team, queue, started_at: the demo's metadata
        "source_script": f"samples/dialogues/{script.name}",
        "reference": reference,
    }
    (out_dir / f"{dialogue['call_id']}.json").write_text(
        json.dumps(sidecar, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return wav


def speak(text: str, voice: str, effect: list[str] | tuple[str, ...] = ()) -> np.ndarray:
    """One utterance in a festival voice at RATE, mono, normalised (also used by
    benchmarks/privacy_asr_probe.py)."""
    with tempfile.TemporaryDirectory() as tmp:
        raw, done = Path(tmp) / "raw.wav", Path(tmp) / "done.wav"
        subprocess.run(
            ["text2wave", "-eval", f"({_voice_command(voice)})", "-F", str(RATE), "-o", str(raw)],
            input=text.encode("utf-8"),
            check=True,
            capture_output=True,
        )
        subprocess.run(
            ["sox", str(raw), "-r", str(RATE), "-c", "1", str(done), *effect, "norm", "-3"],
            check=True,
            capture_output=True,
        )
        samples, _ = soundfile.read(done, dtype="float64")
    return samples


def _voice_command(voice: str) -> str:
    return f"voice_{voice}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="render even what exists")
    parser.add_argument("--out", type=Path, default=HERE / "calls")
    args = parser.parse_args()
    missing = [tool for tool in ("text2wave", "sox") if shutil.which(tool) is None]
    if missing:
        print(
            f"error: {', '.join(missing)} not installed (make setup installs them)", file=sys.stderr
        )
        return 1
    for script in sorted((HERE / "dialogues").glob("*.yaml")):
        target = args.out / f"{script.stem}.wav"
        if target.exists() and not args.force:
            continue
        print(f"rendering {render(script, args.out)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
