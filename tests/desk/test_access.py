import pytest

from ksdesk.desk import coordination, messages, service
from ksdesk.desk.schemas import LiaisonQuestionRead
from ksdesk.errors import Forbidden, NotFound, ValidationFailed


@pytest.fixture
def consulted(db, world, ask):
    """Three questions: one on which OCW is consulted, one for EZK, one for nobody."""
    erin = world.principal("erin")
    for_ocw, for_ezk, for_nobody = ask(subject="Vraag voor OCW"), ask(subject="Vraag voor EZK"), ask()
    coordination.request_coordination(db, erin, for_ocw.id, ["ocw"], "OCW, wat vindt u?")
    coordination.request_coordination(db, erin, for_ezk.id, ["ezk"], "EZK, wat vindt u?")
    messages.add_internal_note(db, erin, for_ocw.id, "Intern: de vrager is bekend bij ons.")
    db.commit()
    return for_ocw, for_ezk, for_nobody


def test_liaison_sees_only_questions_on_which_their_ministry_is_consulted(db, world, consulted):
    for_ocw, for_ezk, for_nobody = consulted
    frank = world.principal("frank")
    assert [v.reference for v in coordination.list_for_liaison(db, frank)] == [for_ocw.reference]
    assert coordination.get_for_liaison(db, frank, for_ocw.id).request.request_note == "OCW, wat vindt u?"
    for other in (for_ezk, for_nobody):
        with pytest.raises(NotFound):
            coordination.get_for_liaison(db, frank, other.id)
        with pytest.raises(NotFound):
            coordination.record_advice(db, frank, other.id, "Mijn advies")
    assert [v.reference for v in coordination.list_for_liaison(db, world.principal("fiona"))] == [for_ezk.reference]


def test_liaison_cannot_use_the_desk_view(db, world, consulted):
    with pytest.raises(NotFound):
        service.get_question(db, world.principal("frank"), consulted[0].id)


def test_liaison_view_holds_no_personal_data_and_no_internal_notes(db, world, consulted):
    view = coordination.get_for_liaison(db, world.principal("frank"), consulted[0].id)
    dumped = view.model_dump_json()
    assert "jan.jansen@uni.example" not in dumped and "Jan Jansen" not in dumped
    assert "Intern" not in dumped
    assert "asker_email" not in LiaisonQuestionRead.model_fields


def test_liaison_does_not_see_another_ministrys_advice(db, world, ask):
    erin = world.principal("erin")
    question = ask()
    coordination.request_coordination(db, erin, question.id, ["ocw", "ezk"], "Beide ministeries graag.")
    coordination.record_advice(db, world.principal("fiona"), question.id, "EZK-advies: exportcontrole nagaan")
    view = coordination.get_for_liaison(db, world.principal("frank"), question.id)
    assert view.ministries_consulted == ["ocw", "ezk"]
    assert "exportcontrole" not in view.model_dump_json()


def test_a_withdrawn_request_takes_the_question_out_of_the_liaisons_sight(db, world, consulted):
    coordination.withdraw(db, world.principal("erin"), consulted[0].id, "ocw", "toch niet nodig")
    assert coordination.list_for_liaison(db, world.principal("frank")) == []


@pytest.mark.parametrize("who", ["erin", "bob", "alice", "gina"])
def test_only_liaisons_record_advice(db, world, consulted, who):
    with pytest.raises(Forbidden):
        coordination.record_advice(db, world.principal(who), consulted[0].id, "advies")


def test_unknown_ministry_is_refused(db, world, ask):
    with pytest.raises(ValidationFailed, match="unknown ministry"):
        coordination.request_coordination(db, world.principal("erin"), ask().id, ["nasa"], "?")


def test_researcher_sees_only_own_questions_and_only_public_replies(db, world, ask):
    erin, bob = world.principal("erin"), world.principal("bob")
    own = ask(principal=bob, asker_name="", asker_email="")
    ask(principal=world.principal("bella"), asker_name="", asker_email="")
    ask()
    messages.add_internal_note(db, erin, own.id, "GEHEIM: niet voor de vrager")
    messages.add_reply(db, erin, own.id, "Publiek antwoord voor Bob")
    mine = service.list_my_questions(db, bob)
    assert [q.reference for q in mine] == [own.reference]
    view = service.get_my_question(db, bob, own.reference.lower())
    assert [m.body for m in view.messages] == ["Publiek antwoord voor Bob"]
    assert "GEHEIM" not in view.model_dump_json()


def test_colleagues_and_advisors_do_not_see_a_researchers_question(db, world, ask):
    question = ask(principal=world.principal("bob"), asker_name="", asker_email="")
    for who in ("bella", "alice", "carol", "dave"):
        with pytest.raises(NotFound):
            service.get_my_question(db, world.principal(who), question.reference)
        assert service.list_my_questions(db, world.principal(who)) == []


def test_advisor_sees_the_questions_they_asked(db, world, ask):
    alice = world.principal("alice")
    question = ask(principal=alice, asker_name="", asker_email="", asker_role="advisor")
    assert service.get_my_question(db, alice, question.reference).subject == question.subject


@pytest.mark.parametrize("who", ["frank", "gina", "hank", "bob"])
def test_only_the_desk_writes_replies_and_notes(db, world, ask, who):
    question = ask()
    with pytest.raises((Forbidden, NotFound)):
        messages.add_reply(db, world.principal(who), question.id, "antwoord")
    with pytest.raises((Forbidden, NotFound)):
        messages.add_internal_note(db, world.principal(who), question.id, "notitie")
