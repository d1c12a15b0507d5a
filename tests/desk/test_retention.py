"""Personal data kept no longer than needed: erased after the term, exported on request."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import select

from ksdesk import audit
from ksdesk.desk import coordination, knowledge, messages, policy, retention, service
from ksdesk.desk.models import OutboxMail, Question, QuestionMessage
from ksdesk.errors import Forbidden, ValidationFailed
from tests.desk.conftest import MONDAY
from tests.webtools import post_form


@pytest.fixture
def closed(ask, db, world):
    """A question asked, coordinated, answered and closed on Monday 2 March 2026."""
    erin = world.principal("erin")
    with time_machine.travel(MONDAY, tick=False):
        question = ask(asker_name="Marieke de Groot", asker_email="marieke@uni.example",
                       text="Wij willen samenwerken met het Harbin Institute of Technology.")
        messages.add_internal_note(db, erin, question.id, "Marieke belde ook nog.")
        coordination.request_coordination(db, erin, question.id, ["ocw"], "Visie?")
        coordination.record_advice(db, world.principal("frank"), question.id, "Geen bezwaar.")
        messages.add_reply(db, erin, question.id, "Beste Marieke, ons antwoord.")
        service.transition(db, erin, question.id, "close")
        db.commit()
    return question


def refreshed(db, question) -> Question:
    db.expire_all()
    return db.get(Question, question.id)


def test_months_before_keeps_the_day_or_takes_the_last_of_a_shorter_month():
    assert retention.months_before(datetime(2026, 3, 31, 12, tzinfo=UTC), 1) == datetime(2026, 2, 28, 12, tzinfo=UTC)
    assert retention.months_before(datetime(2026, 3, 2, tzinfo=UTC), 24) == datetime(2024, 3, 2, tzinfo=UTC)


def test_nothing_is_erased_before_the_term(closed, db):
    with time_machine.travel(MONDAY + timedelta(days=700), tick=False):
        assert retention.sweep(db) == {}
    assert refreshed(db, closed).asker_email == "marieke@uni.example"


def test_after_two_years_the_askers_data_are_erased_once_and_the_erasure_logged(closed, db):
    with time_machine.travel(MONDAY + timedelta(days=731), tick=False):
        assert retention.sweep(db) == {"contact": 1, "messages": 1, "notes": 1}
        assert retention.sweep(db) == {}
    question = refreshed(db, closed)
    assert (question.asker_name, question.asker_email, question.text) == ("[erased]", "", "[erased]")
    bodies = {m.body for m in db.scalars(select(QuestionMessage).where(QuestionMessage.question_id == question.id))}
    assert bodies == {"[erased]"}
    mails = list(db.scalars(select(OutboxMail).where(OutboxMail.question_id == question.id)))
    assert mails and all(m.recipient == "" and m.body == "[erased]" for m in mails)
    assert {r.advice for r in question.coordination} == {"[erased]"}
    # What the figures count stays.
    assert question.status == "closed" and question.topics == ["knowledge_transfer"] and question.country_codes == ["CN"]
    erasures = [e for e in audit.history(db, "question", question.id) if e.action == "retention.erase"]
    assert sorted(e.after["kind"] for e in erasures) == ["contact", "messages", "notes"]
    assert "marieke" not in str([e.after for e in erasures]).lower()
    assert knowledge.search_desk(db, _officer(db), "Harbin") == []


def _officer(db):
    from ksdesk.accounts.models import User
    from ksdesk.accounts.principal import Principal

    return Principal.for_user(db.scalar(select(User).where(User.email == "erin@example.org")))


def test_each_kind_has_its_own_term(closed, db, world):
    policy.set_retention_months(db, world.principal("hank"), {"contact": "6", "messages": "24", "notes": "12"})
    with time_machine.travel(MONDAY + timedelta(days=200), tick=False):
        assert retention.sweep(db) == {"contact": 1}
    question = refreshed(db, closed)
    assert question.asker_email == "" and question.text.startswith("Wij willen")


def test_an_open_question_is_never_erased(ask, db):
    with time_machine.travel(MONDAY, tick=False):
        question = ask()
    with time_machine.travel(MONDAY + timedelta(days=3000), tick=False):
        assert retention.sweep(db) == {}
    assert refreshed(db, question).asker_email == "jan.jansen@uni.example"


def test_an_access_request_exports_everything_on_one_asker(closed, ask, db, world):
    ask(asker_email="someone.else@uni.example")
    data = retention.export_asker(db, world.principal("erin"), "Marieke@uni.example")
    [exported] = data["questions"]
    assert exported["reference"] == closed.reference and exported["asker_name"] == "Marieke de Groot"
    assert {m["body"] for m in exported["messages"]} >= {"Marieke belde ook nog.", "Beste Marieke, ons antwoord."}
    assert [m["to"] for m in exported["emails_sent"]] == ["marieke@uni.example"] * len(exported["emails_sent"])
    assert exported["ministries_consulted"][0]["advice"] == "Geen bezwaar."
    with pytest.raises(Forbidden):
        retention.export_asker(db, world.principal("bob"), "marieke@uni.example")


def test_terms_are_set_by_an_administrator_within_bounds(db, world, browser):
    with pytest.raises(Forbidden):
        policy.set_retention_months(db, world.principal("erin"), {"contact": "6"})
    with pytest.raises(ValidationFailed):
        policy.set_retention_months(db, world.principal("hank"), {"contact": "0"})
    hank = browser("hank")
    assert "The asker's contact details" in hank.get("/desk/retention").text
    response = post_form(hank, "/desk/retention", "/desk/retention",
                         {"months-contact": "12", "months-messages": "24", "months-notes": "36"})
    assert response.status_code == 303
    db.expire_all()
    assert policy.retention_months(db) == {"contact": 12, "messages": 24, "notes": 36}
    refused = post_form(hank, "/desk/retention", "/desk/retention", {"months-contact": "500"},
                        headers={"Accept-Language": "nl"})
    assert refused.status_code == 422 and "Vul een aantal maanden in tussen 1 en 120." in refused.text
