"""The UK Sanctions List in its published CSV: one row per name, grouped by the designation's id."""

from datetime import date
from pathlib import Path

import pytest

from ksdesk.sources.formats.uk_sanctions import load_uk_sanctions

SAMPLE = Path(__file__).parent / "fixtures" / "UK-Sanctions-List_2026-02-19.csv"


def test_entities_are_read_with_their_aliases_regime_and_country():
    version = load_uk_sanctions(SAMPLE)
    assert version.source == "uk-sanctions" and version.version_date == date(2026, 2, 19)
    by_id = {e.entity_id: e for e in version.entries}
    assert set(by_id) == {"uk-sanctions:DPR0001", "uk-sanctions:DPR0004"}
    komid = by_id["uk-sanctions:DPR0001"]
    assert komid.name == "KOREA MINING DEVELOPMENT TRADING CORPORATION" and komid.country == "kp"
    assert [n.value for n in komid.names[1:]] == ["CHANGGWANG SINYONG CORPORATION", "KOMID"]
    assert komid.category.startswith("The Democratic People's Republic of Korea")
    assert komid.extra["un_reference"] == "KPe.001" and komid.risk_level


def test_persons_only_when_asked_for_and_another_csv_is_refused(tmp_path):
    people = [e for e in load_uk_sanctions(SAMPLE, include_individuals=True).entries if e.schema == "person"]
    assert [p.name for p in people] == ["EXAMPLE PERSON"]
    other = tmp_path / "other.csv"
    other.write_text("Report Date: 1-Jan-2026\nname,country\nX,Y\n")
    with pytest.raises(ValueError):
        load_uk_sanctions(other)
