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
