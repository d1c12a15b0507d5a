"""The decision on an assessment and the collaboration's status are one thing: recording the
decision moves the status; approving over open hits or questions needs an override, logged."""

import pytest
from sqlalchemy import select

from ksdesk.accounts.principal import SYSTEM
from ksdesk.assessment import service
from ksdesk.audit import AuditEvent
from ksdesk.errors import ValidationFailed
from ksdesk.registry import service as registry
from ksdesk.screening import watchlists
from tests.assessment.conftest import (
    ADVISOR_TUD,
    ADVISOR_UL,
    DATA_SHARING,
    JOINT_LAB,
    collaboration_id,
    demo_principal,
    listed,
    watchlist,
)

ALL_ANSWERED = {"dual_use": "no", "export_controlled": "no", "sensitive_data": "yes", "misuse_potential": "no",
                "crown_jewels": "no", "partner_military_links": "no", "partner_facility_access": "no",
                "partner_red_flags": "no", "publication_conditions": "no", "reciprocity": "yes",
                "sdg_contribution": "no", "policy_learning": "no", "ecosystem_contribution": "no"}


@pytest.fixture
def case(demo):
    return demo, demo_principal(demo, ADVISOR_UL), collaboration_id(demo, DATA_SHARING)


def _status(db, advisor, cid):
    return registry.get_collaboration(db, advisor, cid).status


def _decide_event(db, stored):
    return db.scalars(select(AuditEvent).where(AuditEvent.action == "assessment.decide",
                                               AuditEvent.object_id == str(stored.id))).one()


def test_declining_on_the_assessment_declines_the_collaboration_with_the_reason(case):
    db, advisor, cid = case
    assert _status(db, advisor, cid) == "under_review"
    service.save_answers(db, advisor, cid, {"sensitive_data": "yes"})
    stored = service.decide(db, advisor, cid, "decline", "Patient data would go to Iran.")
    collaboration = registry.get_collaboration(db, advisor, cid)
    assert collaboration.status == "declined"
    assert collaboration.transitions[-1].reason == "Assessment version 1: Patient data would go to Iran."
    assert _decide_event(db, stored).after["collaboration_status"] == "declined"


def test_approving_with_unanswered_questions_needs_an_override_that_is_logged(case):
    db, advisor, cid = case
    service.save_answers(db, advisor, cid, {"sensitive_data": "no"})
    with pytest.raises(ValidationFailed) as refused:
        service.decide(db, advisor, cid, "approve", "Low risk.")
    assert refused.value.field_errors["override_reason"].code == "decision_needs_override"
    assert _status(db, advisor, cid) == "under_review" and not service.latest(db, advisor, cid).decided
    stored = service.decide(db, advisor, cid, "approve", "Low risk.", override_reason="The rest does not apply.")
    assert _status(db, advisor, cid) == "approved"
    after = _decide_event(db, stored).after
    assert after["override"] == "The rest does not apply." and "dual_use" in after["passed_over"]["questions"]


def test_approving_with_everything_answered_needs_no_override(case):
    db, advisor, cid = case
    service.save_answers(db, advisor, cid, ALL_ANSWERED)
    assert service.approval_blockers(service.latest(db, advisor, cid)) == {}
    service.decide(db, advisor, cid, "approve", "Checked everything.")
    assert _status(db, advisor, cid) == "approved"


def test_approving_over_an_unreviewed_high_risk_hit_needs_an_override(demo):
    watchlists.load_version(demo, SYSTEM, watchlist(listed("t:nudt", "National University of Defense Technology", "NUDT")))
    advisor, cid = demo_principal(demo, ADVISOR_TUD), collaboration_id(demo, JOINT_LAB)
    stored = service.save_answers(demo, advisor, cid, {})
    blockers = service.approval_blockers(stored)
    assert [h["listed_name"] for h in blockers["hits"]] == ["National University of Defense Technology"]
    with pytest.raises(ValidationFailed) as refused:
        service.decide(demo, advisor, cid, "approve_with_conditions", "Fine.")
    assert refused.value.field_errors["override_reason"].params["hits"] == 1


def test_an_unconfirmed_decision_changes_nothing(case):
    db, advisor, cid = case
    service.save_answers(db, advisor, cid, ALL_ANSWERED)
    with pytest.raises(ValidationFailed) as refused:
        service.decide(db, advisor, cid, "decline", "No.", confirmed=False)
    assert set(refused.value.field_errors) == {"confirm"}
    assert _status(db, advisor, cid) == "under_review"


def test_asking_the_desk_keeps_the_collaboration_under_review(case):
    db, advisor, cid = case
    service.save_answers(db, advisor, cid, ALL_ANSWERED)
    service.decide(db, advisor, cid, "ask_desk", "We need the desk's view on sharing data with Iran.")
    assert _status(db, advisor, cid) == "under_review"


def test_a_reassessment_can_decline_a_collaboration_that_was_approved(case):
    db, advisor, cid = case
    service.save_answers(db, advisor, cid, ALL_ANSWERED)
    service.decide(db, advisor, cid, "approve", "Fine at the time.")
    service.save_answers(db, advisor, cid, {**ALL_ANSWERED, "misuse_potential": "yes"})
    service.decide(db, advisor, cid, "decline", "The data could now be misused.")
    assert _status(db, advisor, cid) == "declined"
    # Declined, then approved again on a later version: reopened, submitted and approved.
    service.save_answers(db, advisor, cid, ALL_ANSWERED)
    service.decide(db, advisor, cid, "approve", "The partner left the data out.")
    assert _status(db, advisor, cid) == "approved"
