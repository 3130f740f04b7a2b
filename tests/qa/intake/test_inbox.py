"""Discovery over a fuzz corpus: every entry ends as a call, a reject or a warning, and
nothing about one entry stops the night (no ASR here: fast)."""

from __future__ import annotations

import hashlib
import os
import re
import threading
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile

from qa.intake.audio import AudioDecodeError
from qa.intake.calls import load_call
from qa.intake.inbox import (
    Discovery,
    InboxCall,
    InboxError,
    IntakeOptions,
    discover_inbox,
    display_path,
)
from tests.fixtures.fuzz_inbox import OPTIONS, build

KEY = re.compile(r"(path:)?[0-9a-f]{64}")


def discover_within(inbox: Path, options: IntakeOptions, seconds: float = 30.0) -> Discovery:
    """discover_inbox in a thread: a FIFO or /dev/zero that blocks fails the test, not CI."""
    result: list[Discovery] = []
    worker = threading.Thread(target=lambda: result.append(discover_inbox(inbox, options)))
    worker.daemon = True
    worker.start()
    worker.join(seconds)
    assert result, f"discovery of {inbox} did not finish in {seconds} s"
    return result[0]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("fuzz")
    return folder, build(folder)


@pytest.fixture(scope="module")
def found(corpus: tuple[Path, dict[str, str]]) -> dict[str, Discovery]:
    folder, manifest = corpus
    inboxes = sorted({key.split("/", 1)[0] for key in manifest})
    return {name: discover_within(folder / name, OPTIONS) for name in inboxes}


def outcomes(folder: Path, found: dict[str, Discovery]) -> dict[str, tuple[str, str, object]]:
    """Each discovered entry by manifest key: (outcome, reason, the call or reject)."""
    prefix = display_path(folder) + "/"
    seen: dict[str, tuple[str, str, object]] = {}
    for discovery in found.values():
        for call in discovery.calls:
            seen[call.files[0].removeprefix(prefix)] = ("call", "", call)
        for rejected in discovery.rejected:
            outcome = f"quarantine:{rejected.stage}" if rejected.quarantine else "warn"
            seen[rejected.files[0].removeprefix(prefix)] = (outcome, rejected.reason, rejected)
    return seen


def test_discovery_of_the_corpus_is_quick(corpus, found) -> None:
    folder, _ = corpus
    started = time.perf_counter()
    discover_within(folder / "night", OPTIONS)
    assert time.perf_counter() - started < 10.0  # ~0.5 s here, mostly hashing 200 MB


def test_every_entry_has_its_expected_outcome(corpus, found) -> None:
    folder, manifest = corpus
    seen = outcomes(folder, found)
    wrong = []
    for key, expected in manifest.items():
        outcome, substring = expected.split("|", 1)
        inbox = key.split("/", 1)[0]
        if outcome == "warning":
            if not any(substring in line for line in found[inbox].warnings):
                wrong.append(f"{key}: no warning with {substring!r} in {found[inbox].warnings}")
            continue
        if outcome == "ignored":
            if key in seen:
                wrong.append(f"{key}: expected to be ignored, got {seen[key][:2]}")
            continue
        got, reason, item = seen.get(key, ("missing", "", None))
        if outcome == "quarantine:decode":
            if got != "call":
                wrong.append(f"{key}: expected a call that fails to decode, got {got}: {reason}")
                continue
            assert isinstance(item, InboxCall)
            try:
                load_call(item.source)  # the source carries the run's duration limit
            except AudioDecodeError as error:
                got, reason = outcome, str(error)
            else:
                got = "decoded"
        if got != outcome or substring not in reason:
            wrong.append(f"{key}: expected {outcome} {substring!r}, got {got} {reason!r}")
    assert wrong == []
    unexpected = set(seen) - set(manifest)
    assert unexpected == set()  # a second leg is reported with its call, under the first


def test_every_reason_is_one_line_and_every_key_well_formed(found) -> None:
    rejected = [r for discovery in found.values() for r in discovery.rejected]
    assert rejected
    for reject in rejected:
        assert reject.reason and "\n" not in reject.reason
        assert KEY.fullmatch(reject.key), reject
        assert reject.stage in ("discover", "metadata")
        assert all(isinstance(name, str) for name in reject.files)
        name = reject.files[0]
        if reject.stage == "metadata" or "leg without" in reject.reason:
            data = Path(os.fsdecode(name.encode())).read_bytes()  # ASCII names in the corpus
            assert reject.key == hashlib.sha256(data + b"\0leg\0").hexdigest()
        elif "not a regular file" in reject.reason or "over the" in reject.reason:
            expected = hashlib.sha256(os.fsencode(name)).hexdigest()
            assert reject.key == "path:" + expected


def test_metadata_means_what_it_says(corpus, found) -> None:
    folder, _ = corpus
    calls = {c.files[0].removeprefix(display_path(folder) + "/"): c for c in found["night"].calls}
    stereo = calls["night/good_stereo.wav"]
    # naive 09:15 in Riga (UTC+2 in November) is 07:15 UTC; "LEFT" and "EN" normalised
    assert stereo.meta == {
        "agent_name": "Zoë",
        "started_at": "2026-11-24T07:15:00+00:00",
        "language": "en",
        "agent_channel": "left",
    }
    assert (stereo.source.agent_channel, stereo.source.language) == ("left", "en")
    assert stereo.source.max_seconds == OPTIONS.max_call_seconds
    sidecar = calls["night/good_sidecar.wav"]
    assert (sidecar.source.call_id, sidecar.source.language) == ("ru-42", "ru")
    assert sidecar.source.agent_channel == "right"
    # the same name in two folders: the row naming the path wins, the bare name is ambiguous
    assert calls["night/b/same.wav"].meta["agent_name"] == "Bee"
    assert calls["night/b/same.wav"].meta["started_at"] == "2026-11-24T09:15:00+00:00"
    assert calls["night/a/same.wav"].meta == {}
    assert calls["night/a/same.wav"].audio_hash != calls["night/b/same.wav"].audio_hash
    pair = calls["night/pair_agent.wav"]
    assert pair.source.customer_audio == folder / "night" / "pair_caller.wav"
    cp1252 = {Path(c.files[0]).name: c.meta for c in found["cp1252"].calls}
    assert cp1252["zoe.wav"] == {"agent_name": "Zoë", "team": "J?rmala"}  # as Excel saved it


def test_a_name_that_is_not_utf8_works_end_to_end(corpus, found) -> None:
    folder, _ = corpus
    (call,) = [c for c in found["night"].calls if "caf" in c.files[0]]
    assert call.files == [f"{display_path(folder)}/night/caf\\xe9.wav"]
    assert call.files[0].encode("utf-8")  # storable text
    assert call.source.call_id == "caf\\xe9"
    assert os.fsencode(call.source.audio).endswith(b"/caf\xe9.wav")  # the real file
    audio = load_call(call.source, OPTIONS.max_call_seconds)
    assert audio.duration == pytest.approx(0.5)


def write(path: Path, seconds: float = 0.5, seed: int = 0) -> Path:
    rng = np.random.default_rng(seed)
    soundfile.write(path, rng.normal(0, 0.1, int(8000 * seconds)), 8000, subtype="PCM_16")
    return path


def test_a_file_still_being_written_is_left_for_the_next_run(tmp_path: Path) -> None:
    growing, still = write(tmp_path / "growing.wav"), write(tmp_path / "still.wav", seed=1)

    def append() -> None:
        time.sleep(0.2)
        with growing.open("ab") as stream:
            stream.write(b"\0" * 1600)

    writer = threading.Thread(target=append)
    writer.start()
    found = discover_inbox(tmp_path, IntakeOptions(settle_seconds=0.8))
    writer.join()
    assert [call.files for call in found.calls] == [[str(still)]]
    (waiting,) = found.rejected
    assert (waiting.files, waiting.quarantine) == ([str(growing)], False)
    assert waiting.reason == "still being written (changed during 0.8 s)"


def test_files_younger_than_the_minimum_age_wait(tmp_path: Path) -> None:
    old, new = write(tmp_path / "old.wav"), write(tmp_path / "new.wav", seed=1)
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    found = discover_inbox(tmp_path, IntakeOptions(settle_seconds=0, min_age_seconds=600))
    assert [call.files for call in found.calls] == [[str(old)]]
    (young,) = found.rejected
    assert young.files == [str(new)] and not young.quarantine
    assert young.reason.startswith("still being written (modified 0 s ago; minimum age 600 s")


def test_csv_row_over_sidecar_and_matching_by_call_id(tmp_path: Path) -> None:
    write(tmp_path / "x.wav")
    write(tmp_path / "y.wav", seed=1)
    (tmp_path / "x.json").write_text('{"language": "lv", "team": "north", "agent_id": 7}')
    (tmp_path / "calls.csv").write_text(
        "call_id;language;started_at\nx;en;2026-07-01 12:00\ny;;2026-11-24T09:15:00+03:00\ny;ru;\n"
    )
    found = discover_inbox(tmp_path, IntakeOptions(timezone="Europe/Riga", settle_seconds=0))
    meta = {call.source.call_id: call.meta for call in found.calls}
    # July in Riga is UTC+3; the explicit +03:00 is kept, not reinterpreted
    assert meta["x"] == {
        "agent_id": "7",
        "team": "north",
        "language": "en",
        "started_at": "2026-07-01T09:00:00+00:00",
        "call_id": "x",
    }
    assert meta["y"] == {"started_at": "2026-11-24T06:15:00+00:00", "call_id": "y"}
    assert found.warnings == ["calls.csv row 4: describes the same call as row 3; ignored"]


def test_started_at_forms(tmp_path: Path) -> None:
    write(tmp_path / "z.wav")
    write(tmp_path / "far.wav", seed=1)
    (tmp_path / "z.json").write_text('{"started_at": "2026-11-24T09:15:00Z"}')
    (tmp_path / "far.json").write_text('{"started_at": "0001-01-01T00:00:00"}')
    found = discover_inbox(tmp_path, IntakeOptions(timezone="Europe/Riga", settle_seconds=0))
    (call,) = found.calls
    assert call.meta["started_at"] == "2026-11-24T09:15:00+00:00"
    (far,) = found.rejected
    assert far.reason == "far.json, key started_at: '0001-01-01T00:00:00' is out of range"


def test_control_characters_in_a_call_id_are_rejected(tmp_path: Path) -> None:
    write(tmp_path / "c.wav")
    (tmp_path / "c.json").write_text('{"call_id": "a\\nb"}')
    found = discover_inbox(tmp_path, IntakeOptions(settle_seconds=0))
    (bad,) = found.rejected
    assert bad.reason.startswith("c.json, key call_id: 'a\\\\x0ab' is not safe as a file name")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file_is_a_warning(tmp_path: Path) -> None:
    locked = write(tmp_path / "locked.wav")
    locked.chmod(0)
    (rejected,) = discover_inbox(tmp_path, IntakeOptions(settle_seconds=0)).rejected
    assert (rejected.reason, rejected.quarantine) == ("unreadable (permission denied)", False)


def test_an_unusable_inbox_raises_one_line(tmp_path: Path) -> None:
    with pytest.raises(InboxError, match=r"nope: no such folder$"):
        discover_inbox(tmp_path / "nope")
    with pytest.raises(InboxError, match=r"file\.wav: not a folder$"):
        discover_inbox(write(tmp_path / "file.wav"))


def test_options_are_checked() -> None:
    with pytest.raises(ValueError, match="timezone: 'Mars/Olympus' is not an IANA time zone"):
        IntakeOptions(timezone="Mars/Olympus")
    with pytest.raises(ValueError, match="agent_channel"):
        IntakeOptions(agent_channel="middle")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (b"caf\xe9.wav", "caf\\xe9.wav"),
        ("café.wav".encode(), "café.wav"),
        (b"two\nlines.wav", "two\\x0alines.wav"),
    ],
)
def test_display_path(name: bytes, text: str) -> None:
    assert display_path(os.fsdecode(name)) == text
    assert display_path(Path(os.fsdecode(name))) == text
