"""How much PII the redaction stage removes, and how many look-alikes it spares (issue 12 §3).

Loads the corpus (benchmarks/data/redaction_corpus.jsonl, built by
benchmarks/redaction_corpus.py), builds a `qa.transcript.Transcript` per item (segments with
times and one Word per token, as real transcripts carry), runs the product's redaction stage
`qa.privacy.redact.redact` on it and scores what comes out.

- A PII piece (card, cvv, expiry, phone, email, iban, national_id) is **recalled** when none of
  its secrets survives anywhere in the redacted transcript (segment texts, word lists and
  dropped segments) **and** the transcript's `redaction.counts` name its kind. Leak-free
  pieces counted under another kind are reported apart as "wrong kind".
- A look-alike is a **false positive** when one of its `keep` strings no longer survives.

Leak and survival rules (the normaliser below is the benchmark's own, independent of
`qa.privacy`):
- Text is read as two streams per view (texts+dropped, and words): D, every digit in order
  with spoken number words turned into digits ("forty one" → 41, "oh" → 0, "double five" → 55,
  "сто двенадцать" → 112, Arabic-Indic digits → 0-9) and everything else dropped; and L, the
  lower-cased letters and digits without accents, spaces or punctuation.
- A digit secret of at most 4 digits (CVV, expiry) leaks when it appears in D. A longer one
  leaks when any 5 of its digits in a row appear in D: at most four digits of a card, phone,
  IBAN or ID may survive in a row (PCI shows at most the last four). A letter secret (an
  e-mail's local part or a company's domain name) leaks when it appears in L.
- A digit keep survives when all its digits appear in a row in D; any other keep when its
  letters and digits appear in L. Both views must keep it (the words view only when the
  redacted transcript still has words).

Prints recall per kind × language × source × split, false positives per language and split,
and the issue's targets; writes benchmarks/results/redaction.json. Exit status 0 (it is a
measurement) unless `--check` is given and a target is not met.

    python benchmarks/redaction.py [--show-failures] [--check] [--corpus PATH]
"""

from __future__ import annotations

import argparse
import importlib
import json
import re
import sys
import time
import traceback
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from qa.transcript import (  # noqa: E402
    AsrInfo,
    DroppedSegment,
    Redaction,
    Segment,
    Transcript,
    Word,
)

CORPUS = ROOT / "benchmarks" / "data" / "redaction_corpus.jsonl"
RESULTS = ROOT / "benchmarks" / "results" / "redaction.json"
PII_KINDS = ("card", "cvv", "expiry", "phone", "email", "iban", "national_id")
LANGUAGES = ("en", "ru", "lv", "ar")
SPLITS = ("dev", "check")
SOURCES = ("generated", "asr")
WINDOW = 5  # this many digits of a long secret in a row is a leak; four may show
TARGETS = (  # name, what, bound, at least (True) or at most (False)
    ("card_luhn_recall", "Luhn-valid card numbers (13-19 digits), any written form", 1.0, True),
    ("phone_recall", "phone numbers", 0.95, True),
    ("email_recall", "e-mail addresses", 0.95, True),
    ("lookalike_fp_rate", "look-alikes changed (false positives)", 0.02, False),
)

Redactor = Callable[[Transcript], Transcript]

# ---------------------------------------------------------------- the normaliser

UNIT, TEEN, TENS, HUNDREDS, HUNDRED, THOUSAND, REPEAT, CLOSED = range(8)


def _fold(text: str) -> str:
    """Lower case, accents and other combining marks removed (ā → a, й → и, أ → ا)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _vocabulary() -> dict[str, tuple[int, int]]:
    table: dict[str, tuple[int, int]] = {}
    units = {
        "en": "zero one two three four five six seven eight nine",
        "ru": "ноль один два три четыре пять шесть семь восемь девять",
        "lv": "nulle viens divi trīs četri pieci seši septiņi astoņi deviņi",
        "ar": "صفر واحد اثنان ثلاثة أربعة خمسة ستة سبعة ثمانية تسعة",
    }
    for words in units.values():
        for value, word in enumerate(words.split()):
            table[_fold(word)] = (UNIT, value)
    extra_units = {"oh": 0, "нуль": 0, "одна": 1, "две": 2, "viena": 1, "اثنين": 2, "اربعة": 4}
    for word, value in extra_units.items():
        table[_fold(word)] = (UNIT, value)
    teens = {
        "en": "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen",
        "ru": "десять одиннадцать двенадцать тринадцать четырнадцать пятнадцать шестнадцать "
        "семнадцать восемнадцать девятнадцать",
        "lv": "desmit vienpadsmit divpadsmit trīspadsmit četrpadsmit piecpadsmit sešpadsmit "
        "septiņpadsmit astoņpadsmit deviņpadsmit",
    }
    for words in teens.values():
        for value, word in enumerate(words.split(), start=10):
            table[_fold(word)] = (TEEN, value)
    table[_fold("عشرة")] = (TEEN, 10)
    tens = {
        "en": "twenty thirty forty fifty sixty seventy eighty ninety",
        "ru": "двадцать тридцать сорок пятьдесят шестьдесят семьдесят восемьдесят девяносто",
        "lv": "divdesmit trīsdesmit četrdesmit piecdesmit sešdesmit septiņdesmit astoņdesmit "
        "deviņdesmit",
    }
    for words in tens.values():
        for n, word in enumerate(words.split(), start=2):
            table[_fold(word)] = (TENS, n * 10)
    ru_hundreds = "сто двести триста четыреста пятьсот шестьсот семьсот восемьсот девятьсот"
    for n, word in enumerate(ru_hundreds.split(), start=1):
        table[_fold(word)] = (HUNDREDS, n * 100)
    table["simts"] = (HUNDREDS, 100)
    for word in ("hundred", "simt"):
        table[word] = (HUNDRED, 100)
    for word in ("thousand", "тысяча", "тысячи", "тысяч", "tūkstotis", "tūkstoši"):
        table[_fold(word)] = (THOUSAND, 1000)
    table["double"] = (REPEAT, 2)
    table["triple"] = (REPEAT, 3)
    return table


NUMBER_WORDS = _vocabulary()
TOKEN = re.compile(r"\d+|[^\W\d_]+|[^\w\s]|_", re.UNICODE)


def _ascii_digits(text: str) -> str:
    return "".join(
        str(unicodedata.decimal(ch)) for ch in text if unicodedata.decimal(ch, None) is not None
    )


class _Number:
    """Spoken number words, left to right, into the digits a listener would write."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.value: int | None = None
        self.last = -1  # kind of the last word folded into value
        self.last_unit = 0

    def flush(self) -> None:
        if self.value is not None:
            self.out.append(str(self.value))
        self.value, self.last = None, -1

    def start(self, kind: int, value: int) -> None:
        self.flush()
        self.value, self.last = value, kind
        self.last_unit = value if kind == UNIT else 0

    def add(self, kind: int, value: int) -> None:
        if kind == UNIT and value == 0:  # zeros never compose: "oh three" is 03
            self.flush()
            self.out.append("0")
        elif kind == UNIT and self.last in (TENS, HUNDREDS, THOUSAND) and self.value is not None:
            self.value += value
            # after a thousand the unit may still take "hundred": one thousand TWO hundred
            self.last, self.last_unit = (UNIT if self.last == THOUSAND else CLOSED), value
        elif kind in (TEEN, TENS) and self.last in (HUNDREDS, THOUSAND) and self.value is not None:
            self.value += value
            self.last = kind
        elif kind == HUNDRED and self.last == UNIT and self.value is not None:
            self.value += self.last_unit * 99
            self.last = HUNDREDS
        elif kind == HUNDREDS and self.last == THOUSAND and self.value is not None:
            self.value += value
            self.last = HUNDREDS
        elif kind == THOUSAND and self.value is not None and self.last != THOUSAND:
            self.value *= 1000
            self.last = THOUSAND
        else:
            self.start(HUNDREDS if kind == HUNDRED else kind, value)

    def digits(self) -> str:
        self.flush()
        return "".join(self.out)


def number_digits(words: list[tuple[int, int]]) -> str:
    number = _Number()
    i = 0
    while i < len(words):
        kind, value = words[i]
        if kind == REPEAT:
            if i + 1 < len(words) and words[i + 1][0] == UNIT:
                number.flush()
                number.out.append(str(words[i + 1][1]) * value)
                i += 2
                continue
            i += 1
            continue
        number.add(kind, value)
        i += 1
    return number.digits()


def digit_stream(text: str) -> str:
    """Every digit of `text` in order, spoken number words included; nothing else."""
    out: list[str] = []
    run: list[tuple[int, int]] = []
    for token in TOKEN.findall(text):
        if token[0].isdigit():
            if run:
                out.append(number_digits(run))
                run = []
            out.append(_ascii_digits(token))
            continue
        folded = _fold(token)
        word = NUMBER_WORDS.get(folded)
        if word is not None:
            run.append(word)
        elif run and (
            token == "-" or (folded == "and" and run[-1][0] in (HUNDREDS, HUNDRED, THOUSAND))
        ):
            continue  # forty-five; one hundred and ninety
        elif run:
            out.append(number_digits(run))
            run = []
    if run:
        out.append(number_digits(run))
    return "".join(out)


def letter_stream(text: str) -> str:
    """Letters and digits only, lower case and without accents: `John Dot-smith` → johndotsmith."""
    out = []
    for ch in _fold(text):
        digit = unicodedata.decimal(ch, None)
        if digit is not None:
            out.append(str(digit))
        elif ch.isalnum():
            out.append(ch)
    return "".join(out)


def is_digit_string(value: str) -> bool:
    """Digits with separators only (`4111 1111`, `12/28`, `$1,299.99`), compared as digits."""
    return bool(_ascii_digits(value)) and not re.search(r"[^\W\d_]", value)


@dataclass(frozen=True)
class View:
    digits: str
    letters: str

    @staticmethod
    def of(texts: Iterable[str]) -> View:
        joined = " \n ".join(texts)
        return View(digit_stream(joined), letter_stream(joined))


def leaks(secret: str, view: View) -> bool:
    if is_digit_string(secret):
        digits = _ascii_digits(secret)
        if len(digits) < WINDOW:
            return digits in view.digits
        return any(digits[i : i + WINDOW] in view.digits for i in range(len(digits) - WINDOW + 1))
    letters = letter_stream(secret)
    return bool(letters) and letters in view.letters


def survives(keep: str, view: View) -> bool:
    if is_digit_string(keep):
        return _ascii_digits(keep) in view.digits
    return letter_stream(keep) in view.letters


# ---------------------------------------------------------------- transcripts


def _words(text: str | list[str], start: float, end: float) -> list[Word]:
    """One Word per token (a list is taken as ASR's own tokens), spread over the segment."""
    tokens = text.split() if isinstance(text, str) else [t for t in text if t.strip()]
    if not tokens:
        return []
    step = (end - start) / len(tokens)
    return [
        Word(
            start=round(start + i * step, 3),
            end=round(start + (i + 1) * step, 3),
            word=token,
            probability=0.9,
        )
        for i, token in enumerate(tokens)
    ]


def transcript_for(item: dict[str, Any]) -> Transcript:
    """The item as the redaction stage sees it: timed segments, one Word per token."""
    segments = []
    cursor = 0.8
    for raw in item["segments"]:
        text = raw["text"]
        tokens = raw.get("words") or text.split()
        start = float(raw.get("start", cursor))
        end = float(raw.get("end", start + max(0.6, 0.38 * len(tokens))))
        segments.append(
            Segment(
                speaker=raw["speaker"],
                start=start,
                end=end,
                text=text,
                confidence=0.9,
                words=_words(tokens, start, end),
            )
        )
        cursor = end + 0.7
    dropped = [
        DroppedSegment(
            speaker=d.get("speaker", "unknown"),
            start=float(d.get("start", 0.0)),
            end=float(d.get("end", 0.0)),
            text=d["text"],
            reason=d.get("reason", "repetition"),
        )
        for d in item.get("dropped", [])
    ]
    asr = item["source"] == "asr"
    return Transcript(
        call_id=item["id"],
        language=item["language"],
        duration=round(cursor + 0.5, 2),
        layout="mono" if asr else "stereo",
        segments=segments,
        dropped=dropped,
        asr=AsrInfo(
            backend="faster-whisper", model="base", compute_type="int8", language_source="given"
        ),
    )


def views(transcript: Transcript) -> tuple[View, View | None]:
    texts = [s.text for s in transcript.segments] + [d.text for d in transcript.dropped]
    words = [" ".join(w.word for w in s.words) for s in transcript.segments]
    has_words = any(s.words for s in transcript.segments)
    return View.of(texts), View.of(words) if has_words else None


# ---------------------------------------------------------------- scoring


@dataclass
class PieceResult:
    kind: str
    form: str
    leaked: list[str]
    counted: bool
    luhn: bool

    @property
    def recalled(self) -> bool:
        return not self.leaked and self.counted


@dataclass
class ItemResult:
    item: dict[str, Any]
    after: Transcript | None
    pieces: list[PieceResult] = field(default_factory=list)
    keeps_lost: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    error: str | None = None
    unscored: int = 0  # pieces of which ASR left nothing to protect

    @property
    def failed(self) -> bool:
        if self.item["kind"] == "lookalike":
            return bool(self.keeps_lost)
        return any(not p.recalled for p in self.pieces)


def score_item(item: dict[str, Any], after: Transcript | None, error: str | None) -> ItemResult:
    result = ItemResult(item, after, error=error)
    if after is None:  # the redactor failed: nothing was redacted, nothing is trusted
        after = transcript_for(item)
        error = error or "no transcript"
    counts = dict(after.redaction.counts) if after.redaction and not error else {}
    result.counts = counts
    text_view, word_view = views(after)
    for piece in item.get("pii", []):
        if not piece["secrets"]:
            result.unscored += 1  # nothing of the value survived ASR: nothing to measure
            continue
        leaked = [
            s
            for s in piece["secrets"]
            if leaks(s, text_view) or (word_view is not None and leaks(s, word_view))
        ]
        result.pieces.append(
            PieceResult(
                kind=piece["kind"],
                form=item["form"],
                leaked=leaked,
                counted=counts.get(piece["kind"], 0) > 0,
                luhn=bool(piece.get("luhn")),
            )
        )
    if error:
        for piece in result.pieces:
            piece.leaked = piece.leaked or ["(redactor error)"]
    for keep in item.get("keep", []):
        kept = survives(keep, text_view) and (word_view is None or survives(keep, word_view))
        if not kept or error:
            result.keeps_lost.append(keep)
    return result


def run(items: list[dict[str, Any]], redactor: Redactor) -> tuple[list[ItemResult], float]:
    results = []
    elapsed = 0.0
    for item in items:
        before = transcript_for(item)
        started = time.perf_counter()
        try:
            after: Transcript | None = redactor(before.model_copy(deep=True))
            error = None
        except Exception as exc:  # a measurement: one crash is one failed item
            after, error = None, f"{type(exc).__name__}: {exc}"
        elapsed += time.perf_counter() - started
        results.append(score_item(item, after, error))
    return results, elapsed


@dataclass
class Tally:
    n: int = 0
    recalled: int = 0
    leak_free: int = 0
    wrong_kind: int = 0

    def add(self, piece: PieceResult) -> None:
        self.n += 1
        self.recalled += piece.recalled
        self.leak_free += not piece.leaked
        self.wrong_kind += not piece.leaked and not piece.counted

    def rate(self) -> float | None:
        return self.recalled / self.n if self.n else None

    def as_dict(self) -> dict[str, Any]:
        rate = self.rate()
        return {
            "n": self.n,
            "recalled": self.recalled,
            "leak_free": self.leak_free,
            "wrong_kind": self.wrong_kind,
            "recall": None if rate is None else round(rate, 4),
        }


@dataclass
class FpTally:
    n: int = 0
    fp: int = 0
    flagged: int = 0  # counted something though every keep survived

    def rate(self) -> float | None:
        return self.fp / self.n if self.n else None

    def as_dict(self) -> dict[str, Any]:
        rate = self.rate()
        return {
            "n": self.n,
            "false_positives": self.fp,
            "counted_but_kept": self.flagged,
            "rate": None if rate is None else round(rate, 4),
        }


def summarise(results: list[ItemResult]) -> dict[str, Any]:
    """Recall and false-positive numbers, grouped as the table prints them."""
    groups: dict[tuple[str, str, str, str], Tally] = defaultdict(Tally)
    by_kind: dict[tuple[str, str], Tally] = defaultdict(Tally)
    by_form: dict[tuple[str, str, str], Tally] = defaultdict(Tally)
    card_luhn: dict[str, Tally] = defaultdict(Tally)
    overall: dict[str, Tally] = defaultdict(Tally)
    fp: dict[tuple[str, str], FpTally] = defaultdict(FpTally)
    fp_form: dict[tuple[str, str], FpTally] = defaultdict(FpTally)
    fp_all: dict[str, FpTally] = defaultdict(FpTally)
    errors = unscored = 0
    for result in results:
        item = result.item
        split, lang, source = item["split"], item["language"], item["source"]
        errors += result.error is not None
        unscored += result.unscored
        if item["kind"] == "lookalike":
            for tally in (fp[(lang, split)], fp_form[(item["form"], split)], fp_all[split]):
                tally.n += 1
                tally.fp += bool(result.keeps_lost)
                tally.flagged += not result.keeps_lost and any(result.counts.values())
            continue
        for piece in result.pieces:
            for tally in (
                groups[(piece.kind, lang, source, split)],
                by_kind[(piece.kind, split)],
                by_form[(piece.kind, piece.form, split)],
                overall[split],
            ):
                tally.add(piece)
            if piece.kind == "card" and piece.luhn:
                card_luhn[split].add(piece)
    rates = {
        "card_luhn_recall": {s: card_luhn[s].rate() for s in SPLITS},
        "phone_recall": {s: by_kind[("phone", s)].rate() for s in SPLITS},
        "email_recall": {s: by_kind[("email", s)].rate() for s in SPLITS},
        "lookalike_fp_rate": {s: fp_all[s].rate() for s in SPLITS},
    }
    targets = []
    for name, what, bound, at_least in TARGETS:
        values = rates[name]
        met = all(
            v is not None and (v >= bound if at_least else v <= bound) for v in values.values()
        )
        targets.append(
            {
                "name": name,
                "what": what,
                "target": f"{'>=' if at_least else '<='} {bound:.0%}",
                **{s: None if v is None else round(v, 4) for s, v in values.items()},
                "met": met,
            }
        )
    return {
        "recall": [
            {"kind": k, "language": lang, "source": src, "split": s, **t.as_dict()}
            for (k, lang, src, s), t in sorted(groups.items(), key=_group_order)
        ],
        "recall_by_kind": {k: {s: by_kind[(k, s)].as_dict() for s in SPLITS} for k in PII_KINDS},
        "recall_by_form": [
            {"kind": k, "form": f, "split": s, **t.as_dict()}
            for (k, f, s), t in sorted(by_form.items())
        ],
        "card_luhn": {s: card_luhn[s].as_dict() for s in SPLITS},
        "overall": {s: overall[s].as_dict() for s in SPLITS},
        "false_positives": [
            {"language": lang, "split": s, **fp[(lang, s)].as_dict()}
            for lang in LANGUAGES
            for s in SPLITS
            if (lang, s) in fp
        ],
        "false_positives_by_form": [
            {"form": f, "split": s, **t.as_dict()} for (f, s), t in sorted(fp_form.items())
        ],
        "false_positive_overall": {s: fp_all[s].as_dict() for s in SPLITS},
        "targets": targets,
        "all_targets_met": all(t["met"] for t in targets),
        "redactor_errors": errors,
        "unscored_pieces": unscored,
    }


def _group_order(entry: tuple[tuple[str, str, str, str], Tally]) -> tuple[int, int, int, int]:
    kind, lang, source, split = entry[0]
    return (
        PII_KINDS.index(kind),
        LANGUAGES.index(lang),
        SOURCES.index(source),
        SPLITS.index(split),
    )


# ---------------------------------------------------------------- report


def load(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def composition(items: list[dict[str, Any]]) -> dict[str, Any]:
    count: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for item in items:
        for key in ("split", "source", "language", "kind"):
            count[key][item[key]] += 1
    return {key: dict(sorted(value.items())) for key, value in count.items()}


def _cell(tally: dict[str, Any]) -> str:
    if not tally["n"]:
        return "-"
    return f"{tally['recalled']}/{tally['n']} {tally['recall']:.0%}"


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def print_report(summary: dict[str, Any], items: list[dict[str, Any]], version: str) -> None:
    comp = composition(items)
    print(
        f"redaction benchmark: {len(items)} items "
        f"({', '.join(f'{k} {v}' for k, v in comp['split'].items())}; "
        f"{', '.join(f'{k} {v}' for k, v in comp['source'].items())}), "
        f"redactor {version}, {summary['ms_per_item']:.2f} ms/item"
    )
    print("\nrecall (no secret survives and the kind is counted), PII pieces")
    print(f"{'kind':12s} {'lang':4s} {'source':9s} {'dev':>16s} {'check':>16s}  wrong kind")
    rows: dict[tuple[str, str, str], dict[str, dict[str, Any]]] = defaultdict(dict)
    for row in summary["recall"]:
        rows[(row["kind"], row["language"], row["source"])][row["split"]] = row
    empty = {"n": 0, "recalled": 0, "wrong_kind": 0, "recall": None}
    for (kind, lang, source), by_split in rows.items():
        dev, check = by_split.get("dev", empty), by_split.get("check", empty)
        wrong = dev["wrong_kind"] + check["wrong_kind"]
        print(
            f"{kind:12s} {lang:4s} {source:9s} {_cell(dev):>16s} {_cell(check):>16s}  {wrong or ''}"
        )
    print(f"{'-' * 12} {'-' * 4} {'-' * 9} {'-' * 16} {'-' * 16}")
    for kind in PII_KINDS:
        by_split = summary["recall_by_kind"][kind]
        print(
            f"{kind:12s} {'all':4s} {'all':9s} {_cell(by_split['dev']):>16s} "
            f"{_cell(by_split['check']):>16s}"
        )
    overall = summary["overall"]
    print(
        f"{'overall':12s} {'':4s} {'':9s} {_cell(overall['dev']):>16s} "
        f"{_cell(overall['check']):>16s}"
    )
    print("\nfalse positives on look-alikes (a keep string lost)")
    print(f"{'lang':6s} {'dev':>16s} {'check':>16s}")
    fps: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for row in summary["false_positives"]:
        fps[row["language"]][row["split"]] = row
    fp_all = summary["false_positive_overall"]
    for lang, by_split in [*fps.items(), ("all", fp_all)]:
        cells = []
        for split in SPLITS:
            row = by_split.get(split)
            cells.append(
                "-"
                if not row or not row["n"]
                else f"{row['false_positives']}/{row['n']} {row['rate']:.1%}"
            )
        print(f"{lang:6s} {cells[0]:>16s} {cells[1]:>16s}")
    print("\ntargets (met when they hold on dev and on check)")
    for target in summary["targets"]:
        print(
            f"  {target['what']:58s} {target['target']:>7s}  dev {_pct(target['dev']):>7s}  "
            f"check {_pct(target['check']):>7s}  {'met' if target['met'] else 'NOT MET'}"
        )
    print(
        f"\n{summary['unscored_pieces']} ASR pieces not scored: ASR wrote at most 4 of their "
        "digits or nothing recognisable of the address"
    )
    if summary["redactor_errors"]:
        print(f"\n{summary['redactor_errors']} items made the redactor raise (counted as failed)")


def show_failures(results: list[ItemResult]) -> None:
    """Dev split only: the check split is there to be looked at once, not tuned on."""
    failed = [r for r in results if r.item["split"] == "dev" and r.failed]
    print(f"\ndev failures: {len(failed)}")
    for result in failed:
        item = result.item
        before = " | ".join(s["text"] for s in item["segments"])
        after = " | ".join(s.text for s in result.after.segments) if result.after else "(no result)"
        if item["kind"] == "lookalike":
            why = f"lost {result.keeps_lost}"
        else:
            why = "; ".join(
                f"{p.kind}: " + (f"leaked {p.leaked}" if p.leaked else f"counted {result.counts}")
                for p in result.pieces
                if not p.recalled
            )
        print(f"- {item['id']} [{item['language']} {item['kind']} {item['form']}] {why}")
        print(f"    before: {before}")
        print(f"    after:  {after}")
        if result.error:
            print(f"    error:  {result.error}")


def product_redactor() -> tuple[Redactor, str]:
    module = importlib.import_module("qa.privacy.redact")
    return module.redact, "qa.privacy.redact.redact"


def redactor_version(results: list[ItemResult]) -> str | None:
    for result in results:
        if result.after is not None and isinstance(result.after.redaction, Redaction):
            return result.after.redaction.version
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--show-failures", action="store_true", help="list dev-split failures")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is not met")
    args = parser.parse_args()
    items = load(args.corpus)
    try:
        redactor, name = product_redactor()
    except Exception:
        traceback.print_exc()
        return 1
    results, elapsed = run(items, redactor)
    summary = summarise(results)
    version = redactor_version(results)
    summary["ms_per_item"] = round(1000 * elapsed / max(1, len(items)), 3)
    label = f"{name} ({version or 'no redaction record: pass-through'})"
    print_report(summary, items, label)
    if args.show_failures:
        show_failures(results)
    report = {
        "corpus": str(
            args.corpus.relative_to(ROOT) if args.corpus.is_relative_to(ROOT) else args.corpus
        ),
        "items": len(items),
        "composition": composition(items),
        "pii_pieces_scored": sum(len(r.pieces) for r in results),
        "lookalikes": sum(1 for i in items if i["kind"] == "lookalike"),
        "redactor": name,
        "redaction_version": version,
        "rules": {
            "digit_window": WINDOW,
            "recalled": "no secret survives in texts, words or dropped segments, and "
            "redaction.counts names the kind",
            "false_positive": "a keep string no longer survives",
        },
        **summary,
        "dev_failures": [r.item["id"] for r in results if r.item["split"] == "dev" and r.failed],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    if args.check and not summary["all_targets_met"]:
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
