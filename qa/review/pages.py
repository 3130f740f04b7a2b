"""The desk's HTML pages: the call list, the call page, its forms, login.

Server-rendered with Jinja2, autoescaping everything: transcript text is whatever a
customer said or ASR wrote, and it must reach the page as text. Forms post back here with
the CSRF token of `qa.review.access` and redirect (303) to the page they came from.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from urllib.parse import quote, unquote, urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pydantic import ValidationError

from qa.review.access import CSRF_COOKIE, CSRF_FIELD, SESSION_COOKIE, csrf_matches
from qa.review.api import MAX_OFFSET
from qa.review.audio import MEDIA_TYPE, CallAudioUnavailable, call_audio
from qa.review.calibration import calibrate
from qa.review.calls import (
    PAGE_SIZE,
    ListFilters,
    call_detail,
    call_row,
    filter_choices,
    list_calls,
)
from qa.review.present import call_timeline, criterion_rows, page_helpers, transcript_turns
from qa.review.reviews import DisputeIn, ReviewIn, ReviewInvalid, add_review, dispute
from qa.review.sampling import calibration_queue

router = APIRouter()
REVIEWER_COOKIE = "callqa_reviewer"
DISPUTE_STATES = ("opened", "upheld", "overturned", "none")
TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
TEMPLATES.globals.update(page_helpers())


def render(request: Request, template: str, status: int = 200, **context) -> HTMLResponse:
    context |= {
        "request": request,
        "csrf": getattr(request.state, "csrf", ""),
        "csrf_field": CSRF_FIELD,
        "reviewer": unquote(request.cookies.get(REVIEWER_COOKIE, "")),
        "needs_token": request.app.state.desk.access.needs_token,
    }
    return HTMLResponse(TEMPLATES.get_template(template).render(context), status_code=status)


def message_page(request: Request, title: str, message: str, status: int) -> HTMLResponse:
    return render(request, "message.html", status, title=title, message=message)


def _flag(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@router.get("/", response_class=HTMLResponse)
def call_list(request: Request) -> HTMLResponse:
    q = request.query_params
    sort = q.get("sort", "-date")
    filters = ListFilters(
        agent=q.get("agent") or None,
        team=q.get("team") or None,
        since=_day(q.get("since")),
        until=_day(q.get("until")),
        level=q.get("level") or None,
        resolution=q.get("resolution") or None,
        auto_failed=_flag(q.get("auto_failed")),
        unverifiable=_flag(q.get("unverifiable")),
        reviewed=_flag(q.get("reviewed")),
        disputed=_flag(q.get("disputed")),
        dispute=q.get("dispute") if q.get("dispute") in DISPUTE_STATES else None,
        sort=sort if sort in ("-date", "date", "score", "-score") else "-date",  # type: ignore[arg-type]
    )
    asked = q.get("page", "1")
    page_number = min(max(1, int(asked)) if asked.isdigit() else 1, MAX_OFFSET // PAGE_SIZE)
    with request.app.state.desk.reading() as con:
        page = list_calls(con, filters, PAGE_SIZE, (page_number - 1) * PAGE_SIZE)
        choices = filter_choices(con)
    kept = {k: v for k, v in q.items() if v and k != "page"}
    pages = max(1, -(-page.total // PAGE_SIZE))
    return render(
        request,
        "list.html",
        page=page,
        query=kept,
        choices=choices,
        page_number=page_number,
        pages=pages,
        link=lambda **changes: "?" + urlencode({**kept, **changes}),
    )


@router.get("/calls/{call_id}", response_class=HTMLResponse)
def call_page(request: Request, call_id: str, rubric: str | None = None) -> HTMLResponse:
    with request.app.state.desk.reading() as con:
        detail = call_detail(con, call_id, rubric)
    if detail is None:
        return message_page(request, "No such call", f"There is no stored call {call_id!r}.", 404)
    return render(
        request,
        "call.html",
        d=detail,
        no_audio=_no_audio(request.app.state.desk.db, detail.call),
        card=detail.scorecard,
        turns=transcript_turns(detail.transcript),
        criteria=criterion_rows(detail.scorecard, detail.current_reviews()),
        whole_call=detail.current_reviews().get(None),
        timeline=call_timeline(detail.transcript, detail.scorecard),
        error=request.query_params.get("error"),
        saved=request.query_params.get("saved"),
    )


def _no_audio(db: Path, call: dict) -> str | None:
    """Why the page shows a sentence instead of a player; None when there is audio."""
    try:
        call_audio(db, call)
    except CallAudioUnavailable as error:
        return error.reason[:1].upper() + error.reason[1:] + "."
    return None


@router.get("/calls/{call_id}/audio")
def recording(request: Request, call_id: str) -> Response:
    """The call's redacted audio (PII silenced), by call id only: the file name comes from
    the database. None kept is 404, a deleted one 410; the original is never served."""
    with request.app.state.desk.reading() as con:
        call = call_row(con, call_id)
    if call is None:
        raise HTTPException(404, f"no call {call_id!r}")
    try:
        path = call_audio(request.app.state.desk.db, call)
    except CallAudioUnavailable as error:
        raise HTTPException(error.status, str(error)) from None
    return FileResponse(path, media_type=MEDIA_TYPE)


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    fields = {key: str(value) for key, value in form.items()}
    if not csrf_matches(request.cookies.get(CSRF_COOKIE), fields.pop(CSRF_FIELD, None)):
        raise HTTPException(403, "the form's CSRF token is missing or stale: reload the page")
    return fields


def _back(call_id: str, rubric: str | None, **message: str) -> RedirectResponse:
    query = urlencode({k: v for k, v in {"rubric": rubric, **message}.items() if v})
    anchor = "#review" if "error" in message else ""
    return RedirectResponse(f"/calls/{quote(call_id, safe='')}?{query}{anchor}", status_code=303)


def _problem(error: ValidationError | ReviewInvalid) -> str:
    if isinstance(error, ReviewInvalid):
        return str(error)
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    return f"{where}: {first['msg']}" if where else first["msg"].removeprefix("Value error, ")


@router.post("/calls/{call_id}/reviews")
async def review_form(request: Request, call_id: str) -> Response:
    fields = await _form(request)
    return await run_in_threadpool(_save_review, request, call_id, fields)


def _save_review(request: Request, call_id: str, fields: dict[str, str]) -> Response:
    rubric = fields.pop("rubric", None) or None
    with request.app.state.desk.reading() as con:
        detail = call_detail(con, call_id, rubric)
    if detail is None:
        raise HTTPException(404, f"no call {call_id!r}")
    try:
        review = ReviewIn(
            reviewer=fields.get("reviewer", ""),
            criterion_id=fields.get("criterion_id") or None,
            override_status=fields.get("override_status") or None,  # type: ignore[arg-type]
            override_score=fields.get("override_score") or None,  # type: ignore[arg-type]
            comment=fields.get("comment", ""),
        )
        add_review(request.app.state.desk.desk, call_id, detail.scorecard, review)
    except (ValidationError, ReviewInvalid) as error:
        return _back(call_id, rubric, error=_problem(error))
    response = _back(call_id, rubric, saved=review.criterion_id or "the whole call")
    response.set_cookie(REVIEWER_COOKIE, quote(review.reviewer), samesite="strict")
    return response


@router.post("/calls/{call_id}/disputes")
async def dispute_form(request: Request, call_id: str) -> Response:
    fields = await _form(request)
    return await run_in_threadpool(_save_dispute, request, call_id, fields)


def _save_dispute(request: Request, call_id: str, fields: dict[str, str]) -> Response:
    with request.app.state.desk.reading() as con:
        known = call_row(con, call_id)
    if known is None:
        raise HTTPException(404, f"no call {call_id!r}")
    try:
        action = DisputeIn(
            actor=fields.get("actor", ""),
            action=fields.get("action", ""),  # type: ignore[arg-type]
            comment=fields.get("comment", ""),
        )
        dispute(request.app.state.desk.desk, call_id, action)
    except (ValidationError, ReviewInvalid) as error:
        return _back(call_id, None, error=_problem(error))
    response = _back(call_id, None, saved=f"dispute {action.action}")
    response.set_cookie(REVIEWER_COOKIE, quote(action.actor), samesite="strict")
    return response


@router.get("/calibration", response_class=HTMLResponse)
def calibration_page(request: Request) -> HTMLResponse:
    with request.app.state.desk.reading() as con:
        report = calibrate(con)
    return render(request, "calibration.html", report=report)


@router.get("/queue", response_class=HTMLResponse)
def queue_page(request: Request) -> HTMLResponse:
    with request.app.state.desk.reading() as con:
        queue = calibration_queue(con)
    return render(request, "queue.html", queue=queue)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request) -> Response:
    target = _local(request.query_params.get("next", "/"))
    access = request.app.state.desk.access
    if not access.needs_token or access.authenticated(None, request.cookies.get(SESSION_COOKIE)):
        return RedirectResponse(target, status_code=303)
    return render(request, "login.html", next=target)


def _local(target: str) -> str:
    """Only a path on this desk: never an open redirect to another site."""
    return target if target.startswith("/") and not target.startswith(("//", "/\\")) else "/"


@router.post("/login")
async def login(request: Request) -> Response:
    fields = await _form(request)
    access = request.app.state.desk.access
    target = _local(fields.get("next", "/"))
    if not access.needs_token:
        return RedirectResponse(target, status_code=303)
    if not access.token_matches(fields.get("token", "").strip()):
        return render(request, "login.html", 401, next=target, error="That token is not right.")
    response = RedirectResponse(target, status_code=303)
    # Lax, not Strict: a link to a call from mail or chat must open it; the forms' own
    # CSRF tokens guard every change
    response.set_cookie(SESSION_COOKIE, access.session_value(), httponly=True, samesite="lax")
    return response
