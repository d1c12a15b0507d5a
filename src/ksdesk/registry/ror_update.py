"""Applying a whole ROR dump to the registry as a new version: new, changed, withdrawn and merged records.

The dump is read twice as a stream and handled in batches, so memory holds one batch of
records (and the ids of the registry) whatever the dump's size:
1. records not registered yet are added with their names and links (``import_registry``);
2. every record already registered is compared with its row, names and parent links, and
   brought up to date where ROR changed it;
3. a withdrawn record whose successor is registered hands its collaborations to the successor.
Everything runs in the caller's transaction: a dump that fails half-way changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from itertools import islice
from pathlib import Path

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from ksdesk import audit
from ksdesk.accounts.principal import Principal
from ksdesk.registry.models import (
    CollaborationPartner,
    CountryProfile,
    Organisation,
    OrganisationName,
    OrganisationRelation,
)
from ksdesk.registry.ror_dump import read_dump
from ksdesk.registry.ror_import import BATCH, import_registry, name_rows_of, organisation_row

COMPARED = ("name", "country_code", "org_type", "city", "established", "ror_status")


@dataclass
class RegistryUpdateReport:
    seen: int = 0
    added: int = 0
    changed: int = 0
    withdrawn: int = 0  # records that became withdrawn with this dump
    merged: int = 0  # collaborations handed from a withdrawn record to its successor
    relations_added: int = 0
    relations_removed: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


def _names_key(rows) -> set[tuple]:
    return {(r["value"], r["kind"], r["language"]) for r in rows}


def apply_dump(session: Session, actor: Principal, path: str | Path, *, source_name: str,
               progress: Callable[[int], None] | None = None) -> RegistryUpdateReport:
    report = RegistryUpdateReport()
    imported = import_registry(session, actor, read_dump(path), source=source_name)
    report.added, report.relations_added = imported.added, imported.relations
    known_countries = set(session.scalars(select(CountryProfile.code)))
    successions: list[tuple[str, list[str]]] = []
    records = read_dump(path)
    while batch := list(islice(records, BATCH)):
        report.seen += len(batch)
        _update_batch(session, batch, known_countries, report, successions)
        if progress:
            progress(len(batch))
    _hand_over(session, actor, successions, report)
    audit.record(session, actor, "registry.update", "registry", source_name, after=report.as_dict())
    session.flush()
    return report


def _update_batch(session: Session, batch: list, known_countries: set[str], report: RegistryUpdateReport,
                  successions: list[tuple[str, list[str]]]) -> None:
    by_ror = {r.ror_id: r for r in batch}
    rows = session.execute(select(Organisation.id, Organisation.ror_id, Organisation.replaced_by_id,
                                  *(getattr(Organisation, c) for c in COMPARED))
                           .where(Organisation.ror_id.in_(list(by_ror)))).all()
    ids = {row.ror_id: row.id for row in rows}
    parents_wanted = {p for r in batch for p in r.parents}
    parent_ids: dict[str, int] = {ror: org_id for ror, org_id in session.execute(
        select(Organisation.ror_id, Organisation.id).where(Organisation.ror_id.in_(list(parents_wanted)))) if ror}
    names: dict[int, list[dict]] = {}
    for org_id, value, kind, language in session.execute(
            select(OrganisationName.organisation_id, OrganisationName.value, OrganisationName.kind,
                   OrganisationName.language).where(OrganisationName.organisation_id.in_(list(ids.values())))):
        names.setdefault(org_id, []).append({"value": value, "kind": kind, "language": language})
    links: dict[int, set[int]] = {}
    for parent_id, child_id in session.execute(select(OrganisationRelation.parent_id, OrganisationRelation.child_id)
                                               .where(OrganisationRelation.child_id.in_(list(ids.values())))):
        links.setdefault(child_id, set()).add(parent_id)
    ror_parent_ids = set(session.scalars(select(Organisation.id).where(
        Organisation.id.in_({p for ps in links.values() for p in ps}), Organisation.ror_id.is_not(None))))

    for row in rows:
        record = by_ror[row.ror_id]
        wanted = organisation_row(record, known_countries)
        changed = {c: wanted[c] for c in COMPARED if getattr(row, c) != wanted[c]}
        new_names = name_rows_of(record, row.id, with_script=False)
        names_changed = _names_key(new_names) != _names_key(names.get(row.id, []))
        if changed:
            session.execute(update(Organisation).where(Organisation.id == row.id).values(**changed))
            if changed.get("ror_status") == "withdrawn":
                report.withdrawn += 1
        if names_changed:
            session.execute(delete(OrganisationName).where(OrganisationName.organisation_id == row.id))
            session.execute(insert(OrganisationName), name_rows_of(record, row.id))
        if changed or names_changed:
            report.changed += 1
        # Parent links between ROR records follow ROR; a link an administrator made to a local
        # organisation (one without a ROR id) is left alone.
        want = {parent_ids[p] for p in record.parents if p in parent_ids and parent_ids[p] != row.id}
        have = links.get(row.id, set())
        stale = (have & ror_parent_ids) - want
        missing = want - have
        if stale:
            session.execute(delete(OrganisationRelation).where(OrganisationRelation.child_id == row.id,
                                                               OrganisationRelation.parent_id.in_(stale)))
            report.relations_removed += len(stale)
        if missing:
            session.execute(insert(OrganisationRelation), [{"parent_id": p, "child_id": row.id} for p in missing])
            report.relations_added += len(missing)
        # A withdrawn record is handed over once: when it becomes withdrawn, or if it never was.
        if record.status == "withdrawn" and record.successors and (row.replaced_by_id is None or "ror_status" in changed):
            successions.append((record.ror_id, record.successors))


def _hand_over(session: Session, actor: Principal, successions: list[tuple[str, list[str]]],
               report: RegistryUpdateReport) -> None:
    """A withdrawn record's successor takes over its place in collaborations (ROR merged the two)."""
    for ror_id, successors in successions:
        old_id = session.scalar(select(Organisation.id).where(Organisation.ror_id == ror_id))
        new_id = session.scalar(select(Organisation.id).where(Organisation.ror_id == successors[0]))
        if old_id is None or new_id is None or new_id == old_id:
            continue
        session.execute(update(Organisation).where(Organisation.id == old_id).values(replaced_by_id=new_id))
        already = set(session.scalars(select(CollaborationPartner.collaboration_id)
                                      .where(CollaborationPartner.organisation_id == new_id)))
        for partner in session.scalars(select(CollaborationPartner)
                                       .where(CollaborationPartner.organisation_id == old_id)):
            # A collaboration that names both already has the successor; the old name stays beside it.
            if partner.collaboration_id in already:
                continue
            partner.organisation_id = new_id
            report.merged += 1
            audit.record(session, actor, "collaboration.partner_succeeded", "collaboration", partner.collaboration_id,
                         before={"organisation_id": old_id, "ror_id": ror_id},
                         after={"organisation_id": new_id, "ror_id": successors[0]},
                         institution_id=partner.collaboration.institution_id,
                         reason="ROR withdrew the record in favour of its successor")
    session.flush()
