"""The desk's performance per month: no personal data, for analysts and the desk.

A question counts in the month (Amsterdam time) in which it was received.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from ksdesk.accounts.principal import Principal
from ksdesk.desk import deadlines
from ksdesk.desk.calendar import AMSTERDAM
from ksdesk.desk.models import CoordinationRequest, Question
from ksdesk.errors import Forbidden
from ksdesk.vocab import Role

FIGURE_READERS = frozenset({Role.DESK_OFFICER, Role.ANALYST, Role.ADMIN})


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
