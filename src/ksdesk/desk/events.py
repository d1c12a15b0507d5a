"""What happened to a question, in words: the history on the desk's question page names each
event by these labels, never by the key the audit log stores."""

from __future__ import annotations

from ksdesk.vocab import _

EVENT_LABELS = {
    "question.submit": _("Question received"),
    "question.assign": _("Assigned to an officer"),
    "question.due_changed": _("Deadline changed"),
    "question.note": _("Internal note added"),
    "question.pause": _("Paused: waiting for the asker"),
    "question.resume": _("Resumed"),
    "question.reply": _("Answer sent"),
    "question.asker_message": _("Message from the asker"),
    "question.start": _("Work started"),
    "question.coordinate": _("Coordination with ministries started"),
    "question.end_coordination": _("Coordination ended"),
    "question.answer": _("Answered"),
    "question.close": _("Closed"),
    "question.reopen": _("Reopened"),
    "question.tag": _("Tag added"),
    "question.untag": _("Tag removed"),
    "coordination.request": _("Advice requested from a ministry"),
    "coordination.advice": _("Advice received from a ministry"),
    "coordination.withdraw": _("Request for advice withdrawn"),
    "faq.publish": _("Published in the knowledge base"),
    "faq.withdraw": _("Withdrawn from the knowledge base"),
}
