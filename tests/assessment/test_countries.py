"""Country indicators for every ISO country; missing data stated, newer editions picked up."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pycountry
import pytest

from ksdesk.assessment.countries import (
    COMPACT,
    build_country_indicators,
    country_sources,
    load_country_indicators,
    read_freedom_house,
    read_vdem_wide,
)

ROOT = Path(__file__).resolve().parents[2]


def test_every_iso_country_has_an_entry():
    countries = load_country_indicators()
    assert set(countries) == {c.alpha_2 for c in pycountry.countries}
    for row in countries.values():
        assert row["ikt_standing"] in ("focus", "like_minded", "phase_out", "other")
        assert isinstance(row["eu_member"], bool) and isinstance(row["eea_member"], bool)


def test_known_values_come_from_the_sources():
    c = load_country_indicators()
    assert (c["NL"]["fh_status"], c["NL"]["fh_total"], c["NL"]["eu_member"]) == ("F", 97, True)
    assert (c["CN"]["fh_status"], c["CN"]["ikt_standing"]) == ("NF", "focus")
    assert c["CN"]["vdem_academic_freedom"] == pytest.approx(0.066)
    assert (c["RU"]["ikt_standing"], c["NO"]["eea_member"], c["NO"]["eu_member"]) == ("phase_out", True, False)
    assert c["TR"]["fh_status"] == "NF"  # "Turkey" is mapped by hand
    assert c["CD"]["fh_status"] and c["CG"]["fh_status"]  # the two Congos
    assert c["NL"]["fh_edition"] == "FIW2024" and c["NL"]["fh_year"] == 2023 and c["NL"]["vdem_year"] == 2022


def test_missing_data_is_none_with_a_note_not_invented():
    c = load_country_indicators()
    assert c["HK"]["vdem_academic_freedom"] is None
    assert c["HK"]["fh_status"] == "PF"
    assert any("V-Dem" in note for note in c["HK"]["missing"])
    assert c["AQ"]["fh_status"] is None and len(c["AQ"]["missing"]) == 2
    assert c["NL"]["missing"] == []


def test_sources_carry_attribution_and_the_unmatched_names():
    sources = country_sources()
    fh, vdem = sources["freedom_house"], sources["vdem_academic_freedom"]
    assert fh["edition"] == "FIW2024" and "Freedom House" in fh["attribution"]
    assert "Kosovo" in fh["unmatched"] and "Crimea" in fh["unmatched"]
    assert vdem["year"] == 2022 and "CC BY-SA" in vdem["attribution"]


def test_compact_json_is_what_the_project_data_build():
    built = build_country_indicators(ROOT / "data" / "countries")
    assert built["countries"] == load_country_indicators(COMPACT)
    assert {k: {kk: vv for kk, vv in v.items()} for k, v in built["sources"].items()} == country_sources(COMPACT)


def test_newer_freedom_house_edition_is_picked_by_its_edition_column(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "FIW13-25"
    ws.append(["Freedom in the World 2013-2025 Raw Data"])
    ws.append(["Country/Territory", "Region", "C/T", "Edition", "Status", "D3", "Total"])
    ws.append(["Netherlands", "Europe", "c", 2024, "F", 4, 97])
    ws.append(["Netherlands", "Europe", "c", 2025, "F", 4, 96])
    ws.append(["Narnia", "Europe", "t", 2025, "NF", 0, 3])
    path = tmp_path / "All_data_FIW_2013-2025.xlsx"
    wb.save(path)
    rows, meta = read_freedom_house(path)
    assert meta["edition"] == "FIW2025" and meta["year"] == 2024
    assert rows["NL"]["fh_total"] == 96
    assert meta["unmatched"] == ["Narnia"]


def test_newer_vdem_year_column_is_picked_and_gaps_fall_back_with_their_year(tmp_path):
    path = tmp_path / "vdem_v2xca_academ_1993-2024_wide.csv"
    with open(path, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["country_text_id", "2022", "2023", "2024"])
        w.writerow(["NLD", "0.8", "0.81", "0.82"])
        w.writerow(["DEU", "0.9", "0.91", ""])
    rows, meta = read_vdem_wide(path)
    assert meta["year"] == 2024
    assert rows["NL"] == {"vdem_academic_freedom": 0.82, "vdem_year": 2024}
    assert rows["DE"] == {"vdem_academic_freedom": 0.91, "vdem_year": 2023}


def test_project_copies_of_the_sources_are_present_with_a_sources_note():
    assert (ROOT / "data" / "countries" / "freedom_house" / "All_data_FIW_2013-2024.xlsx").exists()
    assert (ROOT / "data" / "countries" / "vdem_academic_freedom" / "vdem_v2xca_academ_1993-2022_wide.csv").exists()
    for note in (ROOT / "data" / "countries" / "SOURCES.md", ROOT / "data" / "catalogues" / "SOURCES.md"):
        assert "attribution" in note.read_text().lower() or "licence" in note.read_text().lower()
