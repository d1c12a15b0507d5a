"""Mail in: a reply from an asker becomes a message on their question, a ministry's its advice.

An e-mail is threaded onto a question when it was sent to the question's signed reply address
(the Reply-To of every e-mail the desk sends an asker: ``<local>+<reference>.<signature>@<domain>``),
or when its subject names the reference and it comes from the address the question was asked
from. It is stored as the asker's message: a question waiting for the asker has its clock
started again, an answered one is reopened. Everything else is kept aside (quarantined) with
the reason, never thrown away and never threaded by guesswork: auto-replies, mail about a closed
question, an unknown reference, a stranger writing about someone's question.

A liaison answers the notice that asks for their ministry's advice by mail: sent to the ministry's
signed reply address of the question (reply_address.ministry_reply_address) from the address of
an active liaison of that ministry, the text is recorded as the ministry's advice, as on the
liaison's page. From anyone else it is kept aside.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import parseaddr

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ksdesk import audit
from ksdesk.accounts.models import User
from ksdesk.accounts.principal import Principal
from ksdesk.desk import access, coordination, service
from ksdesk.desk.models import InboundMail, Question
from ksdesk.desk.reply_address import reply_target
from ksdesk.desk.schemas import MAX_MESSAGE
from ksdesk.desk.vocab import QuestionStatus
from ksdesk.errors import NotFound, ValidationFailed
from ksdesk.text import shortened
from ksdesk.vocab import Role, _

REFERENCE = re.compile(r"\bKV-\d{4}-\d{6,}\b", re.IGNORECASE)
# Where a mail program starts quoting what it answers: the desk keeps only the new text.
QUOTE_START = re.compile(
    r"^(>|On .+ wrote:\s*$|Op .+ schreef .+:\s*$|-{2,} ?(Original Message|Oorspronkelijk bericht) ?-{2,}|"
    r"(From|Van): .+$)", re.IGNORECASE)


def new_text(body: str) -> str:
    """The text the asker wrote, without the quoted message they answered."""
    lines = []
    for line in body.replace("\r\n", "\n").split("\n"):
        if QUOTE_START.match(line.strip()):
            break
        lines.append(line)
    return "\n".join(lines).strip()


def _plain_text(message: EmailMessage) -> str | None:
    part = message.get_body(preferencelist=("plain",))
    if part is None:
        return None
    content = part.get_content()
    return content if isinstance(content, str) else None


@dataclass(frozen=True)
class Received:
    status: str  # "threaded" or "quarantined"
    reason: str | None
    reference: str | None
    inbound_id: int


class _MailActor:
    """Who the audit log names for a mailed reply: the mail about a reference, never the sender's
    address. The log is kept for good and shown in a question's history; the address is personal
    data the retention job erases everywhere else (it stays in desk_inbound_mail until then)."""

    user_id = None

    def __init__(self, reference: str | None) -> None:
        self.label = f"e-mail about {reference}" if reference else "e-mail without a reference"


def receive(session: Session, raw: bytes, recipients: list[str]) -> Received:
    """Threads or quarantines one e-mail in the caller's transaction; always stores it."""
    message = message_from_bytes(raw, policy=policy.default)
    assert isinstance(message, EmailMessage)
    sender = parseaddr(str(message.get("From", "")))[1].lower()
    subject = str(message.get("Subject", "")).strip()
    text = _plain_text(message)
    body = new_text(text) if text else ""
    target = reply_target(recipients)
    signed = target is not None and target.signed
    reference = target.reference if target is not None and signed else None
    ministry = target.ministry if target is not None and signed else None
    if reference is None:
        found = REFERENCE.search(subject)
        reference = found.group(0).upper() if found else None
    question = session.scalar(select(Question).where(Question.reference == reference)) if reference else None

    reason: str | None = None
    liaison: User | None = None
    if str(message.get("Auto-Submitted", "no")).strip().lower() != "no":
        reason = "auto_reply"  # an out-of-office answer: threading it would loop and mislead
    elif target is not None and not signed:
        reason = "bad_signature"
    elif reference is None:
        reason = "no_reference"
    elif question is None:
        reason = "unknown_reference"
    elif ministry is not None and (liaison := _liaison_of(session, ministry, sender)) is None:
        reason = "sender_not_liaison"  # the ministry's address, but not from one of its liaisons
    elif not signed and sender != question.asker_email.lower():
        reason = "sender_not_asker"
    elif not body:
        reason = "no_text"
    elif question.status == QuestionStatus.CLOSED.value:
        reason = "question_closed"

    inbound = InboundMail(sender=shortened(sender or "?", 254), recipient=shortened(", ".join(recipients), 254),
                          subject=shortened(subject, 300), status="quarantined", reason=reason,
                          question_id=question.id if question is not None else None,
                          body=shortened(body or (text or ""), MAX_MESSAGE))
    session.add(inbound)
    session.flush()
    actor = _MailActor(reference)
    if reason is None and question is not None:
        try:
            with session.begin_nested():
                if liaison is not None:
                    coordination.record_advice(session, Principal.for_user(liaison), question.id,
                                               shortened(body, MAX_MESSAGE))
                    written = None
                else:
                    written = service.asker_writes(session, actor, question, shortened(body, MAX_MESSAGE),
                                                   via="e-mail")
        except NotFound:
            reason = "ministry_not_asked"
        except ValidationFailed as exc:
            reason = exc.code
        else:
            inbound.status, inbound.message_id = "threaded", written.id if written is not None else None
    inbound.reason = reason
    session.flush()
    audit.record(session, actor, f"mail_in.{inbound.status}", "inbound_mail", inbound.id,
                 after={"reference": reference, "reason": reason, "ministry": ministry},
                 institution_id=question.institution_id if question is not None else None)
    return Received(inbound.status, reason, reference, inbound.id)


REASON_LABELS = {
    "auto_reply": _("An automatic reply (out of office)"),
    "bad_signature": _("The reply address was altered"),
    "no_reference": _("No reference number in the subject"),
    "unknown_reference": _("No question has this reference number"),
    "sender_not_asker": _("Sent from another address than the asker's"),
    "no_text": _("No text of its own"),
    "question_closed": _("The question is closed"),
    "sender_not_liaison": _("Sent to a ministry's reply address from an address that is not one of its liaisons'"),
    "ministry_not_asked": _("The ministry is not consulted on this question"),
    "advice_closed": _("The question is answered: the ministry's advice can no longer change"),
}


def _liaison_of(session: Session, ministry: str, sender: str) -> User | None:
    """The active liaison of ``ministry`` whose account has the sender's address."""
    return session.scalar(select(User).where(
        func.lower(User.email) == sender, User.role == Role.MINISTRY_LIAISON.value, User.ministry == ministry,
        User.active.is_(True)))


def list_inbound(session: Session, principal: Principal, *, limit: int = 100) -> list[tuple[InboundMail, str | None]]:
    """The mail that came in, newest first, with the reference of its question (desk officers)."""
    access.require_desk(principal)
    return [(row, reference) for row, reference in session.execute(
        select(InboundMail, Question.reference).outerjoin(Question, Question.id == InboundMail.question_id)
        .order_by(InboundMail.received_at.desc(), InboundMail.id.desc()).limit(limit))]
