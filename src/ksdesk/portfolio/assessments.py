"""Risk levels and re-assessments, read from the assessment records.

The assessment tables arrived in a later schema version than the registry; on a database that
has not been brought up to date (or a build without assessments) the overview says "no data"
for these two figures instead of failing.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from threading import Lock

from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session

from ksdesk.assessment.levels import LEVELS, RISK_THEMES, normalise
from ksdesk.portfolio.aggregates import conditions
from ksdesk.portfolio.scope import PortfolioFilter
from ksdesk.registry.models import Collaboration

try:
    from ksdesk.assessment.models import Assessment, ReassessmentFlag
except ImportError:  # pragma: no cover - a build without the assessment records
    Assessment = ReassessmentFlag = None  # type: ignore[assignment,misc]

# A re-assessment asked for this many days ago and not yet made is overdue: an input changed
# (the collaboration, a partner on a watchlist, the rules) and the weighing is a month stale.
OVERDUE_AFTER_DAYS = 30

_present: dict[str, bool] = {}
_lock = Lock()


def stored(session: Session) -> bool:
    """Whether this database has the assessment tables; looked up once per database."""
    if Assessment is None:
        return False
    connection = session.connection()
    key = connection.engine.url.render_as_string(hide_password=True)
    with _lock:
        if key not in _present:
            names = set(inspect(connection).get_table_names())
            _present[key] = {Assessment.__tablename__, ReassessmentFlag.__tablename__} <= names
        return _present[key]


def forget() -> None:
    """Look at the tables again (after a migration in the same process)."""
    with _lock:
        _present.clear()


def _level(theme: str):
    path = ("partnership", "level") if theme == "partnership" else ("themes", theme, "level")
    return Assessment.result[path].as_string()


def risk_levels(session: Session, f: PortfolioFilter) -> dict[str, dict[str, int]] | None:
    """{theme: {level: collaborations}} from each collaboration's latest assessment version;
    None when assessments are not stored in this database."""
    if not stored(session):
        return None
    latest = (
        select(Assessment.collaboration_id, func.max(Assessment.number).label("number"))
        .group_by(Assessment.collaboration_id)
        .subquery("latest")
    )
    levels = [_level(theme) for theme in RISK_THEMES]
    # One pass: the combinations of the four levels are few, and each theme's counts add up from them.
    stmt = (
        select(*levels, func.count())
        .select_from(Assessment)
        .join(latest, (latest.c.collaboration_id == Assessment.collaboration_id)
              & (latest.c.number == Assessment.number))
        .join(Collaboration, Collaboration.id == Assessment.collaboration_id)
        .where(*conditions(f))
        .group_by(*levels)
    )
    out = {theme: dict.fromkeys(LEVELS, 0) for theme in RISK_THEMES}
    for row in session.execute(stmt):
        *values, n = row
        for theme, value in zip(RISK_THEMES, values):
            key = normalise(value)
            if key is not None:
                out[theme][key] += int(n)
    return out


def reassessments(session: Session, f: PortfolioFilter, now: datetime | None = None) -> dict[str, int] | None:
    """Collaborations with an open re-assessment flag ("pending"), and those of them flagged more
    than OVERDUE_AFTER_DAYS ago ("overdue"); None when flags are not stored in this database."""
    if not stored(session):
        return None
    now = now or datetime.now(timezone.utc)
    base = (
        select(func.count(func.distinct(ReassessmentFlag.collaboration_id)))
        .join(Collaboration, Collaboration.id == ReassessmentFlag.collaboration_id)
        .where(ReassessmentFlag.cleared_at.is_(None), *conditions(f))
    )
    pending = session.scalar(base) or 0
    overdue = session.scalar(base.where(ReassessmentFlag.raised_at < now - timedelta(days=OVERDUE_AFTER_DAYS))) or 0
    return {"pending": int(pending), "overdue": int(overdue)}


def flagged_collaborations(session: Session, f: PortfolioFilter, limit: int = 10) -> list[tuple[int, str, datetime]]:
    """(id, title, flagged since) of collaborations awaiting re-assessment, oldest first: for their advisor."""
    if not stored(session):
        return []
    since = func.min(ReassessmentFlag.raised_at).label("since")
    stmt = (
        select(Collaboration.id, Collaboration.title, since)
        .join(ReassessmentFlag, ReassessmentFlag.collaboration_id == Collaboration.id)
        .where(ReassessmentFlag.cleared_at.is_(None), *conditions(f))
        .group_by(Collaboration.id, Collaboration.title)
        .order_by(since, Collaboration.title)
        .limit(limit)
    )
    return [(i, t, s) for i, t, s in session.execute(stmt)]
