"""Watchlists and their versions, screening reviews, alerts and bulk screening jobs."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Float, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ksdesk.db import Base, utcnow


class Watchlist(Base):
    __tablename__ = "watchlist"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    authority: Mapped[str | None] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(String(500))
    licence: Mapped[str | None] = mapped_column(Text)
    # An administrator's override of the shipped risk-level mapping for this list.
    risk_mapping: Mapped[dict | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    versions: Mapped[list[WatchlistVersion]] = relationship(
        back_populates="watchlist", order_by="WatchlistVersion.id", lazy="raise"
    )


class WatchlistVersion(Base):
    __tablename__ = "watchlist_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    watchlist_id: Mapped[int] = mapped_column(ForeignKey("watchlist.id"), index=True)
    version_date: Mapped[date | None] = mapped_column(Date)
    loaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    loaded_by: Mapped[str] = mapped_column(String(254))
    source_file: Mapped[str | None] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64))
    entry_count: Mapped[int] = mapped_column(Integer)
    is_current: Mapped[bool] = mapped_column(default=True, index=True)
    added_count: Mapped[int] = mapped_column(Integer, default=0)
    removed_count: Mapped[int] = mapped_column(Integer, default=0)
    changed_count: Mapped[int] = mapped_column(Integer, default=0)
    # {"added": [entity ids], "removed": [...], "changed": [{"entity_id", "fields": {field: [old, new]}}]}
    diff: Mapped[dict] = mapped_column(default=dict)

    watchlist: Mapped[Watchlist] = relationship(back_populates="versions", lazy="joined")


class WatchlistEntry(Base):
    __tablename__ = "watchlist_entry"
    __table_args__ = (UniqueConstraint("version_id", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("watchlist_version.id", ondelete="CASCADE"), index=True)
    entity_id: Mapped[str] = mapped_column(String(128))
    name: Mapped[str] = mapped_column(String(1000))
    # [{"value", "kind", "lang"}]: every name the list gives, with its kind.
    names: Mapped[list] = mapped_column(default=list)
    country: Mapped[str | None] = mapped_column(String(2))
    category: Mapped[str | None] = mapped_column(String(300))
    reason: Mapped[str | None] = mapped_column(Text)
    source_ref: Mapped[str | None] = mapped_column(String(1000))
    risk_level: Mapped[str | None] = mapped_column(String(16))
    parent_entity_id: Mapped[str | None] = mapped_column(String(128))
    schema: Mapped[str] = mapped_column(String(16), default="organization")
    extra: Mapped[dict] = mapped_column(default=dict)
    linked_organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    link_method: Mapped[str | None] = mapped_column(String(16))
    link_score: Mapped[float | None] = mapped_column(Float)


class ScreeningReview(Base):
    """A reviewer's decision on one candidate for one normalised name, for the reviewer's institution.

    The latest one counts, within the institution (national roles see every institution's);
    ``reviewer_label`` is the reviewer's name, never their address.
    """

    __tablename__ = "screening_review"
    __table_args__ = (Index("ix_screening_review_key", "normalised_name", "list_code", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    normalised_name: Mapped[str] = mapped_column(String(1000))
    query: Mapped[str] = mapped_column(String(1000))
    list_code: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str] = mapped_column(String(128))
    decision: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(Text)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    reviewer_label: Mapped[str] = mapped_column(String(254))
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("institution.id"), index=True)
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)


class ScreeningAlert(Base):
    """A new watchlist hit on a partner of an active collaboration, for that institution's advisors."""

    __tablename__ = "screening_alert"
    __table_args__ = (Index("ix_screening_alert_open", "institution_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    collaboration_id: Mapped[int] = mapped_column(ForeignKey("collaboration.id", ondelete="CASCADE"), index=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    partner_name: Mapped[str] = mapped_column(String(500))
    list_code: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str] = mapped_column(String(128))
    listed_name: Mapped[str] = mapped_column(String(1000))
    matched_name: Mapped[str] = mapped_column(String(1000))
    score: Mapped[float] = mapped_column(Float)
    level: Mapped[str | None] = mapped_column(String(16))
    explanation: Mapped[str] = mapped_column(Text)  # in English, for the audit trail and the API
    # Why it matched as explain.py's [code, parameters] pairs, which a page puts in its reader's
    # language; None for an alert raised before they were kept.
    reasons: Mapped[list | None]
    version_id: Mapped[int | None] = mapped_column(ForeignKey("watchlist_version.id"))
    status: Mapped[str] = mapped_column(String(16), default="open")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]
    resolved_by: Mapped[str | None] = mapped_column(String(254))
    resolution: Mapped[str | None] = mapped_column(Text)
    # The review of the hit that closed the alert, if a review did.
    review_id: Mapped[int | None] = mapped_column(ForeignKey("screening_review.id"))
    review: Mapped[ScreeningReview | None] = relationship(lazy="selectin")


class ScreeningJob(Base):
    """A bulk screening run in the background; its results are kept with it for download."""

    __tablename__ = "screening_job"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("institution.id"))
    file_name: Mapped[str] = mapped_column(String(300))
    column: Mapped[str | None] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(2))
    country_column: Mapped[str | None] = mapped_column(String(200))
    input_data: Mapped[bytes] = mapped_column(LargeBinary)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    total: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)
    hits: Mapped[int] = mapped_column(Integer, default=0)
    result_data: Mapped[bytes | None] = mapped_column(LargeBinary)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]


class RescreenOwed(Base):
    """A re-screening that a committed list or registry update still owes its collaborations:
    written in the update's own transaction and deleted in the one that raises the alerts, so that
    a process killed between the two leaves it for the next re-screening or the worker's pickup."""

    __tablename__ = "screening_rescreen_owed"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The lists whose hits to screen for; None for every list (a new registry).
    lists: Mapped[list | None]
    reason: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
