"""Country indicators as data: the shipped edition until an administrator loads a newer one."""

import pytest

from ksdesk.accounts.principal import SYSTEM
from ksdesk.assessment import inputs
from ksdesk.errors import Forbidden, ValidationFailed
from ksdesk.settings import REPO_ROOT


def test_the_shipped_indicators_are_used_until_an_edition_is_loaded(db):
    assert inputs.country_indicators(db)["IR"]["fh_status"] == "NF"
    assert "Freedom House" in inputs.country_edition_label(db)


def test_loading_the_source_files_stores_an_edition_that_is_then_used(db):
    edition = inputs.load_country_edition(db, SYSTEM, str(REPO_ROOT / "data" / "countries"))
    assert edition.is_current and inputs.country_edition_label(db) == edition.label
    assert inputs.country_indicators(db)["IR"]["fh_status"] == "NF"
    assert "freedom_house" in inputs.country_indicator_sources(db)


def test_a_folder_without_the_source_files_is_refused(db, tmp_path):
    with pytest.raises(ValidationFailed):
        inputs.load_country_edition(db, SYSTEM, str(tmp_path))


def test_only_an_administrator_loads_country_data(db, world):
    with pytest.raises(Forbidden):
        inputs.load_country_edition(db, world.principal("alice"), str(REPO_ROOT / "data" / "countries"))


def test_an_administrator_keeps_notes_on_a_country_and_they_are_audited(db, world):
    from sqlalchemy import select

    from ksdesk.audit import AuditEvent

    inputs.set_country_notes(db, world.principal("hank"), "ir", "Ask the desk first.")
    assert inputs.get_country(db, "IR").notes == "Ask the desk first."
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "country.notes")).after == {"notes": "Ask the desk first."}
