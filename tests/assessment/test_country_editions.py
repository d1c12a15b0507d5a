"""Country indicators as data: the shipped edition until an administrator loads a newer one."""

import pytest

from ksdesk.accounts.principal import SYSTEM
from ksdesk.assessment import inputs
from ksdesk.errors import Forbidden, ValidationFailed
from ksdesk.registry.standing import SHIPPED
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


def _data_folder(tmp_path, standing_text: str | None):
    """The shipped source files with an administrator's country_standing.yaml beside them."""
    folder = tmp_path / "countries"
    folder.mkdir()
    for part in ("freedom_house", "vdem_academic_freedom"):
        (folder / part).symlink_to(REPO_ROOT / "data" / "countries" / part)
    if standing_text is not None:
        (folder / "country_standing.yaml").write_text(standing_text, encoding="utf-8")
    return folder


def _edited(replacements: dict[str, str]) -> str:
    """The shipped country_standing.yaml with some of its text replaced."""
    text = SHIPPED.read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert old in text
        text = text.replace(old, new, 1)
    return text


def test_the_country_approach_is_data_an_administrator_edits_and_loads_as_a_new_edition(db, tmp_path):
    from sqlalchemy import select

    from ksdesk.assessment.engine import assess
    from ksdesk.assessment.levels import rank
    from ksdesk.registry.models import CountryProfile
    from tests.assessment.cases import collaboration, partner

    shipped = inputs.country_indicators(db)
    assert (shipped["VN"]["ikt_standing"], shipped["HK"]["state_actor_threat"]) == ("phase_out", False)
    # Vietnam moves from phase-out to focus; Hong Kong is named in a new threat assessment.
    text = _edited({"phase_out: [TR, MX, RU, VN]": "phase_out: [TR, MX, RU]",
                      "focus: [DE, FR, GB, BR, CN, IN, ID, JP, ZA, KR]": "focus: [DE, FR, GB, BR, CN, IN, ID, JP, ZA, KR, VN]",
                      "countries: [CN, RU, IR, KP]": "countries: [CN, RU, IR, KP, HK]",
                      'edition: "IKT 2020; Dreigingsbeeld Statelijke Actoren 2022"': 'edition: "IKT 2020; Dreigingsbeeld 2026"'})
    edition = inputs.load_country_edition(db, SYSTEM, str(_data_folder(tmp_path, text)))
    indicators = inputs.country_indicators(db)
    assert (indicators["VN"]["ikt_standing"], indicators["HK"]["state_actor_threat"]) == ("focus", True)
    assert edition.label.endswith("Dreigingsbeeld 2026") and inputs.country_indicator_sources(db)["ikt"]["edition"]
    assert db.scalar(select(CountryProfile.ikt_standing).where(CountryProfile.code == "VN")) == "focus"
    # The engine weighs what the edition says: hypersonics with a Hong Kong partner now weighs as
    # with a state of concern.
    hong_kong = collaboration(technology_areas=["Hypersonics"], partners=[partner(1, "HK Polytechnic", "HK")])
    rules, catalogues = inputs.parsed(inputs.current_rule_set(db)), inputs.catalogues(db)
    after = assess(hong_kong, {}, [], indicators, catalogues, rules).levels()["knowledge_transfer"]
    before = assess(hong_kong, {}, [], shipped, catalogues, rules).levels()["knowledge_transfer"]
    assert rank(after) > rank(before)


@pytest.mark.parametrize("text, problem", [
    ("ikt: [CN]\n", "needs the sections"),
    (_edited({"focus: [DE,": "focus: [XX, DE,"}), "'XX' is not an ISO 3166 country code"),
    (_edited({"focus: [DE,": "focus: [RU, DE,"}), "RU stands both"),
    (_edited({', "NO",': ', NO,'}), 'write "NO" in quotes'),
])
def test_a_broken_country_approach_is_refused_and_the_edition_in_force_stays(db, tmp_path, text, problem):
    label = inputs.country_edition_label(db)
    with pytest.raises(ValidationFailed) as refused:
        inputs.load_country_edition(db, SYSTEM, str(_data_folder(tmp_path, text)))
    assert problem in str(refused.value)
    assert inputs.country_edition_label(db) == label
