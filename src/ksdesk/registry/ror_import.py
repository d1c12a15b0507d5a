"""Bulk import of the organisation registry (ROR records) with names and parent/child links.

Fifty thousand organisations are written with set-based inserts inside the caller's
transaction: a run that fails or is killed half-way leaves the registry as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ksdesk import audit
from ksdesk.accounts.principal import Principal
from ksdesk.registry.models import CountryProfile, Organisation, OrganisationName, OrganisationRelation
from ksdesk.registry.scripts import script_of
from ksdesk.text import shortened
from ksdesk.vocab import ROR_TYPE_MAP, OrganisationType

BATCH = 2000


@dataclass
class RegistryImportReport:
    seen: int = 0
    added: int = 0
    names: int = 0
    relations: int = 0


def _org_type(types: list[str]) -> str:
    for t in types:
        if t in ROR_TYPE_MAP:
            return ROR_TYPE_MAP[t].value
    return OrganisationType.OTHER.value


def organisation_row(record, known_countries: set[str]) -> dict:
    """The organisation's columns as the registry stores a ROR record (also to compare with a newer one)."""
    country = (record.country or "").upper()
    return {
        "name": shortened(record.names[0].value, 500),
        "ror_id": record.ror_id,
        "country_code": country if country in known_countries else None,
        "org_type": _org_type(record.types),
        "city": (record.city or None) and shortened(record.city, 200),
        "established": record.established,
        "ror_status": shortened(record.status or "active", 16),
        "ror_types": list(record.types),
        "ror_successors": list(record.successors),
        "ror_domains": list(record.domains),
    }


def name_rows_of(record, org_id: int, *, with_script: bool = True) -> list[dict]:
    """The name rows of a record; without their script when they are only compared."""
    rows: list[dict] = []
    seen: set[tuple[str, str]] = set()
    for name in record.names:
        key = (shortened(name.value, 500), name.kind)
        if key in seen:  # two names equal once shortened to the column's length (the ellipsis marks it)
            continue
        seen.add(key)
        rows.append({"organisation_id": org_id, "value": key[0], "kind": name.kind,
                     "language": (name.lang or None) and name.lang[:8],
                     "script": script_of(name.value) if with_script else None})
    return rows


def import_registry(
    session: Session,
    actor: Principal,
    records: Iterable,
    *,
    source: str,
    progress: Callable[[int], None] | None = None,
) -> RegistryImportReport:
    """Adds every record whose ROR id is not registered yet; existing organisations are kept as they are."""
    report = RegistryImportReport()
    known_countries = set(session.scalars(select(CountryProfile.code)))
    ror_to_id: dict[str, int] = {
        ror: org_id for ror, org_id in
        session.execute(select(Organisation.ror_id, Organisation.id).where(Organisation.ror_id.is_not(None)))
        if ror is not None
    }
    pending_parents: list[tuple[str, str]] = []
    batch: list = []

    def flush_batch() -> None:
        if not batch:
            return
        rows = [dict(organisation_row(r, known_countries), website=None) for r in batch]
        ids = session.scalars(
            insert(Organisation).returning(Organisation.id, sort_by_parameter_order=True), rows
        ).all()
        name_rows = []
        for record, org_id in zip(batch, ids, strict=True):
            ror_to_id[record.ror_id] = org_id
            name_rows.extend(name_rows_of(record, org_id))
            pending_parents.extend((parent, record.ror_id) for parent in record.parents)
        if name_rows:
            session.execute(insert(OrganisationName), name_rows)
        report.added += len(batch)
        report.names += len(name_rows)
        if progress:
            progress(len(batch))
        batch.clear()

    for record in records:
        report.seen += 1
        if record.ror_id in ror_to_id:
            if progress:
                progress(1)
            continue
        batch.append(record)
        if len(batch) >= BATCH:
            flush_batch()
    flush_batch()

    existing_links: set[tuple[int, int]] = {
        (parent, child)
        for parent, child in session.execute(select(OrganisationRelation.parent_id, OrganisationRelation.child_id))
    }
    link_rows = []
    for parent_ror, child_ror in pending_parents:
        parent_id, child_id = ror_to_id.get(parent_ror), ror_to_id.get(child_ror)
        # A parent outside the registry copy cannot be linked; the child is kept without it.
        if parent_id and child_id and parent_id != child_id and (parent_id, child_id) not in existing_links:
            existing_links.add((parent_id, child_id))
            link_rows.append({"parent_id": parent_id, "child_id": child_id})
    for start in range(0, len(link_rows), BATCH):
        session.execute(insert(OrganisationRelation), link_rows[start : start + BATCH])
    report.relations = len(link_rows)
    audit.record(session, actor, "registry.import", "registry", source,
                 after={"records": report.seen, "added": report.added, "names": report.names,
                        "relations": report.relations})
    session.flush()
    return report
