from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ksdesk.desk.calendar import AMSTERDAM, WorkingDayCalendar

CAL = WorkingDayCalendar()


def ams(y: int, m: int, d: int, hh: int = 0, mm: int = 0, ss: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, ss, tzinfo=AMSTERDAM)


def due_17(y: int, m: int, d: int) -> datetime:
    return ams(y, m, d, 17, 0)


# -- the examples the desk's promise is explained with --------------------------


def test_monday_morning_question_is_due_thursday_at_five() -> None:
    due = CAL.due_at(datetime.fromisoformat("2026-11-23T08:00:00+01:00"))
    assert due == datetime.fromisoformat("2026-11-26T17:00:00+01:00")
    assert due.tzinfo == AMSTERDAM


def test_thursday_late_evening_utc_arrives_friday_in_amsterdam_and_is_due_wednesday() -> None:
    due = CAL.due_at(datetime(2026, 10, 22, 22, 30, tzinfo=UTC))
    assert due == datetime.fromisoformat("2026-10-28T17:00:00+01:00")
    # Clocks went back on 25 October, so the deadline is in winter time.
    assert due.utcoffset() == timedelta(hours=1)


def test_result_is_in_amsterdam_time_whatever_the_input_zone() -> None:
    due = CAL.due_at(datetime(2026, 11, 23, 8, 0, tzinfo=ZoneInfo("Asia/Tokyo")))
    assert due.tzinfo == AMSTERDAM
    assert due.time() == time(17, 0)


# -- receipt time and day --------------------------------------------------------


@pytest.mark.parametrize("hour", [0, 7, 9, 16, 17, 23])
def test_hour_of_receipt_does_not_matter(hour: int) -> None:
    assert CAL.due_at(ams(2026, 11, 23, hour, 0)) == due_17(2026, 11, 26)


def test_one_minute_before_midnight_amsterdam_still_counts_as_that_day() -> None:
    assert CAL.due_at(ams(2026, 11, 23, 23, 59, 59)) == due_17(2026, 11, 26)
    assert CAL.due_at(ams(2026, 11, 24, 0, 0)) == due_17(2026, 11, 27)


def test_late_evening_utc_in_winter_crosses_midnight_at_2300() -> None:
    assert CAL.due_at(datetime(2026, 11, 26, 22, 59, 59, tzinfo=UTC)) == due_17(2026, 12, 1)
    assert CAL.due_at(datetime(2026, 11, 26, 23, 0, tzinfo=UTC)) == due_17(2026, 12, 2)


def test_late_evening_utc_in_summer_crosses_midnight_at_2200() -> None:
    # Thursday 2026-06-18 21:59 UTC is 23:59 Thursday in Amsterdam; 22:00 UTC is Friday.
    assert CAL.due_at(datetime(2026, 6, 18, 21, 59, tzinfo=UTC)) == due_17(2026, 6, 23)
    assert CAL.due_at(datetime(2026, 6, 18, 22, 0, tzinfo=UTC)) == due_17(2026, 6, 24)


def test_evening_in_new_york_is_next_day_in_amsterdam() -> None:
    received = datetime(2026, 11, 23, 20, 0, tzinfo=ZoneInfo("America/New_York"))
    assert CAL.due_at(received) == due_17(2026, 11, 27)


def test_fixed_offset_timezones_are_accepted() -> None:
    received = datetime(2026, 11, 23, 8, 0, tzinfo=timezone(timedelta(hours=5, minutes=30)))
    assert CAL.due_at(received) == due_17(2026, 11, 26)


# -- weekends --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received_on", "due_on"),
    [
        (date(2026, 11, 18), date(2026, 11, 23)),  # Wednesday -> Monday
        (date(2026, 11, 19), date(2026, 11, 24)),  # Thursday -> Tuesday
        (date(2026, 11, 20), date(2026, 11, 25)),  # Friday -> Wednesday
        (date(2026, 11, 21), date(2026, 11, 25)),  # Saturday -> Wednesday
        (date(2026, 11, 22), date(2026, 11, 25)),  # Sunday -> Wednesday
    ],
)
def test_weekends_do_not_count(received_on: date, due_on: date) -> None:
    received = datetime.combine(received_on, time(12, 0), tzinfo=AMSTERDAM)
    assert CAL.due_at(received) == datetime.combine(due_on, time(17, 0), tzinfo=AMSTERDAM)


def test_saturday_and_sunday_are_not_working_days() -> None:
    assert not CAL.is_working_day(date(2026, 11, 21))
    assert not CAL.is_working_day(date(2026, 11, 22))
    assert CAL.is_working_day(date(2026, 11, 23))


# -- Dutch public holidays -------------------------------------------------------

# Written out by hand rather than taken from the holidays package, so a change
# in the package's NL calendar shows up here as a failing test to look at.
DUTCH_HOLIDAYS = {
    2024: {
        "New Year's Day": date(2024, 1, 1),
        "Good Friday": date(2024, 3, 29),
        "Easter Monday": date(2024, 4, 1),
        "King's Day": date(2024, 4, 27),  # Saturday
        "Ascension Day": date(2024, 5, 9),
        "Whit Monday": date(2024, 5, 20),
        "Christmas Day": date(2024, 12, 25),
        "Boxing Day": date(2024, 12, 26),
    },
    2025: {
        "New Year's Day": date(2025, 1, 1),
        "Good Friday": date(2025, 4, 18),
        "Easter Monday": date(2025, 4, 21),
        "King's Day": date(2025, 4, 26),  # 27 April is a Sunday: Saturday the 26th
        "Liberation Day": date(2025, 5, 5),  # lustrum year, a Monday
        "Ascension Day": date(2025, 5, 29),
        "Whit Monday": date(2025, 6, 9),
        "Christmas Day": date(2025, 12, 25),
        "Boxing Day": date(2025, 12, 26),
    },
    2026: {
        "New Year's Day": date(2026, 1, 1),
        "Good Friday": date(2026, 4, 3),
        "Easter Monday": date(2026, 4, 6),
        "King's Day": date(2026, 4, 27),
        "Ascension Day": date(2026, 5, 14),
        "Whit Monday": date(2026, 5, 25),
        "Christmas Day": date(2026, 12, 25),
        "Boxing Day": date(2026, 12, 26),  # Saturday
    },
    2027: {
        "New Year's Day": date(2027, 1, 1),
        "Good Friday": date(2027, 3, 26),
        "Easter Monday": date(2027, 3, 29),
        "King's Day": date(2027, 4, 27),
        "Ascension Day": date(2027, 5, 6),
        "Whit Monday": date(2027, 5, 17),
        "Christmas Day": date(2027, 12, 25),  # Saturday
        "Boxing Day": date(2027, 12, 26),  # Sunday
    },
    2028: {
        "New Year's Day": date(2028, 1, 1),  # Saturday
        "Good Friday": date(2028, 4, 14),
        "Easter Monday": date(2028, 4, 17),
        "King's Day": date(2028, 4, 27),
        "Ascension Day": date(2028, 5, 25),
        "Whit Monday": date(2028, 6, 5),
        "Christmas Day": date(2028, 12, 25),
        "Boxing Day": date(2028, 12, 26),
    },
    2029: {
        "New Year's Day": date(2029, 1, 1),
        "Good Friday": date(2029, 3, 30),
        "Easter Monday": date(2029, 4, 2),
        "King's Day": date(2029, 4, 27),
        "Ascension Day": date(2029, 5, 10),
        "Whit Monday": date(2029, 5, 21),
        "Christmas Day": date(2029, 12, 25),
        "Boxing Day": date(2029, 12, 26),
    },
    2030: {
        "New Year's Day": date(2030, 1, 1),
        "Good Friday": date(2030, 4, 19),
        "Easter Monday": date(2030, 4, 22),
        "King's Day": date(2030, 4, 27),  # Saturday
        "Liberation Day": date(2030, 5, 5),  # lustrum year, but a Sunday
        "Ascension Day": date(2030, 5, 30),
        "Whit Monday": date(2030, 6, 10),
        "Christmas Day": date(2030, 12, 25),
        "Boxing Day": date(2030, 12, 26),
    },
}

HOLIDAY_CASES = [
    pytest.param(day, id=f"{year}-{name}")
    for year, days in DUTCH_HOLIDAYS.items()
    for name, day in days.items()
]
WEEKDAY_HOLIDAY_CASES = [
    pytest.param(day, id=f"{year}-{name}")
    for year, days in DUTCH_HOLIDAYS.items()
    for name, day in days.items()
    if day.weekday() < 5
]


@pytest.mark.parametrize("day", HOLIDAY_CASES)
def test_every_dutch_public_holiday_is_not_a_working_day(day: date) -> None:
    assert not CAL.is_working_day(day)


@pytest.mark.parametrize("day", WEEKDAY_HOLIDAY_CASES)
def test_a_holiday_on_a_weekday_pushes_the_deadline(day: date) -> None:
    received_on = CAL.add_working_days(day, -1)
    weekdays_only = received_on
    for _ in range(3):
        weekdays_only += timedelta(days=1)
        while weekdays_only.weekday() >= 5:
            weekdays_only += timedelta(days=1)
    due = CAL.due_at(datetime.combine(received_on, time(10, 0), tzinfo=AMSTERDAM))
    assert received_on < day < due.date()
    assert due.date() > weekdays_only


@pytest.mark.parametrize("year", sorted(DUTCH_HOLIDAYS))
def test_no_other_weekday_of_the_year_is_closed(year: int) -> None:
    day, closed = date(year, 1, 1), set()
    while day.year == year:
        if day.weekday() < 5 and not CAL.is_working_day(day):
            closed.add(day)
        day += timedelta(days=1)
    expected = {d for d in DUTCH_HOLIDAYS[year].values() if d.weekday() < 5}
    assert closed == expected


@pytest.mark.parametrize("year", [2026, 2027, 2028])  # 5 May on a weekday
def test_liberation_day_is_a_working_day_outside_lustrum_years(year: int) -> None:
    may_5 = date(year, 5, 5)
    assert may_5.weekday() < 5
    assert CAL.is_working_day(may_5)


def test_kings_day_on_sunday_moves_to_saturday_and_costs_no_working_day() -> None:
    assert date(2025, 4, 27).weekday() == 6
    assert CAL.is_working_day(date(2025, 4, 25))
    assert CAL.is_working_day(date(2025, 4, 28))
    # Received Friday 25 April 2025: Mon 28, Tue 29, Wed 30.
    assert CAL.due_at(ams(2025, 4, 25, 10, 0)) == due_17(2025, 4, 30)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # Easter 2026: Good Friday 3 April and Easter Monday 6 April.
        (ams(2026, 4, 2, 10, 0), due_17(2026, 4, 9)),
        # King's Day Monday 27 April 2026.
        (ams(2026, 4, 24, 10, 0), due_17(2026, 4, 30)),
        # Liberation Day Monday 5 May 2025 (lustrum year).
        (ams(2025, 5, 2, 10, 0), due_17(2025, 5, 8)),
        # Liberation Day Tuesday 5 May 2026 is a normal day.
        (ams(2026, 5, 4, 10, 0), due_17(2026, 5, 7)),
        # Ascension Thursday 14 May 2026.
        (ams(2026, 5, 13, 10, 0), due_17(2026, 5, 19)),
        # Whit Monday 25 May 2026.
        (ams(2026, 5, 22, 10, 0), due_17(2026, 5, 28)),
        # Christmas 2025 on Thursday and Friday.
        (ams(2025, 12, 23, 10, 0), due_17(2025, 12, 30)),
    ],
)
def test_deadlines_around_holidays(received: datetime, due: datetime) -> None:
    assert CAL.due_at(received) == due


# -- year ends -------------------------------------------------------------------


def test_deadline_crosses_into_the_new_year_skipping_new_years_day() -> None:
    # Thu 31 Dec, (Fri 1 Jan holiday), Mon 4 Jan, Tue 5 Jan.
    assert CAL.due_at(ams(2026, 12, 30, 15, 0)) == due_17(2027, 1, 5)


def test_late_utc_on_30_december_is_new_years_eve_in_amsterdam() -> None:
    # 23:30 UTC on Wed 30 Dec 2026 is 00:30 on Thu 31 Dec in Amsterdam.
    assert CAL.due_at(datetime(2026, 12, 30, 22, 30, tzinfo=UTC)) == due_17(2027, 1, 5)
    assert CAL.due_at(datetime(2026, 12, 30, 23, 30, tzinfo=UTC)) == due_17(2027, 1, 6)


def test_late_utc_on_new_years_eve_lands_on_a_holiday_in_amsterdam() -> None:
    # 23:30 UTC on Tue 31 Dec 2030 is New Year's Day 2031 in Amsterdam, which
    # is not a working day either, so the deadline is the same as for 22:30 UTC.
    # Wed 1 Jan holiday; Thu 2, Fri 3, Mon 6.
    assert CAL.due_at(datetime(2030, 12, 31, 22, 30, tzinfo=UTC)) == due_17(2031, 1, 6)
    assert CAL.due_at(datetime(2030, 12, 31, 23, 30, tzinfo=UTC)) == due_17(2031, 1, 6)


def test_question_received_on_christmas_day() -> None:
    # Received on a holiday; the day of receipt does not count anyway.
    assert CAL.due_at(ams(2029, 12, 25, 11, 0)) == due_17(2029, 12, 31)


# -- daylight saving -------------------------------------------------------------


def test_deadline_after_clocks_go_forward_is_in_summer_time() -> None:
    # Clocks go forward on Sunday 29 March 2026.
    due = CAL.due_at(ams(2026, 3, 26, 10, 0))
    assert due == due_17(2026, 3, 31)
    assert due.utcoffset() == timedelta(hours=2)
    assert due.astimezone(UTC) == datetime(2026, 3, 31, 15, 0, tzinfo=UTC)


def test_deadline_after_clocks_go_back_is_in_winter_time() -> None:
    # Clocks go back on Sunday 25 October 2026.
    due = CAL.due_at(ams(2026, 10, 22, 10, 0))
    assert due == due_17(2026, 10, 27)
    assert due.utcoffset() == timedelta(hours=1)
    assert due.astimezone(UTC) == datetime(2026, 10, 27, 16, 0, tzinfo=UTC)


def test_receipt_in_the_repeated_hour_when_clocks_go_back() -> None:
    # 00:30 and 01:30 UTC are both 02:30 in Amsterdam on Sunday 25 October 2026.
    for utc_hour in (0, 1):
        received = datetime(2026, 10, 25, utc_hour, 30, tzinfo=UTC)
        assert CAL.due_at(received) == due_17(2026, 10, 28)


def test_receipt_around_the_skipped_hour_when_clocks_go_forward() -> None:
    # 00:59 UTC is 01:59 CET, 01:00 UTC is 03:00 CEST: both Sunday 29 March 2026.
    for minute_utc in (datetime(2026, 3, 29, 0, 59), datetime(2026, 3, 29, 1, 0)):
        assert CAL.due_at(minute_utc.replace(tzinfo=UTC)) == due_17(2026, 4, 1)


# -- admin closure days ----------------------------------------------------------


def test_admin_closure_day_is_not_a_working_day() -> None:
    cal = WorkingDayCalendar({date(2026, 11, 25)})
    assert not cal.is_working_day(date(2026, 11, 25))
    assert cal.is_working_day(date(2026, 11, 24))
    assert cal.closures == frozenset({date(2026, 11, 25)})


def test_admin_closure_day_pushes_the_deadline() -> None:
    cal = WorkingDayCalendar({date(2026, 11, 25)})
    assert cal.due_at(ams(2026, 11, 23, 8, 0)) == due_17(2026, 11, 27)


def test_closure_between_christmas_and_new_year() -> None:
    cal = WorkingDayCalendar(date(2026, 12, day) for day in (28, 29, 30, 31))
    # Wed 23 Dec: Thu 24, (Fri 25 holiday, Mon-Thu closed, Fri 1 Jan holiday), Mon 4, Tue 5.
    assert cal.due_at(ams(2026, 12, 23, 10, 0)) == due_17(2027, 1, 5)


def test_closure_on_a_weekend_or_holiday_changes_nothing() -> None:
    cal = WorkingDayCalendar({date(2026, 11, 21), date(2026, 12, 25)})
    for received in (ams(2026, 11, 20, 10, 0), ams(2026, 12, 22, 10, 0)):
        assert cal.due_at(received) == CAL.due_at(received)


def test_closures_must_be_dates_not_datetimes() -> None:
    with pytest.raises(TypeError, match="date"):
        WorkingDayCalendar({ams(2026, 11, 25, 0, 0)})


# -- naive datetimes -------------------------------------------------------------


def test_naive_receipt_time_is_rejected() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        CAL.due_at(datetime(2026, 11, 23, 8, 0))


def test_naive_times_are_rejected_everywhere() -> None:
    naive, aware = datetime(2026, 11, 23, 8, 0), ams(2026, 11, 23, 8, 0)
    with pytest.raises(ValueError, match="received_at"):
        CAL.due_at_with_pauses(naive, [])
    with pytest.raises(ValueError, match=r"pauses\[0\] start"):
        CAL.due_at_with_pauses(aware, [(naive, None)])
    with pytest.raises(ValueError, match=r"pauses\[0\] end"):
        CAL.due_at_with_pauses(aware, [(aware, naive)])
    with pytest.raises(ValueError, match="now"):
        CAL.due_at_with_pauses(aware, [], now=naive)
    with pytest.raises(ValueError, match="answered_at"):
        CAL.working_days_elapsed(aware, naive)


def test_is_working_day_wants_a_date_not_a_datetime() -> None:
    with pytest.raises(TypeError, match="not a datetime"):
        CAL.is_working_day(ams(2026, 11, 23, 8, 0))


# -- day arithmetic --------------------------------------------------------------


def test_add_zero_working_days_is_the_same_day() -> None:
    assert CAL.add_working_days(date(2026, 11, 21), 0) == date(2026, 11, 21)


def test_add_working_days_counts_backwards_for_negative_n() -> None:
    assert CAL.add_working_days(date(2026, 11, 23), -1) == date(2026, 11, 20)
    assert CAL.add_working_days(date(2026, 4, 7), -1) == date(2026, 4, 2)


def test_working_days_between_excludes_start_and_includes_end() -> None:
    mon, thu = date(2026, 11, 23), date(2026, 11, 26)
    assert CAL.working_days_between(mon, mon) == 0
    assert CAL.working_days_between(mon, thu) == 3
    assert CAL.working_days_between(date(2026, 11, 20), mon) == 1  # Fri -> Mon
    assert CAL.working_days_between(date(2026, 11, 21), date(2026, 11, 22)) == 0


def test_working_days_between_is_negative_when_end_is_before_start() -> None:
    assert CAL.working_days_between(date(2026, 11, 26), date(2026, 11, 23)) == -3


def test_working_days_in_2026() -> None:
    # 261 weekdays minus 7 weekday holidays (Boxing Day 2026 is a Saturday).
    assert CAL.working_days_between(date(2025, 12, 31), date(2026, 12, 31)) == 254


# -- pauses ----------------------------------------------------------------------

RECEIVED = ams(2026, 11, 23, 8, 0)  # Monday; due Thursday 26 November without pauses


def test_no_pauses_gives_the_normal_deadline() -> None:
    assert CAL.due_at_with_pauses(RECEIVED, []) == CAL.due_at(RECEIVED)


def test_pause_over_one_working_day_adds_one_day() -> None:
    pauses = [(ams(2026, 11, 24, 10, 0), ams(2026, 11, 24, 11, 0))]
    assert CAL.due_at_with_pauses(RECEIVED, pauses) == due_17(2026, 11, 27)


def test_pause_from_afternoon_to_next_morning_costs_both_days() -> None:
    pauses = [(ams(2026, 11, 24, 16, 0), ams(2026, 11, 25, 10, 0))]
    assert CAL.due_at_with_pauses(RECEIVED, pauses) == due_17(2026, 11, 30)


def test_pause_outside_office_hours_costs_nothing() -> None:
    pauses = [
        (ams(2026, 11, 24, 17, 30), ams(2026, 11, 25, 8, 45)),
        (ams(2026, 11, 24, 17, 0), ams(2026, 11, 24, 18, 0)),  # starts at closing time
        (ams(2026, 11, 25, 7, 0), ams(2026, 11, 25, 9, 0)),  # ends at opening time
    ]
    assert CAL.due_at_with_pauses(RECEIVED, pauses) == CAL.due_at(RECEIVED)


def test_pause_over_a_weekend_costs_only_the_working_days_it_touches() -> None:
    # Friday 16:00 to Monday 10:00: Friday and Monday are lost.
    received = ams(2026, 11, 19, 9, 0)  # Thursday; normally due Tuesday 24th
    pauses = [(ams(2026, 11, 20, 16, 0), ams(2026, 11, 23, 10, 0))]
    assert CAL.due_at_with_pauses(received, pauses) == due_17(2026, 11, 26)


def test_overlapping_pauses_count_a_day_once() -> None:
    pauses = [
        (ams(2026, 11, 24, 10, 0), ams(2026, 11, 24, 12, 0)),
        (ams(2026, 11, 24, 11, 0), ams(2026, 11, 24, 14, 0)),
        (ams(2026, 11, 24, 15, 0), ams(2026, 11, 24, 16, 0)),
    ]
    assert CAL.due_at_with_pauses(RECEIVED, pauses) == due_17(2026, 11, 27)


def test_pause_on_the_day_of_receipt_changes_nothing() -> None:
    pauses = [(ams(2026, 11, 23, 9, 0), ams(2026, 11, 23, 16, 0))]
    assert CAL.due_at_with_pauses(RECEIVED, pauses) == CAL.due_at(RECEIVED)


def test_pause_after_the_deadline_changes_nothing() -> None:
    pauses = [(ams(2026, 11, 26, 17, 30), ams(2026, 11, 30, 12, 0))]
    assert CAL.due_at_with_pauses(RECEIVED, pauses) == CAL.due_at(RECEIVED)


def test_pause_on_the_deadline_day_before_five_moves_the_deadline() -> None:
    pauses = [(ams(2026, 11, 26, 16, 0), ams(2026, 11, 26, 16, 30))]
    assert CAL.due_at_with_pauses(RECEIVED, pauses) == due_17(2026, 11, 27)


def test_empty_pause_costs_nothing() -> None:
    pauses = [(ams(2026, 11, 24, 12, 0), ams(2026, 11, 24, 12, 0))]
    assert CAL.due_at_with_pauses(RECEIVED, pauses) == CAL.due_at(RECEIVED)


def test_pause_in_utc_is_judged_in_amsterdam_office_hours() -> None:
    # 16:30 UTC is 17:30 in Amsterdam in November: after closing time.
    pauses = [
        (datetime(2026, 11, 24, 16, 30, tzinfo=UTC), datetime(2026, 11, 25, 7, 30, tzinfo=UTC)),
    ]
    assert CAL.due_at_with_pauses(RECEIVED, pauses) == CAL.due_at(RECEIVED)


def test_running_pause_stops_the_clock_so_there_is_no_deadline() -> None:
    pauses = [(ams(2026, 11, 24, 10, 0), None)]
    assert CAL.due_at_with_pauses(RECEIVED, pauses) is None


def test_running_pause_with_now_gives_the_deadline_if_the_asker_replied_now() -> None:
    pauses = [(ams(2026, 11, 24, 10, 0), None)]
    now = ams(2026, 11, 25, 14, 0)
    assert CAL.due_at_with_pauses(RECEIVED, pauses, now=now) == due_17(2026, 11, 30)


def test_running_pause_that_began_after_the_deadline_keeps_the_deadline() -> None:
    pauses = [(ams(2026, 11, 27, 10, 0), None)]
    assert CAL.due_at_with_pauses(RECEIVED, pauses) == CAL.due_at(RECEIVED)


def test_pause_ending_before_it_starts_is_rejected() -> None:
    with pytest.raises(ValueError, match="before it starts"):
        CAL.due_at_with_pauses(RECEIVED, [(ams(2026, 11, 24, 12, 0), ams(2026, 11, 24, 11, 0))])


def test_running_pause_starting_after_now_is_rejected() -> None:
    with pytest.raises(ValueError, match="after now"):
        CAL.due_at_with_pauses(
            RECEIVED, [(ams(2026, 11, 25, 12, 0), None)], now=ams(2026, 11, 24, 12, 0)
        )


def test_pauses_respect_admin_closures() -> None:
    cal = WorkingDayCalendar({date(2026, 11, 25)})
    pauses = [(ams(2026, 11, 24, 10, 0), ams(2026, 11, 24, 11, 0))]
    # Tue paused, Wed closed: Thu, Fri, Mon.
    assert cal.due_at_with_pauses(RECEIVED, pauses) == due_17(2026, 11, 30)


# -- working days elapsed --------------------------------------------------------


def test_answered_the_same_day_took_zero_working_days() -> None:
    assert CAL.working_days_elapsed(RECEIVED, ams(2026, 11, 23, 16, 0)) == 0


def test_answered_on_the_deadline_day_took_three_working_days() -> None:
    assert CAL.working_days_elapsed(RECEIVED, CAL.due_at(RECEIVED)) == 3


def test_elapsed_skips_weekends_and_holidays() -> None:
    # Thu 2 April 2026 to Thu 9 April: Good Friday and Easter Monday do not count.
    assert CAL.working_days_elapsed(ams(2026, 4, 2, 10, 0), ams(2026, 4, 9, 10, 0)) == 3


def test_elapsed_uses_amsterdam_dates() -> None:
    received = datetime(2026, 10, 22, 22, 30, tzinfo=UTC)  # Friday in Amsterdam
    answered = datetime(2026, 10, 26, 9, 0, tzinfo=UTC)  # Monday
    assert CAL.working_days_elapsed(received, answered) == 1


def test_elapsed_leaves_out_paused_days() -> None:
    pauses = [(ams(2026, 11, 24, 10, 0), ams(2026, 11, 25, 10, 0))]
    assert CAL.working_days_elapsed(RECEIVED, ams(2026, 11, 27, 10, 0), pauses) == 2


def test_elapsed_treats_a_running_pause_as_ended_by_the_answer() -> None:
    pauses = [(ams(2026, 11, 26, 10, 0), None)]
    assert CAL.working_days_elapsed(RECEIVED, ams(2026, 11, 27, 10, 0), pauses) == 2


def test_answer_before_receipt_is_rejected() -> None:
    with pytest.raises(ValueError, match="before received_at"):
        CAL.working_days_elapsed(RECEIVED, RECEIVED - timedelta(seconds=1))


# -- properties ------------------------------------------------------------------

ZONES = st.sampled_from(
    [
        UTC,
        AMSTERDAM,
        ZoneInfo("America/New_York"),
        ZoneInfo("Asia/Tokyo"),
        ZoneInfo("Pacific/Kiritimati"),
        timezone(timedelta(hours=-12)),
    ]
)

# Drawn as instants and then shown in some zone, so every value is a real,
# unambiguous moment (no wall-clock times that DST skips).
INSTANTS = st.builds(
    lambda moment, zone: moment.astimezone(zone),
    st.datetimes(
        min_value=datetime(2000, 1, 1),
        max_value=datetime(2060, 12, 31),
        timezones=st.just(UTC),
    ),
    ZONES,
)

CLOSURES = st.frozensets(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2061, 3, 1)), max_size=40
)


def calendar_with(closures: frozenset[date]) -> WorkingDayCalendar:
    return CAL if not closures else WorkingDayCalendar(closures)


def brute_force_between(cal: WorkingDayCalendar, start: date, end: date) -> int:
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += cal.is_working_day(day)
    return count


@given(received=INSTANTS, closures=CLOSURES)
def test_due_is_a_working_day_at_five_in_amsterdam(
    received: datetime, closures: frozenset[date]
) -> None:
    cal = calendar_with(closures)
    due = cal.due_at(received)
    assert due.tzinfo == AMSTERDAM
    assert due.time() == time(17, 0)
    assert cal.is_working_day(due.date())


@given(received=INSTANTS, closures=CLOSURES)
def test_due_is_strictly_after_receipt(received: datetime, closures: frozenset[date]) -> None:
    assert calendar_with(closures).due_at(received) > received


@given(received=INSTANTS, closures=CLOSURES)
def test_due_is_exactly_three_working_days_after_the_amsterdam_receipt_date(
    received: datetime, closures: frozenset[date]
) -> None:
    cal = calendar_with(closures)
    received_on = received.astimezone(AMSTERDAM).date()
    due_on = cal.due_at(received).date()
    assert brute_force_between(cal, received_on, due_on) == 3
    # ... and not more: the day before the deadline had only two.
    assert brute_force_between(cal, received_on, due_on - timedelta(days=1)) == 2
    assert cal.working_days_elapsed(received, cal.due_at(received)) == 3


@given(first=INSTANTS, second=INSTANTS, closures=CLOSURES)
def test_due_is_monotonic_in_receipt_time(
    first: datetime, second: datetime, closures: frozenset[date]
) -> None:
    cal = calendar_with(closures)
    earlier, later = sorted((first, second))
    assert cal.due_at(earlier) <= cal.due_at(later)


@given(
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 1, 1)),
    span=st.integers(min_value=-800, max_value=800),
    closures=CLOSURES,
)
def test_working_days_between_matches_counting_day_by_day(
    start: date, span: int, closures: frozenset[date]
) -> None:
    cal = calendar_with(closures)
    end = start + timedelta(days=span)
    if span >= 0:
        expected = brute_force_between(cal, start, end)
    else:
        expected = -brute_force_between(cal, end, start)
    assert cal.working_days_between(start, end) == expected


@given(
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 1, 1)),
    n=st.integers(min_value=0, max_value=300),
    closures=CLOSURES,
)
def test_add_working_days_and_working_days_between_are_inverse(
    start: date, n: int, closures: frozenset[date]
) -> None:
    cal = calendar_with(closures)
    assert cal.working_days_between(start, cal.add_working_days(start, n)) == n


# Pauses as (offset from receipt, length), so they land near the deadline
# rather than decades away from it.
PAUSES = st.lists(
    st.tuples(
        st.timedeltas(min_value=timedelta(hours=-24), max_value=timedelta(days=14)),
        st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=5)),
    ),
    max_size=4,
)


Offsets = list[tuple[timedelta, timedelta]]


def pauses_from(received: datetime, offsets: Offsets) -> list[tuple[datetime, datetime | None]]:
    return [(received + offset, received + offset + length) for offset, length in offsets]


@given(received=INSTANTS, some=PAUSES, more=PAUSES)
def test_pauses_never_bring_the_deadline_forward(
    received: datetime, some: Offsets, more: Offsets
) -> None:
    pauses, extra = pauses_from(received, some), pauses_from(received, more)
    due = CAL.due_at(received)
    with_pauses = CAL.due_at_with_pauses(received, pauses)
    with_more = CAL.due_at_with_pauses(received, pauses + extra)
    assert with_pauses is not None and with_more is not None
    assert due <= with_pauses <= with_more
    assert with_more.time() == time(17, 0)
    assert CAL.is_working_day(with_more.date())


@given(received=INSTANTS, some=PAUSES)
def test_paused_working_days_are_exactly_the_extension(
    received: datetime, some: Offsets
) -> None:
    pauses = pauses_from(received, some)
    due = CAL.due_at_with_pauses(received, pauses)
    assert due is not None
    # Counted over the whole stretch up to the deadline, minus the paused
    # working days, exactly three working days remain.
    assert CAL.working_days_elapsed(received, due, pauses) == 3
