"""What happened each time a source was updated: the record `ksdesk sources status` and the lists page read."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ksdesk.db import Base, utcnow


class SourceUpdate(Base):
    """One attempt to update one source. Rows are only added: the history of a source is its rows."""

    __tablename__ = "source_update"
    __table_args__ = (Index("ix_source_update_source", "source_code", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_code: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(254))
    # applied: a new version is in use; unchanged: the source still publishes the version in use;
    # held: a suspicious version waits for an administrator; refused: the download or its checks
    # failed; discarded: an administrator threw a held version away.
    status: Mapped[str] = mapped_column(String(16))
    reason_code: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str | None] = mapped_column(Text)
    params: Mapped[dict] = mapped_column(default=dict)
    snapshot: Mapped[str | None] = mapped_column(String(100))  # the version's folder under KSDESK_SOURCES_DIR
    digest: Mapped[str | None] = mapped_column(String(64))
    entries: Mapped[int | None] = mapped_column(Integer)
    previous_entries: Mapped[int | None] = mapped_column(Integer)
    watchlist_version_id: Mapped[int | None] = mapped_column(ForeignKey("watchlist_version.id"))
    added: Mapped[int | None] = mapped_column(Integer)
    removed: Mapped[int | None] = mapped_column(Integer)
    changed: Mapped[int | None] = mapped_column(Integer)
