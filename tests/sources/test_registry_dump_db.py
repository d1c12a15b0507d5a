"""A whole ROR dump applied to the registry: new, changed, withdrawn and merged records."""

import pytest
from sqlalchemy import func, select, update

from ksdesk.accounts.principal import SYSTEM
from ksdesk.audit import AuditEvent
from ksdesk.registry import service as registry
from ksdesk.registry.models import CollaborationPartner, Organisation, OrganisationRelation
from ksdesk.registry.ror_import import import_registry
from ksdesk.registry.ror_update import apply_dump
from ksdesk.registry.schemas import CollaborationCreate
from ksdesk.screening.lists.ror import org_from_record
from tests.sources.ror_zip import shipped_records, write_dump


def _org(db, ror_id):
    return db.scalar(select(Organisation).where(Organisation.ror_id == ror_id))


def test_a_dump_applies_new_changed_withdrawn_and_merged_records(db, world, tmp_path):
    sample = [r for r in shipped_records(3000) if r["status"] == "active"]
    by_id = {r["id"]: r for r in sample}
    with_parent, parent = next((r, by_id[x["id"]]) for r in sample for x in r["relationships"]
                               if x["type"] == "parent" and x["id"] in by_id)
    records = [r for r in sample if r not in (with_parent, parent)][:198] + [with_parent, parent]
    records = records[:4] + records[-2:] + records[4:-2]
    import_registry(db, SYSTEM, [org_from_record(r) for r in records[:150]], source="older copy")
    renamed, gone, successor, orphan = records[0], records[1], records[2], records[3]
    collaboration = registry.create_collaboration(db, world.principal("alice"), CollaborationCreate(
        title="Joint lab", form="joint_research", partners=[{"organisation_id": _org(db, gone["id"]).id}]))

    newer = [dict(r) for r in records]
    newer[0] = dict(renamed, name=renamed["name"] + " (renamed)", city="Elsewhere")
    newer[1] = dict(gone, status="withdrawn", relationships=[{"type": "successor", "id": successor["id"]}])
    newer[3] = dict(orphan, aliases=["Another alias"])
    parent_ids = {x["id"] for x in with_parent["relationships"] if x["type"] == "parent"}
    idx = records.index(with_parent)
    newer[idx] = dict(with_parent, relationships=[x for x in with_parent["relationships"] if x["type"] != "parent"])
    dump = write_dump(tmp_path / "ror.zip", newer)

    before = db.scalar(select(func.count(Organisation.id)))
    report = apply_dump(db, SYSTEM, dump, source_name="ror.zip")
    assert report.seen == 200 and report.added == 50
    assert db.scalar(select(func.count(Organisation.id))) == before + 50
    assert report.changed >= 3 and report.withdrawn == 1 and report.merged == 1
    assert report.relations_removed >= 1

    org = _org(db, renamed["id"])
    assert org.name.endswith("(renamed)") and org.city == "Elsewhere" and org.ror_status == "active"
    assert any(n.value == renamed["name"] + " (renamed)" for n in org.names)
    assert "Another alias" in {n.value for n in _org(db, orphan["id"]).names}
    withdrawn = _org(db, gone["id"])
    assert withdrawn.ror_status == "withdrawn" and withdrawn.replaced_by_id == _org(db, successor["id"]).id
    partners = db.scalars(select(CollaborationPartner.organisation_id)
                          .where(CollaborationPartner.collaboration_id == collaboration.id)).all()
    assert partners == [_org(db, successor["id"]).id]
    child = _org(db, with_parent["id"])
    assert not db.scalars(select(OrganisationRelation).where(
        OrganisationRelation.child_id == child.id,
        OrganisationRelation.parent_id.in_(select(Organisation.id).where(Organisation.ror_id.in_(parent_ids))))).all()
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "collaboration.partner_succeeded",
                                              AuditEvent.object_id == str(collaboration.id)))
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "registry.update")).after["added"] == 50

    again = apply_dump(db, SYSTEM, dump, source_name="ror.zip")
    assert (again.added, again.changed, again.withdrawn, again.merged) == (0, 0, 0, 0)


def _killed_dump(tmp_path, db, world):
    """200 records, 50 of them new; the withdrawn one (merged into its successor) sits in the middle part."""
    records = [r for r in shipped_records(3000) if r["status"] == "active"][:200]
    import_registry(db, SYSTEM, [org_from_record(r) for r in records[:150]], source="older copy")
    gone, successor, renamed = records[100], records[160], records[5]
    collaboration = registry.create_collaboration(db, world.principal("alice"), CollaborationCreate(
        title="Joint lab", form="joint_research", partners=[{"organisation_id": _org(db, gone["id"]).id}]))
    newer = [dict(r) for r in records]
    newer[5] = dict(renamed, name=renamed["name"] + " (renamed)")
    newer[100] = dict(gone, status="withdrawn", relationships=[{"type": "successor", "id": successor["id"]}])
    db.commit()
    return write_dump(tmp_path / "ror.zip", newer), gone, successor, renamed, collaboration.id


def test_a_killed_update_keeps_whole_parts_and_the_same_dump_run_again_finishes_it_once(
        session_factory, db, world, tmp_path, monkeypatch):
    from ksdesk.registry import ror_update

    monkeypatch.setattr(ror_update, "PART_RECORDS", 40)
    monkeypatch.setattr(ror_update, "CHUNK", 20)
    monkeypatch.setattr(ror_update, "PART_SECONDS", 60)
    dump, gone, successor, renamed, collaboration_id = _killed_dump(tmp_path, db, world)
    registered = select(func.count(Organisation.id)).where(Organisation.ror_id.is_not(None))
    before = db.scalar(registered)
    real, calls = ror_update.PHASES["update"], []

    def killed_in_the_middle_part(session, actor, batch, known, report):
        calls.append(1)
        real(session, actor, batch, known, report)
        if len(calls) == 6:  # the second chunk of the third of five parts: records 81-120
            raise KeyboardInterrupt  # as SIGKILL: nothing of the part is kept

    monkeypatch.setattr(ror_update, "PHASES", {**ror_update.PHASES, "update": killed_in_the_middle_part})
    with pytest.raises(KeyboardInterrupt):
        ror_update.apply_dump_in_parts(session_factory, SYSTEM, dump, source_name="ror.zip")
    with session_factory() as s:
        assert s.scalar(registered) == before + 50
        assert _org(s, renamed["id"]).name.endswith("(renamed)")  # an earlier part, whole
        assert _org(s, gone["id"]).ror_status == "active"  # the killed part, not at all
        assert not s.scalar(select(AuditEvent).where(AuditEvent.action == "registry.update"))
        assert s.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "registry.update_part")) == 5 + 2

    monkeypatch.setattr(ror_update, "PHASES", {**ror_update.PHASES, "update": real})
    report = ror_update.apply_dump_in_parts(session_factory, SYSTEM, dump, source_name="ror.zip")
    assert (report.seen, report.added, report.withdrawn, report.merged, report.resumed) == (200, 50, 1, 1, 80)
    assert report.changed == 2
    with session_factory() as s:
        assert s.scalar(registered) == before + 50
        assert _org(s, gone["id"]).replaced_by_id == _org(s, successor["id"]).id
        assert s.scalars(select(CollaborationPartner.organisation_id).where(
            CollaborationPartner.collaboration_id == collaboration_id)).all() == [_org(s, successor["id"]).id]
        assert s.scalar(select(func.count(AuditEvent.id)).where(
            AuditEvent.action == "collaboration.partner_succeeded")) == 1
        [done] = s.scalars(select(AuditEvent).where(AuditEvent.action == "registry.update")).all()
        assert (done.after["added"], done.after["merged"], done.after["seen"]) == (50, 1, 200)

    again = ror_update.apply_dump_in_parts(session_factory, SYSTEM, dump, source_name="ror.zip")
    assert (again.seen, again.added, again.changed, again.merged, again.resumed) == (200, 0, 0, 0, 0)


def test_a_registry_registered_before_it_kept_rors_own_kinds_gets_them_from_the_next_dump_as_no_change(db, tmp_path):
    # Organisations registered before migration 0013_12a hold no kinds in ROR's words, successors or
    # domains; the next dump fills them in without counting 200 records changed, and a kind ROR adds
    # later is a change.
    records = [r for r in shipped_records(3000) if r["status"] == "active"][:200]
    import_registry(db, SYSTEM, [org_from_record(r) for r in records], source="older copy")
    db.execute(update(Organisation).values(ror_types=None, ror_successors=None, ror_domains=None))
    report = apply_dump(db, SYSTEM, write_dump(tmp_path / "ror.zip", records), source_name="ror.zip")
    assert (report.added, report.changed) == (0, 0)
    first = _org(db, records[0]["id"])
    db.refresh(first)
    assert (first.ror_types, first.ror_domains) == (records[0]["types"], records[0]["domains"])

    newer = [dict(records[0], types=[*records[0]["types"], "funder"]), *records[1:]]
    report = apply_dump(db, SYSTEM, write_dump(tmp_path / "newer.zip", newer), source_name="newer.zip")
    assert report.changed == 1
    db.refresh(first)
    assert first.ror_types[-1] == "funder"
