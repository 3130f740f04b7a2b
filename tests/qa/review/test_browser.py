"""The desk in a real browser: Debian's chromium, driven by Playwright, against the real app
served by uvicorn. What a QA lead does: filter the list, open a call, play it, jump to a
turn and to evidence, override an item; and what an attacker tries: unescaped text, no token.
Screenshots of each page land in the test's folder (`pytest --basetemp=…` keeps them)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
import soundfile

from qa.review.desk import desk_path
from qa.storage.snapshot import snapshot_path

from .conftest import SAMPLE, LiveDesk

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"{CHROMIUM} is missing: `make setup` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, live_desk: LiveDesk, tmp_path: Path):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, base_url=live_desk.url)
    opened = context.new_page()
    yield opened
    context.close()


def test_the_list_loads_and_filters(page, tmp_path: Path) -> None:
    page.goto("/")
    rows = page.locator("table.calls tbody tr")
    assert rows.count() == 10
    page.select_option("select[name=agent]", label="Laila Haddad")
    page.click("text=Filter")
    page.wait_for_url(re.compile(r"agent=agent-2"))
    assert rows.count() == 2  # evaluation calls 2 and 5 (conftest)
    assert set(rows.locator("td:nth-child(2)").all_inner_texts()) == {"Laila Haddad"}
    page.screenshot(path=tmp_path / "list.png", full_page=True)


def _wait_for(page, script: str, timeout_s: float = 10) -> object:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = page.evaluate(script)
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"never true: {script}")


def test_a_call_opens_plays_and_seeks(page, live_desk: LiveDesk, tmp_path: Path) -> None:
    """What plays is the stored redacted copy: the recording was deleted after seeding."""
    db = Path(live_desk.server.config.app.state.desk.db)
    con = duckdb.connect(str(snapshot_path(db)), read_only=True)
    try:
        [(files,)] = con.execute(
            "SELECT source_files FROM calls WHERE call_id = 'en_billing_resolved'"
        ).fetchall()
    finally:
        con.close()
    assert not Path(files[0]).exists()
    page.goto("/")
    page.click("a.callid:text('en_billing_resolved')")
    page.wait_for_url(re.compile(r"/calls/en_billing_resolved$"))
    # the audio element has a playable source of the call's length
    duration = _wait_for(page, "document.getElementById('audio').duration")
    assert abs(duration - soundfile.info(SAMPLE.with_suffix(".wav")).duration) < 0.1
    # a click on the fifth turn seeks there
    turn = page.locator(".turn").nth(4)
    start = float(turn.get_attribute("data-start"))
    turn.click()
    _wait_for(page, f"Math.abs(document.getElementById('audio').currentTime - {start}) < 1.5")
    # a click on a piece of evidence seeks to its quote
    evidence = page.locator("blockquote.evidence").last
    evidence.scroll_into_view_if_needed()
    quoted = float(evidence.get_attribute("data-start"))
    assert abs(quoted - start) > 2  # a different place, so the seek is visible
    evidence.click()
    _wait_for(page, f"Math.abs(document.getElementById('audio').currentTime - {quoted}) < 1.5")
    page.evaluate("document.getElementById('audio').pause()")
    page.screenshot(path=tmp_path / "call.png", full_page=True)
    assert not (db.parent / ".callqa-audio-cache").exists()


def test_a_call_without_audio_kept_shows_why_instead_of_a_player(page, tmp_path: Path) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto("/calls/en01")
    assert page.locator("audio").count() == 0
    assert page.locator("section.player .noaudio").inner_text() == "No audio kept for this call."
    page.locator(".turn").nth(1).click()  # nothing to seek: the page stays as it is
    assert page.url.endswith("/calls/en01") and errors == []
    page.screenshot(path=tmp_path / "no-audio.png", full_page=True)


def test_the_audio_supports_range_requests(page, live_desk: LiveDesk) -> None:
    answer = page.request.get(
        f"{live_desk.url}/calls/en_billing_resolved/audio", headers={"Range": "bytes=0-99"}
    )
    assert answer.status == 206 and len(answer.body()) == 100


def test_an_override_through_the_form_lands_in_the_desk_file(page, live_desk: LiveDesk) -> None:
    page.goto("/calls/en_billing_resolved")
    card = page.locator("article#c-empathy")
    card.locator("summary").click()
    card.locator("input[name=reviewer]").fill("Ieva Kalnina")
    card.locator("input[name=override_status][value=failed]").check()
    card.locator("textarea[name=comment]").fill("the sorry came after the fix")
    card.locator("button[type=submit]").click()
    page.wait_for_selector(".notice")
    human = page.locator("article#c-empathy .human").text_content()
    assert "Human · Ieva Kalnina" in human and "Failed" in human
    db = Path(live_desk.server.config.app.state.desk.db)
    con = duckdb.connect(str(desk_path(db)), read_only=True)
    try:
        rows = con.execute("SELECT reviewer, criterion_id, override_status, comment FROM reviews")
        assert rows.fetchall() == [
            ("Ieva Kalnina", "empathy", "failed", "the sorry came after the fix")
        ]
    finally:
        con.close()
    # the reviewer's name is remembered for the next form
    assert page.locator("#whole-call input[name=reviewer]").input_value() == "Ieva Kalnina"


def test_hostile_transcript_text_stays_text(page, tmp_path: Path) -> None:
    page.goto("/calls/hostile%3Cb%3Ecall")
    assert page.evaluate("window.__pwned") is None
    transcript = page.locator("section.transcript").inner_text()
    assert "<script>window.__pwned = 1</script>" in transcript
    assert '"><img src=x onerror="window.__pwned = 2">' in transcript
    assert page.locator("section.transcript img").count() == 0
    assert page.locator("h1").inner_text() == "hostile<b>call"
    page.screenshot(path=tmp_path / "hostile.png", full_page=True)


def test_off_loopback_the_token_is_asked_for(browser, desk_db: Path, tmp_path: Path) -> None:
    """`callqa review --host 0.0.0.0` as a user starts it: the token is made, kept 0600,
    printed once, refused when missing, accepted through the login form."""
    from qa.review.access import token_path

    with LiveDesk(desk_db) as probe:  # find a free port the same way, then free it
        port = probe.port
    server = _desk_process(desk_db, port)
    try:
        printed = [server.stdout.readline() for _ in range(3)]  # type: ignore[union-attr]
        token = token_path(desk_db).read_text().strip()
        assert token in printed[1], printed
        assert os.stat(token_path(desk_db)).st_mode & 0o777 == 0o600
        context = browser.new_context(base_url=f"http://127.0.0.1:{port}")
        page = context.new_page()
        _wait_until_listening(page, port)
        assert page.request.get("/api/calls").status == 401
        page.goto("/")
        assert page.url.endswith("/login?next=/")
        page.fill("input[name=token]", "wrong")
        page.click("button[type=submit]")
        assert "That token is not right" in page.content()
        page.fill("input[name=token]", token)
        page.click("button[type=submit]")
        page.wait_for_selector("table.calls")
        assert page.locator("table.calls tbody tr").count() == 10
        context.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    again = _desk_process(desk_db, port)
    try:
        printed = [again.stdout.readline() for _ in range(2)]  # type: ignore[union-attr]
    finally:
        again.terminate()
        again.wait(timeout=10)
    assert "the access token is in" in printed[0]
    assert token not in "".join(printed)  # printed once, never again


def _desk_process(db: Path, port: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "qa", "review", "--db", str(db), "--host", "0.0.0.0",
         "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip


def _wait_until_listening(page, port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            page.request.get(f"http://127.0.0.1:{port}/static/desk.css")
            return
        except Exception:
            time.sleep(0.2)
    raise AssertionError("the desk never started listening")
