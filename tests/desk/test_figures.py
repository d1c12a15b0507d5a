from datetime import date, datetime, timedelta

import pytest
import time_machine

from ksdesk.desk import coordination, figures, messages
from ksdesk.errors import Forbidden
from tests.desk.conftest import AMS, MONDAY


def test_monthly_figures_report_on_time_share_median_coordination_and_queue(db, world, ask):
    erin = world.principal("erin")
    with time_machine.travel(MONDAY, tick=False):
        quick, slow = ask(), ask()
        coordination.request_coordination(db, erin, slow.id, ["ocw"], "Visie?")
    with time_machine.travel(MONDAY + timedelta(days=1), tick=False):
        messages.add_reply(db, erin, quick.id, "Snel antwoord.")
        ask()  # still open at the end of March
    with time_machine.travel(datetime(2026, 3, 9, 12, 0, tzinfo=AMS), tick=False):
        messages.add_reply(db, erin, slow.id, "Na afstemming met OCW.")
    with time_machine.travel(datetime(2026, 4, 1, 9, 0, tzinfo=AMS), tick=False):
        ask()
    db.commit()

    march, april = figures.monthly_figures(db, world.principal("gina"), date(2026, 3, 1), date(2026, 4, 30))
    assert (march.month, march.received, march.answered, march.answered_on_time) == ("2026-03", 3, 2, 1)
    assert march.on_time_share == 0.5
    assert march.median_working_days == 3.0  # 1 and 5 working days
    assert (march.coordinated, march.coordination_share) == (1, pytest.approx(1 / 3))
    assert march.queue_length_at_month_end == 1
    assert (april.received, april.answered, april.on_time_share, april.queue_length_at_month_end) == (1, 0, None, 2)


def test_figures_are_not_for_askers_or_liaisons(db, world):
    for who in ("bob", "alice", "frank"):
        with pytest.raises(Forbidden):
            figures.monthly_figures(db, world.principal(who), date(2026, 3, 1), date(2026, 3, 31))


def test_figures_per_officer_and_per_ministry(db, world, ask, browser):
    from ksdesk.desk import service

    erin = world.principal("erin")
    with time_machine.travel(MONDAY, tick=False):
        first, second, third = ask(), ask(), ask()
        for question in (first, second, third):
            service.assign(db, erin, question.id, world.users["erin"].id)
        coordination.request_coordination(db, erin, first.id, ["ocw"], "Visie?")
        coordination.request_coordination(db, erin, second.id, ["ezk"], "Visie?")
    with time_machine.travel(MONDAY + timedelta(days=1), tick=False):
        coordination.record_advice(db, world.principal("fiona"), second.id, "Geen bezwaar.")  # on time
    with time_machine.travel(MONDAY + timedelta(days=3), tick=False):
        coordination.record_advice(db, world.principal("frank"), first.id, "Let op.")  # two days late
        messages.add_reply(db, erin, first.id, "Ons antwoord.")
    db.commit()
    now = datetime(2026, 3, 30, 12, 0, tzinfo=AMS)

    [officer] = figures.officer_figures(db, erin, date(2026, 3, 1), date(2026, 3, 31), now=now)
    assert (officer.officer, officer.received, officer.answered, officer.open_now, officer.overdue_now) == (
        "Erin", 3, 1, 2, 2)
    by_ministry = {r.ministry: r for r in figures.ministry_figures(db, world.principal("gina"), date(2026, 3, 1),
                                                                   date(2026, 3, 31), now=now)}
    assert len(by_ministry) == 7 and by_ministry["bz"].requested == 0
    ocw, ezk = by_ministry["ocw"], by_ministry["ezk"]
    assert (ocw.requested, ocw.advised, ocw.advised_on_time, ocw.median_working_days) == (1, 1, 0, 3.0)
    assert (ezk.requested, ezk.advised, ezk.on_time_share, ezk.waiting_now) == (1, 1, 1.0, 0)

    # Analysts see the ministries, not the officers' work.
    with pytest.raises(Forbidden):
        figures.officer_figures(db, world.principal("gina"), date(2026, 3, 1), date(2026, 3, 31))
    page = browser("erin").get("/desk/figures?first=2026-03&last=2026-03").text
    assert 'id="officer-figures"' in page and 'id="ministry-figures"' in page
    analyst = browser("gina").get("/desk/figures?first=2026-03&last=2026-03", headers={"Accept-Language": "nl"}).text
    assert 'id="officer-figures"' not in analyst and "Cijfers per ministerie" in analyst
