"""The desk over HTTP (in-process): the list's filters, the API's answers and refusals, reviews
that never touch the automatic score, disputes, escaping, and who may ask."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import duckdb
import numpy as np
import pytest
from fastapi.testclient import TestClient

from models.audio import SAMPLE_RATE
from qa.intake.audio import decode_audio
from qa.review.access import CSRF_COOKIE, Access
from qa.review.app import create_app
from qa.review.desk import desk_path
from qa.scorecard import Scorecard
from qa.storage.files import audio_dir
from qa.storage.snapshot import snapshot_path
from qa.transcript import Transcript

from .conftest import ALL_CALLS, HOSTILE_TEXTS


def client(db: Path, access: Access | None = None) -> TestClient:
    app = create_app(db, access or Access("127.0.0.1", None))
    return TestClient(app, base_url="http://127.0.0.1:8000")


def ids(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [row["call_id"] for row in response.json()]


def test_the_list_filters_sorts_and_pages(desk_db: Path) -> None:
    api = client(desk_db)
    assert len(ids(api.get("/api/calls"))) == ALL_CALLS
    # agent-0 took evaluation calls 0, 3, 6 and the sample call; agent-1 calls 1, 4, 7 and
    # the hostile one (see conftest)
    assert sorted(ids(api.get("/api/calls?agent=agent-0"))) == sorted(
        ["en01", "en05", "lv01", "en_billing_resolved"]
    )
    assert len(ids(api.get("/api/calls?agent=Oleg Petrov"))) == 3  # by name, no hostile
    assert len(ids(api.get("/api/calls?team=north"))) == 5  # odd k, and the hostile call
    # dates: agent k%3 == 1 called on 2026-11-09; the sample call on 11-20
    assert sorted(ids(api.get("/api/calls?since=2026-11-09&until=2026-11-09"))) == sorted(
        ["en02", "ru01", "ar03"]
    )
    scored = api.get("/api/calls?sort=score&limit=500").json()
    overall = [row["overall"] for row in scored if row["overall"] is not None]
    assert overall == sorted(overall)
    first, second = api.get("/api/calls?limit=4"), api.get("/api/calls?limit=4&offset=4")
    assert first.headers["X-Total-Count"] == str(ALL_CALLS)
    assert not set(ids(first)) & set(ids(second)) and len(ids(second)) == 4


def test_level_and_auto_fail_filters_agree_with_the_stored_scorecards(desk_db: Path) -> None:
    con = duckdb.connect(str(snapshot_path(desk_db)), read_only=True)
    failing = {
        c for (c,) in con.execute("SELECT call_id FROM scorecards WHERE level = 'fail'").fetchall()
    }
    auto = {
        c
        for (c,) in con.execute(
            "SELECT call_id FROM scorecards WHERE len(auto_failed)>0"
        ).fetchall()
    }
    con.close()
    api = client(desk_db)
    assert set(ids(api.get("/api/calls?level=fail"))) == failing
    assert set(ids(api.get("/api/calls?auto_failed=true"))) == auto
    assert (
        set(ids(api.get("/api/calls?auto_failed=false"))) == set(ids(api.get("/api/calls"))) - auto
    )


def test_one_call_carries_both_contracts(desk_db: Path) -> None:
    body = client(desk_db).get("/api/calls/en_billing_resolved").json()
    transcript = Transcript.model_validate(body["transcript"])
    card = Scorecard.model_validate(body["scorecard"])
    assert transcript.call_id == card.call_id == "en_billing_resolved"
    assert body["call"]["agent_name"] == "Anna Berzina" and body["call"]["agent_channel"] == "left"
    assert body["reviews"] == [] and body["dispute_state"] is None


def test_an_unknown_call_is_404(desk_db: Path) -> None:
    api = client(desk_db)
    assert api.get("/api/calls/nope").status_code == 404
    assert api.get("/calls/nope").status_code == 404
    review = {"reviewer": "Ieva", "override_score": 50}
    assert api.post("/api/calls/nope/reviews", json=review).status_code == 404
    # an unknown call is 404 whatever the body says
    assert api.post("/api/calls/nope/reviews", json={"reviewer": ""}).status_code == 404


def _fingerprint(db: Path) -> str:
    return hashlib.sha256(snapshot_path(db).read_bytes()).hexdigest()


def test_a_review_is_stored_beside_the_score_and_never_changes_it(desk_db: Path) -> None:
    api = client(desk_db)
    before = api.get("/api/calls/en02").json()["scorecard"]
    fingerprint = _fingerprint(desk_db)
    empathy = next(c for c in before["criteria"] if c["id"] == "empathy")
    human = "failed" if empathy["status"] == "passed" else "passed"
    posted = api.post(
        "/api/calls/en02/reviews",
        json={
            "reviewer": "  Ieva   Kalnina ",
            "criterion_id": "empathy",
            "override_status": human,
            "override_score": 0.2,
            "comment": "no acknowledgement of the customer's worry",
        },
    )
    assert posted.status_code == 201, posted.text
    stored = posted.json()
    assert stored["reviewer"] == "Ieva Kalnina"
    assert (stored["original_status"], stored["override_status"]) == (empathy["status"], human)
    assert stored["rubric"] == before["rubric"] and stored["rubric_digest"]

    after = api.get("/api/calls/en02").json()
    assert after["scorecard"] == before and _fingerprint(desk_db) == fingerprint
    assert [r["review_id"] for r in after["reviews"]] == [stored["review_id"]]
    con = duckdb.connect(str(desk_path(desk_db)), read_only=True)
    rows = con.execute("SELECT call_id, criterion_id, override_status FROM reviews").fetchall()
    con.close()
    assert rows == [("en02", "empathy", human)]
    assert ids(api.get("/api/calls?reviewed=true")) == ["en02"]
    assert "en02" not in ids(api.get("/api/calls?reviewed=false"))


def test_a_whole_call_review_records_the_machine_score_it_contests(desk_db: Path) -> None:
    api = client(desk_db)
    overall = api.get("/api/calls/en03").json()["scorecard"]["overall"]
    posted = api.post("/api/calls/en03/reviews", json={"reviewer": "Ieva", "override_score": 70})
    assert posted.status_code == 201
    assert posted.json()["criterion_id"] is None and posted.json()["original_score"] == overall


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"override_score": 50}, "reviewer"),
        ({"reviewer": "   ", "override_score": 50}, "reviewer"),
        ({"reviewer": "I", "criterion_id": "empathy", "override_status": "great"},
         "override_status"),
        ({"reviewer": "I", "criterion_id": "empathy"}, "override_status"),
        ({"reviewer": "I", "override_score": 140}, "override_score"),
        ({"reviewer": "I", "criterion_id": "empathy", "override_status": "na", "override_score": 3},
         "override_score"),
        ({"reviewer": "I", "criterion_id": "teleportation", "override_status": "na"},
         "criterion_id"),
        ({"reviewer": "I", "override_score": 50, "mood": "bad"}, "mood"),
    ],
)  # fmt: skip
def test_an_invalid_review_is_422_naming_the_field(desk_db: Path, body: dict, field: str) -> None:
    answer = client(desk_db).post("/api/calls/en01/reviews", json=body)
    assert answer.status_code == 422
    assert any(error["loc"][-1] == field for error in answer.json()["detail"]), answer.text
    assert not desk_path(desk_db).exists() or _no_reviews(desk_db)


def _no_reviews(db: Path) -> bool:
    con = duckdb.connect(str(desk_path(db)), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM reviews").fetchone() == (0,)
    finally:
        con.close()


def test_a_dispute_opens_and_is_resolved_once(desk_db: Path) -> None:
    api = client(desk_db)
    path = "/api/calls/ru01/disputes"
    assert (
        api.post(path, json={"actor": "Oleg", "action": "upheld", "comment": "x"}).status_code
        == 422
    )
    opened = api.post(
        path, json={"actor": "Oleg Petrov", "action": "opened", "comment": "I did apologise"}
    )
    assert opened.status_code == 201
    assert ids(api.get("/api/calls?disputed=true")) == ["ru01"]
    assert (
        api.post(path, json={"actor": "Oleg", "action": "opened", "comment": "again"}).status_code
        == 422
    )
    resolved = api.post(path, json={"actor": "Ieva", "action": "overturned", "comment": "he did"})
    assert resolved.status_code == 201
    assert ids(api.get("/api/calls?disputed=true")) == []
    assert ids(api.get("/api/calls?dispute=overturned")) == ["ru01"]
    assert "ru01" not in ids(api.get("/api/calls?dispute=none&limit=500"))
    state = api.get("/api/calls/ru01").json()
    assert [e["action"] for e in state["disputes"]] == ["opened", "overturned"]
    assert state["dispute_state"] == "overturned"
    assert [e["actor"] for e in state["disputes"]] == ["Oleg Petrov", "Ieva"]
    assert api.post(path, json={"actor": "", "action": "opened", "comment": "x"}).status_code == 422


def test_transcript_text_reaches_the_page_as_text(desk_db: Path) -> None:
    page = client(desk_db).get("/calls/hostile%3Cb%3Ecall")
    assert page.status_code == 200
    html = page.text
    assert "<script>window" not in html and "<img src=x" not in html and "<b>call" not in html
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html
    assert "&#34;&gt;&lt;img src=x onerror=&#34;window.__pwned = 2&#34;&gt;" in html
    assert HOSTILE_TEXTS[0].split("</script>")[1] in html
    assert "script-src 'self'" in page.headers["content-security-policy"]


def test_the_call_page_shows_the_call(desk_db: Path) -> None:
    html = client(desk_db).get("/calls/en_billing_resolved").text
    for visible in ("Anna Berzina", "south", "Transcript", "Rubric", "Review the whole call"):
        assert visible in html
    assert html.count('class="turn ') == 11  # the sample script's eleven turns
    assert 'class="doubt"' in html  # the turn marked as heard badly
    assert (
        '<audio id="audio" controls preload="metadata" src="/calls/en_billing_resolved/audio"'
        in html
    )


def _stored(db: Path, call_id: str) -> dict:
    con = duckdb.connect(str(snapshot_path(db)), read_only=True)
    try:
        found = con.execute(
            "SELECT source_files, redacted_audio, transcript FROM calls WHERE call_id = ?",
            [call_id],
        ).fetchone()
    finally:
        con.close()
    assert found is not None
    return dict(zip(("source_files", "redacted_audio", "transcript"), found, strict=True))


def test_the_desk_plays_the_redacted_copy_never_the_recording(
    desk_db: Path, sample_calls: Path
) -> None:
    api = client(desk_db)
    stored = _stored(desk_db, "en_billing_resolved")
    copy = audio_dir(desk_db) / stored["redacted_audio"]
    recording = Path(stored["source_files"][0])
    assert not recording.exists()  # deleted after seeding: the desk cannot have needed it

    whole = api.get("/calls/en_billing_resolved/audio")
    assert whole.status_code == 200 and whole.headers["content-type"] == "audio/ogg"
    assert whole.content == copy.read_bytes()
    part = api.get("/calls/en_billing_resolved/audio", headers={"Range": "bytes=100-199"})
    assert part.status_code == 206 and part.content == copy.read_bytes()[100:200]

    # what is served is silent where the card number was said, on both legs
    served = desk_db.parent / "served.ogg"
    served.write_bytes(whole.content)
    channels = decode_audio(served).channels
    assert channels.shape[0] == 2
    for span in Transcript.model_validate_json(stored["transcript"]).redaction.spans:
        inside = channels[:, int(span.start * SAMPLE_RATE) : int(span.end * SAMPLE_RATE)]
        assert np.abs(inside).max() < 1e-3

    # another recording now at the stored path changes nothing the desk serves
    recording.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(sample_calls / "en_rude_unresolved.wav", recording)
    try:
        assert api.get("/calls/en_billing_resolved/audio").content == copy.read_bytes()
    finally:
        recording.unlink()
    assert sorted(p.name for p in desk_db.parent.iterdir() if "audio" in p.name) == [
        audio_dir(desk_db).name
    ]  # no cache of any kind, only the store's own audio folder
    assert [p.name for p in audio_dir(desk_db).iterdir()] == [copy.name]


def test_a_call_without_audio_kept_says_so(desk_db: Path) -> None:
    api = client(desk_db)
    assert _stored(desk_db, "en01")["redacted_audio"] is None
    html = api.get("/calls/en01").text
    assert "No audio kept for this call." in html
    assert "<audio" not in html
    answer = api.get("/calls/en01/audio")
    assert answer.status_code == 404
    assert answer.json() == {"detail": "call en01: no audio kept for this call"}
    assert api.get("/calls/nope/audio").status_code == 404


def test_a_deleted_copy_is_410_and_the_page_says_why(desk_db: Path) -> None:
    api = client(desk_db)
    name = _stored(desk_db, "en_billing_resolved")["redacted_audio"]
    (audio_dir(desk_db) / name).unlink()
    answer = api.get("/calls/en_billing_resolved/audio")
    assert answer.status_code == 410
    assert (
        answer.json()["detail"]
        == f"call en_billing_resolved: its audio file {name} is no longer there"
    )
    html = api.get("/calls/en_billing_resolved").text
    assert f"Its audio file {name} is no longer there." in html and "<audio" not in html


def _csrf(api: TestClient) -> str:
    api.get("/")
    return api.cookies[CSRF_COOKIE]


def test_a_form_without_its_csrf_token_is_refused(desk_db: Path) -> None:
    api = client(desk_db)
    token = _csrf(api)
    form = {"reviewer": "Ieva", "override_score": "40"}
    assert api.post("/calls/en01/reviews", data=form).status_code == 403
    assert api.post("/calls/en01/reviews", data={**form, "csrf": "forged"}).status_code == 403
    saved = api.post("/calls/en01/reviews", data={**form, "csrf": token}, follow_redirects=False)
    assert saved.status_code == 303 and "saved=" in saved.headers["location"]


def test_a_form_error_comes_back_as_one_line(desk_db: Path) -> None:
    api = client(desk_db)
    form = {"reviewer": "Ieva", "criterion_id": "empathy", "csrf": _csrf(api)}
    page = api.post("/calls/en01/reviews", data=form)
    assert page.status_code == 200 and "Not saved: " in page.text
    assert re.search(r"Not saved: [^<]*override_status", page.text)


def test_off_loopback_every_route_wants_the_token(desk_db: Path) -> None:
    api = client(desk_db, Access("0.0.0.0", "s3cret-token"))
    assert api.get("/api/calls").status_code == 401
    assert api.get("/calls/en01/audio", follow_redirects=False).status_code == 303
    assert api.get("/", follow_redirects=False).headers["location"].startswith("/login")
    bearer = {"Authorization": "Bearer s3cret-token"}
    assert api.get("/api/calls", headers=bearer).status_code == 200
    assert api.get("/api/calls", headers={"Authorization": "Bearer wrong"}).status_code == 401
    login = api.get("/login")
    assert login.status_code == 200
    csrf = api.cookies[CSRF_COOKIE]
    refused = api.post("/login", data={"token": "guess", "csrf": csrf})
    assert refused.status_code == 401
    assert api.post("/login", data={"token": "s3cret-token", "csrf": csrf}).status_code == 200
    assert api.get("/api/calls").status_code == 200  # the session cookie now


def test_on_loopback_a_foreign_host_name_is_refused(desk_db: Path) -> None:
    """A page on attacker.example that rebinds its name to 127.0.0.1 gets nothing."""
    api = client(desk_db)
    assert api.get("/api/calls", headers={"Host": "attacker.example:8000"}).status_code == 400
    assert api.get("/api/calls", headers={"Host": "localhost:8000"}).status_code == 200


def test_without_a_snapshot_the_desk_says_what_to_do(tmp_path: Path) -> None:
    api = client(tmp_path / "callqa.duckdb")
    page = api.get("/")
    assert page.status_code == 503 and "callqa run" in page.text
    assert api.get("/api/calls").status_code == 503


def test_a_posted_review_appears_in_callqa_calibrate_json(desk_db: Path) -> None:
    import json

    from typer.testing import CliRunner

    from qa.cli.app import app

    api = client(desk_db)
    card = api.get("/api/calls/en05").json()["scorecard"]
    greeting = next(c for c in card["criteria"] if c["id"] == "greeting")
    human = "failed" if greeting["status"] == "passed" else "passed"
    review = {"reviewer": "Ieva", "criterion_id": "greeting", "override_status": human}
    assert api.post("/api/calls/en05/reviews", json=review).status_code == 201
    assert api.post("/api/calls/en05/reviews", json={"reviewer": "Ieva", "override_score": 55})

    done = CliRunner().invoke(app, ["calibrate", "--db", str(desk_db), "--json"])
    assert done.exit_code == 0, done.output
    report = json.loads(done.output)
    (row,) = [c for c in report["criteria"] if c["criterion_id"] == "greeting"]
    assert (row["n"], row["agreed"], row["too_few_reviews"]) == (1, 0, True)
    assert row["confusion"][greeting["status"]][human] == 1
    assert report["overall"]["n"] == 1
    assert report["overall"]["mean_abs_diff"] == pytest.approx(abs(card["overall"] - 55))
    # the page shows the same figures
    assert "greeting" in api.get("/calibration").text


def test_two_clicks_at_once_open_one_dispute(desk_db: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    from .conftest import LiveDesk

    body = {"actor": "Oleg", "action": "opened", "comment": "I did apologise"}
    with (
        LiveDesk(desk_db) as desk,
        httpx.Client(base_url=desk.url, timeout=10) as http,
        ThreadPoolExecutor(4) as pool,
    ):
        codes = sorted(
            pool.map(lambda _: http.post("/api/calls/ru02/disputes", json=body).status_code,
                     range(4))
        )  # fmt: skip
    assert codes == [201, 422, 422, 422]


def test_a_desk_held_elsewhere_answers_503_not_a_hang(desk_db: Path) -> None:
    import fcntl
    import os
    import time

    api = client(desk_db)  # creates the desk file
    lock = desk_path(desk_db).with_name(desk_path(desk_db).name + ".lock")
    fd = os.open(lock, os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)  # another process writing, for longer than the wait
    try:
        started = time.monotonic()
        answer = api.post("/api/calls/en01/reviews", json={"reviewer": "I", "override_score": 5})
        waited = time.monotonic() - started
    finally:
        os.close(fd)
    assert answer.status_code == 503 and answer.headers["retry-after"] == "1"
    assert "busy" in answer.json()["detail"] and waited < 5
    assert (
        api.post("/api/calls/en01/reviews", json={"reviewer": "I", "override_score": 5}).status_code
        == 201
    )


def test_a_page_far_past_the_end_is_empty_not_an_error(desk_db: Path) -> None:
    api = client(desk_db)
    assert api.get("/?page=99999999999999999999").status_code == 200
    assert api.get("/api/calls?offset=9999999999999999999").status_code == 422
    assert api.get("/api/calls?offset=10000").json() == []
