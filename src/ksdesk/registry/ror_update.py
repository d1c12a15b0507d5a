"""Applying a whole ROR dump to the registry as a new version: new, changed, withdrawn and merged records.

The dump is read twice as a stream and handled in batches, so memory holds one batch of
records (and the ids of the registry) whatever the dump's size:
1. records not registered yet are added with their names;
2. every record is compared with its row, names and parent links, and brought up to date where
   ROR changed it; a withdrawn record whose successor is registered hands its collaborations to
   the successor.

``apply_dump`` runs in the caller's transaction. ``apply_dump_in_parts`` commits short parts
instead, so that an update of a hundred thousand records never holds the database's write lock
for long: each part records in the audit log which records of the dump it wrote, a run of the
same dump after a kill skips them, and the dump counts as applied (its ``registry.update`` event,
and whatever the caller records with it) only in the last transaction, once every part is in.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, fields
from itertools import islice
from pathlib import Path

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from ksdesk import audit
from ksdesk.accounts.principal import Principal
from ksdesk.audit import AuditEvent
from ksdesk.db import give_writers_a_turn, transaction, writing_session
from ksdesk.registry.models import (
    CollaborationPartner,
    CountryProfile,
    Organisation,
    OrganisationName,
    OrganisationRelation,
)
from ksdesk.registry.ror_dump import read_dump
from ksdesk.registry.ror_import import BATCH, name_rows_of, organisation_row
from ksdesk.screening import owed

COMPARED = ("name", "country_code", "org_type", "city", "established", "ror_status",
            "ror_types", "ror_successors", "ror_domains")
# Kept since migration 0013_12a: a record registered before holds none of them, and filling them in
# is no change of the record (the first update after it would else count every record changed).
KEPT_SINCE_0013 = ("ror_types", "ror_successors", "ror_domains")
# Parts end after this many records or this long, whichever comes first (as an import's parts,
# see registry.io): a desk write waiting behind one part waits about this long.
PART_RECORDS = 500
PART_SECONDS = 0.1
# Records handled at a time within a part, with set-based reads and writes.
CHUNK = 100
PART_ACTION = "registry.update_part"
DONE_ACTION = "registry.update"


@dataclass
class RegistryUpdateReport:
    seen: int = 0
    added: int = 0
    changed: int = 0
    withdrawn: int = 0  # records that became withdrawn with this dump
    merged: int = 0  # collaborations handed from a withdrawn record to its successor
    relations_added: int = 0
    relations_removed: int = 0
    # Records whose part an earlier, killed run of the same dump had written (their counts are included).
    resumed: int = 0

    def as_dict(self) -> dict:
        return asdict(self)

    def counts(self) -> dict:
        return {k: v for k, v in asdict(self).items() if k != "resumed"}

    def add(self, other: dict) -> None:
        for f in fields(self):
            if f.name != "resumed":
                setattr(self, f.name, getattr(self, f.name) + int(other.get(f.name) or 0))


def _names_key(rows) -> set[tuple]:
    return {(r["value"], r["kind"], r["language"]) for r in rows}


def dump_key(path: str | Path) -> str:
    """Names one dump by its content, so that a run killed half-way is found again by the next."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _known_countries(session: Session) -> set[str]:
    return set(session.scalars(select(CountryProfile.code)))


def apply_dump(session: Session, actor: Principal, path: str | Path, *, source_name: str,
               progress: Callable[[int], None] | None = None) -> RegistryUpdateReport:
    """The whole dump in the caller's transaction: a dump that fails half-way changes nothing."""
    report = RegistryUpdateReport()
    known_countries = _known_countries(session)
    for phase in PHASES.values():
        records = read_dump(path)
        while batch := list(islice(records, BATCH)):
            phase(session, actor, batch, known_countries, report)
            if progress:
                progress(len(batch))
    _record_applied(session, actor, source_name, report, None)
    return report


def apply_dump_in_parts(factory: sessionmaker[Session], actor: Principal, path: str | Path, *, source_name: str,
                        key: str | None = None, progress: Callable[[int], None] | None = None,
                        finish: Callable[[Session, RegistryUpdateReport], None] | None = None) -> RegistryUpdateReport:
    """The dump in short committed parts, waiting writers let in between two (see the module's
    docstring). ``key`` names the dump (dump_key by default); ``finish(session, report)`` records
    what the caller keeps of the update in the last transaction, with the dump's own record."""
    key = key or dump_key(path)
    report = RegistryUpdateReport()
    with factory() as session:  # reads only
        known_countries = _known_countries(session)
        done = _parts_done(session, key, report)
    for name, phase in PHASES.items():
        records: Iterator[tuple[int, object]] = (
            (n, r) for n, r in enumerate(read_dump(path), 1) if n not in done.get(name, ()))
        finished = False
        while not finished:
            part, count, span = RegistryUpdateReport(), 0, [0, 0]
            session = writing_session(factory)
            try:
                started = time.monotonic()
                while count < PART_RECORDS and time.monotonic() - started < PART_SECONDS:
                    chunk = list(islice(records, CHUNK))
                    if not chunk:
                        finished = True
                        break
                    phase(session, actor, [r for _, r in chunk], known_countries, part)
                    span = [span[0] or chunk[0][0], chunk[-1][0]]
                    count += len(chunk)
                if count:
                    audit.record(session, actor, PART_ACTION, "registry", key,
                                 after={"phase": name, "records": span, "dump": source_name, **part.counts()})
                session.commit()
            finally:
                session.close()
            report.add(part.counts())
            if progress and count:
                progress(count)
            if not finished:
                give_writers_a_turn(factory)
    with transaction(factory) as session:
        _record_applied(session, actor, source_name, report, key)
        if finish is not None:
            finish(session, report)
    return report


def _parts_done(session: Session, key: str, report: RegistryUpdateReport) -> dict[str, set[int]]:
    """The records of each phase that parts of an unfinished run of the dump wrote; their counts go into ``report``."""
    # A dump applied whole before is applied again from the start (it then finds little to change).
    applied = [i for i, after in session.execute(select(AuditEvent.id, AuditEvent.after)
                                                 .where(AuditEvent.action == DONE_ACTION))
               if after and after.get("dump_key") == key]
    query = select(AuditEvent.after).where(AuditEvent.action == PART_ACTION, AuditEvent.object_type == "registry",
                                           AuditEvent.object_id == key)
    if applied:
        query = query.where(AuditEvent.id > max(applied))
    done: dict[str, set[int]] = {}
    for after in session.scalars(query):
        first, last = after["records"]
        done.setdefault(after["phase"], set()).update(range(int(first), int(last) + 1))
        report.add(after)
        if after["phase"] == "update":
            report.resumed += int(after.get("seen") or 0)
    return done


def _record_applied(session: Session, actor: Principal, source_name: str, report: RegistryUpdateReport,
                    key: str | None) -> None:
    after = report.counts() | ({"dump_key": key, "resumed": report.resumed} if key else {})
    audit.record(session, actor, DONE_ACTION, "registry", source_name, after=after)
    # A new registry can change what any list entry is tied to: every list is screened for again.
    owed.owe(session, None, f"registry {source_name}")


def _add_batch(session: Session, actor: Principal, batch: list, known_countries: set[str],
               report: RegistryUpdateReport) -> None:
    """Registers the records not registered yet, with their names (their links come with the update)."""
    registered = set(session.scalars(select(Organisation.ror_id)
                                     .where(Organisation.ror_id.in_([r.ror_id for r in batch]))))
    new = []
    for record in batch:
        if record.ror_id not in registered:
            registered.add(record.ror_id)
            new.append(record)
    if not new:
        return
    ids = session.scalars(insert(Organisation).returning(Organisation.id, sort_by_parameter_order=True),
                          [dict(organisation_row(r, known_countries), website=None) for r in new]).all()
    name_rows = [row for record, org_id in zip(new, ids, strict=True) for row in name_rows_of(record, org_id)]
    if name_rows:
        session.execute(insert(OrganisationName), name_rows)
    report.added += len(new)


def _update_batch(session: Session, actor: Principal, batch: list, known_countries: set[str],
                  report: RegistryUpdateReport) -> None:
    report.seen += len(batch)
    successions: list[tuple[str, list[str]]] = []
    _compare_batch(session, batch, known_countries, report, successions)
    # In the same transaction as the record's withdrawal: a part is whole or not there.
    _hand_over(session, actor, successions, report)


PHASES: dict[str, Callable[[Session, Principal, list, set[str], RegistryUpdateReport], None]] = {
    "add": _add_batch,
    "update": _update_batch,
}


def _compare_batch(session: Session, batch: list, known_countries: set[str], report: RegistryUpdateReport,
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
        filled_in = {c for c in KEPT_SINCE_0013 if c in changed and getattr(row, c) is None}
        if set(changed) - filled_in or names_changed:
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
