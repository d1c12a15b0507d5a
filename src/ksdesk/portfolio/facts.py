"""Recounting the portfolio's facts (models.py) from the source rows.

Every statement here is an INSERT ... SELECT over the registry, screening and assessment tables,
so the facts of a collaboration are exactly what a count of its source rows gives at that moment
in the caller's transaction: nothing is added to or subtracted from a stored number.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, Integer, Table, and_, case, cast, delete, exists, extract, func, insert, select, true
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement

from ksdesk.assessment.levels import LEVELS, RISK_THEMES
from ksdesk.assessment.models import Assessment, ReassessmentFlag
from ksdesk.portfolio.models import (
    FACT_TABLES,
    PortfolioFact,
    PortfolioFactArea,
    PortfolioFactCountry,
    PortfolioFactExchange,
)
from ksdesk.registry.models import Collaboration, CollaborationCountry, CountryProfile, PersonExchange
from ksdesk.screening.models import ScreeningAlert
from ksdesk.vocab import CollaborationStatus, IktStanding

# A draft is not yet part of anyone's portfolio and a declined collaboration never happened.
NOT_IN_PORTFOLIO = (CollaborationStatus.DRAFT.value, CollaborationStatus.DECLINED.value)
# Collaborations recounted per statement: well under SQLite's limit on bound parameters.
CHUNK = 500


def _table(model: type) -> Table:
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)
    return table


def refresh(connection: Connection, ids: Iterable[int] | None = None) -> None:
    """Recount the facts of these collaborations (of all when ``ids`` is None) in the caller's transaction.

    A collaboration that no longer counts, or no longer exists, simply gets no rows.
    """
    if ids is None:
        for model in FACT_TABLES:
            connection.execute(delete(_table(model)))
        for statement in _inserts(connection.dialect.name, None):
            connection.execute(statement)
        return
    wanted = sorted({i for i in ids if i is not None})
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start:start + CHUNK]
        for model in FACT_TABLES:
            table = _table(model)
            connection.execute(delete(table).where(table.c.collaboration_id.in_(chunk)))
        for statement in _inserts(connection.dialect.name, chunk):
            connection.execute(statement)


def _inserts(dialect: str, chunk: list[int] | None) -> list:
    counted: list[ColumnElement[bool]] = [Collaboration.status.not_in(NOT_IN_PORTFOLIO)]
    if chunk is not None:
        counted.append(Collaboration.id.in_(chunk))
    years = [cast(extract("year", Collaboration.start_date), Integer).label("start_year"),
             cast(extract("year", Collaboration.end_date), Integer).label("end_year")]
    dimensions = [Collaboration.institution_id, Collaboration.form, *years]
    return [
        _collaborations(counted, years),
        insert(PortfolioFactCountry).from_select(
            ["collaboration_id", "country_code", "institution_id", "form", "start_year", "end_year"],
            select(CollaborationCountry.collaboration_id, CollaborationCountry.country_code, *dimensions)
            .join(Collaboration, Collaboration.id == CollaborationCountry.collaboration_id)
            .where(*counted),
        ),
        _areas(dialect, counted, dimensions),
        _exchanges(counted),
    ]


def _collaborations(counted: list[ColumnElement[bool]], years: list):
    # The latest assessment version, whether decided or still a draft: what the overview has always shown.
    latest = aliased(Assessment, name="latest")
    newer = aliased(Assessment, name="newer")
    latest_number = (select(func.max(newer.number)).where(newer.collaboration_id == Collaboration.id)
                     .scalar_subquery())

    def standing(value: IktStanding):
        has = exists().where(
            CollaborationCountry.collaboration_id == Collaboration.id,
            CountryProfile.code == CollaborationCountry.country_code,
            CountryProfile.ikt_standing == value.value,
        )
        return case((has, 1), else_=0)

    def alerts(status: str):
        return (select(func.count()).select_from(ScreeningAlert)
                .where(ScreeningAlert.collaboration_id == Collaboration.id, ScreeningAlert.status == status)
                .scalar_subquery())

    flagged_since = (select(func.min(ReassessmentFlag.raised_at))
                     .where(ReassessmentFlag.collaboration_id == Collaboration.id,
                            ReassessmentFlag.cleared_at.is_(None))
                     .scalar_subquery())
    columns = {
        "collaboration_id": Collaboration.id,
        "institution_id": Collaboration.institution_id,
        "form": Collaboration.form,
        "start_date": Collaboration.start_date,
        "end_date": Collaboration.end_date,
        "start_year": years[0],
        "end_year": years[1],
        **{f"ikt_{s.value}": standing(s) for s in IktStanding},
        **{f"risk_{theme}": _level(latest, theme) for theme in RISK_THEMES},
        "alerts_open": alerts("open"),
        "alerts_resolved": alerts("resolved"),
        "flagged_since": flagged_since,
    }
    stmt = (
        select(*columns.values())
        .select_from(Collaboration)
        .outerjoin(latest, and_(latest.collaboration_id == Collaboration.id, latest.number == latest_number))
        .where(*counted)
    )
    return insert(PortfolioFact).from_select(list(columns), stmt)


def _level(assessment, theme: str):
    """The theme's level as assessment.levels.normalise reads it: "Very high" and "very-high" are very_high."""
    path = ("partnership", "level") if theme == "partnership" else ("themes", theme, "level")
    raw = assessment.result[path].as_string()
    text = func.lower(func.replace(func.replace(func.trim(raw), " ", "_"), "-", "_"))
    return case((text.in_(LEVELS), text), else_=None)


def _areas(dialect: str, counted: list[ColumnElement[bool]], dimensions: list):
    """Technology areas are a JSON list on the collaboration; each backend unnests it its own way."""
    if dialect == "postgresql":
        areas = func.json_array_elements_text(Collaboration.technology_areas).table_valued("value")
    else:
        areas = func.json_each(Collaboration.technology_areas).table_valued("value")
    stmt = (
        select(Collaboration.id, areas.c.value, *dimensions)
        .select_from(Collaboration)
        .join(areas, true())
        .where(*counted, func.trim(areas.c.value) != "")
        .distinct()
    )
    return insert(PortfolioFactArea).from_select(
        ["collaboration_id", "area", "institution_id", "form", "start_year", "end_year"], stmt)


def _exchanges(counted: list[ColumnElement[bool]]):
    def people(direction: str):
        return func.coalesce(func.sum(case((PersonExchange.direction == direction, PersonExchange.people), else_=0)), 0)

    stmt = (
        select(PersonExchange.collaboration_id, PersonExchange.country_code, PersonExchange.year,
               people("in"), people("out"), Collaboration.institution_id, Collaboration.form)
        .join(Collaboration, Collaboration.id == PersonExchange.collaboration_id)
        .where(*counted)
        .group_by(PersonExchange.collaboration_id, PersonExchange.country_code, PersonExchange.year,
                  Collaboration.institution_id, Collaboration.form)
    )
    return insert(PortfolioFactExchange).from_select(
        ["collaboration_id", "country_code", "year", "people_in", "people_out", "institution_id", "form"], stmt)
