"""Administrators decide per holiday whether the desk works: the decision holds every year, moves
the deadlines of open questions (logged), and the queue and `ksdesk desk due` agree on it."""

from datetime import date, datetime

import pytest
import time_machine
from sqlalchemy import select

from ksdesk.audit import AuditEvent
from ksdesk.desk import deadlines
from ksdesk.desk.calendar import AMSTERDAM, WorkingDayCalendar, holidays_of_year
from ksdesk.desk.models import HolidayChoice, Question
from ksdesk.errors import Forbidden, ValidationFailed
from tests.webtools import post_form

GOOD_FRIDAY_2026, LIBERATION_DAY_2026 = date(2026, 4, 3), date(2026, 5, 5)
THURSDAY_BEFORE_EASTER = datetime(2026, 4, 2, 10, 0, tzinfo=AMSTERDAM)


def test_without_a_decision_the_holiday_calendar_decides():
    calendar = WorkingDayCalendar()
    assert not calendar.is_working_day(GOOD_FRIDAY_2026)
    assert calendar.is_working_day(LIBERATION_DAY_2026)  # a public holiday only every fifth year
    assert not calendar.is_working_day(date(2025, 5, 5)) and not calendar.is_working_day(date(2030, 5, 5))


def test_a_decision_holds_for_every_year():
    calendar = WorkingDayCalendar(holiday_choices={"good_friday": True, "liberation_day": False})
    assert calendar.is_working_day(GOOD_FRIDAY_2026) and calendar.is_working_day(date(2027, 3, 26))
    assert not calendar.is_working_day(LIBERATION_DAY_2026) and not calendar.is_working_day(date(2027, 5, 5))
    assert not calendar.is_working_day(date(2026, 4, 6))  # Easter Monday: not decided, still closed
    opened = WorkingDayCalendar(holiday_choices={"liberation_day": True})
    assert opened.is_working_day(date(2025, 5, 5))
    # Counting agrees with stepping.
    assert calendar.working_days_between(date(2026, 4, 2), date(2026, 4, 8)) == 3
    assert calendar.add_working_days(date(2026, 4, 2), 3) == date(2026, 4, 8)


def test_the_holidays_are_known_by_their_codes():
    assert holidays_of_year(2026)["good_friday"] == (GOOD_FRIDAY_2026, True)
    assert holidays_of_year(2026)["liberation_day"] == (LIBERATION_DAY_2026, False)
    assert holidays_of_year(2025)["liberation_day"] == (date(2025, 5, 5), True)


def test_a_decision_moves_the_deadlines_of_open_questions_and_is_logged(ask, db, world):
    with time_machine.travel(THURSDAY_BEFORE_EASTER, tick=False):
        question = ask()
    assert question.due_at.astimezone(AMSTERDAM).date() == date(2026, 4, 9)
    moved = deadlines.save_holiday_choices(db, world.principal("hank"), {"good_friday": "works"})
    db.commit()
    assert moved >= 1
    db.expire_all()
    assert db.get(Question, question.id).due_at.astimezone(AMSTERDAM).date() == date(2026, 4, 8)
    changes = db.scalars(select(AuditEvent).where(AuditEvent.action == "holiday_choice.change")).all()
    assert [(c.object_id, c.before, c.after) for c in changes] == [
        ("good_friday", {"choice": "default"}, {"choice": "works"})]
    [due_changed] = db.scalars(select(AuditEvent).where(AuditEvent.action == "question.due_changed",
                                                        AuditEvent.object_id == str(question.id))).all()
    assert "good_friday: works" in due_changed.reason
    # Back to the holiday calendar: the row goes, the deadline comes back.
    deadlines.save_holiday_choices(db, world.principal("hank"), {"good_friday": "default"})
    db.commit()
    db.expire_all()
    assert db.get(HolidayChoice, "good_friday") is None
    assert db.get(Question, question.id).due_at.astimezone(AMSTERDAM).date() == date(2026, 4, 9)


def test_saving_the_same_choice_again_changes_and_logs_nothing(db, world):
    deadlines.save_holiday_choices(db, world.principal("hank"), {"liberation_day": "closed"})
    before = len(db.scalars(select(AuditEvent)).all())
    assert deadlines.save_holiday_choices(db, world.principal("hank"), {"liberation_day": "closed"}) == 0
    assert len(db.scalars(select(AuditEvent)).all()) == before


def test_only_administrators_decide_and_an_unknown_choice_changes_nothing(db, world):
    with pytest.raises(Forbidden):
        deadlines.save_holiday_choices(db, world.principal("erin"), {"good_friday": "works"})
    with pytest.raises(ValidationFailed) as refused:
        deadlines.save_holiday_choices(db, world.principal("hank"), {"good_friday": "works", "easter_sunday": "maybe"})
    assert refused.value.field_errors["easter_sunday"].code == "holiday_choice_unknown"
    assert db.scalars(select(HolidayChoice)).all() == []


def test_the_administrator_decides_on_the_closure_days_page_in_both_languages(ask, browser, db):
    with time_machine.travel(THURSDAY_BEFORE_EASTER, tick=False):
        question = ask()
    hank = browser("hank")
    page = hank.get("/desk/closure-days").text
    assert "Good Friday" in page and 'name="holiday-good_friday"' in page and "every fifth year" in page
    dutch = hank.get("/desk/closure-days", headers={"Accept-Language": "nl"}).text
    assert "Goede Vrijdag" in dutch and "Het loket werkt" in dutch
    response = post_form(hank, "/desk/closure-days", "/desk/holidays",
                         {"holiday-good_friday": "works", "holiday-liberation_day": "closed"})
    assert response.status_code == 303
    assert "The holiday choices were saved" in hank.get(response.headers["location"]).text
    db.expire_all()
    assert {c.holiday: c.desk_works for c in db.scalars(select(HolidayChoice))} == {
        "good_friday": True, "liberation_day": False}
    assert db.get(Question, question.id).due_at.astimezone(AMSTERDAM).date() == date(2026, 4, 8)
    refused = post_form(hank, "/desk/closure-days", "/desk/holidays", {"holiday-good_friday": "sometimes"})
    assert refused.status_code == 422 and "The holiday choices were not saved" in refused.text


def test_other_roles_do_not_find_the_holiday_choice(browser):
    response = post_form(browser("erin"), "/desk/queue", "/desk/holidays", {"holiday-good_friday": "works"})
    assert response.status_code == 404
