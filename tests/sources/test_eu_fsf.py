"""The EU's financial sanctions list in its published XML (an excerpt of the export of 2018-12-21)."""

from datetime import date
from pathlib import Path

import pytest

from ksdesk.sources.formats.eu_fsf import load_eu_fsf

SAMPLE = Path(__file__).parent / "fixtures" / "eu_fsf_2018-12-21.xml"


def test_an_enterprise_is_read_with_its_names_in_every_language_programme_and_reference():
    version = load_eu_fsf(SAMPLE)
    assert version.source == "eu-fsf" and version.version_date == date(2018, 12, 21)
    [front] = version.entries
    assert front.entity_id == "eu-fsf:207" and front.source_ref == "EU.3523.13"
    assert front.name == "İslami Büyük Doğu Akıncılar Cephesi" and front.category == "TERR"
    assert ("IBDA-C", "alias", None) in front.names
    assert ("Front der islamischen Kämpfer des Großen Ostens", "alias", "de") in front.names
    assert front.risk_level


def test_persons_are_read_only_when_asked_for_and_another_file_is_refused(tmp_path):
    people = [e for e in load_eu_fsf(SAMPLE, include_individuals=True).entries if e.schema == "person"]
    assert [p.name for p in people] == ["Robert Gabriel Mugabe"] and people[0].country is None
    other = tmp_path / "other.xml"
    other.write_text("<sdnList/>")
    with pytest.raises(ValueError):
        load_eu_fsf(other)
