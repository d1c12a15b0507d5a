"""The kinds of notice, who may get each, and their words (gettext message ids with parameters)."""

from __future__ import annotations

from enum import StrEnum

from ksdesk.vocab import Role, _


class Kind(StrEnum):
    QUESTION_RECEIVED = "question_received"
    QUESTION_DUE_TOMORROW = "question_due_tomorrow"
    QUESTION_OVERDUE = "question_overdue"
    ASKER_REPLIED = "asker_replied"
    MINISTRY_CONSULTED = "ministry_consulted"
    MINISTRY_REMINDER = "ministry_reminder"
    ADVICE_RECEIVED = "advice_received"
    MINISTRY_OVERDUE = "ministry_overdue"
    SCREENING_ALERT = "screening_alert"
    DECISION_NEEDED = "decision_needed"
    SOURCE_PROBLEM = "source_problem"
    AUDIT_BROKEN = "audit_broken"


# What the notice says: the bell's line and the e-mail's subject.
TEXTS = {
    Kind.QUESTION_RECEIVED: _("New question %(reference)s has arrived"),
    Kind.QUESTION_DUE_TOMORROW: _("Question %(reference)s is due tomorrow"),
    Kind.QUESTION_OVERDUE: _("Question %(reference)s is overdue"),
    Kind.ASKER_REPLIED: _("The asker of %(reference)s has written"),
    Kind.MINISTRY_CONSULTED: _("Your ministry is consulted on question %(reference)s"),
    Kind.MINISTRY_REMINDER: _("Reminder: your ministry's advice on %(reference)s is due"),
    Kind.ADVICE_RECEIVED: _("Advice on %(reference)s from %(ministry)s"),
    Kind.MINISTRY_OVERDUE: _("%(ministry)s has not advised on %(reference)s in time"),
    Kind.SCREENING_ALERT: _("New screening alert on %(collaboration)s"),
    Kind.DECISION_NEEDED: _("%(collaboration)s waits for your decision"),
    Kind.SOURCE_PROBLEM: _("The update of %(source)s was refused or held; the version in use stays"),
    Kind.AUDIT_BROKEN: _("The audit log is broken at event %(event)s: rows were changed or removed"),
}

# A source's notice names what happened to the update and why: the reason is the sentence of its
# code (ksdesk.reasons) in the reader's language. TEXTS' line is for notices stored without them.
SOURCE_PROBLEM_TEXTS = {
    "refused": _("The update of %(source)s failed and the version in use stays: %(reason)s"),
    "held": _("A new version of %(source)s is held for your decision: %(reason)s"),
}

# In the choice of notices: what each kind is about.
LABELS = {
    Kind.QUESTION_RECEIVED: _("A question arrives"),
    Kind.QUESTION_DUE_TOMORROW: _("A question is due tomorrow"),
    Kind.QUESTION_OVERDUE: _("A question is overdue"),
    Kind.ASKER_REPLIED: _("An asker writes about their question"),
    Kind.MINISTRY_CONSULTED: _("My ministry is consulted"),
    Kind.MINISTRY_REMINDER: _("My ministry's advice is due"),
    Kind.ADVICE_RECEIVED: _("A ministry gives its advice"),
    Kind.MINISTRY_OVERDUE: _("A ministry has not advised in time"),
    Kind.SCREENING_ALERT: _("A new screening alert on my institution's collaborations"),
    Kind.DECISION_NEEDED: _("A collaboration of my institution is submitted for review and waits for a decision"),
    Kind.SOURCE_PROBLEM: _("An official list or the registry could not be updated, or a new version is held"),
    Kind.AUDIT_BROKEN: _("The daily check of the audit log finds a break"),
}

# Which roles a kind can reach: the settings page offers only these.
ROLES = {
    Kind.QUESTION_RECEIVED: {Role.DESK_OFFICER},
    Kind.QUESTION_DUE_TOMORROW: {Role.DESK_OFFICER},
    Kind.QUESTION_OVERDUE: {Role.DESK_OFFICER},
    Kind.ASKER_REPLIED: {Role.DESK_OFFICER},
    Kind.MINISTRY_CONSULTED: {Role.MINISTRY_LIAISON},
    Kind.MINISTRY_REMINDER: {Role.MINISTRY_LIAISON},
    Kind.ADVICE_RECEIVED: {Role.DESK_OFFICER},
    Kind.MINISTRY_OVERDUE: {Role.DESK_OFFICER},
    Kind.SCREENING_ALERT: {Role.ADVISOR},
    Kind.DECISION_NEEDED: {Role.ADVISOR},
    Kind.SOURCE_PROBLEM: {Role.ADMIN},
    Kind.AUDIT_BROKEN: {Role.ADMIN},
}


def kinds_for(role: Role | str | None) -> list[Kind]:
    return [kind for kind in Kind if role in ROLES[kind]]
