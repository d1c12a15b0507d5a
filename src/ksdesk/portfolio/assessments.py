"""Risk levels per theme, read from the facts of each collaboration's latest assessment version.

The assessment tables arrived in a later schema version than the registry; on a database that
has not been brought up to date (or a build without assessments) the overview says "no data"
for the risk and re-assessment figures instead of showing zeros that mean nothing.
"""

from __future__ import annotations

from threading import Lock

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from ksdesk.assessment.levels import LEVELS, RISK_THEMES, normalise
from ksdesk.portfolio import aggregates
from ksdesk.portfolio.scope import PortfolioFilter

try:
    from ksdesk.assessment.models import Assessment, ReassessmentFlag
except ImportError:  # pragma: no cover - a build without the assessment records
    Assessment = ReassessmentFlag = None  # type: ignore[assignment,misc]

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


def risk_levels(session: Session, f: PortfolioFilter) -> dict[str, dict[str, int]] | None:
    """{theme: {level: collaborations}}; None when assessments are not stored in this database."""
    if not stored(session):
        return None
    out = {theme: dict.fromkeys(LEVELS, 0) for theme in RISK_THEMES}
    for *values, n in aggregates.risk_levels(session, f, RISK_THEMES):
        for theme, value in zip(RISK_THEMES, values):
            key = normalise(value)
            if key is not None:
                out[theme][key] += int(n)
    return out
