"""Turns what the database holds (the registry and the current list versions) into the engine's input."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from ksdesk.registry.models import Organisation, OrganisationName, OrganisationRelation
from ksdesk.screening.lists.model import ListEntry, ListName, ListVersion
from ksdesk.screening.lists.ror import RegistryOrg
from ksdesk.screening.models import Watchlist, WatchlistEntry, WatchlistVersion
from ksdesk.vocab import ROR_TYPE_OF

LOCAL_PREFIX = "ksdesk:organisation/"
# Part of the index cache key: bump it when what this module hands the engine changes.
SOURCE_FORMAT = 4  # 3: each organisation's kind as ROR writes it, and its status in the registry
# 4: all of a ROR record's kinds, its successors and its web domains, as the registry's dump has them


def registry_entity_id(organisation_id: int, ror_id: str | None) -> str:
    """The registry's id for an organisation in screening results: its ROR id, or a local one."""
    return ror_id or f"{LOCAL_PREFIX}{organisation_id}"


def organisation_id_of(session: Session, entity_id: str) -> int | None:
    if entity_id.startswith(LOCAL_PREFIX):
        return int(entity_id.removeprefix(LOCAL_PREFIX))
    return session.scalar(select(Organisation.id).where(Organisation.ror_id == entity_id))


def state_stamp(session: Session) -> str:
    """Changes whenever anything the index is built from changes.

    The database's triggers (migration 0008_12b) give what the index is built from a new random
    token with every change, by the app, an import or by hand, so this is one read of one row,
    not counts over the whole registry on every screening. On PostgreSQL the token changes once
    per transaction: a transaction that changed the sources itself, and screens before it
    commits, also tells its own statements apart (the session's last value of the change
    sequence) and what a rolled-back savepoint undid (the counts of what it holds)."""
    if session.get_bind().dialect.name != "postgresql":
        return session.execute(text("SELECT token FROM screening_source_state WHERE id = 1")).scalar_one()
    token, own = session.execute(text(
        "SELECT token, xact = txid_current_if_assigned() FROM screening_source_state WHERE id = 1")).one()
    if not own:
        return token
    statement = session.execute(text("SELECT currval('screening_source_changes')")).scalar_one()
    return f"{token}-{statement}-{_contents(session)}"


def _contents(session: Session) -> str:
    orgs = session.execute(select(func.count(Organisation.id), func.max(Organisation.updated_at))).one()
    names = session.scalar(select(func.count(OrganisationName.id)))
    relations = session.scalar(select(func.count(OrganisationRelation.id)))
    # Content digests, not ids: ids can be reused after a rollback, contents cannot lie.
    versions = session.scalars(
        select(WatchlistVersion.sha256).where(WatchlistVersion.is_current.is_(True)).order_by(WatchlistVersion.sha256)
    ).all()
    # An administrator's risk mapping changes the levels of current entries without a new version.
    mappings = session.execute(select(Watchlist.code, Watchlist.risk_mapping).order_by(Watchlist.code)).all()
    mapped = hashlib.sha256(json.dumps([[c, m] for c, m in mappings if m], sort_keys=True).encode()).hexdigest()[:8]
    updated = orgs[1].isoformat() if orgs[1] else "-"
    return f"o{orgs[0]}-{updated}-n{names}-r{relations}-v{'.'.join(v[:12] for v in versions)}-m{mapped}"


def registry_orgs(session: Session) -> list[RegistryOrg]:
    names: dict[int, list[ListName]] = defaultdict(list)
    rows = session.execute(
        select(OrganisationName.organisation_id, OrganisationName.value, OrganisationName.kind,
               OrganisationName.language).order_by(OrganisationName.organisation_id, OrganisationName.id)
    )
    for org_id, value, kind, language in rows:
        names[org_id].append(ListName(value, kind, language))
    parents: dict[int, list[int]] = defaultdict(list)
    for parent_id, child_id in session.execute(select(OrganisationRelation.parent_id, OrganisationRelation.child_id)):
        parents[child_id].append(parent_id)
    orgs = session.execute(
        select(Organisation.id, Organisation.ror_id, Organisation.name, Organisation.country_code,
               Organisation.city, Organisation.org_type, Organisation.ror_status, Organisation.ror_types,
               Organisation.ror_successors, Organisation.ror_domains).order_by(Organisation.id)
    ).all()
    entity_ids = {org_id: registry_entity_id(org_id, ror) for org_id, ror, *_ in orgs}
    result = []
    for org_id, _ror, name, country, city, org_type, status, ror_types, successors, domains in orgs:
        org_names = names.get(org_id) or [ListName(name, "official")]
        if org_names[0].value != name:
            org_names = [ListName(name, "official")] + [n for n in org_names if n.value != name]
        result.append(
            RegistryOrg(
                ror_id=entity_ids[org_id],
                names=org_names,
                country=country.lower() if country else None,
                city=city,
                # An organisation entered here, or registered before migration 0013_12a, has only
                # the desk's kind, put in ROR's words.
                types=list(ror_types or [ROR_TYPE_OF.get(org_type, org_type)]),
                parents=[entity_ids[p] for p in parents.get(org_id, []) if p in entity_ids],
                # A record the registry keeps only for history ranks after a living one, as in the dump.
                status=status or "active",
                # ROR ids, as the engine looks them up; one outside this registry is passed over.
                successors=list(successors or []),
                domains=list(domains or []),
            )
        )
    return result


def current_lists(session: Session) -> list[ListVersion]:
    versions = session.execute(
        select(WatchlistVersion, Watchlist).join(Watchlist).where(WatchlistVersion.is_current.is_(True))
    ).all()
    result = []
    for version, watchlist in versions:
        entries = [
            entry_from_row(row)
            for row in session.scalars(select(WatchlistEntry).where(WatchlistEntry.version_id == version.id)
                                       .order_by(WatchlistEntry.id))
        ]
        result.append(ListVersion(source=watchlist.code, title=watchlist.title, version_date=version.version_date,
                                  entries=entries, authority=watchlist.authority, url=watchlist.url))
    return result


def entry_from_row(row: WatchlistEntry) -> ListEntry:
    return ListEntry(
        entity_id=row.entity_id,
        names=[ListName(n["value"], n["kind"], n.get("lang")) for n in row.names],
        country=row.country.lower() if row.country else None,
        category=row.category,
        reason=row.reason,
        source_ref=row.source_ref,
        risk_level=row.risk_level,
        parent_entity_id=row.parent_entity_id,
        schema=row.schema,
        extra=dict(row.extra or {}),
    )
