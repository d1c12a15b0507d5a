"""How current each list in use is: its version date against its publisher's rhythm.

A list older than the frequency the catalogue gives it is stale: screening against it may miss
recent listings. The screening page, the lists page, the assessment and its report all read this;
a list the catalogue does not know (loaded by hand) has no rhythm and is never called stale.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ksdesk.screening.models import Watchlist, WatchlistVersion
from ksdesk.sources.catalogue import Source, load_catalogue
from ksdesk.sources.models import SourceUpdate


@dataclass(frozen=True)
class Freshness:
    code: str
    title: str
    version_date: date | None
    frequency_days: int | None
    stale: bool

    def as_dict(self) -> dict:
        return {"code": self.code, "title": self.title,
                "version_date": self.version_date.isoformat() if self.version_date else None,
                "frequency_days": self.frequency_days, "stale": self.stale}


def is_stale(source: Source, version_date: date | None, checked_at: datetime | None, now: datetime) -> bool:
    """Older than the publisher's rhythm: neither the version's own date nor a check that found it
    still current is within one period of the source's frequency."""
    newest = max([d for d in (version_date, checked_at.date() if checked_at else None) if d], default=None)
    return newest is None or now.date() - newest > timedelta(days=source.frequency_days)


def lists(session: Session, now: datetime | None = None) -> dict[str, Freshness]:
    """Every list with a version in use, by code: its version date and whether it is stale."""
    now = now or datetime.now(UTC)
    catalogue = load_catalogue()
    checked = dict(session.execute(
        select(SourceUpdate.source_code, func.max(SourceUpdate.at))
        .where(SourceUpdate.status.in_(("applied", "unchanged"))).group_by(SourceUpdate.source_code)).all())
    out = {}
    for code, title, version_date in session.execute(
            select(Watchlist.code, Watchlist.title, WatchlistVersion.version_date)
            .join(WatchlistVersion, WatchlistVersion.watchlist_id == Watchlist.id)
            .where(WatchlistVersion.is_current.is_(True)).order_by(Watchlist.code)):
        source = catalogue.get(code)
        stale = source is not None and is_stale(source, version_date, checked.get(code), now)
        out[code] = Freshness(code, title, version_date, source.frequency_days if source else None, stale)
    return out


def stale(session: Session, now: datetime | None = None) -> list[Freshness]:
    return [f for f in lists(session, now).values() if f.stale]
