"""Questions to the desk: submission, the desk's handling, and the asker's own view.

The only place (with its siblings queue, messages, coordination, knowledge, figures) that
queries or changes questions. Every function takes the session and the acting Principal; every
write is recorded in the audit log; the caller commits.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ksdesk import audit
from ksdesk.accounts.models import User
from ksdesk.accounts.principal import Principal
from ksdesk.assessment.models import Assessment
from ksdesk.db import utcnow
from ksdesk.desk import access, deadlines, follow_link, knowledge, mail, ratelimit, third_parties, workflow
from ksdesk.desk.models import OutboxMail, Question, QuestionCountry, QuestionMessage, QuestionPause
from ksdesk.desk.references import next_reference, normalise_reference
from ksdesk.desk.schemas import (
    MAX_MESSAGE,
    AskerQuestionRead,
    PublicMessageRead,
    QuestionCreate,
    parse_question,
)
from ksdesk.desk.vocab import OPEN_STATUSES, Audience, AuthorKind, MailKind, QuestionStatus
from ksdesk.errors import Conflict, Forbidden, NotFound, Refusal, ValidationFailed
from ksdesk.notifications import service as notices
from ksdesk.notifications.kinds import Kind as Notice
from ksdesk.registry.access import can_read_collaboration
from ksdesk.registry.models import Collaboration, CountryProfile, Institution
from ksdesk.vocab import Role


@dataclass(frozen=True)
class PublicActor:
    """Who the audit log names for a question sent through the public form (no account)."""

    label: str = "contact form"
    user_id: None = None


PUBLIC = PublicActor()
# The note an officer finds on a question sent despite the warning (desk.third_parties).
THIRD_PARTY_NOTE = ("Personal data of other people: the asker was warned and sent the question anyway. "
                    "The desk does not investigate persons. Signs found: ")


def snapshot(question: Question) -> dict[str, Any]:
    """The audited state of a question; the asker's personal data stays out of the log."""
    return {
        "reference": question.reference,
        "status": question.status,
        "language": question.language,
        "institution_id": question.institution_id,
        "topics": list(question.topics or []),
        "countries": question.country_codes,
        "collaboration_id": question.collaboration_id,
        "due_at": question.due_at,
        "paused_since": question.paused_since,
        "assigned_to_id": question.assigned_to_id,
        "answered_at": question.answered_at,
        "closed_at": question.closed_at,
    }


# ------------------------------------------------------------------ submission


# What a submission lacks; the form checks the same before the service is called (desk.forms).
ASKER_NAME_REQUIRED = Refusal("asker_name_required", "your name is needed to answer you")
ASKER_EMAIL_REQUIRED = Refusal("asker_email_required", "an e-mail address is needed to send you the answer")
INSTITUTION_NAME_REQUIRED = Refusal("institution_name_required",
                                   "name the knowledge institution you work for or are connected to")
CONSENT_REQUIRED = Refusal("consent_required",
                          "please agree that the desk stores and uses your details to answer your question")


def _validate_references(
    session: Session, principal: Principal | None, data: QuestionCreate, errors: dict[str, Refusal]
) -> Institution | None:
    institution = None
    if principal is not None and principal.institution_id is not None:
        institution = session.get(Institution, principal.institution_id)
    elif data.institution_id is not None:
        institution = session.get(Institution, data.institution_id)
        if institution is None:
            errors["institution_id"] = Refusal("institution_unknown", "unknown institution")
    elif not data.institution_name:
        errors["institution_name"] = INSTITUTION_NAME_REQUIRED

    if data.countries:
        known = set(session.scalars(select(CountryProfile.code).where(CountryProfile.code.in_(data.countries))))
        unknown = [c for c in data.countries if c not in known]
        if unknown:
            errors["countries"] = Refusal("country_unknown", f"unknown country code {', '.join(unknown)}",
                                         {"code": ", ".join(unknown)})

    if data.collaboration_id is not None:
        collaboration = session.get(Collaboration, data.collaboration_id)
        if principal is None:
            errors["collaboration_id"] = Refusal("collaboration_link_needs_sign_in",
                                                "sign in to link a registered collaboration")
        elif collaboration is None or not can_read_collaboration(principal, collaboration):
            errors["collaboration_id"] = Refusal("collaboration_unknown", "unknown collaboration")
    return institution


def submit_question(
    session: Session,
    data: QuestionCreate | Mapping[str, Any],
    *,
    principal: Principal | None = None,
    client_address: str | None = None,
) -> Question:
    """A question arrives: from the public form (principal None) or from a signed-in researcher
    or advisor. Returns the stored question with its reference and due time, and queues the
    confirmation e-mail in the asker's language.

    With ``client_address`` the per-client rate limit applies (TooManyRequests). Bad input raises
    ValidationFailed with an error per field; nothing is stored in either case.
    """
    if principal is not None and principal.role not in access.ASKER_ROLES:
        raise Forbidden("questions are asked by researchers and advisors, or through the public form",
                        code="role_not_allowed")
    if client_address:
        ratelimit.hit(session, client_address)
    data = parse_question(data)
    errors: dict[str, Refusal] = {}
    name, email = data.asker_name, data.asker_email
    user = session.get(User, principal.user_id) if principal is not None else None
    if user is not None:
        name, email = name or user.name, email or user.email
    if not name:
        errors["asker_name"] = ASKER_NAME_REQUIRED
    if not email:
        errors["asker_email"] = ASKER_EMAIL_REQUIRED
    if not data.consent:
        errors["consent"] = CONSENT_REQUIRED
    signs = third_parties.signs_of_personal_data(f"{data.subject}\n{data.text}", own_email=email)
    if signs and not data.personal_data_confirmed:
        errors["personal_data_confirmed"] = Refusal(
            "third_party_data", "the question seems to contain personal data of other people: "
            + ", ".join(third_parties.labels(signs)))
    institution = _validate_references(session, principal, data, errors)
    if errors:
        raise ValidationFailed("the question was not sent: please correct the marked fields", code="question_not_sent",
                               field_errors=errors)

    received_at = utcnow()
    due_at = deadlines.working_calendar(session).due_at(received_at)
    # Last of all the reference number: a submission refused by anything above uses none up
    # (see references for where the number is taken).
    question = Question(
        reference=next_reference(session, received_at),
        asker_name=name,
        asker_email=email,
        asker_role=data.asker_role.value,
        language=data.language,
        institution_id=institution.id if institution is not None else None,
        institution_name=None if institution is not None else data.institution_name,
        asked_by_id=principal.user_id if principal is not None else None,
        subject=data.subject,
        text=data.text,
        topics=[t.value for t in data.topics],
        collaboration_id=data.collaboration_id,
        consent=True,
        received_at=received_at,
        due_at=due_at,
        status=QuestionStatus.RECEIVED.value,
        countries=[QuestionCountry(country_code=code) for code in sorted(data.countries)],
    )
    session.add(question)
    session.flush()
    audit.record(session, principal or PUBLIC, "question.submit", "question", question.id,
                 after=snapshot(question), institution_id=question.institution_id)
    mail.queue_to_asker(session, question, MailKind.CONFIRMATION)
    if signs:
        # The asker was warned and sent it anyway: the officer sees why before reading further.
        session.add(QuestionMessage(question_id=question.id, audience=Audience.INTERNAL.value,
                                    author_kind=AuthorKind.DESK.value, author_label="system",
                                    body=THIRD_PARTY_NOTE + ", ".join(signs)))
    notices.notify(session, Notice.QUESTION_RECEIVED, notices.desk_officers(session),
                   link=desk_link(question), reference=question.reference)
    return question


def desk_link(question: Question) -> str:
    """Where the desk works on a question (a notice's link)."""
    return f"/desk/questions/{question.id}"


# ------------------------------------------------------------------ the desk's handling


def get_question(session: Session, principal: Principal, question_id: int) -> Question:
    """A question for the desk; anyone else gets NotFound (liaisons: coordination.get_for_liaison)."""
    question = session.get(Question, question_id)
    if question is None or not access.is_desk(principal):
        raise NotFound(f"question {question_id} not found", code="question_not_found")
    return question


def get_question_by_reference(session: Session, principal: Principal, reference: str) -> Question:
    normalised = normalise_reference(reference)
    question = session.scalar(select(Question).where(Question.reference == normalised)) if normalised else None
    if question is None or not access.is_desk(principal):
        raise NotFound(f"question {reference} not found", code="question_not_found")
    return question


@dataclass
class DeskQuestionDetail:
    """Everything the desk sees on one question: all messages (public and internal), e-mails, history."""

    question: Question
    messages: list[QuestionMessage]
    outbox: list[OutboxMail]
    history: list[audit.AuditEvent]
    available_actions: list[str]


def question_detail(session: Session, principal: Principal, question_id: int) -> DeskQuestionDetail:
    question = get_question(session, principal, question_id)
    messages = list(session.scalars(
        select(QuestionMessage).where(QuestionMessage.question_id == question.id)
        .order_by(QuestionMessage.created_at, QuestionMessage.id)
    ))
    outbox = list(session.scalars(
        select(OutboxMail).where(OutboxMail.question_id == question.id).order_by(OutboxMail.id)
    ))
    return DeskQuestionDetail(
        question=question, messages=messages, outbox=outbox,
        history=audit.history(session, "question", question.id),
        available_actions=[t.action for t in workflow.available(question.status)],
    )


def check_version(question: Question, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != question.version:
        raise Conflict(
            f"question {question.reference} was changed by someone else (version {question.version}, "
            f"you saw version {expected_version}); reload and try again", code="changed_meanwhile"
        )


def flush(session: Session, question: Question) -> None:
    try:
        session.flush()
    except StaleDataError as exc:
        raise Conflict(f"question {question.reference} was changed by someone else; reload",
                       code="changed_meanwhile") from exc


def set_status(
    session: Session, actor, question: Question, action: str, *, reason: str | None = None
) -> Question:
    """Moves a question along the workflow (checked), keeping timestamps, clock and index right."""
    try:
        transition = workflow.find(question.status, action, reason)
    except workflow.TransitionError as exc:
        raise ValidationFailed(str(exc), code=exc.refusal.code, params=exc.refusal.params,
                               field_errors={"action": exc.refusal}) from exc
    before = snapshot(question)
    now = utcnow()
    question.status = transition.target.value
    if transition.target is QuestionStatus.ANSWERED:
        question.answered_at = now
        _end_pause(question, now, getattr(actor, "label", "system"))
        deadlines.refresh_due(question, deadlines.working_calendar(session))
        knowledge.index_answer(session, question)
        _decision_waits_on_the_answer(session, question)
    elif transition.target is QuestionStatus.CLOSED:
        question.closed_at = now
    elif action == "reopen":
        question.answered_at = None
        question.closed_at = None
    flush(session, question)
    audit.record(session, actor, f"question.{action}", "question", question.id, before=before,
                 after=snapshot(question), reason=(reason or "").strip() or None,
                 institution_id=question.institution_id)
    return question


def _decision_waits_on_the_answer(session: Session, question: Question) -> None:
    """An assessment that asked the desk waits for the advisors' decision once the desk has answered."""
    ids = set(session.scalars(select(Assessment.collaboration_id).where(Assessment.desk_question_id == question.id)))
    for collaboration in session.scalars(select(Collaboration).where(Collaboration.id.in_(ids))):
        notices.notify(session, Notice.DECISION_NEEDED, notices.advisors_of(session, collaboration.institution_id),
                       link=f"/collaborations/{collaboration.id}", collaboration=collaboration.title)


def transition(
    session: Session, principal: Principal, question_id: int, action: str, *,
    reason: str | None = None, expected_version: int | None = None,
) -> Question:
    """A desk officer's manual step: start, end_coordination, close, reopen (reason required).

    Answering happens through messages.add_reply; coordinating through coordination.request_coordination.
    """
    access.require_desk(principal)
    question = get_question(session, principal, question_id)
    check_version(question, expected_version)
    if action not in workflow.MANUAL_ACTIONS:
        raise ValidationFailed(f"{action} is not done by hand", code="step_not_manual",
                               field_errors={"action": Refusal("step_not_manual", "not a manual step")})
    return set_status(session, principal, question, action, reason=reason)


def assign(
    session: Session, principal: Principal, question_id: int, officer_id: int | None, *,
    expected_version: int | None = None,
) -> Question:
    """Assigns a desk officer (None: unassign). Assigning a received question starts work on it."""
    access.require_desk(principal)
    question = get_question(session, principal, question_id)
    check_version(question, expected_version)
    if officer_id is not None:
        officer = session.get(User, officer_id)
        if officer is None or officer.role != Role.DESK_OFFICER.value or not officer.active:
            raise ValidationFailed.of_field("officer_id", "officer_unknown", "not an active desk officer")
    before = snapshot(question)
    question.assigned_to_id = officer_id
    flush(session, question)
    audit.record(session, principal, "question.assign", "question", question.id, before=before,
                 after=snapshot(question), institution_id=question.institution_id)
    if officer_id is not None and question.status == QuestionStatus.RECEIVED.value:
        set_status(session, principal, question, "start")
    return question


MAX_BULK = 200


def assign_many(session: Session, principal: Principal, question_ids: list[int], officer_id: int | None) -> int:
    """Assigns (or unassigns) several questions at once: each is assigned and logged as one would be,
    and a refusal of any leaves all of them as they were (the caller's transaction)."""
    ids = list(dict.fromkeys(question_ids))
    if not ids or len(ids) > MAX_BULK:
        raise ValidationFailed.of_field("question_id", "questions_none_selected",
                                        f"select between 1 and {MAX_BULK} questions", n=MAX_BULK)
    for question_id in ids:
        assign(session, principal, question_id, officer_id)
    return len(ids)


def _end_pause(question: Question, now: datetime, label: str) -> bool:
    open_pauses = [p for p in question.pauses if p.ended_at is None]
    for pause in open_pauses:
        pause.ended_at = now
        pause.ended_by_label = label
    question.paused_since = None
    return bool(open_pauses)


def pause_for_asker(
    session: Session, principal: Principal, question_id: int, reason: str, *, expected_version: int | None = None
) -> Question:
    """The desk waits for the asker (e.g. more information asked for): the answer clock stops."""
    access.require_desk(principal)
    question = get_question(session, principal, question_id)
    check_version(question, expected_version)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed("say what the desk is waiting for", code="pause_reason_required",
                               field_errors={"reason": Refusal("required", "required")})
    if question.status not in OPEN_STATUSES:
        raise ValidationFailed(f"a question that is {question.status} has no clock to stop", code="question_not_open",
                               field_errors={"action": Refusal("question_not_open", "question is not open")})
    if question.paused_since is not None:
        raise ValidationFailed("the question is already waiting for the asker", code="question_waiting",
                               field_errors={"action": Refusal("question_waiting", "already waiting")})
    before = snapshot(question)
    now = utcnow()
    question.pauses.append(QuestionPause(started_at=now, reason=reason, started_by_id=principal.user_id))
    question.paused_since = now
    deadlines.refresh_due(question, deadlines.working_calendar(session))
    flush(session, question)
    audit.record(session, principal, "question.pause", "question", question.id, before=before,
                 after=snapshot(question), reason=reason, institution_id=question.institution_id)
    return question


def resume(
    session: Session, principal: Principal, question_id: int, *, note: str | None = None,
    expected_version: int | None = None,
) -> Question:
    """The asker has answered (or the desk stops waiting): the clock runs again, the deadline moves.

    A signed-in asker's own message resumes automatically (add_asker_message).
    """
    access.require_desk(principal)
    question = get_question(session, principal, question_id)
    check_version(question, expected_version)
    return _resume(session, principal, question, note)


def _resume(session: Session, actor, question: Question, note: str | None) -> Question:
    if question.paused_since is None:
        raise ValidationFailed("the question is not waiting for the asker", code="question_not_waiting",
                               field_errors={"action": Refusal("question_not_waiting", "not waiting")})
    before = snapshot(question)
    _end_pause(question, utcnow(), getattr(actor, "label", "system"))
    deadlines.refresh_due(question, deadlines.working_calendar(session))
    flush(session, question)
    audit.record(session, actor, "question.resume", "question", question.id, before=before,
                 after=snapshot(question), reason=note, institution_id=question.institution_id)
    return question


# ------------------------------------------------------------------ the asker's own view


def _asker_view(session: Session, question: Question) -> AskerQuestionRead:
    # Only public messages are ever loaded here: internal notes cannot reach the asker's page.
    messages = session.scalars(
        select(QuestionMessage)
        .where(QuestionMessage.question_id == question.id, QuestionMessage.audience == Audience.PUBLIC.value)
        .order_by(QuestionMessage.created_at, QuestionMessage.id)
    )
    return AskerQuestionRead(
        reference=question.reference,
        subject=question.subject,
        text=question.text,
        language=question.language,
        topics=list(question.topics or []),
        countries=question.country_codes,
        status=question.status,
        received_at=question.received_at,
        due_at=question.due_at,
        waiting_for_asker=question.paused_since is not None,
        coordinating_with_ministries=question.status == QuestionStatus.COORDINATING.value,
        answered_at=question.answered_at,
        messages=[
            PublicMessageRead(from_desk=m.author_kind == AuthorKind.DESK.value, body=m.body, created_at=m.created_at)
            for m in messages
        ],
    )


def _own_question(session: Session, principal: Principal, reference: str) -> Question:
    normalised = normalise_reference(reference)
    question = None
    if normalised:
        question = session.scalar(select(Question).where(Question.reference == normalised, access.asker_scope(principal)))
    if question is None:
        raise NotFound(f"question {reference} not found", code="question_not_found")
    return question


def list_my_questions(session: Session, principal: Principal) -> list[AskerQuestionRead]:
    """A signed-in researcher's or advisor's own questions, newest first, with public replies only."""
    stmt = select(Question).where(access.asker_scope(principal)).order_by(Question.received_at.desc(), Question.id.desc())
    return [_asker_view(session, q) for q in session.scalars(stmt)]


def get_my_question(session: Session, principal: Principal, reference: str) -> AskerQuestionRead:
    return _asker_view(session, _own_question(session, principal, reference))


def add_asker_message(session: Session, principal: Principal, reference: str, body: str) -> QuestionMessage:
    """The signed-in asker adds information. If the desk was waiting for them, the clock runs again;
    a follow-up on an answered question reopens it. A closed question needs a new question."""
    question = _own_question(session, principal, reference)
    return asker_writes(session, principal, question, body, author_id=principal.user_id)


# ---------------------------------------------------------------- the signed follow link (no account)


class _LinkActor:
    """Who the audit log names for what comes through a follow link: the asker, who has no account."""

    user_id = None

    def __init__(self, reference: str) -> None:
        self.label = f"asker of {reference} (follow link)"


def _followed_question(session: Session, reference: str, token: str) -> Question:
    """The question a valid follow link opens: asked without an account, its contact details still
    held (erased by retention, the link opens nothing). Anything else is simply not found."""
    normalised = normalise_reference(reference)
    question = None
    if normalised and follow_link.check(normalised, token) is follow_link.LinkState.VALID:
        question = session.scalar(select(Question).where(Question.reference == normalised))
    if question is None or question.asked_by_id is not None or not question.asker_email:
        raise NotFound(f"question {reference} not found", code="page_not_found")
    return question


def get_followed_question(session: Session, reference: str, token: str) -> AskerQuestionRead:
    return _asker_view(session, _followed_question(session, reference, token))


def add_followed_message(session: Session, reference: str, token: str, body: str) -> QuestionMessage:
    """The anonymous asker adds information through the follow link, as a signed-in asker would."""
    question = _followed_question(session, reference, token)
    return asker_writes(session, _LinkActor(question.reference), question, body, via="follow link")


def asker_writes(
    session: Session, actor, question: Question, body: str, *, author_id: int | None = None, via: str = "site"
) -> QuestionMessage:
    """A message from the asker, however it came (the site, the signed link, a mailed reply)."""
    body = (body or "").strip()
    if not body or len(body) > MAX_MESSAGE:
        raise ValidationFailed("the message is empty or too long", code="text_length", params={"n": MAX_MESSAGE},
                               field_errors={"body": Refusal("text_length", f"write between 1 and {MAX_MESSAGE} characters",
                                                            {"n": MAX_MESSAGE})})
    if question.status == QuestionStatus.CLOSED.value:
        raise ValidationFailed("this question is closed; please ask a new question", code="question_closed_ask_anew",
                               field_errors={"body": Refusal("question_closed_ask_anew", "question closed")})
    message = QuestionMessage(question_id=question.id, audience=Audience.PUBLIC.value,
                              author_kind=AuthorKind.ASKER.value, author_id=author_id,
                              author_label=actor.label, body=body)
    session.add(message)
    session.flush()
    audit.record(session, actor, "question.asker_message", "question", question.id,
                 after={"message_id": message.id, "via": via}, institution_id=question.institution_id)
    if question.paused_since is not None:
        _resume(session, actor, question, "the asker replied")
    if question.status == QuestionStatus.ANSWERED.value:
        set_status(session, actor, question, "reopen", reason="follow-up from the asker")
    notices.notify(session, Notice.ASKER_REPLIED, notices.officer_of(session, question.assigned_to_id),
                   link=desk_link(question), reference=question.reference)
    return message
