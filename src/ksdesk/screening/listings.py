"""Where an organisation is listed: the entries of the lists in use that are linked to it in the
registry (when a list is loaded, its entries are linked to the organisation they name)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ksdesk.screening.models import Watchlist, WatchlistEntry, WatchlistVersion

LEVEL_ORDER = {"very high": 0, "high": 1, "medium": 2, "low": 3}


@dataclass(frozen=True)
class Listing:
    list_code: str
    list_title: str
    listed_name: str
    risk_level: str | None
    category: str | None
    reason: str | None
    source_ref: str | None
    version_date: object


def listings_of(session: Session, organisation_id: int) -> list[Listing]:
    """The organisation's entries on the current version of every list, the highest level first."""
    rows = session.execute(
        select(Watchlist.code, Watchlist.title, WatchlistEntry.name, WatchlistEntry.risk_level,
               WatchlistEntry.category, WatchlistEntry.reason, WatchlistEntry.source_ref,
               WatchlistVersion.version_date)
        .join(WatchlistVersion, WatchlistVersion.id == WatchlistEntry.version_id)
        .join(Watchlist, Watchlist.id == WatchlistVersion.watchlist_id)
        .where(WatchlistEntry.linked_organisation_id == organisation_id, WatchlistVersion.is_current.is_(True))
    ).all()
    found = [Listing(*row) for row in rows]
    return sorted(found, key=lambda x: (LEVEL_ORDER.get(x.risk_level or "", 9), x.list_title, x.listed_name))
