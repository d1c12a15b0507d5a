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
    assert set(by_id) == {"uk-sanctions:DPR0001", "uk-sanctions:DPR0004", "uk-sanctions:AFG0001"}
    komid = by_id["uk-sanctions:DPR0001"]
    assert komid.name == "KOREA MINING DEVELOPMENT TRADING CORPORATION" and komid.country == "kp"
    assert [n.value for n in komid.names[1:]] == ["CHANGGWANG SINYONG CORPORATION", "KOMID"]
    assert komid.category.startswith("The Democratic People's Republic of Korea")
    assert komid.extra["un_reference"] == "KPe.001" and komid.risk_level


def test_a_designation_on_many_lines_is_one_entry_with_every_spelling_alias_and_script():
    """One line per name and per address; the Arabic name in its own column; aliases of either strength."""
    by_id = {e.entity_id: e for e in load_uk_sanctions(SAMPLE).entries}
    exchange = by_id["uk-sanctions:AFG0001"]
    assert exchange.names == [
        ("HAJI KHAIRULLAH HAJI SATTAR MONEY EXCHANGE", "official", None),
        ("Haji Khairullah-Haji Sattar Sarafi", "alias", None),
        ("Haji Khairullah Money Exchange", "alias", None),
        ("Haji Alim Hawala", "alias", None),
        ("حاجی خيرالله و حاجی ستار صرافی", "translated", None),
    ]
    assert exchange.country == "pk" and exchange.extra["un_reference"] == "TAe.010"
    assert exchange.reason.startswith("Haji Khairullah Haji Sattar Money Exchange was used by Taliban leadership")


def test_a_ship_is_read_from_its_published_line_only_when_asked_for():
    assert "uk-sanctions:RUS2176" not in {e.entity_id for e in load_uk_sanctions(SAMPLE).entries}
    [ship] = [e for e in load_uk_sanctions(SAMPLE, include_individuals=True).entries if e.schema == "vessel"]
    assert ship.name == "KOROLEV PROSPECT" and ship.category == "The Russia (Sanctions) (EU Exit) Regulations 2019"
    assert ship.reason.startswith("KOROLEV PROSPECT (IMO 9826902) is involved in activity")


def test_a_name_in_another_script_keeps_its_language(tmp_path):
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    header = lines[1].split(",")
    row = dict.fromkeys(header, "")
    row.update({"Unique ID": "RUS9999", "Name 6": "EXAMPLE INSTITUTE", "Name type": "Primary Name",
                "Designation Type": "Entity", "Name non-latin script": "ПРИМЕР ИНСТИТУТ",
                "Non-latin script type": "Cyrillic", "Non-latin script language": "Russian"})
    made = tmp_path / "list.csv"
    made.write_text("\n".join([lines[0], lines[1], ",".join(row[c] for c in header)]) + "\n", encoding="utf-8-sig")
    [entry] = load_uk_sanctions(made).entries
    assert ("ПРИМЕР ИНСТИТУТ", "translated", "ru") in entry.names


def test_persons_only_when_asked_for_and_another_csv_is_refused(tmp_path):
    people = [e for e in load_uk_sanctions(SAMPLE, include_individuals=True).entries if e.schema == "person"]
    assert [p.name for p in people] == ["EXAMPLE PERSON"]
    other = tmp_path / "other.csv"
    other.write_text("Report Date: 1-Jan-2026\nname,country\nX,Y\n")
    with pytest.raises(ValueError):
        load_uk_sanctions(other)
