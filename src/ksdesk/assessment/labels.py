"""Words for the assessment's fixed vocabulary, as message ids translated when shown."""

from __future__ import annotations

from ksdesk.vocab import FORM_LABELS, _

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
STATUS_LABELS = {"draft": _("Draft"), "decided": _("Decided")}
REVIEW_LABELS = {
    "true_match": _("Confirmed by a reviewer"),
    "unsure": _("Reviewer unsure"),
    "unreviewed": _("Not yet reviewed"),
    "false_positive": _("Dismissed by a reviewer"),
}
STRENGTH_LABELS = {"strong": _("Match on the name itself"), "possible": _("Possible match")}
CHECKED_LABELS = {"nothing": _("checked, nothing found"), "not_applicable": _("does not apply"),
                  "missing": _("not answered or no data")}
# The collaboration facts a rule can look at (rules.COLLABORATION_FIELDS).
FIELD_LABELS = {
    "form": _("Form of collaboration"),
    "facilities_provider": _("Facilities provided by"),
    "foreign_state_funding_share": _("Share of funding from foreign states (%)"),
    "foreign_state_funding_share_outside_eu_eea": _("Share of funding from states outside the EU/EEA (%)"),
    "foreign_state_funding_share_of_concern": _("Share of funding from states of concern (%)"),
    "funding_share_outside_eu_eea": _("Share of funding from outside the EU/EEA (%)"),
    "agreements_checklist": _("Agreements checklist that applies"),
    "agreements_missing": _("Agreements missing"),
    "partners_outside_eu_eea": _("Partners outside the EU/EEA"),
    "partners_of_concern": _("Partners in countries of concern"),
    "partners_like_minded": _("Partners in like-minded countries outside the EU/EEA"),
    "partners_elsewhere": _("Partners in other countries outside the EU/EEA"),
    "industry_partners": _("Industry partners"),
    "industry_partners_outside_eu_eea": _("Industry partners outside the EU/EEA"),
    "exchanges_incoming": _("People coming in"),
    "exchanges_outgoing": _("People going out"),
    "exchanges_two_way": _("People move both ways"),
    "outgoing_share": _("Share of people going out (%)"),
    "exchanges_outgoing_unfree": _("People going to countries of concern"),
    "outgoing_share_unfree": _("Share going out in exchanges with countries of concern (%)"),
}
INDICATOR_LABELS = {
    "ikt_standing": _("IKT standing"),
    "eu_member": _("EU member"),
    "eea_member": _("EEA member"),
    "fh_status": _("Freedom House status"),
    "fh_total": _("Freedom House score"),
    "fh_academic_freedom": _("Freedom House academic freedom"),
    "vdem_academic_freedom": _("V-Dem Academic Freedom Index"),
    "state_actor_threat": _("Named in the national threat assessment"),
}
VALUE_LABELS = {
    "F": _("Free"), "PF": _("Partly Free"), "NF": _("Not Free"),
    "focus": _("Focus country"), "like_minded": _("Like-minded country"), "phase_out": _("Phase-out country"),
    "other": _("Other country"),
    "company": _("partnership with a company"), "research_abroad": _("research with a partner outside the EU/EEA"),
    "light": _("light"),
    "partner": _("the partner"), "dutch_institution": _("the Dutch institution"), "shared": _("shared"),
    **ANSWER_LABELS,
    **{form.value: text for form, text in FORM_LABELS.items()},
}
CATALOGUE_LABELS = {
    "nl_screening": _("Dutch screening bill"),
    "canada_stra": _("Canada's sensitive technology research areas"),
    "eu_dual_use": _("EU dual-use list"),
}
