"""The portfolio's counts, each one GROUP BY query over the facts of the filtered collaborations.

The facts (models.py) hold only collaborations that count, one narrow row each, kept current by
upkeep.py. Every function returns plain rows: a key, the value, and the number of collaborations
the value rests on (what small-group suppression looks at). Nothing here knows who is reading.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import Select, case, distinct, func, or_, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from ksdesk.portfolio.models import PortfolioFact, PortfolioFactArea, PortfolioFactCountry, PortfolioFactExchange
from ksdesk.portfolio.scope import PortfolioFilter
from ksdesk.registry.models import Collaboration, CollaborationParticipant
from ksdesk.vocab import IktStanding

# A re-assessment asked for this many days ago and not yet made is overdue: an input changed
# (the collaboration, a partner on a watchlist, the rules) and the weighing is a month stale.
OVERDUE_AFTER_DAYS = 30


def scoped(stmt: Select, facts, f: PortfolioFilter, *, period: bool = True, country: bool = True) -> Select:
    """``stmt`` over a facts table, narrowed to the rows that count for the filter.

    The period selects collaborations running at some time in it: started in its last year or
    before (or no start given) and not ended before its first year. The country filter keeps the
    collaborations with that country, through their row in the country facts; that row carries the
    same institution, form and years, so the other filters are applied to it and the database can
    start from the few rows of that country instead of looking up every collaboration's countries.

    A collaboration of several institutions has one row: it counts once nationally, and once for
    each institution, the lead and every participant, when the filter names one.
    """
    dims = facts
    if country and f.country:
        dims = aliased(PortfolioFactCountry, name="chosen")
        stmt = stmt.join(dims, dims.collaboration_id == facts.collaboration_id).where(dims.country_code == f.country)
    where: list[ColumnElement[bool]] = []
    if f.institution_id is not None:
        taking_part = select(CollaborationParticipant.collaboration_id).where(
            CollaborationParticipant.institution_id == f.institution_id)
        where.append(or_(dims.institution_id == f.institution_id, dims.collaboration_id.in_(taking_part)))
    if f.form:
        where.append(dims.form == f.form)
    if period and f.year_to is not None:
        where.append(or_(dims.start_year.is_(None), dims.start_year <= f.year_to))
    if period and f.year_from is not None:
        where.append(or_(dims.end_year.is_(None), dims.end_year >= f.year_from))
    return stmt.where(*where)


def _pairs(session: Session, stmt) -> list[tuple[str, int]]:
    return [(key, int(count)) for key, count in session.execute(stmt) if key is not None]


@dataclass
class Summary:
    """The figures that add up per collaboration, all from one pass over the facts."""

    total: int = 0
    forms: list[tuple[str, int]] = field(default_factory=list)
    standings: list[tuple[str, int]] = field(default_factory=list)
    alerts: list[tuple[str, int, int]] = field(default_factory=list)  # status, alerts, collaborations
    due: dict[str, int] = field(default_factory=dict)  # pending, overdue


def summary(session: Session, f: PortfolioFilter, now: datetime) -> Summary:
    fact = PortfolioFact
    overdue_before = now - timedelta(days=OVERDUE_AFTER_DAYS)

    def count_if(condition):
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    standings = [getattr(fact, f"ikt_{s.value}") for s in IktStanding]
    stmt = scoped(select(
        fact.form, func.count(), *[func.sum(column) for column in standings],
        func.sum(fact.alerts_open), count_if(fact.alerts_open > 0),
        func.sum(fact.alerts_resolved), count_if(fact.alerts_resolved > 0),
        func.count(fact.flagged_since), count_if(fact.flagged_since < overdue_before),
    ), fact, f).group_by(fact.form)
    out = Summary()
    totals = [0] * (len(standings) + 6)
    for form, n, *rest in session.execute(stmt):
        out.total += int(n)
        out.forms.append((form, int(n)))
        totals = [t + int(v or 0) for t, v in zip(totals, rest, strict=True)]
    out.standings = [(s.value, n) for s, n in zip(IktStanding, totals, strict=False)]
    open_alerts, open_groups, resolved, resolved_groups, pending, overdue = totals[len(standings):]
    out.alerts = [("open", open_alerts, open_groups), ("resolved", resolved, resolved_groups)]
    out.due = {"pending": pending, "overdue": overdue}
    return out


def by_country(session: Session, f: PortfolioFilter) -> list[tuple[str, int]]:
    # The country filter keeps the collaborations with that country; their other countries show too.
    fact = PortfolioFactCountry
    stmt = scoped(select(fact.country_code, func.count()), fact, f).group_by(fact.country_code)
    return _pairs(session, stmt)


def by_technology_area(session: Session, f: PortfolioFilter) -> list[tuple[str, int]]:
    fact = PortfolioFactArea
    stmt = scoped(select(fact.area, func.count()), fact, f).group_by(fact.area)
    # SQL's trim leaves tabs and line breaks; an area of only those is no area either.
    return [(area, n) for area, n in _pairs(session, stmt) if area.strip()]


def per_year(session: Session, f: PortfolioFilter, today: date) -> dict[str, list[tuple[int, int]]]:
    """Collaborations started and ended per calendar year; an end date still to come is no end yet."""
    fact = PortfolioFact
    out: dict[str, list[tuple[int, int]]] = {}
    for key, year, day in (("started", fact.start_year, fact.start_date), ("ended", fact.end_year, fact.end_date)):
        where = [day.is_not(None), day <= today]
        if f.year_from is not None:
            where.append(year >= f.year_from)
        if f.year_to is not None:
            where.append(year <= f.year_to)
        stmt = scoped(select(year, func.count()).where(*where), fact, f, period=False).group_by(year)
        out[key] = [(int(y), n) for y, n in _pairs(session, stmt)]
    return out


def risk_levels(session: Session, f: PortfolioFilter, themes: tuple[str, ...]) -> list[tuple]:
    """(level per theme..., collaborations): the combinations of levels are few, each theme adds up from them."""
    fact = PortfolioFact
    levels = [getattr(fact, f"risk_{theme}") for theme in themes]
    assessed = or_(*[level.is_not(None) for level in levels])
    stmt = scoped(select(*levels, func.count()).where(assessed), fact, f).group_by(*levels)
    return [tuple(row) for row in session.execute(stmt)]


def open_alert_collaborations(session: Session, f: PortfolioFilter, limit: int = 10) -> list[tuple[int, str, int]]:
    """(id, title, open alerts) of the collaborations with the most open alerts: for their own advisor."""
    fact = PortfolioFact
    stmt = (
        scoped(select(fact.collaboration_id, Collaboration.title, fact.alerts_open)
               .join(Collaboration, Collaboration.id == fact.collaboration_id)
               .where(fact.alerts_open > 0), fact, f)
        .order_by(fact.alerts_open.desc(), Collaboration.title)
        .limit(limit)
    )
    return [(i, t, int(n)) for i, t, n in session.execute(stmt)]


def flagged_collaborations(session: Session, f: PortfolioFilter, limit: int = 10) -> list[tuple[int, str, datetime]]:
    """(id, title, flagged since) of collaborations awaiting re-assessment, oldest first: for their advisor."""
    fact = PortfolioFact
    stmt = (
        scoped(select(fact.collaboration_id, Collaboration.title, fact.flagged_since)
               .join(Collaboration, Collaboration.id == fact.collaboration_id)
               .where(fact.flagged_since.is_not(None)), fact, f)
        .order_by(fact.flagged_since, Collaboration.title)
        .limit(limit)
    )
    return [(i, t, s) for i, t, s in session.execute(stmt)]


def exchanges(session: Session, f: PortfolioFilter, by: str) -> dict:
    """People in and out per country or per year, and how many collaborations each group rests on.

    Exchanges are counted in the year the people went, so the period applies to that year, and
    the country filter to the country they went to or came from.
    Returns {key: {"in": people, "out": people, "collaborations": n}}.
    """
    fact = PortfolioFactExchange
    key = fact.country_code if by == "country" else fact.year
    where = []
    if f.country:
        where.append(fact.country_code == f.country)
    if f.year_from is not None:
        where.append(fact.year >= f.year_from)
    if f.year_to is not None:
        where.append(fact.year <= f.year_to)
    stmt = scoped(
        select(key, func.sum(fact.people_in), func.sum(fact.people_out), func.count(distinct(fact.collaboration_id)))
        .where(*where), fact, f, period=False, country=False,
    ).group_by(key)
    return {k: {"in": int(i or 0), "out": int(o or 0), "collaborations": int(n)} for k, i, o, n in session.execute(stmt)}



