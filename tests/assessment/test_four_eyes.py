"""Four eyes: an institution that asks for it has a second advisor confirm every high-risk approval;
until then the approval waits and the collaboration's status stays where it was."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from ksdesk.accounts import service as accounts
from ksdesk.accounts.principal import SYSTEM
from ksdesk.assessment import service
from ksdesk.audit import AuditEvent
from ksdesk.errors import Forbidden, ValidationFailed
from ksdesk.registry import service as registry
from ksdesk.registry.models import Institution
from tests.assessment.conftest import ADVISOR_TUD, ADVISOR_UL, DATA_SHARING, JOINT_LAB, collaboration_id, demo_principal
from tests.assessment.test_decision_status import ALL_ANSWERED
from tests.webtools import post_form, sign_in

SECOND_TUD = "second.advisor.delft@demo.ksdesk.nl"
DEMO_PASSWORD = "ksdesk-demo-2026"


def _signed_in(app, email):
    client = TestClient(app, base_url="https://testserver", headers={"Accept-Language": "nl"})
    assert sign_in(client, email, DEMO_PASSWORD).status_code == 303
    return client


@pytest.fixture
def tud(demo):
    institution = demo.scalar(select(Institution).where(Institution.short_name == "TUD"))
    accounts.create_user(demo, SYSTEM, email=SECOND_TUD, name="Eva Bakker", password=DEMO_PASSWORD,
                         role="advisor", institution_short_name="TUD", language="nl")
    service.set_four_eyes(demo, SYSTEM, institution.id, True)
    first, second = demo_principal(demo, ADVISOR_TUD), demo_principal(demo, SECOND_TUD)
    cid = collaboration_id(demo, JOINT_LAB)
    stored = service.save_answers(demo, first, cid, {})
    assert service.high_risk(stored)
    return demo, first, second, cid


def _approve(db, advisor, cid):
    return service.decide(db, advisor, cid, "approve", "Safeguards agreed with the partner.",
                          override_reason="The hits were discussed with the desk.")


def test_a_high_risk_approval_waits_for_a_second_advisor_who_confirms_it(tud):
    db, first, second, cid = tud
    status_before = registry.get_collaboration(db, first, cid).status
    stored = _approve(db, first, cid)
    assert stored.status == "awaiting" and stored.awaiting and stored.decided_by_id == first.user_id
    assert registry.get_collaboration(db, first, cid).status == status_before != "approved"
    with pytest.raises(Forbidden) as same:
        service.confirm_decision(db, first, cid, True)
    assert same.value.code == "four_eyes_second_advisor"
    with pytest.raises(ValidationFailed) as changed:
        service.save_answers(db, first, cid, {})
    assert changed.value.code == "assessment_awaiting_confirmation"
    confirmed = service.confirm_decision(db, second, cid, True)
    assert (confirmed.status, confirmed.confirmed_by) == ("decided", "Eva Bakker")
    assert registry.get_collaboration(db, first, cid).status == "approved"
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "assessment.confirm",
                                                AuditEvent.object_id == str(stored.id))).one()
    assert event.after["collaboration_status"] == "approved" and event.actor_id == second.user_id


def test_the_second_advisor_sends_it_back_with_a_reason(tud):
    db, first, second, cid = tud
    _approve(db, first, cid)
    with pytest.raises(ValidationFailed) as bare:
        service.confirm_decision(db, second, cid, False)
    assert "reason" in bare.value.field_errors
    back = service.confirm_decision(db, second, cid, False, "The safeguards are not in the contract yet.")
    assert (back.status, back.decision, back.decided_by_id) == ("draft", None, None)
    assert registry.get_collaboration(db, first, cid).status != "approved"
    assert db.scalars(select(AuditEvent).where(AuditEvent.action == "assessment.send_back")).one().reason.startswith(
        "The safeguards")
    with pytest.raises(ValidationFailed) as nothing:
        service.confirm_decision(db, second, cid, True)
    assert nothing.value.code == "nothing_to_confirm"


def test_a_decline_or_a_low_risk_approval_needs_no_second_advisor(tud):
    db, first, _second, cid = tud
    assert service.decide(db, first, cid, "decline", "Too close to the military.").status == "decided"
    assert registry.get_collaboration(db, first, cid).status == "declined"
    # Leiden has not turned four eyes on: its approvals are decided at once.
    ul, data = demo_principal(db, ADVISOR_UL), collaboration_id(db, DATA_SHARING)
    service.save_answers(db, ul, data, ALL_ANSWERED)
    assert service.decide(db, ul, data, "approve", "Checked everything.").status == "decided"


def test_only_an_administrator_turns_four_eyes_on_and_it_is_audited(tud):
    db, first, _second, _cid = tud
    institution = db.scalar(select(Institution).where(Institution.short_name == "TUD"))
    with pytest.raises(Forbidden):
        service.set_four_eyes(db, first, institution.id, False)
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "institution.four_eyes")).one()
    assert event.after == {"four_eyes": True}


def test_the_page_shows_awaiting_confirmation_and_the_second_advisor_confirms_in_dutch(tud, app):
    db, first, _second, cid = tud
    _approve(db, first, cid)
    db.commit()
    url = f"/collaborations/{cid}/assessment"
    mine = _signed_in(app, ADVISOR_TUD).get(url)
    assert 'id="confirmation-form"' not in mine.text and 'id="awaiting-other-advisor"' in mine.text
    second = _signed_in(app, SECOND_TUD)
    page = second.get(url)
    assert "Wacht op bevestiging" in page.text and 'id="confirmation-form"' in page.text
    bare = post_form(second, url, url + "/confirmation", {"confirmation": "send_back"})
    assert bare.status_code == 422 and "Geef aan waarom de goedkeuring wordt teruggestuurd." in bare.text
    done = post_form(second, url, url + "/confirmation", {"confirmation": "confirm"})
    assert done.status_code == 303 and "notice=confirmed" in done.headers["location"]
    shown = second.get(done.headers["location"]).text
    assert "Bevestigd door" in shown and "Eva Bakker" in shown
