"""Replies to the asker, internal notes, and the reply templates officers start from.

A message's audience is fixed when it is written: "public" is shown to and e-mailed to the
asker, "internal" never leaves the desk (not on the asker's page, not in any e-mail).
"""

from __future__ import annotations

from jinja2 import StrictUndefined, TemplateSyntaxError, meta
from jinja2.sandbox import SandboxedEnvironment
from sqlalchemy import select
from sqlalchemy.orm import Session

from ksdesk import audit
from ksdesk.accounts.principal import Principal
from ksdesk.desk import access, mail, service
from ksdesk.desk.models import QuestionMessage, ReplyTemplate
from ksdesk.desk.schemas import MAX_MESSAGE
from ksdesk.desk.vocab import LANGUAGES, Audience, AuthorKind, MailKind, QuestionStatus
from ksdesk.errors import NotFound, Refusal, ValidationFailed

TEMPLATE_PLACEHOLDERS = ("reference", "asker_name", "subject", "received_date", "due_date")
_sandbox = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)


def _length(most: int) -> Refusal:
    return Refusal("text_length", f"write between 1 and {most} characters", {"n": most})


def _body(body: str) -> str:
    body = (body or "").strip()
    if not body or len(body) > MAX_MESSAGE:
        raise ValidationFailed("the message is empty or too long", code="text_length", params={"n": MAX_MESSAGE},
                               field_errors={"body": _length(MAX_MESSAGE)})
    return body


def add_reply(
    session: Session, principal: Principal, question_id: int, body: str, *,
    mark_answered: bool = True, template_id: int | None = None, expected_version: int | None = None,
) -> QuestionMessage:
    """A public reply: stored, e-mailed to the asker in their language (after commit), and by
    default the question becomes answered. ``mark_answered=False`` for an interim reply, e.g.
    a request for more information (then call service.pause_for_asker)."""
    access.require_desk(principal)
    question = service.get_question(session, principal, question_id)
    service.check_version(question, expected_version)
    if question.status == QuestionStatus.CLOSED.value:
        raise ValidationFailed("the question is closed; reopen it first", code="question_closed",
                               field_errors={"body": Refusal("question_closed", "question closed")})
    message = QuestionMessage(question_id=question.id, audience=Audience.PUBLIC.value,
                              author_kind=AuthorKind.DESK.value, author_id=principal.user_id,
                              author_label=principal.label, body=_body(body), template_id=template_id)
    session.add(message)
    session.flush()
    audit.record(session, principal, "question.reply", "question", question.id,
                 after={"message_id": message.id, "audience": message.audience}, institution_id=question.institution_id)
    mail.queue_to_asker(session, question, MailKind.REPLY, message=message)
    if mark_answered and question.status != QuestionStatus.ANSWERED.value:
        service.set_status(session, principal, question, "answer")
    elif question.status == QuestionStatus.ANSWERED.value:
        from ksdesk.desk import knowledge

        knowledge.index_answer(session, question)
    return message


def add_internal_note(session: Session, principal: Principal, question_id: int, body: str) -> QuestionMessage:
    """A note for the desk only; it is never shown to or sent to the asker."""
    access.require_desk(principal)
    question = service.get_question(session, principal, question_id)
    message = QuestionMessage(question_id=question.id, audience=Audience.INTERNAL.value,
                              author_kind=AuthorKind.DESK.value, author_id=principal.user_id,
                              author_label=principal.label, body=_body(body))
    session.add(message)
    session.flush()
    audit.record(session, principal, "question.note", "question", question.id,
                 after={"message_id": message.id, "audience": message.audience}, institution_id=question.institution_id)
    return message


def public_messages(session: Session, question_id: int) -> list[QuestionMessage]:
    return list(session.scalars(
        select(QuestionMessage)
        .where(QuestionMessage.question_id == question_id, QuestionMessage.audience == Audience.PUBLIC.value)
        .order_by(QuestionMessage.created_at, QuestionMessage.id)
    ))


# ------------------------------------------------------------------ reply templates


def _check_template(name: str, language: str, body: str) -> tuple[str, str, str]:
    errors: dict[str, Refusal] = {}
    name, body = (name or "").strip(), (body or "").strip()
    if not name or len(name) > 100:
        errors["name"] = Refusal("text_length", "give a name of at most 100 characters", {"n": 100})
    if language not in LANGUAGES:
        errors["language"] = Refusal("language_unknown", "nl or en")
    if not body or len(body) > MAX_MESSAGE:
        errors["body"] = _length(MAX_MESSAGE)
    else:
        try:
            used = meta.find_undeclared_variables(_sandbox.parse(body))
        except TemplateSyntaxError as exc:
            errors["body"] = Refusal("placeholder_syntax", f"placeholder syntax error on line {exc.lineno}: {exc.message}",
                                    {"line": exc.lineno})
        else:
            unknown = sorted(used - set(TEMPLATE_PLACEHOLDERS))
            if unknown:
                errors["body"] = Refusal("placeholder_unknown", f"unknown placeholder {', '.join(unknown)}; "
                                        f"available: {', '.join(TEMPLATE_PLACEHOLDERS)}",
                                        {"names": ", ".join(unknown), "available": ", ".join(TEMPLATE_PLACEHOLDERS)})
    if errors:
        raise ValidationFailed("the template was not saved", code="template_not_saved", field_errors=errors)
    return name, language, body


def list_templates(session: Session, principal: Principal, *, language: str | None = None,
                   include_inactive: bool = False) -> list[ReplyTemplate]:
    access.require_desk(principal)
    stmt = select(ReplyTemplate).order_by(ReplyTemplate.language, ReplyTemplate.name)
    if language:
        stmt = stmt.where(ReplyTemplate.language == language)
    if not include_inactive:
        stmt = stmt.where(ReplyTemplate.active.is_(True))
    return list(session.scalars(stmt))


def save_template(
    session: Session, principal: Principal, *, name: str, language: str, body: str,
    template_id: int | None = None, active: bool = True,
) -> ReplyTemplate:
    """Creates (no id) or updates a template. Placeholders: {{ reference }}, {{ asker_name }},
    {{ subject }}, {{ received_date }}, {{ due_date }}."""
    access.require_desk(principal)
    name, language, body = _check_template(name, language, body)
    clash = session.scalar(select(ReplyTemplate).where(ReplyTemplate.name == name, ReplyTemplate.language == language))
    if clash is not None and clash.id != template_id:
        raise ValidationFailed("a template with this name exists", code="template_name_taken",
                               field_errors={"name": Refusal("template_name_taken", "already exists in this language")})
    if template_id is None:
        template = ReplyTemplate(name=name, language=language, body=body, active=active)
        session.add(template)
        before = None
    else:
        existing = session.get(ReplyTemplate, template_id)
        if existing is None:
            raise NotFound(f"template {template_id} not found", code="template_not_found")
        template = existing
        before = {"name": template.name, "language": template.language, "body": template.body, "active": template.active}
        template.name, template.language, template.body, template.active = name, language, body, active
    session.flush()
    audit.record(session, principal, "reply_template.save", "reply_template", template.id, before=before,
                 after={"name": name, "language": language, "body": body, "active": active})
    return template


def render_template(session: Session, principal: Principal, template_id: int, question_id: int) -> str:
    """The template filled in for one question: the officer edits this text before sending."""
    access.require_desk(principal)
    template = session.get(ReplyTemplate, template_id)
    if template is None:
        raise NotFound(f"template {template_id} not found", code="template_not_found")
    question = service.get_question(session, principal, question_id)
    language = question.language
    return _sandbox.from_string(template.body).render(
        reference=question.reference,
        asker_name=question.asker_name,
        subject=question.subject,
        received_date=mail.format_due(question.received_at, language).rsplit(",", 1)[0],
        due_date=mail.format_due(question.due_at, language),
    )
