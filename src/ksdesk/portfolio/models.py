"""The portfolio's facts: narrow rows derived from the registry, screening and assessments.

One row per collaboration that counts (not a draft, not declined), and one per country, technology
area and exchange country and year of it. Each row carries the columns every filter of the
overview uses (institution, form, first and last year), so a figure is one scan of one small
indexed table instead of joins over the wide source tables, JSON lists and assessment versions.
They are recounted from the source rows (facts.py) in the transaction that changes those rows
(upkeep.py), never edited on their own, and therefore have no audit events: the change that
moved them is audited where it was made.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ksdesk.db import Base


def _collaboration() -> ForeignKey:
    return ForeignKey("collaboration.id", ondelete="CASCADE")


class PortfolioFact(Base):
    __tablename__ = "portfolio_fact"
    # SQLite aggregates by sorting: an index in the order of a figure's GROUP BY that holds every
    # column the figure reads lets it count in one pass over the index, without a sort or table reads.
    __table_args__ = (
        Index("ix_portfolio_fact_institution_form", "institution_id", "form"),
        # With a form chosen, every figure reads this one: it holds every column they need.
        Index("ix_portfolio_fact_summary", "form", "institution_id", "start_year", "end_year", "ikt_focus",
              "ikt_like_minded", "ikt_phase_out", "ikt_other", "alerts_open", "alerts_resolved", "flagged_since",
              "start_date", "end_date", "risk_knowledge_transfer", "risk_influence", "risk_ethics",
              "risk_partnership"),
        Index("ix_portfolio_fact_started", "start_year", "start_date", "institution_id", "form", "end_year"),
        Index("ix_portfolio_fact_ended", "end_year", "end_date", "institution_id", "form", "start_year"),
        Index("ix_portfolio_fact_risk", "risk_knowledge_transfer", "risk_influence", "risk_ethics",
              "risk_partnership", "institution_id", "form", "start_year", "end_year"),
        # The advisor's lists of their own collaborations with open alerts or open flags.
        Index("ix_portfolio_fact_alerts_open", "institution_id", "alerts_open"),
        Index("ix_portfolio_fact_flagged_since", "institution_id", "flagged_since"),
    )

    collaboration_id: Mapped[int] = mapped_column(_collaboration(), primary_key=True)
    institution_id: Mapped[int] = mapped_column(Integer)
    form: Mapped[str] = mapped_column(String(32))
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    # The period filter works in whole years, so the years are kept beside the dates.
    start_year: Mapped[int | None] = mapped_column(Integer)
    end_year: Mapped[int | None] = mapped_column(Integer)
    # 1 when at least one partner country has this IKT standing: a collaboration with a focus
    # country and a like-minded one counts once under each.
    ikt_focus: Mapped[int] = mapped_column(Integer, default=0)
    ikt_like_minded: Mapped[int] = mapped_column(Integer, default=0)
    ikt_phase_out: Mapped[int] = mapped_column(Integer, default=0)
    ikt_other: Mapped[int] = mapped_column(Integer, default=0)
    # The level per theme of the latest assessment version (None: not assessed, or no level).
    risk_knowledge_transfer: Mapped[str | None] = mapped_column(String(16))
    risk_influence: Mapped[str | None] = mapped_column(String(16))
    risk_ethics: Mapped[str | None] = mapped_column(String(16))
    risk_partnership: Mapped[str | None] = mapped_column(String(16))
    alerts_open: Mapped[int] = mapped_column(Integer, default=0)
    alerts_resolved: Mapped[int] = mapped_column(Integer, default=0)
    # When the oldest re-assessment flag still open was raised; None when none is open.
    flagged_since: Mapped[datetime | None]


class PortfolioFactCountry(Base):
    __tablename__ = "portfolio_fact_country"
    __table_args__ = (
        Index("ix_portfolio_fact_country_country", "country_code", "institution_id", "form", "start_year", "end_year"),
        Index("ix_portfolio_fact_country_institution", "institution_id", "country_code"),
    )

    collaboration_id: Mapped[int] = mapped_column(_collaboration(), primary_key=True)
    country_code: Mapped[str] = mapped_column(String(2), primary_key=True)
    institution_id: Mapped[int] = mapped_column(Integer)
    form: Mapped[str] = mapped_column(String(32))
    start_year: Mapped[int | None] = mapped_column(Integer)
    end_year: Mapped[int | None] = mapped_column(Integer)


class PortfolioFactArea(Base):
    __tablename__ = "portfolio_fact_area"
    __table_args__ = (
        Index("ix_portfolio_fact_area_area", "area", "institution_id", "form", "start_year", "end_year"),
    )

    collaboration_id: Mapped[int] = mapped_column(_collaboration(), primary_key=True)
    area: Mapped[str] = mapped_column(Text, primary_key=True)
    institution_id: Mapped[int] = mapped_column(Integer)
    form: Mapped[str] = mapped_column(String(32))
    start_year: Mapped[int | None] = mapped_column(Integer)
    end_year: Mapped[int | None] = mapped_column(Integer)


class PortfolioFactExchange(Base):
    """People in and out per collaboration, partner country and year."""

    __tablename__ = "portfolio_fact_exchange"
    __table_args__ = (
        Index("ix_portfolio_fact_exchange_country", "country_code", "collaboration_id", "year", "people_in",
              "people_out", "institution_id", "form"),
        Index("ix_portfolio_fact_exchange_year", "year", "collaboration_id", "country_code", "people_in",
              "people_out", "institution_id", "form"),
    )

    collaboration_id: Mapped[int] = mapped_column(_collaboration(), primary_key=True)
    country_code: Mapped[str] = mapped_column(String(2), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    people_in: Mapped[int] = mapped_column(Integer)
    people_out: Mapped[int] = mapped_column(Integer)
    institution_id: Mapped[int] = mapped_column(Integer)
    form: Mapped[str] = mapped_column(String(32))


FACT_TABLES = (PortfolioFact, PortfolioFactCountry, PortfolioFactArea, PortfolioFactExchange)
