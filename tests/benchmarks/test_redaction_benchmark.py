"""The redaction benchmark measures what it says (benchmarks/redaction.py, issue 12 §3).

The corpus is big and varied enough, its values are valid, and the scorer can fail both
ways: a pass-through redactor recalls nothing and changes nothing, a redactor that blanks
every word recalls everything and spares no look-alike, and one that removes exactly the
generated PII spans recalls every generated piece without a false positive. Whether the
product meets the targets is the benchmark's to say, not a test's.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import phonenumbers
import pytest
from stdnum import iban, luhn
from stdnum.lv import pvn
from stdnum.ru import inn
from stdnum.us import ssn

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import redaction as bench  # noqa: E402
import redaction_corpus as corpus  # noqa: E402

from qa.transcript import Redaction, Transcript  # noqa: E402

ARABIC_INDIC = re.compile("[٠-٩]")
WESTERN = re.compile("[0-9]")


@pytest.fixture(scope="module")
def items() -> list[dict[str, Any]]:
    return bench.load(bench.CORPUS)


def generated(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [i for i in items if i["source"] == "generated"]


def test_corpus_is_big_and_varied(items: list[dict[str, Any]]) -> None:
    langs = Counter(i["language"] for i in generated(items))
    assert langs["en"] + langs["ru"] >= 400
    assert langs["lv"] >= 30
    assert langs["ar"] >= 30
    assert sum(i["kind"] == "lookalike" for i in items) >= 150
    assert {i["split"] for i in items} == {"dev", "check"}
    assert sum(i["source"] == "asr" for i in items) >= 77
    kinds = {i["kind"] for i in generated(items)}
    assert kinds == {*bench.PII_KINDS, "lookalike"}
    assert any(not i["cue"] for i in generated(items) if i["kind"] != "lookalike")
    assert any(
        len(i["segments"]) == 2 and i["segments"][0]["speaker"] != i["segments"][1]["speaker"]
        for i in generated(items)
        if i["form"] == "split_other"
    )
    arabic = " ".join(s["text"] for i in items if i["language"] == "ar" for s in i["segments"])
    assert ARABIC_INDIC.search(arabic) and WESTERN.search(arabic)


def skeleton(item: dict[str, Any]) -> str:
    """The sentence around the PII: what the template was."""
    texts = [s["text"] for s in item["segments"]]
    spans = sorted((span for piece in item["pii"] for span in piece["spans"]), reverse=True)
    for seg, start, end in spans:
        texts[seg] = texts[seg][:start] + "{}" + texts[seg][end:]
    return "|".join(texts)


def test_splits_are_two_seeds_and_two_halves_of_the_templates(items: list[dict[str, Any]]) -> None:
    mine = [i for i in generated(items) if i["language"] in ("en", "ru") and i["pii"]]
    by_split = Counter(i["split"] for i in mine)
    assert by_split["dev"] == by_split["check"]
    dev = {(i["kind"], skeleton(i)) for i in mine if i["split"] == "dev"}
    check = {(i["kind"], skeleton(i)) for i in mine if i["split"] == "check"}
    assert len(dev) > 50 and len(check) > 50
    assert not dev & check
    values = Counter(p["value"] for i in generated(items) for p in i["pii"] if p["kind"] == "card")
    assert max(values.values()) == 1


def test_generated_values_are_valid(items: list[dict[str, Any]]) -> None:
    checked = Counter()
    for item in generated(items):
        for piece in item["pii"]:
            kind, value = piece["kind"], piece["value"]
            if kind == "card":
                assert piece["secrets"] == [value]
                assert 13 <= len(value) <= 19 and value.isdigit() and luhn.is_valid(value)
            elif kind == "phone":
                assert phonenumbers.is_valid_number(phonenumbers.parse(value)), value
            elif kind == "iban":
                assert iban.is_valid(value), value
            elif kind == "national_id":
                valid = {
                    "ssn": ssn.is_valid,
                    "lv_pk": pvn.is_valid,
                    "inn": inn.is_valid,
                    "snils": lambda v: corpus.snils_valid(v),
                    "saudi": luhn.is_valid,
                }[piece["id_type"]]
                assert valid(value), (piece["id_type"], value)
            checked[kind] += 1
            assert piece["spans"], item["id"]
    assert set(checked) == set(bench.PII_KINDS)


def test_the_corpus_file_is_what_the_generator_builds(items: list[dict[str, Any]]) -> None:
    """Seeded values and committed ASR renderings: the file can be rebuilt, byte for byte."""
    assert corpus.build() == items


def test_normaliser() -> None:
    assert bench.digit_stream("forty five thirty nine, oh three forty three") == "45390343"
    assert bench.digit_stream("double four, triple oh") == "44000"
    assert bench.digit_stream("сто двенадцать двести тридцать три девяносто пять") == "11223395"
    assert bench.digit_stream("411111111111111XP1228, Security Code 123") == (
        "4111111111111111228123"
    )
    assert bench.digit_stream("٤٥٣٩ četri divdesmit") == "4539420"
    assert bench.letter_stream("John Dot-smith at Bērziņš") == "johndotsmithatberzins"
    card = "4111111111111111"
    assert not bench.leaks(card, bench.View.of(["the card ending in 1111"]))
    assert bench.leaks(card, bench.View.of(["ending 11111"]))
    assert bench.leaks("123", bench.View.of(["code one two three"]))
    assert bench.survives("$1,299.99", bench.View.of(["it cost 1299.99 dollars"]))
    assert not bench.survives("$1,299.99", bench.View.of(["it cost [CARD] dollars"]))


def pass_through(transcript: Transcript) -> Transcript:
    return transcript


def blank_everything(transcript: Transcript) -> Transcript:
    segments = [
        s.model_copy(
            update={
                "text": "[REDACTED]",
                "words": [w.model_copy(update={"word": "[REDACTED]"}) for w in s.words],
            }
        )
        for s in transcript.segments
    ]
    dropped = [d.model_copy(update={"text": "[REDACTED]"}) for d in transcript.dropped]
    counts = dict.fromkeys(bench.PII_KINDS, 1)
    return transcript.model_copy(
        update={
            "segments": segments,
            "dropped": dropped,
            "redaction": Redaction(version="test/blank", counts=counts),
        }
    )


def span_oracle(items: list[dict[str, Any]]) -> bench.Redactor:
    """Replaces exactly the generated PII spans, as a perfect redactor would."""
    by_id = {i["id"]: i for i in items}

    def redact(transcript: Transcript) -> Transcript:
        item = by_id[transcript.call_id]
        cuts: dict[int, list[tuple[int, int]]] = {}
        for piece in item["pii"]:
            for seg, start, end in piece["spans"]:
                cuts.setdefault(seg, []).append((start, end))
        segments = []
        for n, segment in enumerate(transcript.segments):
            text = segment.text
            for start, end in sorted(cuts.get(n, []), reverse=True):
                text = text[:start] + "[PII]" + text[end:]
            words = bench._words(text, segment.start, segment.end)
            segments.append(segment.model_copy(update={"text": text, "words": words}))
        counts = Counter(p["kind"] for p in item["pii"])
        return transcript.model_copy(
            update={
                "segments": segments,
                "redaction": Redaction(version="test/oracle", counts=dict(counts)),
            }
        )

    return redact


def test_pass_through_recalls_nothing_and_changes_nothing(items: list[dict[str, Any]]) -> None:
    results, _ = bench.run(items, pass_through)
    summary = bench.summarise(results)
    for split in bench.SPLITS:
        assert summary["overall"][split]["recall"] == 0.0
        assert summary["overall"][split]["leak_free"] == 0  # the scorer sees every secret
        assert summary["false_positive_overall"][split]["rate"] == 0.0
    assert not summary["all_targets_met"]


def test_blanking_everything_recalls_everything_and_spares_nothing(
    items: list[dict[str, Any]],
) -> None:
    results, _ = bench.run(items, blank_everything)
    summary = bench.summarise(results)
    for split in bench.SPLITS:
        assert summary["overall"][split]["recall"] == 1.0
        assert summary["false_positive_overall"][split]["rate"] == 1.0
    assert [t["met"] for t in summary["targets"]] == [True, True, True, False]


def test_a_perfect_redactor_meets_every_target_on_generated_items(
    items: list[dict[str, Any]],
) -> None:
    mine = generated(items)
    results, _ = bench.run(mine, span_oracle(mine))
    summary = bench.summarise(results)
    for split in bench.SPLITS:
        assert summary["overall"][split]["recall"] == 1.0
        assert summary["false_positive_overall"][split]["rate"] == 0.0
    assert summary["all_targets_met"]


def test_a_crashing_redactor_counts_as_failing_not_as_passing(items: list[dict[str, Any]]) -> None:
    def crash(transcript: Transcript) -> Transcript:
        raise RuntimeError("boom")

    sample = generated(items)[:40]
    results, _ = bench.run(sample, crash)
    assert all(r.error for r in results)
    assert all(r.failed for r in results)
