"""Who may see and change an assessment: advisors their institution, researchers their own, others nothing."""

import pytest

from ksdesk.assessment import service
from ksdesk.errors import Forbidden, NotFound


@pytest.fixture
def leiden_case(make_collaboration, db, world):
    collaboration = make_collaboration("bob", title="Shared data lab")
    service.save_answers(db, world.principal("alice"), collaboration.id, {"sensitive_data": "yes"})
    return collaboration.id


def test_the_advisor_of_the_institution_assesses_and_the_registering_researcher_reads(db, world, leiden_case):
    assert service.latest(db, world.principal("bob"), leiden_case).number == 1
    with pytest.raises(Forbidden):
        service.save_answers(db, world.principal("bob"), leiden_case, {})
    with pytest.raises(Forbidden):
        service.decide(db, world.principal("bob"), leiden_case, "approve", "mine")


@pytest.mark.parametrize("who", ["carol", "dave", "bella", "erin", "frank", "gina", "hank"])
def test_everyone_else_finds_no_assessment(db, world, leiden_case, who):
    with pytest.raises(NotFound):
        service.latest(db, world.principal(who), leiden_case)
    with pytest.raises(NotFound):
        service.save_answers(db, world.principal(who), leiden_case, {})
