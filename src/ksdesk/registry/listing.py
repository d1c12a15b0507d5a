"""The collaborations list's risk column, filter and sort, without the registry knowing about
assessments.

The assessment builds on the registry, so the registry cannot ask it for a level. Instead the
wiring hands the registry a function that, given the collaboration id column, returns the rank
of the highest level of the collaboration's latest assessment (0 for none); without it (a tool
that never installed the wiring) the list simply has no risk.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from ksdesk.registry.models import Collaboration
from ksdesk.vocab import _

# Given the collaboration id column (a mapped attribute or an aliased one), the rank expression.
RiskRank = Callable[[Any], ColumnElement[int]]

RISK_LEVELS = ("low", "medium", "high", "very_high")  # rank 1..4; 0 is "not assessed"
RISK_LEVEL_LABELS = {"low": _("Low"), "medium": _("Medium"), "high": _("High"), "very_high": _("Very high"),
                     "none": _("Not assessed")}
RISK_BADGE = {"low": "success", "medium": "warning", "high": "danger", "very_high": "danger", "none": "neutral"}

_provider: list[RiskRank] = []


def provide_risk_rank(rank: RiskRank) -> None:
    _provider[:] = [rank]


def risk_rank(collaboration_id: Any) -> ColumnElement[int] | None:
    return _provider[0](collaboration_id) if _provider else None


def rank_of(level: str) -> int:
    return RISK_LEVELS.index(level) + 1 if level in RISK_LEVELS else 0


def levels_of(session: Session, ids: Iterable[int]) -> dict[int, str]:
    """collaboration id → its highest level ("none" when not assessed), for the ids given."""
    wanted = sorted(set(ids))
    rank = risk_rank(Collaboration.id)
    if rank is None or not wanted:
        return {}
    rows = session.execute(select(Collaboration.id, rank).where(Collaboration.id.in_(wanted)))
    return {cid: (RISK_LEVELS[r - 1] if r else "none") for cid, r in rows}
