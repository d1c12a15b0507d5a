"""The desk officers' queue: open questions in order of receipt, with deadline warnings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, lazyload

from ksdesk.accounts.principal import Principal
from ksdesk.db import utcnow
from ksdesk.desk import access, deadlines
from ksdesk.desk.calendar import AMSTERDAM, DUE_TIME
from ksdesk.desk.models import CoordinationRequest, Question
from ksdesk.desk.vocab import OPEN_STATUSES, CoordinationStatus

OVERDUE = "overdue"
DUE_SOON = "due_soon"


@dataclass
class QueueItem:
    question: Question
    warning: str | None  # "overdue", "due_soon" or None
    open_coordination: int  # ministries asked that have not advised yet


def due_soon_threshold(session: Session, now: datetime) -> datetime:
    """End of the next working day: a question due before then is "due within one working day"."""
    calendar = deadlines.working_calendar(session)
    next_day = calendar.add_working_days(deadlines.amsterdam_today(now), 1)
    return datetime.combine(next_day, DUE_TIME, tzinfo=AMSTERDAM)


def warning_for(question: Question, now: datetime, soon: datetime) -> str | None:
    if question.status not in OPEN_STATUSES or question.due_at is None:
        return None
    if question.due_at < now:
        return OVERDUE
    if question.due_at <= soon:
        return DUE_SOON
    return None


def list_queue(
    session: Session,
    principal: Principal,
    *,
    status: str | list[str] | None = None,
    assigned_to: int | str | None = None,
    overdue: bool = False,
    due_soon: bool = False,
    page: int = 1,
    page_size: int = 25,
) -> tuple[list[QueueItem], int]:
    """Questions in order of receipt (received_at, id); by default only the open ones.

    ``assigned_to``: a user id, "none" for unassigned, or None for everyone's. ``overdue`` keeps
    the questions past their deadline; ``due_soon`` those due within one working day (not yet
    overdue). Returns the page and the total count.
    """
    access.require_desk(principal)
    now = utcnow()
    soon = due_soon_threshold(session, now)
    statuses = [status] if isinstance(status, str) else list(status or sorted(OPEN_STATUSES))
    stmt = select(Question).where(Question.status.in_(statuses))
    if assigned_to == "none":
        stmt = stmt.where(Question.assigned_to_id.is_(None))
    elif assigned_to is not None:
        stmt = stmt.where(Question.assigned_to_id == int(assigned_to))
    if overdue or due_soon:
        open_only = Question.status.in_(sorted(OPEN_STATUSES))
        if overdue and due_soon:
            stmt = stmt.where(open_only, Question.due_at <= soon)
        elif overdue:
            stmt = stmt.where(open_only, Question.due_at < now)
        else:
            stmt = stmt.where(open_only, Question.due_at >= now, Question.due_at <= soon)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    # The queue shows none of a question's countries, pauses or coordination rows: loading them
    # eagerly ("selectin") cost three extra round trips per page. Lazy, they are still there for any
    # caller that reads them. The number of ministries still to advise comes with each row.
    rows = session.execute(
        stmt.add_columns(_open_coordination())
        .order_by(Question.received_at, Question.id).offset((page - 1) * page_size).limit(page_size)
        .options(lazyload(Question.countries), lazyload(Question.pauses), lazyload(Question.coordination))
    ).all()
    return [QueueItem(q, warning_for(q, now, soon), waiting or 0) for q, waiting in rows], total


def _open_coordination():
    """Per question of the outer query: ministries asked that have not advised yet."""
    return (
        select(func.count())
        .where(CoordinationRequest.question_id == Question.id,
               CoordinationRequest.status == CoordinationStatus.REQUESTED.value)
        .correlate(Question)
        .scalar_subquery()
    )


def queue_counts(session: Session, principal: Principal) -> dict[str, int]:
    """Numbers for the desk's dashboard: open, unassigned, overdue, due soon, waiting for the asker."""
    access.require_desk(principal)
    now = utcnow()
    soon = due_soon_threshold(session, now)
    open_q = Question.status.in_(sorted(OPEN_STATUSES))

    # One round trip: the queue page shows these on every load.
    conditions = {
        "unassigned": Question.assigned_to_id.is_(None),
        "overdue": Question.due_at < now,
        "due_soon": (Question.due_at >= now) & (Question.due_at <= soon),
        "waiting_for_asker": Question.paused_since.is_not(None),
    }
    row = session.execute(
        select(func.count().label("open"), *(func.count().filter(c).label(k) for k, c in conditions.items()))
        .select_from(Question).where(open_q)
    ).one()
    return {key: getattr(row, key) or 0 for key in ("open", *conditions)}
