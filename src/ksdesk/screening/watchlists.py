"""Loading a watchlist file as a new version: entries, risk levels, links to the registry, and the diff."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from ksdesk import audit
from ksdesk.accounts.principal import Principal
from ksdesk.country_names import country_code
from ksdesk.errors import Forbidden, NotFound, ValidationFailed
from ksdesk.screening import owed, source
from ksdesk.screening.lists import risk
from ksdesk.screening.lists.aspi import parse_risk
from ksdesk.screening.lists.model import ListEntry, ListVersion
from ksdesk.screening.models import Watchlist, WatchlistEntry, WatchlistVersion
from ksdesk.screening.service import ENTITY_ID_LENGTH
from ksdesk.text import shortened
from ksdesk.vocab import Role

COMPARED_FIELDS = ("name", "names", "country", "category", "reason", "source_ref", "risk_level", "parent_entity_id")
BATCH = 1000


@dataclass
class LoadReport:
    code: str
    version_id: int | None
    entries: int
    added: int
    removed: int
    changed: int
    unchanged_file: bool = False


def fingerprint(version: ListVersion) -> str:
    """A digest of what the list says, so that loading the same content twice makes no new version."""
    payload = [
        (e.entity_id, [tuple(n) for n in e.names], e.country, e.category, e.reason, e.source_ref, e.risk_level,
         e.parent_entity_id)
        for e in sorted(version.entries, key=lambda e: e.entity_id)
    ]
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, default=str).encode()).hexdigest()


def _row(entry: ListEntry) -> dict:
    return {
        "entity_id": entry.entity_id,
        "name": shortened(entry.name, 1000),
        "names": [{"value": n.value, "kind": n.kind, "lang": n.lang} for n in entry.names],
        "country": country_code(entry.country),
        "category": (entry.category or None) and shortened(entry.category, 300),
        "reason": entry.reason,
        "source_ref": (entry.source_ref or None) and shortened(entry.source_ref, 1000),
        "risk_level": entry.risk_level,
        "parent_entity_id": entry.parent_entity_id,
        "schema": entry.schema,
        "extra": json.loads(json.dumps(entry.extra, ensure_ascii=False, default=str)),
    }


def _diff(old: dict[str, dict], new: dict[str, dict]) -> dict:
    added = sorted(set(new) - set(old))
    removed = sorted(set(old) - set(new))
    changed = []
    for entity_id in sorted(set(old) & set(new)):
        fields = {f: [old[entity_id].get(f), new[entity_id].get(f)] for f in COMPARED_FIELDS
                  if old[entity_id].get(f) != new[entity_id].get(f)}
        if fields:
            changed.append({"entity_id": entity_id, "fields": fields})
    return {"added": added, "removed": removed, "changed": changed}


def _effective_mapping(watchlist: Watchlist | None) -> dict:
    mapping = json.loads(json.dumps(risk.load_mapping()))
    if watchlist is not None and watchlist.risk_mapping:
        mapping["lists"][watchlist.code] = watchlist.risk_mapping
    return mapping


def _source_level(entry: ListEntry) -> str | None:
    """The list's own level, before the mapping: ASPI states it in words."""
    return parse_risk(entry.extra.get("risk_statement")) if entry.extra.get("risk_statement") else None


def load_version(session: Session, actor: Principal, version: ListVersion, *, source_file: str | None = None
                 ) -> LoadReport:
    """Stores a list version; the previous one stays readable and the difference is kept with the new one."""
    if not actor.has_role(Role.ADMIN):
        raise Forbidden("only an administrator can load watchlists", code="role_not_allowed")
    too_long = sorted({e.entity_id for e in version.entries if len(e.entity_id) > ENTITY_ID_LENGTH})
    if too_long:
        # An id cut to fit would name another entity, or none: the list is refused instead.
        raise ValidationFailed(f"{len(too_long)} entity ids are longer than {ENTITY_ID_LENGTH} characters, "
                               f"e.g. {too_long[0]!r}", code="entity_id_too_long",
                               params={"count": len(too_long), "n": ENTITY_ID_LENGTH})
    watchlist = session.scalar(select(Watchlist).where(Watchlist.code == version.source))
    if watchlist is None:
        watchlist = Watchlist(code=version.source, title=version.title, authority=version.authority,
                              url=version.url, licence=version.licence)
        session.add(watchlist)
        session.flush()
    else:
        watchlist.title, watchlist.authority = version.title, version.authority or watchlist.authority
        watchlist.url, watchlist.licence = version.url or watchlist.url, version.licence or watchlist.licence
    if watchlist.risk_mapping:
        mapping = _effective_mapping(watchlist)
        for entry in version.entries:
            entry.risk_level = _source_level(entry)
        risk.apply(version, mapping)
    digest = fingerprint(version)
    current = session.scalar(
        select(WatchlistVersion).where(WatchlistVersion.watchlist_id == watchlist.id,
                                       WatchlistVersion.is_current.is_(True))
    )
    if current is not None and current.sha256 == digest:
        return LoadReport(watchlist.code, current.id, current.entry_count, 0, 0, 0, unchanged_file=True)

    new_rows: dict[str, dict[str, Any]] = {}
    for entry in version.entries:
        new_rows.setdefault(entry.entity_id, _row(entry))
    old_rows = {}
    if current is not None:
        for row in session.scalars(select(WatchlistEntry).where(WatchlistEntry.version_id == current.id)):
            old_rows[row.entity_id] = {f: getattr(row, f) for f in COMPARED_FIELDS}
        current.is_current = False
    diff = _diff(old_rows, {k: {f: v.get(f) for f in COMPARED_FIELDS} for k, v in new_rows.items()})
    stored = WatchlistVersion(
        watchlist_id=watchlist.id, version_date=version.version_date, loaded_by=actor.label, source_file=source_file,
        sha256=digest, entry_count=len(new_rows), is_current=True, added_count=len(diff["added"]),
        removed_count=len(diff["removed"]), changed_count=len(diff["changed"]),
        diff=diff if current is not None else {"added": [], "removed": [], "changed": []},
    )
    session.add(stored)
    session.flush()
    rows = [dict(row, version_id=stored.id) for row in new_rows.values()]
    for start in range(0, len(rows), BATCH):
        session.execute(insert(WatchlistEntry), rows[start : start + BATCH])
    audit.record(session, actor, "watchlist.load_version", "watchlist", watchlist.code,
                 after={"version_id": stored.id, "version_date": version.version_date, "entries": len(new_rows),
                        "added": stored.added_count, "removed": stored.removed_count,
                        "changed": stored.changed_count, "file": source_file})
    owed.owe(session, {watchlist.code}, f"{watchlist.code} version {stored.id}")
    return LoadReport(watchlist.code, stored.id, len(new_rows), stored.added_count, stored.removed_count,
                      stored.changed_count)


def link_current_entries(session: Session, index) -> int:
    """Records, per entry of the current versions, the registry organisation the index ties it to."""
    linked = 0
    rows = session.execute(
        select(WatchlistEntry.id, WatchlistEntry.entity_id, Watchlist.code)
        .join(WatchlistVersion, WatchlistVersion.id == WatchlistEntry.version_id)
        .join(Watchlist, Watchlist.id == WatchlistVersion.watchlist_id)
        .where(WatchlistVersion.is_current.is_(True), WatchlistEntry.link_method.is_(None))
    ).all()
    updates = []
    for row_id, entity_id, code in rows:
        entity = index.entity(code, entity_id)
        if entity is None or not entity.links:
            continue
        registry = index.entities[entity.links[0][0]]
        organisation_id = source.organisation_id_of(session, registry.entity_id)
        if organisation_id is not None:
            updates.append({"row_id": row_id, "org": organisation_id, "score": entity.links[0][1]})
    for u in updates:
        session.execute(
            update(WatchlistEntry).where(WatchlistEntry.id == u["row_id"])
            .values(linked_organisation_id=u["org"], link_method="screening", link_score=u["score"])
        )
        linked += 1
    return linked


def list_watchlists(session: Session) -> list[tuple[Watchlist, WatchlistVersion | None]]:
    rows = session.execute(
        select(Watchlist, WatchlistVersion)
        .outerjoin(WatchlistVersion, (WatchlistVersion.watchlist_id == Watchlist.id)
                   & WatchlistVersion.is_current.is_(True))
        .order_by(Watchlist.code)
    ).all()
    return [(w, v) for w, v in rows]


def versions_of(session: Session, code: str) -> tuple[Watchlist, list[WatchlistVersion]]:
    watchlist = session.scalar(select(Watchlist).where(Watchlist.code == code))
    if watchlist is None:
        raise NotFound(f"no watchlist {code!r}", code="watchlist_not_found")
    versions = session.scalars(
        select(WatchlistVersion).where(WatchlistVersion.watchlist_id == watchlist.id)
        .order_by(WatchlistVersion.id.desc())
    ).all()
    return watchlist, list(versions)


def set_risk_mapping(session: Session, actor: Principal, code: str, mapping: dict | None) -> int:
    """An administrator's mapping for one list; re-applied at once to its current entries."""
    if not actor.has_role(Role.ADMIN):
        raise Forbidden("only an administrator can change risk levels", code="role_not_allowed")
    watchlist, versions = versions_of(session, code)
    before = watchlist.risk_mapping
    watchlist.risk_mapping = mapping
    effective = _effective_mapping(watchlist)
    current = next((v for v in versions if v.is_current), None)
    changed = 0
    if current is not None:
        for row in session.scalars(select(WatchlistEntry).where(WatchlistEntry.version_id == current.id)):
            entry = source.entry_from_row(row)
            entry.risk_level = _source_level(entry)
            list_id = "aspi-unitracker-part" if code == "aspi-unitracker" and entry.parent_entity_id else code
            level = risk.level_for(list_id, entry, effective)
            if level != row.risk_level:
                row.risk_level = level
                changed += 1
    audit.record(session, actor, "watchlist.risk_mapping", "watchlist", code, before={"mapping": before},
                 after={"mapping": mapping, "entries_changed": changed})
    return changed


def as_dict(report: LoadReport) -> dict:
    return asdict(report)
