"""The desk's write side: a human review or a dispute action becomes one new row.

A review never touches the automatic scorecard: it records what the machine said when the
human looked (`original_status`, `original_score`) and under which rubric, so it stays
readable after a rescore and calibration can compare like with like.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from qa.review.desk import SQL, Desk, new_id, now
from qa.scorecard import Scorecard
from qa.storage.statements import execute

HumanStatus = Literal["passed", "failed", "na"]
DisputeAction = Literal["opened", "upheld", "overturned"]


class ReviewInvalid(ValueError):
    """A review that does not fit the call it names; `field` is the offending field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def _named(value: str) -> str:
    value = " ".join(value.split())
    if not value:
        raise ValueError("must not be empty")
    return value


# A person's name as recorded on every review and dispute event: spaces tidied, never blank.
PersonName = Annotated[str, Field(max_length=100), AfterValidator(_named)]


class ReviewIn(BaseModel):
    """A review as the API and the form send it."""

    model_config = ConfigDict(extra="forbid")

    reviewer: PersonName = Field(description="who reviewed; recorded on every review")
    criterion_id: str | None = Field(
        default=None, max_length=100, description="a criterion of the call's rubric; null: the call"
    )
    override_status: HumanStatus | None = Field(default=None, validate_default=True)
    override_score: float | None = Field(
        default=None,
        validate_default=True,
        ge=0,
        le=100,
        allow_inf_nan=False,
        description="criterion: 0–1 like the automatic score; whole call: 0–100",
    )
    comment: str = Field(default="", max_length=4000)

    # Field validators (not one model validator), so a 422 names the field in its `loc`.
    @field_validator("override_status")
    @classmethod
    def _status_given(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None and info.data.get("criterion_id") is not None:
            raise ValueError("a criterion review needs passed, failed or na")
        return value

    @field_validator("override_score")
    @classmethod
    def _score_fits(cls, value: float | None, info: ValidationInfo) -> float | None:
        if info.data.get("criterion_id") is not None:
            if value is not None and value > 1:
                raise ValueError("a criterion's score is between 0 and 1")
        elif value is None and info.data.get("override_status") is None:
            raise ValueError("a whole-call review needs a score or a status")
        return value


class DisputeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    actor: PersonName
    action: DisputeAction
    comment: str = Field(max_length=4000)

    @field_validator("comment")
    @classmethod
    def _comment_given(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a dispute action needs a comment")
        return value.strip()


def add_review(desk: Desk, call_id: str, scorecard: Scorecard, review: ReviewIn) -> dict:
    """Store `review` of `call_id` against `scorecard` (the automatic score it contests)."""
    if review.criterion_id is None:
        original_status, original_score = scorecard.level, scorecard.overall
    else:
        found = {c.id: c for c in scorecard.criteria}.get(review.criterion_id)
        if found is None:
            raise ReviewInvalid(
                "criterion_id",
                f"criterion_id: {review.criterion_id!r} is not a criterion of {scorecard.rubric}",
            )
        original_status, original_score = found.status, found.score
    row = {
        "review_id": new_id(),
        "call_id": call_id,
        "rubric": scorecard.rubric,
        "rubric_digest": scorecard.rubric_digest,
        "criterion_id": review.criterion_id,
        "reviewer": review.reviewer,
        "original_status": original_status,
        "original_score": original_score,
        "override_status": review.override_status,
        "override_score": review.override_score,
        "comment": review.comment.strip(),
        "created_at": now(),
    }
    return desk.add("add_review", row)


def dispute(desk: Desk, call_id: str, action: DisputeIn) -> dict:
    """Open a dispute, or resolve the open one; anything else is refused with the reason.
    The state is read in the same write turn as the new event, so two clicks at once
    cannot both open (or both resolve) it."""
    row = {
        "event_id": new_id(),
        "call_id": call_id,
        "action": action.action,
        "actor": action.actor,
        "comment": action.comment,
        "created_at": now(),
    }
    with desk.writing() as con:
        latest = execute(con, "read/dispute_state", {"call_id": call_id}, SQL).fetchone()
        state = latest[0] if latest else None
        if action.action == "opened" and state == "opened":
            raise ReviewInvalid("action", "action: this call's dispute is already open")
        if action.action != "opened" and state != "opened":
            raise ReviewInvalid("action", "action: this call has no open dispute to resolve")
        execute(con, "write/add_dispute_event", row, SQL)
    return row
