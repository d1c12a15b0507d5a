"""E-mail to askers through a durable outbox.

Every e-mail is first a row in desk_outbox, written in the same transaction as the change that
causes it (a reply, a submission). Only after that transaction commits is a job enqueued to
send it, so a rolled-back reply never mails anyone and a failed send never loses the reply: the
row stays, marked failed with the error and the number of attempts, until a retry or an
officer's "resend" gets it out. Texts are data (mail_texts/<kind>.<language>.txt).
"""

from __future__ import annotations

import logging
import smtplib
import time
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate, parseaddr
from pathlib import Path

from babel.dates import format_datetime
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from sqlalchemy import select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from ksdesk import audit, jobs
from ksdesk.accounts.principal import Principal
from ksdesk.after_commit import call_after_commit
from ksdesk.db import transaction, utcnow
from ksdesk.desk import access, follow_link
from ksdesk.desk.calendar import AMSTERDAM
from ksdesk.desk.models import OutboxMail, Question, QuestionMessage
from ksdesk.desk.reply_address import reply_address
from ksdesk.desk.vocab import MailKind, OutboxStatus
from ksdesk.queue_library import CancelExecution
from ksdesk.settings import get_settings
from ksdesk.text import shortened

log = logging.getLogger(__name__)

TEXTS = Path(__file__).with_name("mail_texts")
# Mail texts change with a release, never under a running process (see web.templating).
_env = Environment(loader=FileSystemLoader(TEXTS), undefined=StrictUndefined, keep_trailing_newline=True,
                   autoescape=False, auto_reload=False)
# How long a worker holds the row it claimed to send ("sending"): far longer than any send takes
# (the SMTP connection gives up after 30 s), so no live worker's mail is sent a second time beside
# it; once it has passed, the worker is taken for dead and the mail is tried again.
LEASE = timedelta(minutes=15)


def format_due(due_at: datetime | None, language: str) -> str:
    if due_at is None:
        return "—"
    return format_datetime(due_at.astimezone(AMSTERDAM), "EEEE d MMMM y, HH:mm", locale=language)


def question_url(question: Question) -> str:
    """Where the asker follows their question: their own page with an account, else the signed
    follow link (a fresh one in every mail)."""
    if question.asked_by_id is None:
        return follow_link.url(question.reference)
    return f"{get_settings().public_base_url.rstrip('/')}/desk/my-questions/{question.reference}"


def render(kind: MailKind, language: str, **context) -> tuple[str, str]:
    """(subject, body) of a mail text in the asker's language."""
    text = _env.get_template(f"{kind.value}.{language}.txt").render(**context)
    first, _, body = text.partition("\n")
    if not first.startswith("Subject: "):
        raise ValueError(f"mail text {kind.value}.{language} must start with 'Subject: '")
    return first.removeprefix("Subject: ").strip(), body.lstrip("\n")


def queue_to_asker(
    session: Session, question: Question, kind: MailKind, *, message: QuestionMessage | None = None
) -> OutboxMail:
    """Writes the e-mail to the outbox in the caller's transaction; it is sent after the commit."""
    subject, body = render(
        kind,
        question.language,
        reference=question.reference,
        asker_name=question.asker_name,
        subject=question.subject,
        due_text=format_due(question.due_at, question.language),
        question_url=question_url(question),
        personal_link=question.asked_by_id is None,
        # An address typed on the public form is not verified: mail to it repeats nothing the
        # visitor wrote, or the form would relay their text to anyone.
        verified=question.asked_by_id is not None,
        link_days=follow_link.VALID_DAYS,
        body=message.body if message is not None else "",
    )
    mail = OutboxMail(
        kind=kind.value, recipient=question.asker_email, subject=subject, body=body, language=question.language,
        question_id=question.id, message_id=message.id if message is not None else None,
        status=OutboxStatus.PENDING.value,
    )
    session.add(mail)
    session.flush()
    _enqueue_after_commit(session, mail.id)
    return mail


def queue_notice(
    session: Session, *, recipient: str, language: str, subject: str, link: str, settings_link: str, name: str,
    reply_to: str | None = None,
) -> OutboxMail:
    """A notice to someone who works with the desk (ksdesk.notifications), through the same outbox."""
    _subject, body = render(MailKind.NOTIFICATION, language, subject=subject, link=link,
                            settings_link=settings_link, name=name, answer_by_mail=reply_to is not None)
    mail = OutboxMail(kind=MailKind.NOTIFICATION.value, recipient=recipient, subject=shortened(subject, 300),
                      body=body, language=language, status=OutboxStatus.PENDING.value, reply_to=reply_to)
    session.add(mail)
    session.flush()
    _enqueue_after_commit(session, mail.id)
    return mail


def _enqueue_after_commit(session: Session, outbox_id: int) -> None:
    call_after_commit(session, lambda: send_outbox_mail(outbox_id))


# ------------------------------------------------------------------ sending


def smtp_send(message: EmailMessage) -> None:
    settings = get_settings()
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30) as smtp:
        if settings.smtp_starttls:
            smtp.starttls()
        if settings.smtp_username:
            smtp.login(settings.smtp_username, settings.smtp_password)
        smtp.send_message(message)


def message_id(mail: OutboxMail) -> str:
    """The same for every attempt at one outbox row: a mail sent again after a worker died mid-send
    (delivered, but not yet marked sent) can be recognised as the same mail by its receiver."""
    domain = parseaddr(get_settings().mail_from)[1].rpartition("@")[2] or "ksdesk.invalid"
    created = mail.created_at.strftime("%Y%m%d%H%M%S%f") if mail.created_at else "0"
    return f"<ksdesk-outbox-{mail.id}.{created}@{domain}>"


def build_message(mail: OutboxMail, reference: str | None = None) -> EmailMessage:
    settings = get_settings()
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = mail.recipient
    if mail.reply_to:
        message["Reply-To"] = mail.reply_to
    elif reference is not None:
        # The asker's answer comes back to the question it is about (ksdesk mail-in).
        message["Reply-To"] = reply_address(reference)
    message["Subject"] = mail.subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = message_id(mail)
    if mail.kind != MailKind.REPLY.value:
        # Confirmations are machine-written: ask auto-responders not to answer them.
        message["Auto-Submitted"] = "auto-generated"
    message.set_content(mail.body)
    # After set_content, which clears every Content-* header.
    message["Content-Language"] = mail.language
    return message


def deliver(factory, outbox_id: int) -> bool:
    """Sends one outbox e-mail; True when sent now, False when there was nothing to send.

    The row is claimed with a conditional update that leases it to this worker for LEASE: two
    workers never send the same e-mail at once, and one that died mid-send (the row left
    "sending") has its mail sent again once the lease has run out, with the same Message-ID. A
    failure is recorded on the row in its own transaction and then raised, so the job queue
    retries it.
    """
    claimed = _claim(factory, outbox_id)
    if claimed is None:
        return False
    message, attempt = claimed
    try:
        smtp_send(message)
    except Exception as exc:
        with transaction(factory) as session:
            # Only while the row is still this attempt's: a send that outlived its lease must not
            # mark failed (and so up for a resend) a mail that another worker has since sent.
            session.execute(
                update(OutboxMail)
                .where(OutboxMail.id == outbox_id, OutboxMail.status == OutboxStatus.SENDING.value,
                       OutboxMail.attempts == attempt)
                .values(status=OutboxStatus.FAILED.value, lease_until=None,
                        last_error=shortened(f"{type(exc).__name__}: {exc}", 2000))
                .execution_options(synchronize_session=False)
            )
        raise
    _mark_sent(factory, outbox_id)
    return True


def _claim(factory, outbox_id: int) -> tuple[EmailMessage, int] | None:
    """Leases the row to this attempt if it waits to be sent (pending, failed, or "sending" under a
    lease that ran out); the message to send and the attempt's number, or None."""
    now = utcnow()
    with transaction(factory) as session:
        waiting = OutboxMail.status.in_([OutboxStatus.PENDING.value, OutboxStatus.FAILED.value])
        abandoned = (OutboxMail.status == OutboxStatus.SENDING.value) & (OutboxMail.lease_until < now)
        result = session.execute(
            update(OutboxMail)
            .where(OutboxMail.id == outbox_id, waiting | abandoned)
            .values(status=OutboxStatus.SENDING.value, attempts=OutboxMail.attempts + 1, last_attempt_at=now,
                    lease_until=now + LEASE)
            .execution_options(synchronize_session=False)
        )
        if not result.rowcount:  # type: ignore[attr-defined]  # an UPDATE's CursorResult
            return None
        mail = session.get_one(OutboxMail, outbox_id, populate_existing=True)
        reference = None
        if mail.question_id is not None and mail.kind != MailKind.NOTIFICATION.value:
            reference = session.scalar(select(Question.reference).where(Question.id == mail.question_id))
        return build_message(mail, reference), mail.attempts


MARK_SENT_TRIES = 5


def _mark_sent(factory, outbox_id: int) -> None:
    """Records a delivered e-mail as sent, trying again while the database is briefly busy: left
    "sending", it would be sent a second time once its lease ran out (with the same Message-ID)."""
    for attempt in range(MARK_SENT_TRIES):
        try:
            with transaction(factory) as session:
                session.execute(
                    update(OutboxMail).where(OutboxMail.id == outbox_id)
                    .values(status=OutboxStatus.SENT.value, sent_at=utcnow(), last_error=None, lease_until=None)
                    .execution_options(synchronize_session=False)
                )
            return
        except OperationalError:
            if attempt == MARK_SENT_TRIES - 1:
                raise
            log.warning("outbox mail %s was delivered; recording it as sent waits for the database", outbox_id)
            time.sleep(0.2 * 2 ** attempt)


# ------------------------------------------------------------------ for desk officers


@jobs.huey.task(retries=6, retry_delay=120, retry_backoff=2)
def send_outbox_mail(outbox_id: int) -> bool:
    # Retries back off 2, 4, 8 ... minutes: an SMTP server that is down for a while is not hammered.
    try:
        return deliver(jobs.session_factory(), outbox_id)
    except (OSError, smtplib.SMTPException) as exc:
        # Expected while the mail server is away or refuses: the failure is on the row, where the
        # officer reads it in plain words. The log gets one line, not a traceback per retry, and
        # CancelExecution (retry left to the task) keeps the queue's count of tries and backoff.
        log.warning("outbox mail %s was not sent (%s: %s); the job queue tries again later",
                    outbox_id, type(exc).__name__, exc)
        raise CancelExecution() from exc


def stalled(mail: OutboxMail, now: datetime | None = None) -> bool:
    """Still waiting to be sent well after it was written: the worker (which sends it and sweeps up
    what was never queued) does not seem to run. The officer is told so beside the e-mail."""
    return mail.status == OutboxStatus.PENDING.value and jobs.waited_too_long(mail.created_at, now)


def list_outbox(
    session: Session, principal: Principal, *, status: str | None = None, question_id: int | None = None,
    limit: int = 100,
) -> list[OutboxMail]:
    access.require_desk(principal)
    stmt = select(OutboxMail).order_by(OutboxMail.created_at.desc(), OutboxMail.id.desc()).limit(limit)
    if status:
        stmt = stmt.where(OutboxMail.status == status)
    if question_id is not None:
        stmt = stmt.where(OutboxMail.question_id == question_id)
    return list(session.scalars(stmt))


def resend_failed(session: Session, principal: Principal, outbox_ids: list[int] | None = None) -> int:
    """Puts failed e-mails (all, or the given ones) back in the queue; returns how many."""
    access.require_desk(principal)
    stmt = select(OutboxMail).where(OutboxMail.status == OutboxStatus.FAILED.value)
    if outbox_ids is not None:
        stmt = stmt.where(OutboxMail.id.in_(outbox_ids))
    mails = list(session.scalars(stmt.with_for_update()))
    for mail in mails:
        mail.status = OutboxStatus.PENDING.value
        audit.record(session, principal, "outbox.resend", "outbox", mail.id,
                     before={"status": OutboxStatus.FAILED.value, "last_error": mail.last_error},
                     after={"status": OutboxStatus.PENDING.value})
        _enqueue_after_commit(session, mail.id)
    session.flush()
    return len(mails)


def requeue_stale(factory, *, now: datetime | None = None) -> int:
    """Enqueues e-mails that should have gone out by now: never enqueued (the process died right
    after the commit) or "sending" under a lease that ran out (the worker died mid-send). The
    send claims each one anew, so a mail enqueued twice still goes out once. Run periodically by
    ksdesk.desk.tasks."""
    now = now or utcnow()
    with factory() as session:
        ids = list(session.scalars(
            select(OutboxMail.id).where(
                ((OutboxMail.status == OutboxStatus.PENDING.value) & (OutboxMail.created_at < now - timedelta(minutes=5)))
                | ((OutboxMail.status == OutboxStatus.SENDING.value) & (OutboxMail.lease_until < now))
            )
        ))
    for outbox_id in ids:
        send_outbox_mail(outbox_id)
    return len(ids)
