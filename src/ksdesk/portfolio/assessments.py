"""Risk levels per theme, read from the facts of each collaboration's latest assessment version."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ksdesk.assessment.levels import LEVELS, RISK_THEMES, normalise
from ksdesk.portfolio import aggregates
from ksdesk.portfolio.scope import PortfolioFilter


def risk_levels(session: Session, f: PortfolioFilter) -> dict[str, dict[str, int]]:
    """{theme: {level: collaborations}}."""
    out: dict[str, dict[str, int]] = {theme: dict.fromkeys(LEVELS, 0) for theme in RISK_THEMES}
    for *values, n in aggregates.risk_levels(session, f, RISK_THEMES):
        for theme, value in zip(RISK_THEMES, values, strict=True):
            key = normalise(value)
            if key is not None:
                out[theme][key] += int(n)
    return out
