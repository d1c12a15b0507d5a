"""Labels of the portfolio's figures; English message ids, shown in the reader's language."""

from __future__ import annotations

from ksdesk.vocab import _

THEME_LABELS = {
    "knowledge_transfer": _("Undesirable transfer of knowledge and technology"),
    "influence": _("Covert influence by state actors"),
    "ethics": _("Ethical issues"),
    "partnership": _("Strategic partnership (Rathenau criteria)"),
}

LEVEL_LABELS = {
    "low": _("Low"),
    "medium": _("Medium"),
    "high": _("High"),
    "very_high": _("Very high"),
}

ALERT_LABELS = {"open": _("Open"), "resolved": _("Resolved")}

REASSESSMENT_LABELS = {
    "pending": _("Due for re-assessment"),
    "overdue": _("Overdue for re-assessment"),
}

EXCHANGE_SERIES = {"in": _("Incoming"), "out": _("Outgoing"), "balance": _("Balance (in − out)")}
YEAR_SERIES = {"started": _("Started"), "ended": _("Ended")}

TITLES = {
    "by-country": _("Collaborations per country"),
    "map": _("World map of collaborations per country"),
    "by-form": _("Collaborations per form"),
    "by-ikt": _("Collaborations per IKT standing of the partner country"),
    "by-technology": _("Collaborations per technology area"),
    "by-year": _("Collaborations started and ended per year"),
    "risk": _("Collaborations per risk level and theme (latest assessment)"),
    "alerts": _("Screening alerts"),
    "reassessment": _("Assessments due and overdue for re-assessment"),
    "exchange-country": _("Brain circulation per country"),
    "exchange-year": _("Brain circulation per year"),
    "desk-questions": _("Questions received and answered per month"),
    "desk-on-time": _("Share of questions answered on time per month"),
    "desk-median": _("Median working days to answer per month"),
    "desk-coordination": _("Share of questions coordinated with ministries per month"),
    "desk-queue": _("Open questions at the end of each month"),
}
