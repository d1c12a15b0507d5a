"""Words the screening pages share: decisions, risk levels, notices and list titles."""

from __future__ import annotations

from sqlalchemy import select

from ksdesk.screening.models import Watchlist
from ksdesk.vocab import _

DECISION_LABELS = {
    "true_match": _("True match"),
    "false_positive": _("False positive"),
    "unsure": _("Unsure"),
}
LEVEL_LABELS = {
    "low": _("Low"),
    "medium": _("Medium"),
    "high": _("High"),
    "very high": _("Very high"),
}
JOB_STATUS_LABELS = {
    "queued": _("Waiting to start"),
    "running": _("Running"),
    "done": _("Done"),
    "failed": _("Failed"),
}
ALERT_STATUS_LABELS = {
    "open": _("Open"),
    "resolved": _("Resolved"),
}
# Messages after a redirect, by a fixed key (never text from the URL).
NOTICES = {
    "reviewed": _("Your review was saved."),
    "bulk_reviewed": _("Every hit of the partner was marked with your decision."),
    "resolved": _("The alert was resolved."),
    "loaded": _("The new version of the list was loaded. Active collaborations are being screened against it."),
    "unchanged": _("The current version already has this content; no new version was made."),
    "mapping": _("The risk levels of this list were saved and applied to its current entries."),
}


def list_titles(db) -> dict[str, str]:
    """List code → title; the registry is not a list, so its name is a message id translated when shown."""
    titles = dict(db.execute(select(Watchlist.code, Watchlist.title)).all())
    titles["registry"] = _("Organisation registry")
    return titles
