"""Words for the assessment's fixed vocabulary, as message ids translated when shown."""

from __future__ import annotations

from ksdesk.vocab import _

LEVEL_LABELS = {"low": _("Low"), "medium": _("Medium"), "high": _("High"), "very_high": _("Very high")}
LEVEL_BADGE = {"low": "success", "medium": "warning", "high": "danger", "very_high": "danger"}
DECISION_LABELS = {
    "approve": _("Approve"),
    "approve_with_conditions": _("Approve with conditions"),
    "decline": _("Decline"),
    "ask_desk": _("Ask the desk for advice"),
}
MITIGATION_STATUS_LABELS = {"planned": _("Planned"), "in_progress": _("In progress"), "done": _("Done")}
FLAG_LABELS = {
    "collaboration_edited": _("The collaboration was changed"),
    "screening_alert": _("A new screening alert for a partner"),
    "rule_set": _("A new rule-set version is in force"),
    "catalogue": _("A new catalogue edition is in force"),
}
ANSWER_LABELS = {"yes": _("Yes"), "no": _("No"), "unsure": _("Unsure")}
STATUS_LABELS = {"draft": _("Draft"), "awaiting": _("Awaiting confirmation"), "decided": _("Decided")}
STRENGTH_LABELS = {"strong": _("Match on the name itself"), "possible": _("Possible match")}
CHECKED_LABELS = {"nothing": _("checked, nothing found"), "not_applicable": _("does not apply"),
                  "missing": _("not answered or no data")}
CATALOGUE_LABELS = {
    "nl_screening": _("Dutch screening bill"),
    "canada_stra": _("Canada's sensitive technology research areas"),
    "eu_dual_use": _("EU dual-use list"),
    "mitigations": _("Mitigation measures"),
}
