"""The portfolio's counts, each one GROUP BY query over the filtered collaborations.

Every function returns plain rows: a key, the value, and the number of collaborations the value
rests on (what small-group suppression looks at). Nothing here knows who is reading.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import case, distinct, exists, extract, func, or_, select, true
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from ksdesk.portfolio.scope import PortfolioFilter
from ksdesk.registry.models import Collaboration, CollaborationCountry, CountryProfile, PersonExchange
from ksdesk.screening.models import ScreeningAlert
from ksdesk.vocab import CollaborationStatus

# A draft is not yet part of anyone's portfolio and a declined collaboration never happened.
NOT_IN_PORTFOLIO = (CollaborationStatus.DRAFT.value, CollaborationStatus.DECLINED.value)


def conditions(f: PortfolioFilter, *, period: bool = True, country: bool = True) -> list[ColumnElement[bool]]:
    """Which collaborations count. The period selects those running at some time in it: started
    before its end (or no start given) and not ended before its beginning."""
    where: list[ColumnElement[bool]] = [Collaboration.status.not_in(NOT_IN_PORTFOLIO)]
    if f.institution_id is not None:
        where.append(Collaboration.institution_id == f.institution_id)
    if f.form:
        where.append(Collaboration.form == f.form)
    if country and f.country:
        # An alias of its own: the country chart reads collaboration_country in the outer query too.
        chosen = CollaborationCountry.__table__.alias("chosen_country")
        where.append(
            exists().where(chosen.c.collaboration_id == Collaboration.id, chosen.c.country_code == f.country)
            .correlate(Collaboration)
        )
    if period and f.year_to is not None:
        where.append(or_(Collaboration.start_date.is_(None), Collaboration.start_date <= date(f.year_to, 12, 31)))
    if period and f.year_from is not None:
        where.append(or_(Collaboration.end_date.is_(None), Collaboration.end_date >= date(f.year_from, 1, 1)))
    return where


def _pairs(session: Session, stmt) -> list[tuple[str, int]]:
    return [(key, int(count)) for key, count in session.execute(stmt) if key is not None]


def total(session: Session, f: PortfolioFilter) -> int:
    return session.scalar(select(func.count()).select_from(Collaboration).where(*conditions(f))) or 0


def by_form(session: Session, f: PortfolioFilter) -> list[tuple[str, int]]:
    stmt = select(Collaboration.form, func.count()).where(*conditions(f)).group_by(Collaboration.form)
    return _pairs(session, stmt)


def by_country(session: Session, f: PortfolioFilter) -> list[tuple[str, int]]:
    # The country filter keeps the collaborations with that country; their other countries show too.
    stmt = (
        select(CollaborationCountry.country_code, func.count())
        .join(Collaboration, Collaboration.id == CollaborationCountry.collaboration_id)
        .where(*conditions(f))
        .group_by(CollaborationCountry.country_code)
    )
    return _pairs(session, stmt)


def by_ikt_standing(session: Session, f: PortfolioFilter) -> list[tuple[str, int]]:
    # A collaboration with a focus country and a like-minded one counts once under each.
    stmt = (
        select(CountryProfile.ikt_standing, func.count(distinct(Collaboration.id)))
        .select_from(CollaborationCountry)
        .join(Collaboration, Collaboration.id == CollaborationCountry.collaboration_id)
        .join(CountryProfile, CountryProfile.code == CollaborationCountry.country_code)
        .where(*conditions(f))
        .group_by(CountryProfile.ikt_standing)
    )
    return _pairs(session, stmt)


def by_technology_area(session: Session, f: PortfolioFilter) -> list[tuple[str, int]]:
    """Technology areas are a JSON list on the collaboration; each backend unnests it its own way."""
    if session.get_bind().dialect.name == "postgresql":
        areas = func.json_array_elements_text(Collaboration.technology_areas).table_valued("value")
    else:
        areas = func.json_each(Collaboration.technology_areas).table_valued("value")
    stmt = (
        select(areas.c.value, func.count(distinct(Collaboration.id)))
        .select_from(Collaboration)
        .join(areas, true())
        .where(*conditions(f))
        .group_by(areas.c.value)
    )
    return [(str(k), n) for k, n in _pairs(session, stmt) if str(k).strip()]


def per_year(session: Session, f: PortfolioFilter, today: date) -> dict[str, list[tuple[int, int]]]:
    """Collaborations started and ended per calendar year; an end date still to come is no end yet."""
    out: dict[str, list[tuple[int, int]]] = {}
    for key, column, extra in (
        ("started", Collaboration.start_date, Collaboration.start_date <= today),
        ("ended", Collaboration.end_date, Collaboration.end_date <= today),
    ):
        year = extract("year", column)
        where = [*conditions(f, period=False), column.is_not(None), extra]
        if f.year_from is not None:
            where.append(column >= date(f.year_from, 1, 1))
        if f.year_to is not None:
            where.append(column <= date(f.year_to, 12, 31))
        stmt = select(year, func.count()).where(*where).group_by(year)
        out[key] = [(int(y), n) for y, n in _pairs(session, stmt)]
    return out


def alerts(session: Session, f: PortfolioFilter) -> list[tuple[str, int, int]]:
    """Screening alerts per status, with the number of collaborations they concern."""
    stmt = (
        select(ScreeningAlert.status, func.count(), func.count(distinct(ScreeningAlert.collaboration_id)))
        .join(Collaboration, Collaboration.id == ScreeningAlert.collaboration_id)
        .where(*conditions(f))
        .group_by(ScreeningAlert.status)
    )
    return [(s, int(n), int(g)) for s, n, g in session.execute(stmt)]


def open_alert_collaborations(session: Session, f: PortfolioFilter, limit: int = 10) -> list[tuple[int, str, int]]:
    """(id, title, open alerts) of the collaborations with the most open alerts: for their own advisor."""
    n = func.count().label("n")
    stmt = (
        select(Collaboration.id, Collaboration.title, n)
        .join(ScreeningAlert, ScreeningAlert.collaboration_id == Collaboration.id)
        .where(ScreeningAlert.status == "open", *conditions(f))
        .group_by(Collaboration.id, Collaboration.title)
        .order_by(n.desc(), Collaboration.title)
        .limit(limit)
    )
    return [(i, t, int(c)) for i, t, c in session.execute(stmt)]


def _exchange_where(f: PortfolioFilter) -> list[ColumnElement[bool]]:
    # Exchanges are counted in the year the people went, so the period applies to that year,
    # and the country filter to the country they went to or came from.
    where = conditions(f, period=False, country=False)
    if f.country:
        where.append(PersonExchange.country_code == f.country)
    if f.year_from is not None:
        where.append(PersonExchange.year >= f.year_from)
    if f.year_to is not None:
        where.append(PersonExchange.year <= f.year_to)
    return where


def exchanges(session: Session, f: PortfolioFilter, by: str) -> dict:
    """People in and out per country or per year, and how many collaborations each group rests on.

    Returns {key: {"in": people, "out": people, "collaborations": n}}.
    """
    key = PersonExchange.country_code if by == "country" else PersonExchange.year

    def people(direction: str):
        return func.coalesce(func.sum(case((PersonExchange.direction == direction, PersonExchange.people), else_=0)), 0)

    stmt = (
        select(key, people("in"), people("out"), func.count(distinct(PersonExchange.collaboration_id)))
        .join(Collaboration, Collaboration.id == PersonExchange.collaboration_id)
        .where(*_exchange_where(f))
        .group_by(key)
    )
    return {k: {"in": int(i), "out": int(o), "collaborations": int(n)} for k, i, o, n in session.execute(stmt)}


def country_names(session: Session, language: str) -> dict[str, str]:
    column = CountryProfile.name_nl if language == "nl" else CountryProfile.name_en
    return dict(session.execute(select(CountryProfile.code, column)).all())

