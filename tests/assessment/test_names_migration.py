"""Upgrading a database whose assessments and participants' notes named advisors by address: every
institution that sees a shared collaboration then reads the advisor's name, as it does for new ones."""

from sqlalchemy import select, update

from ksdesk import schema
from ksdesk.accounts import service as accounts
from ksdesk.accounts.principal import SYSTEM, Principal
from ksdesk.assessment import service as assessments
from ksdesk.assessment.models import Assessment, AssessmentNote, ReassessmentFlag
from ksdesk.db import make_engine
from ksdesk.registry import service as registry
from ksdesk.registry.countries import sync_country_profiles
from ksdesk.registry.schemas import CollaborationCreate, OrganisationCreate
from ksdesk.wiring import install
from tests.databases import downgrade, throwaway_database

LEAD, PARTICIPANT = "alice@ul.example", "vic@vu.example"


def shared_collaboration(db) -> int:
    institutions = {}
    for short, name in (("UL", "Leiden University"), ("VU", "Vrije Universiteit Amsterdam")):
        org = registry.create_organisation(db, SYSTEM, OrganisationCreate(name=name, country_code="NL",
                                                                          org_type="university"))
        institutions[short] = registry.create_institution(db, SYSTEM, org, short)
    people = {}
    for email, name, short in ((LEAD, "Alice Advisor", "UL"), (PARTICIPANT, "Vic Advisor", "VU")):
        people[email] = Principal.for_user(accounts.create_user(
            db, SYSTEM, email=email, name=name, password="a long enough password 1", role="advisor",
            institution_short_name=short, language="nl"))
    partner = registry.create_organisation(db, SYSTEM, OrganisationCreate(name="KU Leuven", country_code="BE",
                                                                          org_type="university"))
    found = registry.create_collaboration(db, people[LEAD], CollaborationCreate(
        title="Shared lab", form="joint_research", partners=[{"organisation_id": partner.id, "role": "partner"}],
        participating_institutions=[institutions["VU"].id]))
    assessments.save_answers(db, people[LEAD], found.id, {})
    assessments.add_note(db, people[PARTICIPANT], found.id, "VU agrees.")
    return found.id


def test_addresses_recorded_before_become_the_advisors_names(tmp_path):
    with throwaway_database(tmp_path, "names") as url:
        engine = make_engine(url)
        try:
            schema.upgrade(engine)
            with install(engine)() as db:
                sync_country_profiles(db)
                cid = shared_collaboration(db)
                db.commit()
                assert db.scalars(select(Assessment.created_by)).all() == ["Alice Advisor"]
            downgrade(engine, "0007_13e")
            with engine.begin() as connection:  # as the earlier version wrote them
                connection.execute(update(Assessment.__table__).values(
                    created_by=LEAD, decided_by=LEAD, confirmed_by="someone who left"))
                connection.execute(update(AssessmentNote.__table__).values(created_by=PARTICIPANT))
                connection.execute(ReassessmentFlag.__table__.insert().values(
                    collaboration_id=cid, reason="collaboration_edited", detail=f"changed by {LEAD}"))
            schema.upgrade(engine)
            with install(engine)() as db:
                stored = db.scalars(select(Assessment)).one()
                assert (stored.created_by, stored.decided_by, stored.confirmed_by) == (
                    "Alice Advisor", "Alice Advisor", "someone who left")
                assert db.scalars(select(AssessmentNote.created_by)).all() == ["Vic Advisor"]
                assert db.scalars(select(ReassessmentFlag.detail)).all() == ["Alice Advisor"]
        finally:
            engine.dispose()
