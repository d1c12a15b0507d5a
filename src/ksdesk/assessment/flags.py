"""Flags a collaboration for re-assessment when an input of its assessment changes.

Four inputs change outside the assessment: the collaboration itself (the registry calls
`flag`), a new screening alert (caught here when the alert row is inserted, so the screening
code needs no knowledge of assessments; ksdesk.wiring registers the listener), a new rule-set version and a new catalogue edition
(both uploads flag every assessed collaboration). Only collaborations that were assessed are flagged: one that
never was needs an assessment anyway.
"""

from __future__ import annotations

from sqlalchemy import Connection, exists, insert, select, update
from sqlalchemy.orm import Session

from ksdesk.assessment.models import Assessment, ReassessmentFlag
from ksdesk.db import utcnow
from ksdesk.screening.models import ScreeningAlert

REASONS = ("collaboration_edited", "screening_alert", "rule_set", "catalogue")


def flag(session: Session, collaboration_id: int, reason: str, detail: str | None = None) -> bool:
    if reason not in REASONS:
        raise ValueError(f"unknown re-assessment reason {reason!r}")
    assessed = session.scalar(select(exists().where(Assessment.collaboration_id == collaboration_id)))
    if not assessed:
        return False
    session.add(ReassessmentFlag(collaboration_id=collaboration_id, reason=reason, detail=detail))
    return True


def open_flags(session: Session, collaboration_id: int) -> list[ReassessmentFlag]:
    return list(session.scalars(
        select(ReassessmentFlag)
        .where(ReassessmentFlag.collaboration_id == collaboration_id, ReassessmentFlag.cleared_at.is_(None))
        .order_by(ReassessmentFlag.id)
    ))


def clear(session: Session, collaboration_id: int) -> None:
    session.execute(
        update(ReassessmentFlag)
        .where(ReassessmentFlag.collaboration_id == collaboration_id, ReassessmentFlag.cleared_at.is_(None))
        .values(cleared_at=utcnow())
    )


def alert_raised(mapper: object, connection: Connection, alert: ScreeningAlert) -> None:
    # Runs inside the flush that stores the alert: the flag lands if and only if the alert does.
    assessed = connection.scalar(select(exists().where(Assessment.collaboration_id == alert.collaboration_id)))
    if assessed:
        connection.execute(insert(ReassessmentFlag).values(
            collaboration_id=alert.collaboration_id, reason="screening_alert",
            detail=f"{alert.partner_name}: {alert.listed_name} ({alert.list_code})", raised_at=utcnow(),
        ))
