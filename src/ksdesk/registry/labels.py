"""Names of the registry's fields as people read them (English message ids, translated when shown).

Forms, detail pages and the audit history use the same words for the same field.
"""

from __future__ import annotations

from ksdesk.vocab import _

FIELD_LABELS = {
    # organisations
    "name": _("Name"),
    "country_code": _("Country"),
    "org_type": _("Type"),
    "city": _("City"),
    "website": _("Website"),
    "ror_id": _("ROR id"),
    "established": _("Year established"),
    "description": _("Description"),
    "names": _("Other names"),
    "parent_ids": _("Part of"),
    "child_ids": _("Parts"),
    # collaborations
    "title": _("Title"),
    "form": _("Form of collaboration"),
    "status": _("Status"),
    "institution_id": _("Institution"),
    "contact_name": _("Contact person"),
    "start_date": _("Start date"),
    "end_date": _("End date"),
    "research_fields": _("Research fields"),
    "technology_areas": _("Technology areas"),
    "facilities_provider": _("Who provides the facilities"),
    "data_arrangements": _("Data arrangements"),
    "ip_arrangements": _("Intellectual property arrangements"),
    "agreements": _("Agreed up front (Rathenau checklist)"),
    "partners": _("Partners"),
    "countries": _("Countries"),
    "funding": _("Funding"),
    "exchanges": _("People exchanged"),
    "version": _("Version"),
}

ACTION_LABELS = {
    "organisation.create": _("Registered"),
    "organisation.update": _("Changed"),
    "collaboration.create": _("Registered"),
    "collaboration.update": _("Changed"),
    "collaboration.import": _("Imported"),
    "collaboration.submit": _("Submitted for review"),
    "collaboration.approve": _("Approved"),
    "collaboration.approve_with_conditions": _("Approved with conditions"),
    "collaboration.decline": _("Declined"),
    "collaboration.return": _("Returned to draft"),
    "collaboration.reopen": _("Reopened as draft"),
    "collaboration.activate": _("Started (made active)"),
    "collaboration.end": _("Ended"),
}

# The workflow's button labels, as message ids (the workflow module keeps plain strings).
TRANSITION_LABELS = {
    "submit": _("Submit for review"),
    "approve": _("Approve"),
    "approve_with_conditions": _("Approve with conditions"),
    "decline": _("Decline"),
    "return": _("Return to draft"),
    "reopen": _("Reopen as draft"),
    "activate": _("Start (make active)"),
    "end": _("End"),
}

# Who made a change, where the history may not name them: a person of another institution, on the
# history of an organisation (which every role reads), or an account that no longer exists.
ANOTHER_INSTITUTION = _("someone at another institution")
FORMER_USER = _("a former user")
