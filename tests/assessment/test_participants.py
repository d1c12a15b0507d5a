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


# ---------------------------------------------------------------- through the pages and the API

DEMO_PASSWORD = "ksdesk-demo-2026"


def _signed_in(app, email):
    from fastapi.testclient import TestClient

    from tests.webtools import sign_in

    client = TestClient(app, base_url="https://testserver", headers={"Accept-Language": "nl"})
    assert sign_in(client, email, DEMO_PASSWORD).status_code == 303
    return client


def _api(app, db, email):
    from fastapi.testclient import TestClient

    from ksdesk.accounts import service as accounts
    from ksdesk.accounts.principal import SYSTEM

    token = accounts.create_api_token(db, SYSTEM, accounts.get_user_by_email(db, email), "tests")
    db.commit()
    return TestClient(app, base_url="https://testserver", headers={"Authorization": f"Bearer {token}"})


def test_a_participants_advisor_opens_the_shared_assessment_and_adds_a_note_on_the_page(demo, app):
    from tests.webtools import post_form

    cid = collaboration_id(demo, ARCNL)
    demo.commit()
    url = f"/collaborations/{cid}/assessment"
    vu = _signed_in(app, ADVISOR_VU)
    page = vu.get(url)
    assert page.status_code == 200 and 'id="notes"' in page.text and 'id="decision-form"' not in page.text
    assert vu.get(f"/collaborations/{cid}").status_code == 200
    added = post_form(vu, url, url + "/notes", {"note": "De VU sluit zich aan; onze onderzoekers werken in het lab."})
    assert added.status_code == 303
    shown = vu.get(added.headers["location"]).text
    assert "onze onderzoekers werken in het lab" in shown and "Sofie Mulder" in shown
    assert ADVISOR_VU not in shown  # the note names the advisor, not their address
    # The participant notes; it does not decide or answer the questionnaire.
    assert post_form(vu, url, url + "/decision", {"decision": "approve", "reasons": "x", "confirm": "on"}
                     ).status_code == 404
    assert vu.get(url + "/questionnaire").status_code == 404
    # An institution that does not take part finds nothing.
    ul = _signed_in(app, ADVISOR_UL)
    assert ul.get(url).status_code == 404
    assert ul.get(f"/collaborations/{cid}").status_code == 404


def test_a_participants_advisor_adds_a_note_through_the_api_and_others_find_nothing(demo, app):
    cid = collaboration_id(demo, CHEMELOT)
    demo.commit()
    path = f"/api/v1/collaborations/{cid}/assessment/notes"
    tue = _api(app, demo, ADVISOR_TUE)
    created = tue.post(path, json={"text": "TU/e takes part with two research groups."})
    assert created.status_code in (200, 201), created.text
    tue_id = demo.scalar(select(Institution.id).where(Institution.short_name == "TUe"))
    assert created.json()["institution_id"] == tue_id and created.json()["created_by"] == "Lars Hendriks"
    assert [n["text"] for n in tue.get(path).json()] == ["TU/e takes part with two research groups."]
    assert tue.post(f"/api/v1/collaborations/{cid}/assessment/decision",
                    json={"decision": "approve", "reasons": "x"}).status_code == 403
    outsider = _api(app, demo, ADVISOR_UL)
    assert outsider.get(path).status_code == 404
    assert outsider.post(path, json={"text": "Not ours."}).status_code == 404


def test_the_dutch_pdf_of_a_demo_assessment_has_no_raw_keys_or_english_words(demo, app):
    import re

    from tests.assessment.pdftext import pdf_text

    uva, cid = demo_principal(demo, ADVISOR_UVA), collaboration_id(demo, ARCNL)
    service.save_answers(demo, uva, cid, {"dual_use": "unsure", "sensitive_data": "no"})
    demo.commit()
    response = _signed_in(app, ADVISOR_UVA).get(f"/collaborations/{cid}/assessment/versions/1/report.pdf")
    assert response.status_code == 200
    _pages, text = pdf_text(response.content)
    assert "Beoordelingsrapport" in text
    assert sorted(set(re.findall(r"\b[a-z]+(?:_[a-z]+)+\b", text))) == []
    for english in ("Very high", "very high", "Medium", "Low", "true match", "unreviewed", "Not yet reviewed",
                    "Nothing found", "Checked, nothing found", "does not apply", " = "):
        assert english not in text, english
