"""The desk's JSON API, for integrations and tests: the same reads and writes as the pages.

Unknown call → 404; a body that does not fit → 422 naming the field (FastAPI's own detail
for shape errors, ours for a criterion the call's rubric does not have).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, TypeVar

from fastapi import APIRouter, Body, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ValidationError

from qa.review.calls import ListFilters, call_detail, call_row, jsonable, list_calls
from qa.review.reviews import DisputeIn, ReviewIn, ReviewInvalid, add_review, dispute

router = APIRouter(prefix="/api")
Model = TypeVar("Model", bound=BaseModel)
MAX_OFFSET = 10_000_000
LEVELS = "fail|satisfy|exceed|delight|amaze|no_conversation"


@router.get("/calls")
def calls(
    request: Request,
    agent: str | None = None,
    team: str | None = None,
    level: Annotated[str | None, Query(pattern=f"^({LEVELS})$")] = None,
    resolution: Annotated[
        str | None, Query(pattern="^(resolved|pending|escalated|unresolved)$")
    ] = None,
    since: date | None = None,
    until: date | None = None,
    reviewed: bool | None = None,
    disputed: bool | None = None,
    dispute: Annotated[str | None, Query(pattern="^(opened|upheld|overturned|none)$")] = None,
    auto_failed: bool | None = None,
    unverifiable: bool | None = None,
    sort: Annotated[str, Query(pattern="^-?(date|score)$")] = "-date",
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> JSONResponse:
    """The calls with their headline scores; the total before paging is `X-Total-Count`."""
    filters = ListFilters(
        agent, team, since, until, level, resolution, auto_failed, unverifiable, reviewed,
        disputed, dispute, sort,  # type: ignore[arg-type]
    )  # fmt: skip
    with request.app.state.desk.reading() as con:
        page = list_calls(con, filters, limit, offset)
    return JSONResponse(jsonable(page.rows), headers={"X-Total-Count": str(page.total)})


def _detail_or_404(request: Request, call_id: str, rubric: str | None = None):
    with request.app.state.desk.reading() as con:
        detail = call_detail(con, call_id, rubric)
    if detail is None:
        raise HTTPException(404, f"no call {call_id!r}" + (f" under {rubric}" if rubric else ""))
    return detail


@router.get("/calls/{call_id}")
def one_call(request: Request, call_id: str, rubric: str | None = None) -> dict:
    """The call: metadata, transcript and scorecard (the contracts), reviews, disputes."""
    detail = _detail_or_404(request, call_id, rubric)
    return {
        "call": jsonable(detail.call),
        "transcript": detail.transcript.model_dump(mode="json"),
        "scorecard": detail.scorecard.model_dump(mode="json"),
        "rubrics": detail.rubrics,
        "reviews": jsonable(detail.reviews),
        "disputes": jsonable(detail.disputes),
        "dispute_state": detail.dispute_state,
    }


def _invalid(error: ReviewInvalid) -> HTTPException:
    return HTTPException(
        422, [{"loc": ["body", error.field], "msg": str(error), "type": "value_error"}]
    )


def _body(model: type[Model], body: dict) -> Model:
    """The body checked after the call is known: an unknown call is 404 whatever it sent."""
    try:
        return model.model_validate(body)
    except ValidationError as error:
        raise RequestValidationError(
            [{**e, "loc": ("body", *e["loc"])} for e in error.errors(include_url=False)]
        ) from None


@router.post("/calls/{call_id}/reviews", status_code=201)
def post_review(
    request: Request, call_id: str, body: Annotated[dict, Body()], rubric: str | None = None
):
    """Store a human review (`ReviewIn`) beside the automatic score, which it never changes."""
    detail = _detail_or_404(request, call_id, rubric)
    review = _body(ReviewIn, body)
    try:
        return jsonable(add_review(request.app.state.desk.desk, call_id, detail.scorecard, review))
    except ReviewInvalid as error:
        raise _invalid(error) from None


@router.post("/calls/{call_id}/disputes", status_code=201)
def post_dispute(request: Request, call_id: str, body: Annotated[dict, Body()]):
    """Open a dispute (`DisputeIn`: an agent's challenge) or resolve the open one."""
    with request.app.state.desk.reading() as con:
        if call_row(con, call_id) is None:
            raise HTTPException(404, f"no call {call_id!r}")
    action = _body(DisputeIn, body)
    try:
        return jsonable(dispute(request.app.state.desk.desk, call_id, action))
    except ReviewInvalid as error:
        raise _invalid(error) from None
