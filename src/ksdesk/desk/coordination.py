"""Coordination with the ministries that commission the desk.

Coordinating does not stop the three-day clock (only waiting for the asker does); it is
reported separately in the figures. The asker is told by e-mail, once, that it takes longer.
A liaison sees only the questions on which their own ministry is consulted, and of those only
what they need to advise: not who asked, not the desk's internal notes, not other ministries' advice.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ksdesk import audit
from ksdesk.accounts.principal import Principal
from ksdesk.db import utcnow
from ksdesk.desk import access, deadlines, mail, policy, service
from ksdesk.desk.models import CoordinationRequest, OutboxMail, Question
from ksdesk.desk.reply_address import ministry_reply_address
from ksdesk.desk.schemas import MAX_MESSAGE, LiaisonQuestionRead, LiaisonRequestRead
from ksdesk.desk.vocab import CoordinationStatus, MailKind, QuestionStatus
from ksdesk.errors import Forbidden, NotFound, Refusal, ValidationFailed
from ksdesk.notifications import service as notices
from ksdesk.notifications.kinds import Kind as Notice
from ksdesk.registry.models import Institution
from ksdesk.vocab import Ministry, Role

COORDINATION_FROM = frozenset({QuestionStatus.RECEIVED, QuestionStatus.IN_PROGRESS, QuestionStatus.COORDINATING})


def _text(value: str | None, field: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    if (required and not value) or len(value) > MAX_MESSAGE:
        raise ValidationFailed(f"{field} must be between 1 and {MAX_MESSAGE} characters", code="text_length",
                               params={"n": MAX_MESSAGE}, field_errors={field: Refusal(
                                   "text_length", f"write between 1 and {MAX_MESSAGE} characters", {"n": MAX_MESSAGE})})
    return value


def request_coordination(
    session: Session, principal: Principal, question_id: int, ministries: list[str], note: str, *,
    expected_version: int | None = None,
) -> list[CoordinationRequest]:
    """Asks one or more ministries for advice; the question becomes "coordinating"."""
    access.require_desk(principal)
    question = service.get_question(session, principal, question_id)
    service.check_version(question, expected_version)
    note = _text(note, "note")
    codes = list(dict.fromkeys(m.strip().lower() for m in ministries if m and m.strip()))
    valid = {m.value for m in Ministry}
    unknown = [c for c in codes if c not in valid]
    if not codes or unknown:
        if unknown:
            raise ValidationFailed.of_field("ministries", "ministry_unknown", f"unknown ministry {', '.join(unknown)}",
                                            names=", ".join(unknown))
        raise ValidationFailed.of_field("ministries", "ministry_required", "choose at least one ministry")
    if question.status not in COORDINATION_FROM:
        raise ValidationFailed(f"a question that is {question.status} cannot be coordinated", code="question_not_open",
                               field_errors={"action": Refusal("question_not_open", "question is not open")})
    existing = {r.ministry: r for r in question.coordination}
    already = [c for c in codes if c in existing and existing[c].status != CoordinationStatus.WITHDRAWN.value]
    if already:
        raise ValidationFailed.of_field("ministries", "ministry_already_asked", f"already asked: {', '.join(already)}",
                                        names=", ".join(already))

    created = []
    calendar, days, now = deadlines.working_calendar(session), policy.ministry_days(session), utcnow()
    for code in codes:
        request = existing.get(code)
        if request is None:
            request = CoordinationRequest(ministry=code, request_note=note, requested_by_id=principal.user_id)
            question.coordination.append(request)
        else:  # asked again after a withdrawal
            request.status, request.request_note = CoordinationStatus.REQUESTED.value, note
            request.requested_at, request.requested_by_id = utcnow(), principal.user_id
            request.advice = request.advised_at = request.advised_by_id = None
        # Each ministry has its own response time, on the desk's working days.
        request.due_at = calendar.deadline_after(now, days[code])
        created.append(request)
    session.flush()
    for request in created:
        audit.record(session, principal, "coordination.request", "question", question.id,
                     after={"ministry": request.ministry, "request_id": request.id, "due_at": request.due_at},
                     institution_id=question.institution_id)
        notices.notify(session, Notice.MINISTRY_CONSULTED, notices.liaisons_of(session, request.ministry),
                       link=liaison_link(question), reference=question.reference,
                       reply_to=ministry_reply_address(question.reference, request.ministry))
    if question.status != QuestionStatus.COORDINATING.value:
        service.set_status(session, principal, question, "coordinate")
    if not _asker_told(session, question):
        mail.queue_to_asker(session, question, MailKind.COORDINATING)
    return created


def liaison_link(question: Question) -> str:
    return f"/desk/coordination/{question.id}"


def _asker_told(session: Session, question: Question) -> bool:
    return session.scalar(
        select(OutboxMail.id).where(OutboxMail.question_id == question.id,
                                    OutboxMail.kind == MailKind.COORDINATING.value).limit(1)
    ) is not None


def withdraw(session: Session, principal: Principal, question_id: int, ministry: str, reason: str) -> CoordinationRequest:
    access.require_desk(principal)
    question = service.get_question(session, principal, question_id)
    request = next((r for r in question.coordination if r.ministry == ministry), None)
    if request is None or request.status == CoordinationStatus.WITHDRAWN.value:
        raise NotFound(f"{ministry} was not asked about this question", code="ministry_not_asked")
    reason = _text(reason, "reason")
    request.status = CoordinationStatus.WITHDRAWN.value
    session.flush()
    audit.record(session, principal, "coordination.withdraw", "question", question.id,
                 after={"ministry": ministry}, reason=reason, institution_id=question.institution_id)
    return request


# ------------------------------------------------------------------ the liaison's side


def _require_liaison(principal: Principal) -> str:
    if principal.role is not Role.MINISTRY_LIAISON or not principal.ministry:
        raise Forbidden("only a ministry liaison can do this", code="role_not_allowed")
    return principal.ministry


def _liaison_view(session: Session, question: Question, ministry: str) -> LiaisonQuestionRead:
    request = next(r for r in question.coordination if r.ministry == ministry)
    institution = session.get(Institution, question.institution_id) if question.institution_id else None
    return LiaisonQuestionRead(
        id=question.id,
        reference=question.reference,
        subject=question.subject,
        text=question.text,
        topics=list(question.topics or []),
        countries=question.country_codes,
        institution=institution.name if institution is not None else question.institution_name,
        status=question.status,
        received_at=question.received_at,
        due_at=question.due_at,
        ministries_consulted=[r.ministry for r in question.coordination
                              if r.status != CoordinationStatus.WITHDRAWN.value],
        request=LiaisonRequestRead(
            request_id=request.id, ministry=request.ministry, request_note=request.request_note,
            requested_at=request.requested_at, status=request.status, advice=request.advice,
            advised_at=request.advised_at, due_at=request.due_at,
        ),
    )


def list_for_liaison(session: Session, principal: Principal, *, awaiting_advice: bool = False) -> list[LiaisonQuestionRead]:
    """The questions on which the liaison's ministry is consulted, oldest request first."""
    ministry = _require_liaison(principal)
    stmt = (
        select(Question)
        .join(CoordinationRequest, CoordinationRequest.question_id == Question.id)
        .where(CoordinationRequest.ministry == ministry,
               CoordinationRequest.status != CoordinationStatus.WITHDRAWN.value)
        .order_by(CoordinationRequest.requested_at, Question.id)
    )
    if awaiting_advice:
        stmt = stmt.where(CoordinationRequest.status == CoordinationStatus.REQUESTED.value)
    return [_liaison_view(session, q, ministry) for q in session.scalars(stmt)]


def get_for_liaison(session: Session, principal: Principal, question_id: int) -> LiaisonQuestionRead:
    ministry = _require_liaison(principal)
    question = session.scalar(select(Question).where(Question.id == question_id, access.liaison_scope(principal)))
    if question is None:
        raise NotFound(f"question {question_id} not found", code="question_not_found")
    return _liaison_view(session, question, ministry)


def record_advice(session: Session, principal: Principal, question_id: int, advice: str) -> CoordinationRequest:
    """The liaison's advice for their ministry; it can be revised while the question is open."""
    ministry = _require_liaison(principal)
    get_for_liaison(session, principal, question_id)
    question = session.get_one(Question, question_id)
    request = next(r for r in question.coordination if r.ministry == ministry)
    if question.status in (QuestionStatus.ANSWERED.value, QuestionStatus.CLOSED.value) and request.advice:
        raise ValidationFailed("the question has been answered; the advice can no longer be changed",
                               code="advice_closed", field_errors={"advice": Refusal("advice_closed", "question answered")})
    advice = _text(advice, "advice")
    before = {"advice": request.advice, "status": request.status}
    request.advice = advice
    request.status = CoordinationStatus.ADVISED.value
    request.advised_at = utcnow()
    request.advised_by_id = principal.user_id
    session.flush()
    audit.record(session, principal, "coordination.advice", "question", question.id, before=before,
                 after={"advice": advice, "status": request.status, "ministry": ministry},
                 institution_id=question.institution_id)
    notices.notify(session, Notice.ADVICE_RECEIVED, notices.officer_of(session, question.assigned_to_id),
                   link=service.desk_link(question), reference=question.reference, ministry=ministry)
    return request
