"""The desk's controlled vocabularies: question status, topics, message audiences.

Codes are stored; the English labels are gettext message ids, translated when rendered.
"""

from __future__ import annotations

from enum import StrEnum


def _(text: str) -> str:
    return text


class QuestionStatus(StrEnum):
    RECEIVED = "received"
    IN_PROGRESS = "in_progress"
    COORDINATING = "coordinating"
    ANSWERED = "answered"
    CLOSED = "closed"


STATUS_LABELS = {
    QuestionStatus.RECEIVED: _("Received"),
    QuestionStatus.IN_PROGRESS: _("In progress"),
    QuestionStatus.COORDINATING: _("Coordinating with ministries"),
    QuestionStatus.ANSWERED: _("Answered"),
    QuestionStatus.CLOSED: _("Closed"),
}

# Questions the desk still owes an answer: these are in the queue and run against the clock.
OPEN_STATUSES = frozenset({QuestionStatus.RECEIVED, QuestionStatus.IN_PROGRESS, QuestionStatus.COORDINATING})


class Topic(StrEnum):
    """What the contact point answers questions about."""

    KNOWLEDGE_TRANSFER = "knowledge_transfer"
    INFLUENCE = "influence"
    ETHICS = "ethics"
    OPPORTUNITIES = "opportunities"
    PRACTICAL = "practical"


TOPIC_LABELS = {
    Topic.KNOWLEDGE_TRANSFER: _("Undesirable transfer of knowledge"),
    Topic.INFLUENCE: _("Influence on academic work"),
    Topic.ETHICS: _("Ethical problems"),
    Topic.OPPORTUNITIES: _("Opportunities of international collaboration"),
    Topic.PRACTICAL: _("Practical matters"),
}


class AskerRole(StrEnum):
    RESEARCHER = "researcher"
    ADVISOR = "advisor"
    MANAGEMENT = "management"
    SUPPORT_STAFF = "support_staff"
    STUDENT = "student"
    OTHER = "other"


ASKER_ROLE_LABELS = {
    AskerRole.RESEARCHER: _("Researcher or lecturer"),
    AskerRole.ADVISOR: _("Knowledge-security advisor"),
    AskerRole.MANAGEMENT: _("Board or management"),
    AskerRole.SUPPORT_STAFF: _("Support staff (e.g. grants, legal, international office)"),
    AskerRole.STUDENT: _("Student or PhD candidate"),
    AskerRole.OTHER: _("Other"),
}


class Audience(StrEnum):
    PUBLIC = "public"  # seen by and e-mailed to the asker
    INTERNAL = "internal"  # desk only: never shown to or sent to the asker


class AuthorKind(StrEnum):
    DESK = "desk"
    ASKER = "asker"


class CoordinationStatus(StrEnum):
    REQUESTED = "requested"
    ADVISED = "advised"
    WITHDRAWN = "withdrawn"


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class MailKind(StrEnum):
    CONFIRMATION = "confirmation"
    COORDINATING = "coordinating"
    REPLY = "reply"
    NOTIFICATION = "notification"


LANGUAGES = ("nl", "en")


# The holidays an administrator decides on (desk.calendar.HOLIDAYS), as people call them.
HOLIDAY_LABELS = {
    "new_year": _("New Year's Day"),
    "good_friday": _("Good Friday"),
    "easter_sunday": _("Easter Sunday"),
    "easter_monday": _("Easter Monday"),
    "kings_day": _("King's Day"),
    "liberation_day": _("Liberation Day (5 May)"),
    "ascension_day": _("Ascension Day"),
    "whit_sunday": _("Whit Sunday"),
    "whit_monday": _("Whit Monday"),
    "christmas_day": _("Christmas Day"),
    "boxing_day": _("Boxing Day"),
}
