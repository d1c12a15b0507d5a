"""The facts an assessment weighed, in words: which answer, which fact about the collaboration,
which country indicator — never the keys the rules use for them."""

from __future__ import annotations

from ksdesk.vocab import FACILITIES_LABELS, FORM_LABELS, IKT_LABELS, _

COLLABORATION_FACT_LABELS = {
    "form": _("Form of collaboration"),
    "facilities_provider": _("Who provides the facilities"),
    "foreign_state_funding_share": _("Share of funding from foreign states (%)"),
    "foreign_state_funding_share_outside_eu_eea": _("Share of funding from states outside the EU/EEA (%)"),
    "funding_share_outside_eu_eea": _("Share of funding from outside the EU/EEA (%)"),
    "foreign_state_funding_share_of_concern": _("Share of funding from states of concern (%)"),
    "agreements_checklist": _("Agreements checklist that applies"),
    "agreements_missing": _("Agreements not yet made"),
    "partners_outside_eu_eea": _("Partners outside the EU/EEA"),
    "partners_of_concern": _("Partners in countries of concern"),
    "partners_like_minded": _("Partners in like-minded countries"),
    "partners_elsewhere": _("Partners in other countries"),
    "industry_partners": _("Industry partners"),
    "industry_partners_outside_eu_eea": _("Industry partners outside the EU/EEA"),
    "exchanges_incoming": _("People coming to the Netherlands"),
    "exchanges_outgoing": _("People going abroad"),
    "exchanges_two_way": _("People exchanged both ways"),
    "outgoing_share": _("Share of people going abroad (%)"),
    "exchanges_outgoing_unfree": _("People going to countries rated not free"),
    "outgoing_share_unfree": _("Share of people going to countries rated not free (%)"),
}
INDICATOR_LABELS = {
    "ikt_standing": _("Standing in the International Knowledge and Talent strategy"),
    "eu_member": _("Member of the EU"),
    "eea_member": _("Member of the EEA"),
    "fh_status": _("Freedom House status"),
    "fh_total": _("Freedom House score"),
    "fh_academic_freedom": _("Freedom House academic freedom score"),
    "vdem_academic_freedom": _("V-Dem academic freedom index"),
    "state_actor_threat": _("Named as a state actor threat"),
}
CHECKLIST_LABELS = {
    "company": _("the full checklist, for partnerships with companies"),
    "research_abroad": _("publication, intellectual property and exit, for research with partners abroad"),
    "light": _("a light check"),
}
FH_STATUS_LABELS = {"F": _("Free"), "PF": _("Partly free"), "NF": _("Not free")}
HIT_REVIEW_LABELS = {
    "true_match": _("Confirmed match"),
    "false_positive": _("False positive"),
    "unsure": _("Unsure"),
    "unreviewed": _("Not yet reviewed"),
}
# Screening lists say "very high"; the assessment says "very_high".
HIT_LEVEL_LABELS = {"low": _("Low"), "medium": _("Medium"), "high": _("High"), "very high": _("Very high"),
                    "very_high": _("Very high")}
MISSING_KIND_LABELS = {
    "answer": _("Answer to the question"),
    "country_indicator": _("Country indicator"),
    "collaboration": _("About the collaboration"),
    "technology_area": _("Technology area"),
    "screening_hit": _("Screening"),
}
YES_NO_LABELS = {True: _("Yes"), False: _("No")}
# Values of facts that are codes, by fact or indicator.
VALUE_LABELS = {"form": FORM_LABELS, "agreements_checklist": CHECKLIST_LABELS, "facilities_provider": FACILITIES_LABELS,
                "ikt_standing": IKT_LABELS, "fh_status": FH_STATUS_LABELS}

TEMPLATE_LABELS = {
    "COLLABORATION_FACT_LABELS": COLLABORATION_FACT_LABELS, "INDICATOR_LABELS": INDICATOR_LABELS,
    "HIT_REVIEW_LABELS": HIT_REVIEW_LABELS, "HIT_LEVEL_LABELS": HIT_LEVEL_LABELS,
    "MISSING_KIND_LABELS": MISSING_KIND_LABELS, "VALUE_LABELS": VALUE_LABELS, "YES_NO_LABELS": YES_NO_LABELS,
}


def question_labels(rule_set) -> dict[str, dict[str, str]]:
    """question id → {"nl": ..., "en": ...} from a parsed rule set."""
    return {q.id: {"nl": q.label.nl, "en": q.label.en} for q in rule_set.questionnaire}
