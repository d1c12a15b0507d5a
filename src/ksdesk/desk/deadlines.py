"""Due dates stored on questions, kept right when pauses or closure days change."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ksdesk import audit
from ksdesk.accounts.principal import Principal
from ksdesk.db import utcnow
from ksdesk.desk.calendar import AMSTERDAM, HOLIDAYS, WorkingDayCalendar, holidays_of_year
from ksdesk.desk.models import ClosureDay, HolidayChoice, Question
from ksdesk.desk.vocab import OPEN_STATUSES
from ksdesk.errors import Forbidden, NotFound, Refusal, ValidationFailed
from ksdesk.vocab import Role

_CALENDAR = "ksdesk.working_calendar"


def working_calendar(session: Session) -> WorkingDayCalendar:
    """The desk's calendar as the session's current transaction sees it.

    Read once per transaction: the queue page asks for it twice. Another transaction (a later
    request on the same session, or after a rollback) reads the closure days afresh, and a change
    to them in this transaction forgets it (see _closure_days_changed).
    """
    transaction = session.get_transaction()
    cached = session.info.get(_CALENDAR)
    if cached is not None and transaction is not None and cached[0] is transaction:
        return cached[1]
    calendar = WorkingDayCalendar(session.scalars(select(ClosureDay.day)), holiday_choices(session))
    # The query has begun a transaction if none was open; the cache belongs to that one.
    session.info[_CALENDAR] = (session.get_transaction(), calendar)
    return calendar


def _closure_days_changed(session: Session) -> None:
    session.info.pop(_CALENDAR, None)


def compute_due(question: Question, calendar: WorkingDayCalendar) -> datetime | None:
    """The deadline with every pause taken into account; None while the clock is stopped."""
    pauses = [(p.started_at, p.ended_at) for p in question.pauses]
    return calendar.due_at_with_pauses(question.received_at, pauses)


def refresh_due(question: Question, calendar: WorkingDayCalendar) -> bool:
    """Stores the recomputed deadline; True when it changed."""
    due = compute_due(question, calendar)
    if due == question.due_at:
        return False
    question.due_at = due
    return True


def amsterdam_today(now: datetime | None = None) -> date:
    return (now or utcnow()).astimezone(AMSTERDAM).date()


# ------------------------------------------------------------------ closure days


def list_closure_days(session: Session, *, from_day: date | None = None) -> list[ClosureDay]:
    stmt = select(ClosureDay).order_by(ClosureDay.day)
    if from_day is not None:
        stmt = stmt.where(ClosureDay.day >= from_day)
    return list(session.scalars(stmt))


def _recompute_open(session: Session, actor: Principal, reason: str) -> int:
    _closure_days_changed(session)
    calendar = working_calendar(session)
    changed = 0
    for question in session.scalars(select(Question).where(Question.status.in_(list(OPEN_STATUSES)))):
        before = question.due_at
        if refresh_due(question, calendar):
            changed += 1
            audit.record(session, actor, "question.due_changed", "question", question.id,
                         before={"due_at": before}, after={"due_at": question.due_at}, reason=reason,
                         institution_id=question.institution_id)
    session.flush()
    return changed


def add_closure_day(session: Session, actor: Principal, day: date, reason: str, *, confirm_past: bool = False,
                    today: date | None = None) -> int:
    """An admin closes the desk on ``day``; returns how many open questions got a new deadline.

    A Saturday or Sunday is refused (the desk is closed then anyway); a day in the past only with
    ``confirm_past``, since it moves the deadlines of questions that were open then.
    """
    if not actor.has_role(Role.ADMIN):
        raise Forbidden("only an administrator can add closure days", code="role_not_allowed")
    reason = (reason or "").strip()
    errors: dict[str, Refusal] = {}
    if day.weekday() >= 5:
        errors["day"] = Refusal("closure_day_weekend", f"{day} is a Saturday or Sunday, when the desk is closed anyway")
    elif session.get(ClosureDay, day) is not None:
        errors["day"] = Refusal("closure_day_exists", "already a closure day")
    elif day < (today or amsterdam_today()) and not confirm_past:
        errors["confirm_past"] = Refusal("closure_day_past", f"{day} lies in the past: confirm to close the desk on it")
    if not reason or len(reason) > 200:
        errors["reason"] = Refusal("closure_reason_required", "give a reason (at most 200 characters)", {"n": 200})
    if errors:
        first = next(iter(errors.values()))
        raise ValidationFailed(f"the closure day was not added: {first.message}", code=first.code,
                               params=dict(first.params), field_errors=errors)
    session.add(ClosureDay(day=day, reason=reason))
    session.flush()
    audit.record(session, actor, "closure_day.add", "closure_day", day.isoformat(), after={"reason": reason})
    return _recompute_open(session, actor, f"closure day {day.isoformat()} added")


# ------------------------------------------------------------------ holidays: does the desk work?

# The administrator's choice per holiday: as the holiday calendar says, closed every year, or working.
CHOICES = ("default", "closed", "works")


def holiday_choices(session: Session) -> dict[str, bool]:
    """code → whether the desk works on that holiday, for the holidays an administrator decided on."""
    return {c.holiday: c.desk_works for c in session.scalars(select(HolidayChoice))}


def holiday_overview(session: Session, year: int) -> list[dict]:
    """Every holiday the desk decides on, with its date in ``year`` and the next year, what the
    holiday calendar says, and the administrators' choice."""
    chosen = holiday_choices(session)
    this, following = holidays_of_year(year), holidays_of_year(year + 1)
    return [{
        "code": code,
        "dates": [table[code][0] for table in (this, following) if code in table],
        # Liberation Day is a public holiday only every fifth year (2025, 2030, ...).
        "by_default": "lustrum" if code == "liberation_day" else "closed",
        "choice": "default" if code not in chosen else ("works" if chosen[code] else "closed"),
    } for code in HOLIDAYS]


def save_holiday_choices(session: Session, actor: Principal, choices: dict[str, str]) -> int:
    """Stores the administrator's choice for each holiday named; every change is logged and the open
    questions' deadlines are recomputed. Returns how many open questions got a new deadline."""
    if not actor.has_role(Role.ADMIN):
        raise Forbidden("only an administrator decides whether the desk works on holidays", code="role_not_allowed")
    errors = {code: Refusal("holiday_choice_unknown", "choose: as the holiday calendar says, closed, or working")
              for code, choice in choices.items() if code not in HOLIDAYS or choice not in CHOICES}
    if errors:
        raise ValidationFailed("the holiday choices were not saved", code="holiday_choice_unknown",
                               field_errors=errors)
    changed = []
    for code, choice in choices.items():
        row = session.get(HolidayChoice, code)
        before = "default" if row is None else ("works" if row.desk_works else "closed")
        if before == choice:
            continue
        if choice == "default":
            session.delete(row)
        elif row is None:
            session.add(HolidayChoice(holiday=code, desk_works=choice == "works"))
        else:
            row.desk_works, row.changed_at = choice == "works", utcnow()
        session.flush()
        audit.record(session, actor, "holiday_choice.change", "holiday", code,
                     before={"choice": before}, after={"choice": choice})
        changed.append(f"{code}: {choice}")
    if not changed:
        return 0
    return _recompute_open(session, actor, "holiday choice changed (" + ", ".join(changed) + ")")


def remove_closure_day(session: Session, actor: Principal, day: date) -> int:
    if not actor.has_role(Role.ADMIN):
        raise Forbidden("only an administrator can remove closure days", code="role_not_allowed")
    row = session.get(ClosureDay, day)
    if row is None:
        raise NotFound(f"{day} is not a closure day", code="closure_day_not_found")
    audit.record(session, actor, "closure_day.remove", "closure_day", day.isoformat(), before={"reason": row.reason})
    session.delete(row)
    session.flush()
    return _recompute_open(session, actor, f"closure day {day.isoformat()} removed")
