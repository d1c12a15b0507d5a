"""Technology and mitigation catalogues load from data, every entry with its public source."""

from __future__ import annotations

import json
from pathlib import Path

from ksdesk.assessment.catalogues import load_catalogues, match_area, read_stra

ROOT = Path(__file__).resolve().parents[2]


def test_canada_stra_has_eleven_categories_and_their_sub_areas():
    stra = load_catalogues().technology["canada_stra"]
    categories = [e for e in stra.entries if e.parent is None]
    assert len(categories) == 11
    assert len(stra.entries) - len(categories) == 75
    assert stra.source["publisher"] == "Government of Canada" and stra.source["edition"] == "2025-05-07"
    assert "toolkit author" not in stra.source["title"]  # the note sits on matches by keyword


def test_project_copy_of_stra_is_the_packaged_edition():
    copy = ROOT / "data" / "catalogues" / "canada_stra" / "rstoolkit_straData_2025-05-07.json"
    packaged = ROOT / "src" / "ksdesk" / "assessment" / "catalogues" / "canada_stra.json"
    assert json.loads(copy.read_text()) == json.loads(packaged.read_text())


def test_newer_stra_edition_in_the_same_shape_is_read():
    data = {"lastUpdated": "2027-01-01", "sourceUrl": None, "categories": [
        {"id": "quantum-science", "name": "Quantum Science and Technology", "subcategories": [
            {"id": "quantum-networks", "name": "Quantum Networks", "keywords": ["quantum internet"]}]}]}
    stra = read_stra(data)
    assert stra.source["edition"] == "2027-01-01"
    assert [e.ref for e in stra.entries] == ["canada_stra:quantum-science", "canada_stra:quantum-networks"]


def test_dutch_screening_bill_lists_twenty_clusters_and_marks_uncertain_ones():
    nl = load_catalogues().technology["nl_screening"]
    assert len(nl.entries) == 20
    certainty = {e.id: e.certainty for e in nl.entries}
    assert set(certainty.values()) == {"confirmed", "uncertain"}
    for named in ("artificial_intelligence", "nuclear", "quantum", "biotechnology", "semiconductors", "hypersonics",
                  "quantum_cryptography"):
        assert certainty[named] == "confirmed"
    assert all(e.name["nl"] and e.name["en"] for e in nl.entries)
    assert nl.source["publisher"]


def test_eu_dual_use_annex_has_categories_zero_to_nine():
    eu = load_catalogues().technology["eu_dual_use"]
    assert [e.code for e in eu.entries] == [str(i) for i in range(10)]
    assert eu.entry("cat0").sensitivity == "very_high"
    assert "2021/821" in eu.title


def test_mitigations_are_bilingual_and_sourced():
    mitigations = load_catalogues().mitigations
    expected = {"publication_clause", "ip_clause", "data_clause", "export_control_check", "export_licence", "access_restrictions",
                "compartmentalised_data", "training", "reporting_duty", "exit_clause", "review_at_renewal"}
    assert expected <= set(mitigations)
    for m in mitigations.values():
        assert m.label["nl"] and m.label["en"] and m.description["nl"] and m.description["en"]
        assert m.source.get("title") and m.source.get("id")


def test_free_text_area_matches_entries_and_says_how():
    cats = load_catalogues().technology
    matches = {m.entry.ref: m for m in match_area("Semiconductors and lithography", cats["canada_stra"])}
    assert matches["canada_stra:advanced-semiconductor-manufacturing"].how == "keyword"
    assert [m.entry.ref for m in match_area("AI", cats["nl_screening"])] == ["nl_screening:artificial_intelligence"]
    assert match_area("Heritage studies", cats["nl_screening"]) == []
    assert match_area("Data", cats["canada_stra"]) == []  # too generic to name an area


def test_catalogue_reference_matches_exactly():
    cats = load_catalogues().technology
    (m,) = match_area("nl_screening:quantum_cryptography", cats["nl_screening"])
    assert m.entry.id == "quantum_cryptography" and m.how == "reference"


def test_category_gives_way_to_its_matching_sub_area():
    stra = load_catalogues().technology["canada_stra"]
    refs = [m.entry.ref for m in match_area("Quantum computing", stra)]
    assert refs == ["canada_stra:quantum-computing"]
