"""What every desk page needs besides its own data: the desk's vocabularies and small helpers."""

from __future__ import annotations

import hashlib
import hmac

from fastapi import Request

from ksdesk.desk import vocab
from ksdesk.settings import secret_key
from ksdesk.vocab import MINISTRY_LABELS, _
from ksdesk.web.templating import templates

# The word always says the status or warning; the badge colour only repeats it.
QUESTION_BADGE = {
    "received": "warning",
    "in_progress": "active",
    "coordinating": "warning",
    "answered": "success",
    "closed": "neutral",
}
WARNING_LABELS = {
    "overdue": _("Overdue"),
    "due_soon": _("Due within one working day"),
}
ACTION_LABELS = {
    "start": _("Start work"),
    "end_coordination": _("End coordination"),
    "close": _("Close"),
    "reopen": _("Reopen"),
}
OUTBOX_LABELS = {
    "pending": _("Waiting to be sent"),
    "sending": _("Being sent"),
    "sent": _("Sent"),
    "failed": _("Failed"),
}
MAIL_KIND_LABELS = {
    "confirmation": _("Confirmation of receipt"),
    "coordinating": _("Coordination takes longer"),
    "reply": _("Reply"),
    "notification": _("Notice to the desk"),
}
# A failed send in words an officer can act on; the technical error stays in the API (and the outbox row).
MAIL_FAILURES = (
    (("ConnectionRefused", "ConnectionError", "gaierror", "OSError", "timed out", "Timeout", "SMTPServerDisconnected",
      "SMTPConnectError"),
     _("The mail server could not be reached. The desk tries again by itself; if this stays, ask the "
       "administrator to check the mail server settings.")),
    (("SMTPRecipientsRefused",), _("The mail server refused the address. Check the asker's e-mail address.")),
    (("SMTPAuthenticationError",), _("The mail server refused the desk's login. Ask the administrator to check "
                                     "the mail settings.")),
)
MAIL_FAILURE_OTHER = _("The mail could not be sent. The desk tries again by itself; use Resend once the cause is fixed.")


def mail_failure(last_error: str | None) -> str:
    """The message id that explains a failed send (translated by the page)."""
    for markers, words in MAIL_FAILURES:
        if last_error and any(marker in last_error for marker in markers):
            return words
    return MAIL_FAILURE_OTHER


COORDINATION_LABELS = {
    "requested": _("Advice requested"),
    "advised": _("Advice given"),
    "withdrawn": _("Withdrawn"),
}

DESK_VOCABULARY = {
    "QUESTION_STATUS_LABELS": {k.value: v for k, v in vocab.STATUS_LABELS.items()},
    "TOPIC_LABELS": {k.value: v for k, v in vocab.TOPIC_LABELS.items()},
    "ASKER_ROLE_LABELS": {k.value: v for k, v in vocab.ASKER_ROLE_LABELS.items()},
    "QUESTION_BADGE": QUESTION_BADGE,
    "WARNING_LABELS": WARNING_LABELS,
    "ACTION_LABELS": ACTION_LABELS,
    "OUTBOX_LABELS": OUTBOX_LABELS,
    "MAIL_KIND_LABELS": MAIL_KIND_LABELS,
    "COORDINATION_LABELS": COORDINATION_LABELS,
    "DESK_MINISTRY_LABELS": {k.value: v for k, v in MINISTRY_LABELS.items()},
    "mail_failure": mail_failure,
}


def render(request: Request, template: str, context: dict, status_code: int = 200):
    return templates(request).render(request, template, {**DESK_VOCABULARY, **context}, status_code=status_code)


def sign(value: str, purpose: str) -> str:
    """A link that only the one who sent the form can have made: the reference, signed."""
    return hmac.new(secret_key().encode(), f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()[:32]


def signature_ok(value: str, purpose: str, signature: str) -> bool:
    return hmac.compare_digest(sign(value, purpose), signature or "")
