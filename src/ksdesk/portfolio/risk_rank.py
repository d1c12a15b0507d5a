"""The highest risk level of a collaboration's latest assessment (draft or decided, as the
overview shows it), as a rank the collaborations list can show, filter and sort by
(registry.listing). Read from the assessment itself, not from the portfolio's facts: those leave
drafts out, and a draft that was assessed must not be listed as "not assessed"."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, case, func, or_, select
from sqlalchemy.orm import aliased

from ksdesk.assessment.levels import RISK_THEMES
from ksdesk.assessment.models import Assessment
from ksdesk.portfolio.facts import _level


def highest_rank(collaboration_id: Any) -> ColumnElement[int]:
    latest = aliased(Assessment, name="risk_latest")
    newer = aliased(Assessment, name="risk_newer")
    latest_number = (select(func.max(newer.number)).where(newer.collaboration_id == collaboration_id)
                     .scalar_subquery())
    levels = [_level(latest, theme) for theme in RISK_THEMES]

    def any_is(level: str):
        return or_(*(value == level for value in levels))

    rank = case((any_is("very_high"), 4), (any_is("high"), 3), (any_is("medium"), 2), (any_is("low"), 1), else_=0)
    found = (select(rank).where(latest.collaboration_id == collaboration_id, latest.number == latest_number)
             .scalar_subquery())
    return func.coalesce(found, 0)
