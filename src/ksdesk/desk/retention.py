"""Personal data kept no longer than needed: erasure after the retention term, and the export of
everything the desk holds on one asker (an access request).

A periodic job (desk.tasks) erases, for every question closed longer ago than the term an
administrator set (desk.policy; two years by default):

- contact: the asker's name and e-mail address, the link to their account, the addresses on the
  e-mails sent to them and received from them;
- messages: the question's subject and text, the replies both ways, the e-mails' texts; the
  question leaves the desk's own search;
- notes: the desk's internal notes and what it asked and heard from the ministries.

What stays is what the figures count (dates, status, topics, countries, institution) and the
published knowledge-base entries, which never held who asked. Each erasure is done once per
question and kind (desk_erasure) and recorded in the audit log without the erased data.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ksdesk import audit
from ksdesk.accounts.principal import SYSTEM, Principal
from ksdesk.db import utcnow
from ksdesk.desk import access, knowledge, policy
from ksdesk.desk.models import Erasure, InboundMail, OutboxMail, Question, QuestionMessage
from ksdesk.desk.tags import tags_of
from ksdesk.desk.vocab import Audience, AuthorKind, QuestionStatus

ERASED = "[erased]"


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time ``months`` calendar months earlier (the last day of a shorter month)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for day in (moment.day, 30, 29, 28):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _messages(session: Session, question_id: int, audience: str) -> list[QuestionMessage]:
    return list(session.scalars(select(QuestionMessage).where(QuestionMessage.question_id == question_id,
                                                              QuestionMessage.audience == audience)))


def _erase_contact(session: Session, question: Question) -> int:
    question.asker_name, question.asker_email, question.asked_by_id = ERASED, "", None
    count = 1
    for message in _messages(session, question.id, Audience.PUBLIC.value):
        if message.author_kind == AuthorKind.ASKER.value:
            message.author_label, message.author_id = ERASED, None
            count += 1
    for mail in session.scalars(select(OutboxMail).where(OutboxMail.question_id == question.id)):
        mail.recipient = ""
        count += 1
    for inbound in session.scalars(select(InboundMail).where(InboundMail.question_id == question.id)):
        inbound.sender = ""
        count += 1
    return count


def _erase_messages(session: Session, question: Question) -> int:
    question.subject, question.text = ERASED, ERASED
    count = 1
    for message in _messages(session, question.id, Audience.PUBLIC.value):
        message.body = ERASED
        count += 1
    for mail in session.scalars(select(OutboxMail).where(OutboxMail.question_id == question.id)):
        mail.subject, mail.body, mail.last_error = ERASED, ERASED, None
        count += 1
    for inbound in session.scalars(select(InboundMail).where(InboundMail.question_id == question.id)):
        inbound.subject, inbound.body = ERASED, ERASED
        count += 1
    knowledge.unindex_answer(session, question.id)
    return count


def _erase_notes(session: Session, question: Question) -> int:
    count = 0
    for message in _messages(session, question.id, Audience.INTERNAL.value):
        message.body = ERASED
        count += 1
    for request in question.coordination:
        request.request_note = ERASED
        if request.advice is not None:
            request.advice = ERASED
        count += 1
    return count


ERASERS = {"contact": _erase_contact, "messages": _erase_messages, "notes": _erase_notes}


def sweep(session: Session, *, now: datetime | None = None) -> dict[str, int]:
    """Erases what has passed its term; returns how many questions had each kind erased."""
    now = now or utcnow()
    done: dict[str, int] = {}
    for kind, months in policy.retention_months(session).items():
        already = select(Erasure.question_id).where(Erasure.kind == kind)
        due = session.scalars(select(Question).where(
            Question.status == QuestionStatus.CLOSED.value, Question.closed_at <= months_before(now, months),
            Question.id.not_in(already)).order_by(Question.id))
        for question in due:
            items = ERASERS[kind](session, question)
            session.add(Erasure(question_id=question.id, kind=kind, erased_at=now))
            session.flush()
            audit.record(session, SYSTEM, "retention.erase", "question", question.id,
                         after={"kind": kind, "items": items, "term_months": months},
                         institution_id=question.institution_id)
            done[kind] = done.get(kind, 0) + 1
    return done


# ------------------------------------------------------------------ access request


def export_asker(session: Session, principal: Principal, email: str) -> dict[str, Any]:
    """Everything the desk holds on the asker with this e-mail address (an access request)."""
    access.require_desk(principal)
    address = (email or "").strip().lower()
    questions = list(session.scalars(select(Question).where(func.lower(Question.asker_email) == address)
                                     .order_by(Question.received_at)))
    out: dict[str, Any] = {"asker_email": address, "exported_at": utcnow().isoformat(), "questions": []}
    for question in questions:
        messages = session.scalars(select(QuestionMessage).where(QuestionMessage.question_id == question.id)
                                   .order_by(QuestionMessage.created_at, QuestionMessage.id))
        mails = session.scalars(select(OutboxMail).where(OutboxMail.question_id == question.id).order_by(OutboxMail.id))
        received = session.scalars(select(InboundMail).where(InboundMail.question_id == question.id)
                                   .order_by(InboundMail.id))
        out["questions"].append({
            "reference": question.reference, "asker_name": question.asker_name, "asker_email": question.asker_email,
            "asker_role": question.asker_role, "language": question.language,
            "institution_name": question.institution_name, "subject": question.subject, "text": question.text,
            "topics": list(question.topics or []), "countries": question.country_codes, "status": question.status,
            "tags": tags_of(session, question.id),
            "received_at": question.received_at.isoformat(),
            "closed_at": question.closed_at.isoformat() if question.closed_at else None,
            "messages": [{"audience": m.audience, "from": m.author_kind, "body": m.body,
                          "at": m.created_at.isoformat()} for m in messages],
            "emails_sent": [{"to": m.recipient, "subject": m.subject, "body": m.body, "status": m.status,
                             "at": m.created_at.isoformat()} for m in mails],
            "emails_received": [{"from": m.sender, "subject": m.subject, "body": m.body,
                                 "at": m.received_at.isoformat()} for m in received],
            "ministries_consulted": [{"ministry": r.ministry, "request": r.request_note, "advice": r.advice}
                                     for r in question.coordination],
        })
    # The log names the address by a digest: it must not keep what the retention job erases.
    audit.record(session, principal, "asker.export", "asker", hashlib.sha256(address.encode()).hexdigest()[:16],
                 after={"questions": len(questions)})
    return out
