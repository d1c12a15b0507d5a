"""Reminders and escalations on the desk's clock, sent by a periodic job (desk.tasks).

- A question due within one working day: its officer (every officer while nobody has it) and
  the desk lead are told; once it is overdue, again.
- A ministry whose advice is due today: its liaisons are reminded; once its deadline has
  passed, the question's officer and the desk lead are told (the escalation).

Each goes out once per deadline (desk_reminder): the sweep can run as often as it likes, and a
deadline that moves (a closure day, a pause) gets its own reminder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from ksdesk import audit
from ksdesk.accounts.principal import SYSTEM
from ksdesk.db import utcnow
from ksdesk.desk import deadlines, policy
from ksdesk.desk.calendar import AMSTERDAM
from ksdesk.desk.models import CoordinationRequest, DeskReminder, Question
from ksdesk.desk.reply_address import ministry_reply_address
from ksdesk.desk.vocab import OPEN_STATUSES, CoordinationStatus
from ksdesk.notifications import service as notices
from ksdesk.notifications.kinds import Kind


@dataclass
class SweepReport:
    sent: dict[str, int] = field(default_factory=dict)

    def count(self, kind: Kind) -> None:
        self.sent[kind.value] = self.sent.get(kind.value, 0) + 1


def _already(session: Session, question_id: int, kind: Kind, ministry: str, due_at: datetime) -> bool:
    return session.scalar(select(DeskReminder.id).where(
        DeskReminder.question_id == question_id, DeskReminder.kind == kind.value,
        DeskReminder.ministry == ministry, DeskReminder.due_at == due_at)) is not None


def _remember(session: Session, question: Question, kind: Kind, ministry: str, due_at: datetime,
              report: SweepReport) -> None:
    session.add(DeskReminder(question_id=question.id, kind=kind.value, ministry=ministry, due_at=due_at))
    session.flush()
    audit.record(session, SYSTEM, f"reminder.{kind.value}", "question", question.id,
                 after={"ministry": ministry or None, "due_at": due_at}, institution_id=question.institution_id)
    report.count(kind)


def sweep(session: Session, *, now: datetime | None = None) -> SweepReport:
    now = now or utcnow()
    report = SweepReport()
    calendar = deadlines.working_calendar(session)
    today = deadlines.amsterdam_today(now)
    tomorrow = calendar.add_working_days(today, 1)
    horizon = datetime.combine(tomorrow, time(23, 59), tzinfo=AMSTERDAM)
    lead = policy.desk_lead(session)
    leads = [lead] if lead is not None else []

    questions = session.scalars(select(Question).where(
        Question.status.in_([s.value for s in OPEN_STATUSES]), Question.due_at.is_not(None),
        Question.due_at <= horizon).order_by(Question.due_at, Question.id))
    for question in questions:
        assert question.due_at is not None
        kind = Kind.QUESTION_OVERDUE if question.due_at <= now else Kind.QUESTION_DUE_TOMORROW
        if _already(session, question.id, kind, "", question.due_at):
            continue
        _remember(session, question, kind, "", question.due_at, report)
        notices.notify(session, kind, [*notices.officer_of(session, question.assigned_to_id), *leads],
                       link=f"/desk/questions/{question.id}", reference=question.reference)

    requests = session.execute(
        select(CoordinationRequest, Question).join(Question, Question.id == CoordinationRequest.question_id)
        .where(CoordinationRequest.status == CoordinationStatus.REQUESTED.value,
               CoordinationRequest.due_at.is_not(None), CoordinationRequest.due_at <= horizon,
               Question.status.in_([s.value for s in OPEN_STATUSES]))
        .order_by(CoordinationRequest.due_at, CoordinationRequest.id)
    ).all()
    for request, question in requests:
        due_at = request.due_at
        assert due_at is not None
        if due_at <= now:
            if _already(session, question.id, Kind.MINISTRY_OVERDUE, request.ministry, due_at):
                continue
            _remember(session, question, Kind.MINISTRY_OVERDUE, request.ministry, due_at, report)
            notices.notify(session, Kind.MINISTRY_OVERDUE,
                           [*notices.officer_of(session, question.assigned_to_id), *leads],
                           link=f"/desk/questions/{question.id}", reference=question.reference,
                           ministry=request.ministry)
        elif due_at.astimezone(AMSTERDAM).date() <= today:
            if _already(session, question.id, Kind.MINISTRY_REMINDER, request.ministry, due_at):
                continue
            _remember(session, question, Kind.MINISTRY_REMINDER, request.ministry, due_at, report)
            notices.notify(session, Kind.MINISTRY_REMINDER, notices.liaisons_of(session, request.ministry),
                           link=f"/desk/coordination/{question.id}", reference=question.reference,
                           reply_to=ministry_reply_address(question.reference, request.ministry))
    return report
