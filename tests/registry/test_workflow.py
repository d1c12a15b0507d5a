import pytest

from ksdesk.registry import workflow
from ksdesk.vocab import CollaborationStatus as S
from ksdesk.vocab import Role


def test_researcher_may_submit_a_draft():
    assert workflow.find(S.DRAFT, "submit", Role.RESEARCHER, None).target is S.UNDER_REVIEW


def test_researcher_may_not_approve():
    with pytest.raises(PermissionError):
        workflow.find(S.UNDER_REVIEW, "approve", Role.RESEARCHER, None)


def test_declining_needs_a_reason():
    with pytest.raises(workflow.TransitionError, match="needs a reason"):
        workflow.find(S.UNDER_REVIEW, "decline", Role.ADVISOR, "  ")
    assert workflow.find(S.UNDER_REVIEW, "decline", Role.ADVISOR, "partner on a list").target is S.DECLINED


def test_a_draft_cannot_jump_to_active():
    with pytest.raises(workflow.TransitionError, match="allowed: submit"):
        workflow.find(S.DRAFT, "activate", Role.ADVISOR, None)


def test_ended_is_final():
    assert workflow.available(S.ENDED, None) == []


@pytest.mark.parametrize("status", list(S))
def test_every_status_but_ended_has_a_way_forward_for_an_advisor(status):
    if status is S.ENDED:
        return
    assert workflow.available(status, Role.ADVISOR)


def test_every_transition_targets_a_known_status():
    for t in workflow.TRANSITIONS:
        assert t.source in S and t.target in S and t.roles
