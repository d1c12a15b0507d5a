"""Collaborations of several institutions: the lead registers, assesses and decides; each
participating institution's advisors see the collaboration and add their own note."""

import pytest
from sqlalchemy import select

from ksdesk.assessment import service
from ksdesk.errors import Forbidden, NotFound
from ksdesk.registry import service as registry
from ksdesk.registry.models import Institution
from ksdesk.registry.schemas import CollaborationUpdate
from tests.assessment.conftest import (
    ADVISOR_TUD,
    ADVISOR_UL,
    ADVISOR_UM,
    ADVISOR_UVA,
    ARCNL,
    CHEMELOT,
    collaboration_id,
    demo_principal,
)

ADVISOR_VU = "advisor.vu@demo.ksdesk.nl"
ADVISOR_TUE = "advisor.tue@demo.ksdesk.nl"
ALLIANCE = "Leiden–Delft–Erasmus strategic alliance"


@pytest.mark.parametrize("title, advisor", [(ARCNL, ADVISOR_VU), (ALLIANCE, ADVISOR_TUD), (CHEMELOT, ADVISOR_TUE)])
def test_a_participating_institutions_advisor_sees_the_collaboration(demo, title, advisor):
    principal, cid = demo_principal(demo, advisor), collaboration_id(demo, title)
    found = registry.get_collaboration(demo, principal, cid)
    assert principal.institution_id in registry.collaboration_read(found).participating_institutions
    listed, _total = registry.list_collaborations(demo, principal, page_size=100)
    assert cid in [c.id for c in listed]


def test_an_institution_that_does_not_take_part_still_sees_nothing(demo):
    with pytest.raises(NotFound):
        registry.get_collaboration(demo, demo_principal(demo, ADVISOR_UM), collaboration_id(demo, ARCNL))
    with pytest.raises(NotFound):
        registry.get_collaboration(demo, demo_principal(demo, ADVISOR_UL), collaboration_id(demo, ARCNL))


def test_a_participant_notes_but_the_lead_assesses_edits_and_decides(demo):
    vu, uva, cid = demo_principal(demo, ADVISOR_VU), demo_principal(demo, ADVISOR_UVA), collaboration_id(demo, ARCNL)
    with pytest.raises(Forbidden):
        service.save_answers(demo, vu, cid, {})
    with pytest.raises(Forbidden):
        registry.transition_collaboration(demo, vu, cid, "end", None)
    found = registry.get_collaboration(demo, vu, cid)
    data = registry.collaboration_read(found).model_dump(exclude={"id", "status", "institution", "transitions",
                                                                   "created_at", "updated_at"})
    with pytest.raises(Forbidden):
        registry.update_collaboration(demo, vu, cid, CollaborationUpdate(**{**data, "institution_id": None}))
    service.add_note(demo, vu, cid, "VU agrees; our researchers work in the ARCNL lab under the same rules.")
    service.save_answers(demo, uva, cid, {})
    (note,) = service.notes(demo, uva, cid)
    vu_id = demo.scalar(select(Institution.id).where(Institution.short_name == "VU"))
    assert note.institution_id == vu_id and note.created_by


def test_the_lead_adds_participants_and_an_unknown_institution_is_refused(demo):
    from ksdesk.errors import ValidationFailed

    uva, cid = demo_principal(demo, ADVISOR_UVA), collaboration_id(demo, ARCNL)
    found = registry.get_collaboration(demo, uva, cid)
    data = registry.collaboration_read(found).model_dump(exclude={"id", "status", "institution", "transitions",
                                                                   "created_at", "updated_at"})
    with pytest.raises(ValidationFailed) as refused:
        registry.update_collaboration(demo, uva, cid, CollaborationUpdate(
            **{**data, "institution_id": None, "participating_institutions": [999999]}))
    assert "participating_institutions.0" in refused.value.field_errors
    tud = demo.scalar(select(Institution.id).where(Institution.short_name == "TUD"))
    updated = registry.update_collaboration(demo, uva, cid, CollaborationUpdate(
        **{**data, "institution_id": None, "participating_institutions": [*data["participating_institutions"], tud]}))
    assert tud in updated.participant_ids
    registry.get_collaboration(demo, demo_principal(demo, ADVISOR_TUD), cid)
