"""What Whisper writes when a customer speaks card numbers, phones, e-mails and IDs (issue 12).

Each utterance is spoken by a festival voice (as samples/render.py does: 8 kHz, light line
hiss), written to a mono WAV and transcribed by the product's own `transcribe_call` with the
language given. English utterances are spoken by both English voices, Russian ones by the
Russian voice. One JSON line per rendering goes to benchmarks/results/privacy_asr_probe.jsonl:
the spoken text, the PII value it carries, kind, form, language, voice, what ASR wrote
(segment text and word list), what Whisper decoded before the product's guards rewrote it
(`raw_written`: the loop guard collapses repeated n-grams such as "1 1 1 1") and a few checks
a redaction detector would care about. Whisper on CPU int8 is not bit-for-bit repeatable:
a rerun can write a different number of repeated digits.

    python benchmarks/privacy_asr_probe.py [--model base] [--only en|ru] [--limit N]
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import soundfile

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "samples"))

from render import RATE, speak  # noqa: E402  (samples/render.py: the sample calls' voices)

from models.asr import AsrBackend, AsrOptions, LegResult, load_backend  # noqa: E402
from qa.intake.calls import CallSource  # noqa: E402
from qa.transcription.transcribe import TranscribeOptions, transcribe_call  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "privacy_asr_probe.jsonl"
VOICES = {"en": ("kal_diphone", "cmu_us_slt_arctic_hts"), "ru": ("msu_ru_nsh_clunits",)}
GAP_S = 1.6  # pause between the parts of a split utterance: longer than turn_gap_s (1.0)


@dataclass(frozen=True)
class Utterance:
    kind: str  # card, card+expiry+cvv, phone, email, iban, national id
    language: str
    form: str  # how it is spoken
    value: str  # the PII as it would be stored (digits, address, IBAN)
    parts: tuple[str, ...]  # spoken text; several parts are joined by a GAP_S pause


def u(kind: str, language: str, form: str, value: str, *parts: str) -> Utterance:
    return Utterance(kind, language, form, value, parts)


VISA = "4111111111111111"
MC = "5555555555554444"
AMEX = "378282246310005"
VISA2 = "4012888888881881"
DISCOVER = "6011111111111117"
# Luhn-valid numbers without long runs of one digit, like most real cards
VISA3 = "4539148803436467"
MC2 = "5200828231072944"
ONES = "one one one one"
ODIN = "один один один один"

UTTERANCES: tuple[Utterance, ...] = (
    # --- English cards
    u(
        "card",
        "en",
        "digit groups",
        VISA,
        f"My card number is four one one one, {ONES}, {ONES}, {ONES}.",
    ),
    u("card", "en", "single digits", VISA, f"It is four {ONES} {ONES} {ONES} one one one."),
    u(
        "card",
        "en",
        "digit groups",
        MC,
        "The card is five five five five, five five five five, "
        "five five five five, four four four four.",
    ),
    u(
        "card",
        "en",
        "double",
        MC,
        "Five five double five, double five double five, "
        "five five double five, double four double four.",
    ),
    u(
        "card",
        "en",
        "digit groups 4-6-5",
        AMEX,
        "It's an Amex, three seven eight two, "
        "eight two two four six three, one zero zero zero five.",
    ),
    u(
        "card",
        "en",
        "oh for zero",
        AMEX,
        "Three seven eight two, eight two two four six three, one oh oh oh five.",
    ),
    u(
        "card",
        "en",
        "double + oh",
        VISA2,
        "Four oh one two, double eight double eight, "
        "double eight double eight, one eight eight one.",
    ),
    u(
        "card",
        "en",
        "oh for zero",
        DISCOVER,
        "Six oh one one, one one one one, one one one one, one one one seven.",
    ),
    u(
        "card",
        "en",
        "two-digit numbers",
        VISA,
        "Forty one eleven, eleven eleven, eleven eleven, eleven eleven.",
    ),
    u(
        "card",
        "en",
        "split, two sentences",
        VISA,
        f"The card is four one one one, {ONES}. And then {ONES}, {ONES}.",
    ),
    u(
        "card",
        "en",
        "split, pause",
        MC,
        "Okay, the first eight are five five five five, five five five five.",
        "And the last eight, five five five five, four four four four.",
    ),
    u(
        "card+expiry+cvv",
        "en",
        "groups + expiry + cvv",
        VISA,
        f"Card number four one one one, "
        f"{ONES}, {ONES}, {ONES}, expiry twelve twenty eight, security code one two three.",
    ),
    u(
        "card+expiry+cvv",
        "en",
        "groups + expiry + cvv",
        MC,
        "Five five five five, five five "
        "five five, five five five five, four four four four. It expires oh three slash "
        "twenty seven and the CVV is four five six.",
    ),
    u(
        "card",
        "en",
        "digit groups, varied digits",
        VISA3,
        "My card is four five three nine, one four eight eight, oh three four three, "
        "six four six seven.",
    ),
    u(
        "card",
        "en",
        "single digits, varied digits",
        MC2,
        "Five two zero zero eight two eight two three one zero seven two nine four four.",
    ),
    # --- English phones
    u(
        "phone",
        "en",
        "US groups",
        "+12125550198",
        "You can call me back at two one two, five five five, zero one nine eight.",
    ),
    u(
        "phone",
        "en",
        "US digit by digit",
        "+12125550198",
        "My number is two one two five five five zero one nine eight.",
    ),
    u(
        "phone",
        "en",
        "UK international",
        "+447911123456",
        "It's plus four four, seven nine one one, one two three four five six.",
    ),
    u(
        "phone",
        "en",
        "UK national, oh",
        "+447911123456",
        "Oh seven nine one one, one two three, four five six.",
    ),
    u(
        "phone",
        "en",
        "LV +371 digits",
        "+37129123456",
        "My Latvian number is plus three seven one, two nine one two three four five six.",
    ),
    u(
        "phone",
        "en",
        "LV +371 pairs",
        "+37129123456",
        "Plus three seven one, twenty nine, twelve, thirty four, fifty six.",
    ),
    u(
        "phone",
        "en",
        "RU +7 groups",
        "+79161234567",
        "Plus seven, nine one six, one two three, forty five, sixty seven.",
    ),
    # --- English e-mails
    u(
        "email",
        "en",
        "dot / at",
        "john.smith@example.com",
        "My email is john dot smith at example dot com.",
    ),
    u(
        "email",
        "en",
        "name + digits",
        "jsmith84@gmail.com",
        "It's j smith eighty four at gmail dot com.",
    ),
    u(
        "email",
        "en",
        "dash, country domain",
        "anna-maria@company.lv",
        "Send it to anna dash maria at company dot l v.",
    ),
    # --- English IBANs and national ids
    u(
        "iban",
        "en",
        "letters + digit groups",
        "LV80BANK0000435195001",
        "My IBAN is L V eight "
        "zero, B A N K, zero zero zero zero, four three five one, nine five zero zero one.",
    ),
    u(
        "iban",
        "en",
        "phonetic alphabet",
        "LV80BANK0000435195001",
        "Lima Victor eight zero, "
        "Bravo Alpha November Kilo, zero zero zero zero, four three five one, nine five zero "
        "zero one.",
    ),
    u(
        "iban",
        "en",
        "letters + digit groups",
        "GB82WEST12345698765432",
        "G B eight two, W E S "
        "T, one two three four, five six nine eight, seven six five four, three two.",
    ),
    u(
        "national id",
        "en",
        "US SSN groups",
        "536904399",
        "My social security number is five three six, nine oh, four three nine nine.",
    ),
    u(
        "national id",
        "en",
        "LV personal code",
        "120345-12345",
        "My personal code is one two oh three four five, dash, one two three four five.",
    ),
    # --- Russian
    u(
        "card",
        "ru",
        "digit groups, varied digits",
        VISA3,
        "Номер карты четыре пять три девять, один четыре восемь восемь, ноль три четыре три, "
        "шесть четыре шесть семь.",
    ),
    u(
        "card",
        "ru",
        "two-digit numbers, varied digits",
        MC2,
        "Пятьдесят два ноль ноль, восемьдесят два восемьдесят два, тридцать один ноль семь, "
        "двадцать девять сорок четыре.",
    ),
    u(
        "card",
        "ru",
        "digit groups",
        VISA,
        f"Номер карты четыре один один один, {ODIN}, {ODIN}, {ODIN}.",
    ),
    u(
        "card",
        "ru",
        "two-digit numbers",
        VISA,
        "Сорок один одиннадцать, одиннадцать "
        "одиннадцать, одиннадцать одиннадцать, одиннадцать одиннадцать.",
    ),
    u(
        "card",
        "ru",
        "digit groups",
        MC,
        "Пять пять пять пять, пять пять пять пять, пять пять "
        "пять пять, четыре четыре четыре четыре.",
    ),
    u(
        "card",
        "ru",
        "digit groups 4-6-5",
        AMEX,
        "Три семь восемь два, восемь два два четыре шесть три, один ноль ноль ноль пять.",
    ),
    u(
        "card",
        "ru",
        "split, two sentences",
        VISA,
        f"Карта четыре один один один, {ODIN}. Дальше {ODIN}, {ODIN}.",
    ),
    u(
        "card",
        "ru",
        "split, pause",
        MC,
        "Первые восемь цифр пять пять пять пять, пять пять пять пять.",
        "Последние восемь пять пять пять пять, четыре четыре четыре четыре.",
    ),
    u(
        "card+expiry+cvv",
        "ru",
        "groups + expiry + cvv",
        VISA,
        f"Карта четыре один один один, "
        f"{ODIN}, {ODIN}, {ODIN}, срок действия двенадцать двадцать восемь, код один два три.",
    ),
    u(
        "phone",
        "ru",
        "RU +7 numbers",
        "+79161234567",
        "Мой телефон плюс семь девятьсот шестнадцать сто двадцать три сорок пять шестьдесят семь.",
    ),
    u(
        "phone",
        "ru",
        "RU 8 digit by digit",
        "+79161234567",
        "Запишите номер восемь девять один шесть один два три четыре пять шесть семь.",
    ),
    u(
        "phone",
        "ru",
        "LV +371 digits",
        "+37129123456",
        "Латвийский номер плюс три семь один, два девять один два три четыре пять шесть.",
    ),
    u(
        "email",
        "ru",
        "собака / точка",
        "ivan.petrov@yandex.ru",
        "Почта иван точка петров собака яндекс точка ру.",
    ),
    u("email", "ru", "собака / точка", "anna@mail.ru", "Мой адрес анна собака мейл точка ру."),
    u(
        "iban",
        "ru",
        "letters + digit groups",
        "LV80BANK0000435195001",
        "Мой айбан эл вэ восемь "
        "ноль, бэ а эн ка, ноль ноль ноль ноль, четыре три пять один, девять пять ноль ноль "
        "один.",
    ),
    u(
        "national id",
        "ru",
        "passport series + number",
        "4509123456",
        "Паспорт серия сорок пять ноль девять, номер один два три четыре пять шесть.",
    ),
    u(
        "national id",
        "ru",
        "SNILS numbers",
        "11223344595",
        "СНИЛС сто двенадцать двести тридцать три четыреста сорок пять девяносто пять.",
    ),
)


class RecordingBackend:
    """The real backend, keeping a copy of what Whisper decoded before the guards (which
    rewrite segment text in place: `_collapse_loops` removes repeated n-grams)."""

    def __init__(self, inner: AsrBackend) -> None:
        self.inner = inner
        self.name = inner.name
        self.model_name = inner.model_name
        self.compute_type = inner.compute_type
        self.raw: list[LegResult] = []

    def detect_language(self, samples: np.ndarray) -> tuple[str, float]:
        return self.inner.detect_language(samples)

    def transcribe(self, samples: np.ndarray, language: str) -> LegResult:
        result = self.inner.transcribe(samples, language)
        self.raw.append(copy.deepcopy(result))
        return result


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def written_segments(transcript) -> list[dict]:
    """What ASR wrote, segment by segment, as the probe's JSON lines keep it."""
    return [
        {
            "speaker": s.speaker,
            "start": s.start,
            "end": s.end,
            "text": s.text,
            "words": [w.word for w in s.words],
        }
        for s in transcript.segments
    ]


def render(utterance: Utterance, voice: str, path: Path, seed: int) -> float:
    rng = np.random.default_rng(seed)
    pieces: list[np.ndarray] = [np.zeros(int(0.5 * RATE))]
    for i, part in enumerate(utterance.parts):
        if i:
            pieces.append(np.zeros(int(GAP_S * RATE)))
        pieces.append(speak(part, voice))
    pieces.append(np.zeros(int(0.6 * RATE)))
    audio = np.concatenate(pieces)
    audio += rng.normal(0.0, 0.001, len(audio))  # line hiss, as samples/render.py
    soundfile.write(path, np.clip(audio, -1.0, 1.0), RATE, subtype="PCM_16")
    return len(audio) / RATE


def checks(utterance: Utterance, segments: list[dict[str, Any]]) -> dict[str, Any]:
    """What a naive digit/regex detector would see in the written text."""
    texts = [s["text"] for s in segments]
    joined = " ".join(texts)
    runs = re.findall(r"\d+", joined)
    # digits with only spaces, dashes, dots or commas between them, as one run
    loose = [re.sub(r"\D", "", m) for m in re.findall(r"\d[\d\s\-.,]*\d|\d", joined)]
    value_digits = re.sub(r"\D", "", utterance.value)
    all_digits = "".join(runs)
    out: dict[str, Any] = {
        "segments": len(segments),
        "digit_runs": runs,
        "has_letters_in_digit_token": bool(re.search(r"\d[^\W\d_]|[^\W\d_]\d", joined)),
        "value_in_single_run": value_digits in runs or any(value_digits in r for r in runs),
        "value_in_loose_run": any(value_digits in r for r in loose),
        "value_in_all_digits": value_digits in all_digits,
        "value_in_one_segment": any(value_digits in re.sub(r"\D", "", t) for t in texts),
    }
    if utterance.kind.startswith("card"):
        candidates = {r for r in loose if 13 <= len(r) <= 19} | {
            r[i : i + n] for r in loose for n in range(13, 20) for i in range(len(r) - n + 1)
        }
        out["luhn_valid_13_19_in_loose_runs"] = sorted(c for c in candidates if luhn_ok(c))
        out["luhn_value_contiguous"] = value_digits in runs
    if utterance.kind == "email":
        out["has_at_sign"] = "@" in joined
        out["value_verbatim"] = utterance.value.lower() in joined.lower().replace(" ", "")
    return out


def word_chars(segments: list[dict[str, Any]]) -> str:
    """Letters and digits only: punctuation and segment cuts aside, did the text change?"""
    return re.sub(r"[\W_]", "", "".join(s["text"] for s in segments)).lower()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="base")
    parser.add_argument("--only", choices=["en", "ru"])
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    missing = [tool for tool in ("text2wave", "sox") if shutil.which(tool) is None]
    if missing:
        print(f"error: {', '.join(missing)} not installed", file=sys.stderr)
        return 1
    asr = AsrOptions(model=args.model)
    backend = RecordingBackend(load_backend(asr))
    jobs = [
        (utterance, voice)
        for utterance in UTTERANCES
        if not args.only or utterance.language == args.only
        for voice in VOICES[utterance.language]
    ]
    if args.limit:
        jobs = jobs[: args.limit]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, args.out.open("w", encoding="utf-8") as out:
        for n, (utterance, voice) in enumerate(jobs):
            wav = Path(tmp) / f"u{n:03d}.wav"
            duration = render(utterance, voice, wav, seed=n)
            started = time.perf_counter()
            backend.raw.clear()
            transcript = transcribe_call(
                CallSource(f"probe{n:03d}", wav, language=utterance.language),
                TranscribeOptions(asr=asr, language=utterance.language),
                backend,
            )
            elapsed = time.perf_counter() - started
            segments = written_segments(transcript)
            raw = [
                {"text": seg.text.strip(), "words": [w.word.strip() for w in seg.words]}
                for result in backend.raw
                for seg in result.segments
            ]
            raw_text = " | ".join(seg["text"] for seg in raw)
            row = {
                "id": n,
                "kind": utterance.kind,
                "language": utterance.language,
                "voice": voice,
                "form": utterance.form,
                "value": utterance.value,
                "spoken": " / ".join(utterance.parts),
                "written": " | ".join(s["text"] for s in segments),
                "segments": segments,
                "dropped": [d.text for d in transcript.dropped],
                "raw_written": raw_text,
                "raw_segments": raw,
                "guard_changed_text": word_chars(raw) != word_chars(segments),
                "model": transcript.asr.model,
                "backend": transcript.asr.backend,
                "audio_s": round(duration, 2),
                "asr_s": round(elapsed, 2),
                "checks": checks(utterance, segments),
                "raw_checks": checks(utterance, raw),
            }
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            out.flush()
            print(f"{n:3d} {utterance.language} {voice:22s} {row['written']}", flush=True)
            if row["guard_changed_text"]:
                print(f"{'':3s} {'raw':25s} {raw_text}", flush=True)
    print(f"wrote {len(jobs)} rows to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
