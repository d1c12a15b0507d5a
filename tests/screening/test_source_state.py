"""The screening index is rebuilt after every change to what it is built from, however it was made."""

from sqlalchemy import text

from ksdesk.accounts.principal import SYSTEM
from ksdesk.registry import service as registry
from ksdesk.registry.schemas import OrganisationCreate
from ksdesk.screening import service, source, watchlists
from ksdesk.screening.lists.model import ListEntry, ListName, ListVersion


def _version(name: str) -> ListVersion:
    entry = ListEntry(entity_id="s:1", names=[ListName(name, "official", "en")], country="cn", category="Military",
                      reason="test listing", risk_level="very high", source_ref="https://example.org/s1")
    return ListVersion(source="state-list", title="State list", version_date=None, entries=[entry],
                       authority="Test authority")


def test_every_kind_of_change_to_the_registry_and_the_lists_gives_a_new_state(db):
    seen = [source.state_stamp(db)]

    def changed() -> None:
        db.flush()
        stamp = source.state_stamp(db)
        assert stamp not in seen
        seen.append(stamp)

    org = registry.create_organisation(db, SYSTEM, OrganisationCreate(
        name="Stamp Test Institute of Optics", country_code="CN", org_type="facility"))
    changed()
    db.execute(text("INSERT INTO organisation_name (organisation_id, value, kind) VALUES (:id, 'STIO', 'acronym')"),
               {"id": org.id})
    changed()
    db.execute(text("UPDATE organisation SET city = 'Xi''an' WHERE id = :id"), {"id": org.id})
    changed()
    watchlists.load_version(db, SYSTEM, _version("Stamp Test Institute of Optics"))
    changed()
    watchlists.set_risk_mapping(db, SYSTEM, "state-list", {"Military": "high"})
    changed()
    db.execute(text("DELETE FROM organisation_name WHERE organisation_id = :id"), {"id": org.id})
    changed()
    assert source.state_stamp(db) == source.state_stamp(db)


def test_a_change_rolled_back_leaves_a_state_no_later_change_can_share(db):
    before = source.state_stamp(db)
    savepoint = db.begin_nested()
    registry.create_organisation(db, SYSTEM, OrganisationCreate(
        name="Rolled Back Academy", country_code="CN", org_type="university"))
    db.flush()
    rolled_back = source.state_stamp(db)
    savepoint.rollback()
    assert source.state_stamp(db) == before
    registry.create_organisation(db, SYSTEM, OrganisationCreate(
        name="Committed Academy", country_code="CN", org_type="university"))
    db.flush()
    assert source.state_stamp(db) not in (before, rolled_back)


def test_a_name_written_by_hand_into_the_database_is_screened(db):
    org = registry.create_organisation(db, SYSTEM, OrganisationCreate(
        name="Quartzfield Polytechnic Institute", country_code="CN", org_type="university"))
    db.flush()
    assert service.resolve_name(db, SYSTEM, "Zhenqiao Hydrodynamics Laboratory").chosen is None
    db.execute(text("INSERT INTO organisation_name (organisation_id, value, kind) "
                    "VALUES (:id, 'Zhenqiao Hydrodynamics Laboratory', 'alias')"), {"id": org.id})
    chosen = service.resolve_name(db, SYSTEM, "Zhenqiao Hydrodynamics Laboratory").chosen
    assert chosen is not None and chosen.name == "Quartzfield Polytechnic Institute"
