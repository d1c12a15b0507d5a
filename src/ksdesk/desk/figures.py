"""The desk's performance per month: no personal data, for analysts and the desk.

A question counts in the month (Amsterdam time) in which it was received. Beside the months: the
figures per officer (questions assigned to them; shown to the desk and administrators only, not
to analysts: they are about colleagues' work), per ministry (requests made to it in the period)
and per tag (the officers' own words, desk.tags: for the desk and administrators only as well,
since a free word may name an organisation).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from ksdesk.accounts.models import User
from ksdesk.accounts.principal import Principal
from ksdesk.db import utcnow
from ksdesk.desk import deadlines
from ksdesk.desk.calendar import AMSTERDAM
from ksdesk.desk.models import CoordinationRequest, Question, QuestionTag
from ksdesk.desk.vocab import OPEN_STATUSES
from ksdesk.errors import Forbidden
from ksdesk.vocab import Ministry, Role

FIGURE_READERS = frozenset({Role.DESK_OFFICER, Role.ANALYST, Role.ADMIN})
OFFICER_FIGURE_READERS = frozenset({Role.DESK_OFFICER, Role.ADMIN})


@dataclass
class MonthFigures:
    month: str  # "2026-03"
    received: int
    answered: int
    answered_on_time: int
    on_time_share: float | None  # of the answered ones; None when none were answered
    median_working_days: float | None
    coordinated: int
    coordination_share: float | None  # of the received ones
    queue_length_at_month_end: int  # received by then and not yet answered


def _month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    start = datetime(year, month, 1, tzinfo=AMSTERDAM)
    end = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=AMSTERDAM)
    return start, end


def _months(first: date, last: date) -> list[tuple[int, int]]:
    months, (y, m) = [], (first.year, first.month)
    while (y, m) <= (last.year, last.month):
        months.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


def monthly_figures(session: Session, principal: Principal, first: date, last: date) -> list[MonthFigures]:
    """Figures for every month from ``first`` to ``last`` (inclusive; only year and month count)."""
    if not principal.has_role(*FIGURE_READERS):
        raise Forbidden("desk figures are for desk officers, analysts and administrators", code="role_not_allowed")
    calendar = deadlines.working_calendar(session)
    coordinated_ids = select(CoordinationRequest.question_id)
    rows = []
    for year, month in _months(first, last):
        start, end = _month_bounds(year, month)
        questions = list(session.scalars(
            select(Question).where(Question.received_at >= start, Question.received_at < end)
        ))
        answered = [(q, q.answered_at) for q in questions if q.answered_at is not None]
        on_time = [q for q, at in answered if q.due_at is not None and at <= q.due_at]
        days = [
            calendar.working_days_elapsed(q.received_at, at, [(p.started_at, p.ended_at) for p in q.pauses])
            for q, at in answered
        ]
        coordinated = session.scalar(
            select(func.count()).select_from(Question)
            .where(Question.received_at >= start, Question.received_at < end, Question.id.in_(coordinated_ids))
        ) or 0
        queue = session.scalar(
            select(func.count()).select_from(Question).where(
                Question.received_at < end,
                or_(Question.answered_at.is_(None), and_(Question.answered_at >= end)),
            )
        ) or 0
        rows.append(MonthFigures(
            month=f"{year:04d}-{month:02d}",
            received=len(questions),
            answered=len(answered),
            answered_on_time=len(on_time),
            on_time_share=len(on_time) / len(answered) if answered else None,
            median_working_days=float(statistics.median(days)) if days else None,
            coordinated=coordinated,
            coordination_share=coordinated / len(questions) if questions else None,
            queue_length_at_month_end=queue,
        ))
    return rows


def period(first: date, last: date) -> tuple[datetime, datetime]:
    """From the start of ``first``'s month to the end of ``last``'s, Amsterdam time."""
    return _month_bounds(first.year, first.month)[0], _month_bounds(last.year, last.month)[1]


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass
class OfficerFigures:
    officer: str
    received: int  # assigned questions received in the period
    answered: int
    answered_on_time: int
    on_time_share: float | None
    open_now: int  # assigned and still open today, whenever received
    overdue_now: int


def officer_figures(session: Session, principal: Principal, first: date, last: date,
                    *, now: datetime | None = None) -> list[OfficerFigures]:
    """Per officer who has questions assigned: what they received in the period and answered, and
    what they have open now. Nobody's work is shown to analysts."""
    if not principal.has_role(*OFFICER_FIGURE_READERS):
        raise Forbidden("figures per officer are for the desk and administrators", code="role_not_allowed")
    start, end = period(first, last)
    now = now or utcnow()
    rows = []
    officers = session.scalars(select(User).where(User.id.in_(select(Question.assigned_to_id))).order_by(User.name))
    for officer in officers:
        received = list(session.scalars(select(Question).where(
            Question.assigned_to_id == officer.id, Question.received_at >= start, Question.received_at < end)))
        answered = [(q, q.answered_at) for q in received if q.answered_at is not None]
        on_time = [q for q, at in answered if q.due_at is not None and at <= q.due_at]
        open_now = list(session.scalars(select(Question).where(
            Question.assigned_to_id == officer.id, Question.status.in_(list(OPEN_STATUSES)))))
        rows.append(OfficerFigures(
            officer=officer.name, received=len(received), answered=len(answered), answered_on_time=len(on_time),
            on_time_share=_share(len(on_time), len(answered)), open_now=len(open_now),
            overdue_now=sum(1 for q in open_now if q.due_at is not None and q.due_at < now)))
    return rows


@dataclass
class MinistryFigures:
    ministry: str  # the code
    requested: int  # requests made in the period
    advised: int
    advised_on_time: int
    on_time_share: float | None  # of the advised ones with a deadline of their own
    median_working_days: float | None  # from request to advice
    waiting_now: int  # requests without advice today, whenever made
    late_now: int


def ministry_figures(session: Session, principal: Principal, first: date, last: date,
                     *, now: datetime | None = None) -> list[MinistryFigures]:
    """Per ministry: the coordination requests made in the period and how they were answered, and
    what waits for its advice now. Every one of the seven ministries has a row."""
    if not principal.has_role(*FIGURE_READERS):
        raise Forbidden("desk figures are for desk officers, analysts and administrators", code="role_not_allowed")
    start, end = period(first, last)
    now = now or utcnow()
    calendar = deadlines.working_calendar(session)
    rows = []
    for ministry in Ministry:
        made = list(session.scalars(select(CoordinationRequest).where(
            CoordinationRequest.ministry == ministry.value, CoordinationRequest.requested_at >= start,
            CoordinationRequest.requested_at < end)))
        advised = [(r, r.advised_at) for r in made if r.advised_at is not None]
        with_deadline = [(at, r.due_at) for r, at in advised if r.due_at is not None]
        on_time = [at for at, due in with_deadline if at <= due]
        days = [calendar.working_days_between(r.requested_at.astimezone(AMSTERDAM).date(),
                                              at.astimezone(AMSTERDAM).date()) for r, at in advised]
        waiting = list(session.scalars(select(CoordinationRequest).where(
            CoordinationRequest.ministry == ministry.value, CoordinationRequest.advised_at.is_(None))))
        rows.append(MinistryFigures(
            ministry=ministry.value, requested=len(made), advised=len(advised), advised_on_time=len(on_time),
            on_time_share=_share(len(on_time), len(with_deadline)),
            median_working_days=float(statistics.median(days)) if days else None,
            waiting_now=len(waiting), late_now=sum(1 for r in waiting if r.due_at is not None and r.due_at < now)))
    return rows


@dataclass
class TagFigures:
    tag: str
    received: int  # questions with the tag received in the period
    answered: int
    answered_on_time: int
    on_time_share: float | None
    open_now: int  # with the tag and still open today, whenever received


def tag_figures(session: Session, principal: Principal, first: date, last: date) -> list[TagFigures]:
    """Per tag carried by a question received in the period, or by one still open: most received first."""
    if not principal.has_role(*OFFICER_FIGURE_READERS):
        raise Forbidden("figures per tag are for the desk and administrators", code="role_not_allowed")
    start, end = period(first, last)
    rows = session.execute(
        select(QuestionTag.tag, Question.received_at, Question.answered_at, Question.due_at, Question.status)
        .join(Question, Question.id == QuestionTag.question_id)
        .where(or_(and_(Question.received_at >= start, Question.received_at < end),
                   Question.status.in_(sorted(OPEN_STATUSES))))
    ).all()
    found: dict[str, TagFigures] = {}
    for tag, received_at, answered_at, due_at, status in rows:
        figure = found.setdefault(tag, TagFigures(tag, 0, 0, 0, None, 0))
        if status in OPEN_STATUSES:
            figure.open_now += 1
        if not start <= received_at < end:
            continue
        figure.received += 1
        if answered_at is not None:
            figure.answered += 1
            figure.answered_on_time += due_at is not None and answered_at <= due_at
    for figure in found.values():
        figure.on_time_share = _share(figure.answered_on_time, figure.answered)
    return sorted(found.values(), key=lambda f: (-f.received, -f.open_now, f.tag))
