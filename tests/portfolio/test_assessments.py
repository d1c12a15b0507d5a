"""Risk per theme from each collaboration's latest assessment, and re-assessments due."""

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from ksdesk.assessment.models import Assessment, ReassessmentFlag, RuleSetVersion
from ksdesk.portfolio import service
from ksdesk.portfolio.privacy import SUPPRESSED
from ksdesk.portfolio.scope import PortfolioFilter
from ksdesk.registry.models import Collaboration
from tests.portfolio.conftest import TODAY


def _result(kt: str, influence: str = "low", ethics: str = "low", partnership: str = "low") -> dict:
    return {"themes": {"knowledge_transfer": {"level": kt}, "influence": {"level": influence},
                       "ethics": {"level": ethics}}, "partnership": {"level": partnership}}


@pytest.fixture
def assessed(db, known):
    rule_set = db.scalar(select(RuleSetVersion).limit(1))
    if rule_set is None:
        rule_set = RuleSetVersion(number=1, label="t", name="t", text="", is_current=True, uploaded_by="t")
        db.add(rule_set)
        db.flush()
    ul = list(db.scalars(select(Collaboration).where(Collaboration.institution_id == known.ul,
                                                     Collaboration.status.not_in(["draft", "declined"]))
                         .order_by(Collaboration.id)))
    now = datetime.now(timezone.utc)

    def add(c, number, result):
        db.add(Assessment(collaboration_id=c.id, institution_id=c.institution_id, number=number,
                          rule_set_id=rule_set.id, rule_set_label=rule_set.label, answers={}, inputs={},
                          result=result, status="decided", created_by="t"))

    # The first was assessed twice: only its second, "high" version counts.
    add(ul[0], 1, _result("low"))
    add(ul[0], 2, _result("high", influence="very_high"))
    for c in ul[1:6]:
        add(c, 1, _result("medium"))
    db.add(ReassessmentFlag(collaboration_id=ul[1].id, reason="collaboration_edited", raised_at=now - timedelta(days=45)))
    db.add(ReassessmentFlag(collaboration_id=ul[2].id, reason="screening_alert", raised_at=now - timedelta(days=2)))
    db.add(ReassessmentFlag(collaboration_id=ul[3].id, reason="rule_set", raised_at=now - timedelta(days=90),
                            cleared_at=now - timedelta(days=1)))
    db.commit()
    return ul


def _levels(overview) -> dict:
    return {c.key: cells for c, cells in overview.figure("risk").rows}


def test_risk_levels_count_the_latest_assessment_of_each_collaboration(db, world, assessed):
    o = service.overview(db, world.principal("alice"), PortfolioFilter(), today=TODAY)
    assert _levels(o)["knowledge_transfer"] == [0, 5, 1, 0]  # low, medium, high, very high
    assert _levels(o)["influence"] == [5, 0, 0, 1]


def test_the_analyst_sees_risk_levels_with_small_groups_hidden(db, world, assessed):
    o = service.overview(db, world.principal("gina"), PortfolioFilter(), today=TODAY)
    # With one level hidden, the next smallest goes too: the total of six is known elsewhere.
    assert _levels(o)["knowledge_transfer"] == [0, SUPPRESSED, SUPPRESSED, 0]


def test_open_flags_are_due_and_those_older_than_a_month_overdue(db, world, assessed):
    o = service.overview(db, world.principal("alice"), PortfolioFilter(), today=TODAY)
    due = {c.key: cells[0] for c, cells in o.figure("reassessment").rows}
    assert due == {"pending": 2, "overdue": 1}
    assert [title for _id, title, _since in o.flagged] == [assessed[1].title, assessed[2].title]


