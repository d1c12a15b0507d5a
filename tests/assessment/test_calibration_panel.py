"""The calibration panel (bench/data/assessment_panel.yaml): every case within the range an
advisor would accept, with the reasons that must appear. A rule-set change that moves a case
out of its range fails here."""

from __future__ import annotations

import pytest

from ksdesk.assessment.calibration import collaboration, judge, load_panel
from tests.assessment.cases import run

PANEL = load_panel()


def _run(collab, answers, hits):
    return run(collab, answers, hits)


def test_the_panel_has_the_cases_the_issue_names():
    assert len(PANEL) >= 25
    countries = {p[1] for c in PANEL for p in c["collaboration"].get("partners", [])}
    assert {"NL", "DE", "CH", "US", "JP", "KR", "CN", "IR", "RU", "GB"} <= countries
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
