"""The generated year of the demo: the same every time, across institutions, forms, countries,
years, outcomes and risk levels, labelled as demo data, with the desk's questions of the year."""

import random
from datetime import date

from sqlalchemy import func, select

from ksdesk.assessment.models import Assessment
from ksdesk.demo import year
from ksdesk.desk.models import OutboxMail, Question
from ksdesk.registry.models import Collaboration, Institution
from tests.assessment.conftest import ARCNL, collaboration_id

TODAY = date(2026, 12, 4)


def _plan(db):
    data = year.year_data()
    pools = year._partner_pools(db, data["countries"])
    institutions = dict(db.execute(select(Institution.short_name, Institution.id)).all())
    return year._plan(random.Random(data["seed"]), data, pools, institutions, year._people(db), TODAY)


def _summary(plans):
    return [(p.create.title, p.institution_id, p.outcome, p.days_ago, tuple(sorted(p.answers.items())))
            for p in plans]


def test_the_year_is_planned_the_same_every_time_across_institutions_forms_countries_and_years(demo):
    year._institutions(demo, year.year_data(), "a-long-password-1", year.YearReport())
    first, second = _plan(demo), _plan(demo)
    assert _summary(first) == _summary(second)
    assert len(first) == year.year_data()["collaborations"] >= 300
    assert len({p.institution_id for p in first}) == 13
    assert len({p.create.form for p in first}) >= 9
    assert len({p.create.start_date.year for p in first}) >= 5
    assert {p.outcome for p in first} >= {"draft", "draft_assessed", "under_review", "decided"}
    assert all("Demo data" in p.create.description and "Demogegevens" in p.create.description for p in first)


def test_a_small_year_is_loaded_once_with_assessments_decisions_and_desk_questions(demo):
    before = demo.scalar(select(func.count()).select_from(Collaboration))
    report = year.load_demo_year(demo, "a-long-password-1", TODAY, size=(24, 8))
    assert (report.institutions, report.users, report.collaborations, report.questions) == (6, 14, 24, 8)
    assert demo.scalar(select(func.count()).select_from(Collaboration)) == before + 24
    statuses = set(demo.scalars(select(Collaboration.status).where(Collaboration.description.like("%Demo data%"))))
    assert {"draft", "active"} <= statuses
    assert demo.scalar(select(func.count()).select_from(Assessment).where(Assessment.decision.is_not(None))) >= 10
    received = sorted(demo.scalars(select(Question.received_at)))
    assert (received[-1] - received[0]).days > 60, "the questions are spread over the year"
    assert {q.status for q in demo.scalars(select(Question))} >= {"answered", "closed"}
    assert demo.scalar(select(func.count()).select_from(OutboxMail).where(OutboxMail.status == "pending")) == 0
    assert collaboration_id(demo, ARCNL) is not None
    again = year.load_demo_year(demo, "a-long-password-1", TODAY, size=(24, 8))
    assert (again.institutions, again.users, again.collaborations, again.questions) == (0, 0, 0, 0)
