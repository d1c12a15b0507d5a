"""Answers, versions, mitigations and decisions: what is stored, what can still change, what is audited."""

import pytest
from sqlalchemy import select

from ksdesk.assessment import service
from ksdesk.audit import AuditEvent
from ksdesk.errors import ValidationFailed
from tests.assessment.conftest import ADVISOR_UL, DATA_SHARING, collaboration_id, demo_principal


@pytest.fixture
def case(demo):
    return demo, demo_principal(demo, ADVISOR_UL), collaboration_id(demo, DATA_SHARING)


def test_saving_answers_again_updates_the_open_draft_in_place(case):
    db, advisor, cid = case
    first = service.save_answers(db, advisor, cid, {"sensitive_data": "no"})
    again = service.save_answers(db, advisor, cid, {"sensitive_data": "yes"})
    assert again.id == first.id and again.number == 1
    assert service.result_of(again).levels()["ethics"] == "high"


def test_an_answer_to_an_unknown_question_is_refused_and_nothing_is_stored(case):
    db, advisor, cid = case
    with pytest.raises(ValidationFailed) as refused:
        service.save_answers(db, advisor, cid, {"no_such_question": "yes"})
    assert "answers.no_such_question" in refused.value.field_errors
    assert service.latest(db, advisor, cid) is None


def test_a_decided_version_is_immutable_and_the_next_save_starts_version_two(case):
    db, advisor, cid = case
    service.save_answers(db, advisor, cid, {"sensitive_data": "yes"})
    decided = service.decide(db, advisor, cid, "decline", "Personal data would leave the EU without safeguards.")
    assert decided.decided and decided.decision == "decline"
    with pytest.raises(ValidationFailed):
        service.decide(db, advisor, cid, "approve", "changed my mind")
    with pytest.raises(ValidationFailed):
        service.choose_mitigations(db, advisor, cid, [])
    second = service.save_answers(db, advisor, cid, {"sensitive_data": "no"})
    assert second.number == 2 and not second.decided
    old = service.get_version(db, advisor, cid, 1)
    assert old.decision == "decline" and old.answers == {"sensitive_data": "yes"}
    assert [v.number for v in service.versions(db, advisor, cid)] == [2, 1]


def test_chosen_mitigations_are_tracked_to_done_and_every_step_is_audited(case):
    db, advisor, cid = case
    stored = service.save_answers(db, advisor, cid, {"sensitive_data": "yes"})
    suggested = [m.id for m in service.result_of(stored).mitigations][:2]
    assert suggested, "a high ethics level suggests measures"
    service.choose_mitigations(db, advisor, cid, suggested)
    service.decide(db, advisor, cid, "approve_with_conditions", "Only with the measures chosen.",
                   override_reason="The other questions do not apply to this project.")
    service.set_mitigation_status(db, advisor, cid, suggested[0], "in_progress")
    done = service.set_mitigation_status(db, advisor, cid, suggested[0], "done", "Signed on 1 December.")
    assert done.status == "done" and done.note == "Signed on 1 December."
    actions = db.scalars(select(AuditEvent.action).where(AuditEvent.object_type == "assessment",
                                                         AuditEvent.object_id == str(stored.id))).all()
    assert actions.count("assessment.mitigation_status") == 2
    assert {"assessment.create", "assessment.mitigations", "assessment.decide"} <= set(actions)


def test_approval_with_conditions_needs_chosen_mitigations_and_every_decision_needs_reasons(case):
    db, advisor, cid = case
    service.save_answers(db, advisor, cid, {})
    with pytest.raises(ValidationFailed) as refused:
        service.decide(db, advisor, cid, "approve_with_conditions", "")
    assert set(refused.value.field_errors) == {"decision", "reasons", "override_reason"}


def test_asking_the_desk_sends_a_question_linked_to_the_collaboration(case):
    from ksdesk.desk.models import Question

    db, advisor, cid = case
    service.save_answers(db, advisor, cid, {"sensitive_data": "yes"})
    decided = service.decide(db, advisor, cid, "ask_desk", "We need the desk's view on sharing data with Iran.")
    question = db.get(Question, decided.desk_question_id)
    assert question.collaboration_id == cid and "ethics" in question.topics


def test_the_what_if_view_shows_changed_levels_and_stores_nothing(case):
    db, advisor, cid = case
    service.save_answers(db, advisor, cid, {"sensitive_data": "no"})
    result = service.what_if_for(db, advisor, cid, {"sensitive_data": "yes"})
    assert {(c.theme, c.after) for c in result.changes} >= {("ethics", "high")}
    assert service.latest(db, advisor, cid).answers == {"sensitive_data": "no"}


def test_a_higher_foreign_state_share_raises_influence_in_the_what_if_view(demo):
    from ksdesk.assessment import forms
    from tests.assessment.conftest import ADVISOR_UVA, JOINT_DEGREE

    advisor, cid = demo_principal(demo, ADVISOR_UVA), collaboration_id(demo, JOINT_DEGREE)
    record = service.collaboration_record(service.collaboration(demo, advisor, cid))
    result = service.what_if_for(demo, advisor, cid, {}, {"funding": forms.funding_with_state_share(record, 80)})
    assert any(c.theme == "influence" and c.before == "low" for c in result.changes)
