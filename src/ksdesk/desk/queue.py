"""The desk officers' queue: open questions in order of receipt, with deadline warnings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import Session, aliased

from ksdesk.accounts.models import User
from ksdesk.accounts.principal import Principal
from ksdesk.db import UTCDateTime, utcnow
from ksdesk.desk import access, deadlines
from ksdesk.desk.calendar import AMSTERDAM, DUE_TIME
from ksdesk.desk.models import CoordinationRequest, Question, QuestionTag
from ksdesk.desk.vocab import OPEN_STATUSES, CoordinationStatus

OVERDUE = "overdue"
DUE_SOON = "due_soon"
QUEUE_COLUMNS = (Question.id, Question.reference, Question.subject, Question.status, Question.received_at,
                 Question.due_at, Question.paused_since, Question.assigned_to_id)


@dataclass(slots=True)
class QueueItem:
    """One line of the queue: what the officers' list shows, not the whole question."""

    id: int
    reference: str
    subject: str
    status: str
    received_at: datetime
    due_at: datetime | None
    waiting_for_asker: bool
    assigned_to_id: int | None
    assigned_to_name: str | None
    warning: str | None  # "overdue", "due_soon" or None
    ministries_still_to_advise: int  # asked, and not advised yet
    tags: list[str] = field(default_factory=list)


def due_soon_threshold(session: Session, now: datetime) -> datetime:
    """End of the next working day: a question due before then is "due within one working day"."""
    calendar = deadlines.working_calendar(session)
    next_day = calendar.add_working_days(deadlines.amsterdam_today(now), 1)
    return datetime.combine(next_day, DUE_TIME, tzinfo=AMSTERDAM)


def warning_for(question, now: datetime, soon: datetime) -> str | None:
    """For a question, or a row with its status and due_at."""
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
    tag: str | None = None,
    page: int = 1,
    page_size: int = 25,
) -> tuple[list[QueueItem], int]:
    """Questions in order of receipt (received_at, id); by default only the open ones.

    ``assigned_to``: a user id, "none" for unassigned, or None for everyone's. ``overdue`` keeps
    the questions past their deadline; ``due_soon`` those due within one working day (not yet
    overdue). ``tag`` keeps the questions an officer gave that tag (desk.tags). Returns the page
    and the total count.
    """
    access.require_desk(principal)
    now = utcnow()
    soon = due_soon_threshold(session, now)
    assigned = None if assigned_to is None else "none" if assigned_to == "none" else "someone"
    page_query, count_query = _queue_statements(assigned, overdue, due_soon, bool(tag))
    values = {
        "statuses": [status] if isinstance(status, str) else list(status or sorted(OPEN_STATUSES)),
        "assigned_to": int(str(assigned_to)) if assigned == "someone" else None,
        "now": now, "soon": soon, "tag": tag, "offset": (page - 1) * page_size, "limit": page_size,
    }
    rows = session.execute(page_query, values).all()
    if rows:
        total = rows[0].total
    elif page == 1:
        total = 0
    else:  # past the last page: the page has no line to carry the total
        total = session.scalar(count_query, values) or 0
    tags = _tags_of([row.id for row in rows], session)
    return [
        QueueItem(
            id=row.id, reference=row.reference, subject=row.subject, status=row.status,
            received_at=row.received_at, due_at=row.due_at, waiting_for_asker=row.paused_since is not None,
            assigned_to_id=row.assigned_to_id, assigned_to_name=row.assigned_to_name,
            warning=warning_for(row, now, soon), ministries_still_to_advise=row.ministries_still_to_advise,
            tags=tags.get(row.id, []),
        )
        for row in rows
    ], total


@lru_cache(maxsize=None)
def _queue_statements(assigned: str | None, overdue: bool, due_soon: bool, tagged: bool = False
                      ) -> tuple[Select, Select]:
    """The page and count queries for one combination of filters, with every value a parameter.

    Built once: putting a statement of this size together costs SQLAlchemy about as much Python
    as running it, and the queue is read on every officer's every click.
    """
    now, soon = bindparam("now", type_=UTCDateTime()), bindparam("soon", type_=UTCDateTime())
    filtered = select(*QUEUE_COLUMNS).where(Question.status.in_(bindparam("statuses", expanding=True)))
    if assigned == "none":
        filtered = filtered.where(Question.assigned_to_id.is_(None))
    elif assigned == "someone":
        filtered = filtered.where(Question.assigned_to_id == bindparam("assigned_to"))
    if tagged:
        filtered = filtered.where(Question.id.in_(select(QuestionTag.question_id)
                                                  .where(QuestionTag.tag == bindparam("tag"))))
    if overdue or due_soon:
        filtered = filtered.where(Question.status.in_(sorted(OPEN_STATUSES)))
        if overdue and due_soon:
            filtered = filtered.where(Question.due_at <= soon)
        elif overdue:
            filtered = filtered.where(Question.due_at < now)
        else:
            filtered = filtered.where(Question.due_at >= now, Question.due_at <= soon)
    # The total is counted over the whole filtered queue before the page is cut from it; the
    # ministries still to advise and the officer's name are looked up for the page's lines only.
    page_rows = (
        filtered.add_columns(func.count().over().label("total"))
        .order_by(Question.received_at, Question.id).offset(bindparam("offset")).limit(bindparam("limit"))
        .subquery()
    )
    officer = aliased(User)
    still_to_advise = (
        select(func.count())
        .where(CoordinationRequest.question_id == page_rows.c.id,
               CoordinationRequest.status == CoordinationStatus.REQUESTED.value)
        .scalar_subquery()
    )
    page_query = (
        select(page_rows, officer.name.label("assigned_to_name"), still_to_advise.label("ministries_still_to_advise"))
        .outerjoin(officer, officer.id == page_rows.c.assigned_to_id)
        .order_by(page_rows.c.received_at, page_rows.c.id)
    )
    return page_query, select(func.count()).select_from(filtered.subquery())


def _tags_of(ids: list[int], session: Session) -> dict[int, list[str]]:
    """The tags of the page's questions, in one query."""
    found: dict[int, list[str]] = {}
    if ids:
        for question_id, tag in session.execute(select(QuestionTag.question_id, QuestionTag.tag)
                                                .where(QuestionTag.question_id.in_(ids)).order_by(QuestionTag.tag)):
            found.setdefault(question_id, []).append(tag)
    return found


def queue_counts(session: Session, principal: Principal) -> dict[str, int]:
    """Numbers for the desk's dashboard: open, unassigned, overdue, due soon, waiting for the asker."""
    access.require_desk(principal)
    now = utcnow()
    row = session.execute(_counts_statement(), {"now": now, "soon": due_soon_threshold(session, now)}).one()
    return {key: getattr(row, key) or 0 for key in COUNTS}


COUNTS = ("open", "unassigned", "overdue", "due_soon", "waiting_for_asker")


@lru_cache(maxsize=None)
def _counts_statement() -> Select:
    """One round trip, built once (see _queue_statements): the queue page shows these on every load."""
    now, soon = bindparam("now", type_=UTCDateTime()), bindparam("soon", type_=UTCDateTime())
    conditions = {
        "unassigned": Question.assigned_to_id.is_(None),
        "overdue": Question.due_at < now,
        "due_soon": (Question.due_at >= now) & (Question.due_at <= soon),
        "waiting_for_asker": Question.paused_since.is_not(None),
    }
    return (
        select(func.count().label("open"), *(func.count().filter(c).label(k) for k, c in conditions.items()))
        .select_from(Question).where(Question.status.in_(sorted(OPEN_STATUSES)))
    )
