"""Ministries on the clock: their own response time, a reminder on the day, an escalation after."""

from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select

from ksdesk import audit
from ksdesk.accounts import service as accounts
from ksdesk.accounts.principal import SYSTEM
from ksdesk.desk import coordination, policy, reminders, service
from ksdesk.errors import Forbidden, ValidationFailed
from ksdesk.notifications.models import Notification
from tests.conftest import PASSWORD
from tests.desk.conftest import AMS, MONDAY
from tests.webtools import post_form


def kinds_of(db, user) -> list[str]:
    db.expire_all()
    return [n.kind for n in db.scalars(select(Notification).where(Notification.user_id == user.id)
                                       .order_by(Notification.id))]


@pytest.fixture
def lead(db, world):
    """A second officer who leads the desk: escalations reach her besides the question's officer."""
    user = accounts.create_user(db, SYSTEM, email="lena@example.org", name="Lena", password=PASSWORD,
                                role="desk_officer", language="nl")
    policy.set_desk_lead(db, world.principal("hank"), user.id)
    db.commit()
    return user


@pytest.fixture
def coordinated(ask, db, world):
    """A question received on Monday 10:00 (due Thursday 17:00), assigned to erin, OCW consulted at once."""
    with time_machine.travel(MONDAY, tick=False):
        question = ask()
        service.assign(db, world.principal("erin"), question.id, world.users["erin"].id)
        coordination.request_coordination(db, world.principal("erin"), question.id, ["ocw"], "Your view?")
        db.commit()
    return question


def test_a_ministry_has_two_working_days_by_default(coordinated):
    [request] = coordinated.coordination
    assert request.due_at.astimezone(AMS).isoformat() == "2026-03-04T17:00:00+01:00"  # Wednesday


def test_an_administrator_sets_each_ministry_its_own_response_time(ask, db, world):
    policy.set_ministry_days(db, world.principal("hank"), {**policy.ministry_days(db), "bz": "5"})
    with time_machine.travel(MONDAY, tick=False):
        question = ask()
        coordination.request_coordination(db, world.principal("erin"), question.id, ["bz", "ocw"], "Views?")
    due = {r.ministry: r.due_at.astimezone(AMS).date().isoformat() for r in question.coordination}
    assert due == {"bz": "2026-03-09", "ocw": "2026-03-04"}


@pytest.mark.parametrize("days", ["0", "21", "two", ""])
def test_a_response_time_out_of_range_is_refused(db, world, days):
    with pytest.raises(ValidationFailed) as caught:
        policy.set_ministry_days(db, world.principal("hank"), {"ocw": days})
    assert caught.value.field_errors["days-ocw"].code == "working_days_range"


def test_only_an_administrator_changes_the_desk_rules(db, world):
    with pytest.raises(Forbidden):
        policy.set_ministry_days(db, world.principal("erin"), {"ocw": "3"})
    with pytest.raises(Forbidden):
        policy.set_desk_lead(db, world.principal("erin"), world.users["erin"].id)


def test_liaisons_are_reminded_on_the_day_and_the_desk_told_when_the_ministry_is_late(coordinated, db, world, lead):
    frank, erin = world.users["frank"], world.users["erin"]
    with time_machine.travel(MONDAY + timedelta(days=1), tick=False):  # Tuesday: nothing is due yet
        assert reminders.sweep(db).sent == {}
    with time_machine.travel(MONDAY + timedelta(days=2), tick=False):  # Wednesday 10:00: OCW's advice due today
        sent = reminders.sweep(db).sent
        assert sent == {"ministry_reminder": 1, "question_due_tomorrow": 1}
        assert reminders.sweep(db).sent == {}  # once per deadline, however often the job runs
    assert kinds_of(db, frank)[-1] == "ministry_reminder"
    assert kinds_of(db, lead)[-1] == "question_due_tomorrow"
    with time_machine.travel(MONDAY + timedelta(days=2, hours=8), tick=False):  # Wednesday 18:00: OCW is late
        assert reminders.sweep(db).sent == {"ministry_overdue": 1}
    assert kinds_of(db, erin)[-1] == "ministry_overdue" and kinds_of(db, lead)[-1] == "ministry_overdue"
    assert "ministry_overdue" not in kinds_of(db, frank)
    events = [e.action for e in audit.history(db, "question", coordinated.id)]
    assert "reminder.ministry_reminder" in events and "reminder.ministry_overdue" in events


def test_advice_in_time_stops_the_reminders(coordinated, db, world):
    coordination.record_advice(db, world.principal("frank"), coordinated.id, "No objection.")
    with time_machine.travel(MONDAY + timedelta(days=2, hours=8), tick=False):
        assert "ministry_overdue" not in reminders.sweep(db).sent


def test_an_overdue_question_is_told_to_its_officer(coordinated, db, world):
    with time_machine.travel(MONDAY + timedelta(days=4), tick=False):  # Friday: past Thursday 17:00
        sent = reminders.sweep(db).sent
    assert sent["question_overdue"] == 1
    assert "question_overdue" in kinds_of(db, world.users["erin"])


def test_a_question_waiting_for_the_asker_is_not_reminded(ask, db, world):
    with time_machine.travel(MONDAY, tick=False):
        question = ask()
        service.pause_for_asker(db, world.principal("erin"), question.id, "Which partner?")
        db.commit()
    with time_machine.travel(MONDAY + timedelta(days=5), tick=False):
        assert reminders.sweep(db).sent == {}


def test_the_ministries_page_sets_response_times_and_the_lead(browser, db, world, lead):
    hank = browser("hank")
    page = hank.get("/desk/ministries").text
    assert "Ministry of Foreign Affairs" in page and 'value="2"' in page
    data = {f"days-{code}": "2" for code in policy.ministry_days(db)}
    response = post_form(hank, "/desk/ministries", "/desk/ministries", {**data, "days-jenv": "4", "lead": str(lead.id)})
    assert response.status_code == 303
    db.expire_all()
    assert policy.ministry_days(db)["jenv"] == 4 and policy.desk_lead(db).id == lead.id
    refused = post_form(hank, "/desk/ministries", "/desk/ministries", {**data, "days-jenv": "99"},
                        headers={"Accept-Language": "nl"})
    assert refused.status_code == 422 and "Vul een aantal werkdagen in tussen 1 en 20." in refused.text
    assert "Ministeries en escalatie" in refused.text
    db.expire_all()
    assert policy.ministry_days(db)["jenv"] == 4


def test_the_liaison_sees_when_the_advice_is_due(coordinated, browser):
    page = browser("frank").get(f"/desk/coordination/{coordinated.id}").text
    assert "Your ministry&#39;s advice is due by" in page or "Your ministry's advice is due by" in page
