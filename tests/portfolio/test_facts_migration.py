"""Upgrading a database that already holds collaborations counts their facts."""

from datetime import date

from alembic import command

from ksdesk import schema
from ksdesk.accounts.principal import SYSTEM
from ksdesk.db import make_engine
from ksdesk.registry import service as registry
from ksdesk.registry.countries import sync_country_profiles
from ksdesk.registry.models import Collaboration, CollaborationCountry, PersonExchange
from ksdesk.registry.schemas import OrganisationCreate
from ksdesk.wiring import install
from tests.databases import throwaway_database
from tests.portfolio.test_facts import snapshot


def test_the_migration_counts_the_facts_of_existing_collaborations(tmp_path):
    with throwaway_database(tmp_path, "facts") as url:
        engine = make_engine(url)
        try:
            schema.upgrade(engine)
            with install(engine)() as db:
                sync_country_profiles(db)
                org = registry.create_organisation(db, SYSTEM, OrganisationCreate(
                    name="Delft", country_code="NL", org_type="university"))
                institution = registry.create_institution(db, SYSTEM, org, "TUD")
                for i, (status, countries) in enumerate((("active", ["DE", "CN"]), ("ended", ["US"]),
                                                         ("draft", ["FR"]))):
                    c = Collaboration(title=f"C{i}", form="joint_research", status=status,
                                      institution_id=institution.id, start_date=date(2020 + i, 1, 1),
                                      research_fields=[], technology_areas=["Robotics", "Photonics"][: i + 1])
                    c.countries = [CollaborationCountry(country_code=code) for code in countries]
                    c.exchanges = [PersonExchange(direction="in", country_code=countries[0], year=2024, people=2)]
                    db.add(c)
                db.commit()
                kept = snapshot(db)
            assert len(kept["portfolio_fact"]) == 2

            config = schema.alembic_config()
            with engine.begin() as connection:
                config.attributes["connection"] = connection
                command.downgrade(config, "0005")
            schema.upgrade(engine)
            with install(engine)() as db:
                assert snapshot(db) == kept
        finally:
            engine.dispose()
