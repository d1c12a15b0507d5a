"""The calibration panel (bench/data/assessment_panel.yaml): every case within the range an
advisor would accept, with the reasons that must appear. A rule-set change that moves a case
out of its range fails here."""

from __future__ import annotations

from pathlib import Path

import pytest

from ksdesk.assessment import load_country_indicators
from ksdesk.assessment.calibration import LANGUAGES, basis_markdown, collaboration, judge, load_panel, load_sources
from ksdesk.assessment.levels import RISK_THEMES, rank
from ksdesk.screening.lists.model import ListEntry, ListName
from ksdesk.screening.lists.risk import level_for
from tests.assessment.cases import run

PANEL = load_panel()
SOURCES = load_sources()
COUNTRIES = load_country_indicators()


def _run(collab, answers, hits):
    return run(collab, answers, hits)


def test_the_panel_has_the_cases_the_issue_names():
    assert len(PANEL) >= 25
    countries = {p[1] for c in PANEL for p in c["collaboration"].get("partners", [])}
    assert {"NL", "DE", "CH", "US", "JP", "KR", "CN", "IR", "RU", "GB"} <= countries
    assert all(isinstance(code, str) and code in COUNTRIES for code in countries), "a country YAML misread"
    forms = {c["collaboration"].get("form") for c in PANEL}
    assert {"institute_abroad", "joint_degree", "strategic_partnership", "pps"} <= forms


@pytest.mark.parametrize("case", PANEL, ids=[c["id"] for c in PANEL])
def test_panel_case_is_where_an_advisor_would_put_it(case):
    judged = judge(case, _run)
    outside = {v.theme: f"{v.level} (accepted {v.low}..{v.high})" for v in judged.verdicts if not v.accepted}
    assert not outside, f"{case['id']}: {outside}"
    assert not judged.unmentioned, f"{case['id']}: no reason from {judged.unmentioned}"


def test_arcnl_and_the_nudt_lab_are_far_apart():
    by_id = {c["id"]: c for c in PANEL}
    arcnl = judge(by_id["arcnl_possible_hit"], _run).result
    nudt = judge(by_id["nudt_joint_lab"], _run).result
    assert arcnl.levels()["knowledge_transfer"] == "medium" and nudt.levels()["knowledge_transfer"] == "very_high"
    assert [h.partner for h in arcnl.to_review] == ["ASML (Netherlands)"]


def test_a_like_minded_partner_is_not_weighed_like_a_country_of_concern():
    by_id = {c["id"]: c for c in PANEL}
    levels = {k: judge(by_id[k], _run).result.levels()["knowledge_transfer"]
              for k in ("mit_hypersonics", "nudt_unreviewed", "eth_quantum", "tokyo_ai")}
    assert levels == {"mit_hypersonics": "medium", "nudt_unreviewed": "very_high", "eth_quantum": "medium",
                      "tokyo_ai": "medium"}


def test_a_funder_is_judged_by_its_own_country():
    by_id = {c["id"]: c for c in PANEL}
    dfg = judge(by_id["dfg_funded"], _run).result
    assert not [r for r in dfg.themes["influence"].reasons if r.factor != "nothing_found"]
    assert collaboration(by_id["dfg_funded"])["funding"][0]["country_code"] == "DE"


def test_outgoing_mobility_is_an_aim_and_one_way_outflow_to_an_unfree_state_the_risk():
    by_id = {c["id"]: c for c in PANEL}
    abroad = judge(by_id["institute_abroad"], _run).result
    assert "pa_talent_outflow" not in {r.factor for r in abroad.partnership.reasons}
    assert "op_outgoing_mobility" in {o.factor for o in abroad.opportunities}
    outflow = judge(by_id["outflow_to_unfree_state"], _run).result
    reason = next(r for r in outflow.partnership.reasons if r.factor == "pa_talent_outflow")
    assert "8 out, 0 in" in reason.explanation["en"]


# ---------------------------------------------------------------- where the levels come from


def test_every_case_cites_public_sources_in_english_and_dutch():
    for key, source in SOURCES.items():
        assert source["title"] and source["publisher"] and source["year"] and source["evidence"] in ("V", "K"), key
        assert all(source[language].strip() for language in LANGUAGES), key
    for case in PANEL:
        assert case.get("basis"), f"{case['id']} says nowhere where its levels come from"
        for basis in case["basis"]:
            assert basis["source"] in SOURCES, f"{case['id']}: unknown source {basis['source']!r}"
            texts = [basis[language].strip() for language in LANGUAGES]
            assert all(texts) and len(set(texts)) == len(texts), f"{case['id']}: a text missing or untranslated"
    assert {b["source"] for c in PANEL for b in c["basis"]} == set(SOURCES), "a source no case relies on"


def _country_fact(source: dict, country: str):
    return COUNTRIES.get(country.upper())[source["data"]]


def test_the_country_facts_a_case_relies_on_are_those_of_the_country_data():
    checked = 0
    for case in PANEL:
        for basis in case["basis"]:
            source = SOURCES[basis["source"]]
            for country, fact in (basis.get("data") or {}).items():
                assert source.get("data"), f"{case['id']}: {basis['source']} has no data to check {country} against"
                assert _country_fact(source, country) == fact, f"{case['id']}: {country} {source['data']} is not {fact}"
                checked += 1
    assert checked >= 20


@pytest.mark.parametrize("case", [c for c in PANEL if c.get("hits")], ids=lambda c: c["id"])
def test_each_hit_has_the_level_screening_gives_such_an_entry_of_its_list(case):
    for hit in case["hits"]:
        entry = ListEntry(entity_id="panel", names=[ListName(hit.get("listed_name", hit["partner"]), "official")],
                          country=None, category=hit.get("category"), risk_level=hit.get("rated"))
        assert level_for(hit["list"], entry) == hit["level"], f"{case['id']}: {hit['list']}"


def test_a_very_high_listing_that_counts_is_expected_very_high_and_comes_out_so():
    listed = [c for c in PANEL if any(h["level"] == "very high" and h.get("strength", "strong") == "strong"
                                      and h.get("decision") in (None, "true_match") for h in c.get("hits", []))]
    assert {c["id"] for c in listed} >= {"nudt_joint_lab", "nudt_unreviewed", "harbin_robotics", "sharif_materials"}
    for case in listed:
        assert case["expert"]["knowledge_transfer"] == "very_high", case["id"]
        assert judge(case, _run).result.levels()["knowledge_transfer"] == "very_high", case["id"]


def _free_and_clean(case: dict) -> bool:
    """Partners and funders only in countries Freedom House rates Free and the threat assessment does
    not name, no listing that counts, no answer that the work is dual use or export controlled."""
    c = case["collaboration"]
    countries = {p[1] for p in c.get("partners", [])} | {f[2] for f in c.get("funding", []) if len(f) > 2}
    facts = [COUNTRIES.get(code) for code in countries]
    counted = [h for h in case.get("hits", []) if h.get("strength", "strong") == "strong"
               and h.get("decision") in (None, "true_match")]
    answers = case.get("answers") or {}
    return (all(f["fh_status"] == "F" and not f["state_actor_threat"] for f in facts) and not counted
            and "yes" not in (answers.get("dual_use"), answers.get("export_controlled")))


def test_a_partner_from_a_free_country_without_findings_is_never_rated_like_a_country_of_concern():
    # A Dutch, German, Swiss, American or Japanese partner is not a Chinese defence university:
    # a sensitive field makes it medium at most, on every theme, in the labels and in the engine.
    free = [c for c in PANEL if _free_and_clean(c)]
    assert {"arcnl", "arcnl_possible_hit", "delta_lab", "chemelot", "mit_hypersonics", "eth_quantum", "tokyo_ai",
            "kaist_semiconductors", "dfg_funded", "weak_acronym_hit"} <= {c["id"] for c in free}
    for case in free:
        levels = judge(case, _run).result.levels()
        for theme in RISK_THEMES:
            assert rank(case.get("expert", {}).get(theme, "low")) <= rank("medium"), (case["id"], theme)
            assert rank(levels[theme]) <= rank("medium"), (case["id"], theme, levels[theme])


def test_the_published_basis_is_the_one_in_the_panel():
    published = Path(__file__).resolve().parents[2] / "docs" / "assessment-panel-basis.md"
    assert published.read_text(encoding="utf-8") == basis_markdown(PANEL, SOURCES), (
        "docs/assessment-panel-basis.md is out of date: "
        ".venv/bin/python bench/assessment_calibration.py --basis > docs/assessment-panel-basis.md")
