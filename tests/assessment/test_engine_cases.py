"""The default rule set on the cases of the source documents and three typical collaborations."""

from __future__ import annotations

import json

from tests.assessment.cases import (
    ARCNL,
    CHEMELOT,
    DATA_SHARING,
    DEFENCE_UNIVERSITY,
    DELTA_LAB,
    ERASMUS_MUNDUS,
    JOINT_DEGREE,
    NUDT_HIT,
    factors,
    run,
)


def _levels(a) -> dict[str, str]:
    return a.levels()


def _reason(theme, factor_id):
    return next(r for r in theme.reasons if r.factor == factor_id)


def test_listed_defence_university_funding_and_housing_the_work_is_very_high():
    a = run(DEFENCE_UNIVERSITY, hits=[NUDT_HIT])
    assert a.themes["knowledge_transfer"].level == "very_high"
    assert a.themes["influence"].level == "very_high"

    listed = _reason(a.themes["knowledge_transfer"], "kt_listed_partner")
    assert listed.level == "very_high"
    hit = listed.evidence[0]
    assert hit["kind"] == "screening_hit" and hit["entity_id"] == "aspi-unitracker:nudt" and hit["decision"] == "true_match"
    assert "National University of Defense Technology" in listed.explanation["en"]

    kt = factors(a.themes["knowledge_transfer"])
    assert kt["kt_sensitive_area_concern"] == "very_high"  # hypersonics is a very-high cluster, China Not Free
    assert "kt_sensitive_area" not in kt  # the same areas, said once
    area = _reason(a.themes["knowledge_transfer"], "kt_sensitive_area_concern").evidence[0]
    assert area["area"] == "Hypersonics" and "nl_screening:hypersonics" in [e["ref"] for e in area["entries"]]

    inf = factors(a.themes["influence"])
    assert inf["in_state_funding_and_facilities"] == "very_high"
    # The same funding is one cause: the narrower findings about it are not repeated.
    assert "in_foreign_state_funding" not in inf and "in_state_funding_concern" not in inf
    assert inf["in_state_linked_partner"] == "high"
    ikt = _reason(a.themes["influence"], "in_state_funding_and_facilities")
    kinds = [(e["kind"], e.get("field") or e.get("indicator")) for e in ikt.evidence]
    assert kinds == [("collaboration", "foreign_state_funding_share"), ("collaboration", "facilities_provider"),
                     ("country_indicator", "fh_status")]
    assert ikt.evidence[2]["country"] == "CN" and ikt.evidence[2]["value"] == "NF" and ikt.evidence[2]["year"]
    assert ikt.source["id"] == "ikt"


def test_false_positive_hit_is_not_a_reason():
    dismissed = dict(NUDT_HIT, decision="false_positive")
    a = run(DEFENCE_UNIVERSITY, hits=[dismissed])
    assert "kt_listed_partner" not in factors(a.themes["knowledge_transfer"])
    assert "in_state_linked_partner" not in factors(a.themes["influence"])


def test_unreviewed_hit_counts_and_says_so():
    a = run(DEFENCE_UNIVERSITY, hits=[dict(NUDT_HIT, decision=None)])
    reason = _reason(a.themes["knowledge_transfer"], "kt_listed_partner")
    assert reason.evidence[0]["decision"] == "unreviewed"
    assert "not yet reviewed" in reason.explanation["en"] and "nog niet beoordeeld" in reason.explanation["nl"]


def test_data_sharing_with_partner_in_unfree_country_is_high_on_ethics():
    a = run(DATA_SHARING, {"sensitive_data": "yes"})
    assert a.themes["ethics"].level == "high"
    reason = _reason(a.themes["ethics"], "et_rights_and_data")
    country, answer = reason.evidence
    assert country == {**country, "kind": "country_indicator", "country": "IR", "indicator": "fh_status", "value": "NF"}
    assert answer == {"kind": "answer", "question": "sensitive_data", "value": "yes"}
    assert "Not Free" in reason.explanation["en"] and "Niet vrij" in reason.explanation["nl"]
    # Low academic freedom is traced to V-Dem with its year.
    af = _reason(a.themes["influence"], "in_low_academic_freedom").evidence[0]
    assert af["indicator"] == "vdem_academic_freedom" and af["value"] < 0.4 and af["year"] == 2022


def test_same_project_without_data_sharing_is_only_medium_on_ethics():
    a = run(DATA_SHARING, {"sensitive_data": "no"})
    assert a.themes["ethics"].level == "medium"
    assert factors(a.themes["ethics"]) == {"et_country_rights": "medium"}


def test_joint_degree_with_like_minded_partner_is_low_everywhere_with_opportunities():
    a = run(JOINT_DEGREE)
    assert set(_levels(a).values()) == {"low"}
    assert all([r.factor for r in t.reasons] == ["nothing_found"] for t in a.themes.values())
    opportunities = {(o.factor, o.objective) for o in a.opportunities}
    assert ("op_education_research_quality", "ikt_quality") in opportunities
    assert ("op_brain_circulation", "brain_circulation") in opportunities
    assert ("op_ikt_country", "ikt_partner_country") in opportunities
    country = next(o for o in a.opportunities if o.factor == "op_ikt_country")
    assert country.evidence[0]["country"] == "BE" and country.evidence[0]["value"] == "like_minded"
    assert a.mitigations == []


def test_arcnl_sensitive_area_with_a_dutch_company_is_medium_transfer_only():
    a = run(ARCNL)
    assert _levels(a) == {"knowledge_transfer": "medium", "influence": "low", "ethics": "low", "partnership": "low"}
    kt = a.themes["knowledge_transfer"]
    assert factors(kt) == {"kt_sensitive_area": "medium"}
    semis = next(r for r in kt.reasons if r.evidence[0]["area"] == "Semiconductors and lithography")
    refs = {e["ref"] for e in semis.evidence[0]["entries"]}
    assert {"nl_screening:semiconductors", "canada_stra:advanced-semiconductor-manufacturing", "eu_dual_use:cat3"} <= refs
    inside = _reason(a.partnership, "pa_company_inside_eu")
    assert inside.level == "low" and "ASML" in inside.explanation["en"]
    assert {o.factor for o in a.opportunities} == {"op_innovation", "op_company_binding"}
    assert [m.id for m in a.mitigations] == ["export_control_check", "training"]


def test_delta_lab_with_bosch_misses_a_data_agreement():
    a = run(DELTA_LAB)
    assert _levels(a) == {"knowledge_transfer": "medium", "influence": "low", "ethics": "low", "partnership": "medium"}
    missing = _reason(a.partnership, "pa_agreements_missing")
    assert missing.evidence[0]["missing_items"] == ["confidential_data"]
    assert "confidential data" in missing.explanation["en"] and "vertrouwelijke data" in missing.explanation["nl"]
    agree = next(m for m in a.mitigations if m.id == "agree_up_front")
    assert agree.suggested_by == ["pa_agreements_missing"]
    objectives = {o.objective for o in a.opportunities}
    assert {"ikt_innovation", "brain_circulation", "ikt_partner_country", "knowledge_ecosystem"} <= objectives


def test_chemelot_with_dsm_lacks_a_termination_agreement():
    a = run(CHEMELOT)
    assert _levels(a) == {"knowledge_transfer": "medium", "influence": "low", "ethics": "low", "partnership": "medium"}
    assert _reason(a.partnership, "pa_agreements_missing").evidence[0]["missing_items"] == ["termination"]
    areas = {r.evidence[0]["area"] for r in a.themes["knowledge_transfer"].reasons}
    assert areas == {"Advanced materials", "Biotechnology"}


def test_erasmus_mundus_exchange_is_low_and_lists_its_opportunities():
    a = run(ERASMUS_MUNDUS)
    assert set(_levels(a).values()) == {"low"}
    # Indonesia is Partly Free: recorded as a low reason, so the weighing is visible.
    rights = _reason(a.themes["ethics"], "et_country_rights")
    assert rights.level == "low" and rights.evidence[0]["country"] == "ID" and rights.mitigations == []
    circulation = next(o for o in a.opportunities if o.factor == "op_brain_circulation")
    assert circulation.evidence[0]["incoming"] == 17 and circulation.evidence[0]["outgoing"] == 9
    countries = sorted(o.evidence[0]["country"] for o in a.opportunities if o.factor == "op_ikt_country")
    assert countries == ["BE", "ID", "IT"]


def test_opportunities_never_lower_a_risk_level():
    with_chances = run(DEFENCE_UNIVERSITY, {"sdg_contribution": "yes", "policy_learning": "yes"}, hits=[NUDT_HIT])
    without = run(DEFENCE_UNIVERSITY, hits=[NUDT_HIT])
    assert {"op_sdg", "op_policy_learning"} <= {o.factor for o in with_chances.opportunities}
    assert with_chances.levels() == without.levels()
    assert with_chances.levels()["knowledge_transfer"] == "very_high"


def test_two_high_findings_escalate_transfer_to_very_high():
    a = run(ARCNL, {"dual_use": "yes", "partner_facility_access": "yes"})
    kt = a.themes["knowledge_transfer"]
    assert kt.level == "very_high"
    (esc,) = kt.escalations
    assert esc.from_level == "high" and esc.to_level == "very_high"
    assert esc.factors == ["kt_dual_use", "kt_facility_access"]


def test_unsure_answer_is_weighed_like_canada_asks():
    a = run(ARCNL, {"dual_use": "unsure"})
    assert factors(a.themes["knowledge_transfer"])["kt_dual_use"] == "medium"


def test_mitigations_are_deduplicated_with_the_factors_that_suggest_them():
    a = run(DEFENCE_UNIVERSITY, hits=[NUDT_HIT])
    ids = [m.id for m in a.mitigations]
    assert len(ids) == len(set(ids))
    export = next(m for m in a.mitigations if m.id == "export_control_check")
    assert {"kt_listed_partner", "kt_sensitive_area_concern"} <= set(export.suggested_by)
    assert export.label["nl"] and export.description["en"] and export.source["id"] == "eu_dual_use"
    assert a.mitigations[0].highest_level == "very_high"


def test_unanswered_questions_are_listed_as_missing_not_guessed():
    a = run(DATA_SHARING)
    missing = {(m.kind, m.ref) for m in a.missing}
    assert ("answer", "sensitive_data") in missing
    assert "et_rights_and_data" not in factors(a.themes["ethics"])


def test_missing_country_indicator_is_stated():
    kosovo_less = dict(JOINT_DEGREE, partners=[{"organisation_id": 1, "name": "University of Hong Kong",
                                                 "country_code": "HK", "role": "partner"}])
    a = run(kosovo_less)
    gap = next(m for m in a.missing if m.ref == "HK:vdem_academic_freedom")
    assert gap.kind == "country_indicator" and "not in the extract" in gap.note
    assert gap.factors == ["in_low_academic_freedom"]


def test_output_has_the_agreed_json_shape():
    a = run(DEFENCE_UNIVERSITY, hits=[NUDT_HIT])
    data = json.loads(json.dumps(a.to_dict()))
    assert list(data)[:7] == ["collaboration", "rule_set_version", "rule_set_name", "themes", "partnership", "opportunities", "mitigations"]
    assert list(data["themes"]) == ["knowledge_transfer", "influence", "ethics"]
    assert data["collaboration"] == {"id": 101, "title": "Hypersonic flow control", "form": "joint_research"}
    assert data["rule_set_version"] == "2026.3"
    for theme in [*data["themes"].values(), data["partnership"]]:
        assert set(theme) >= {"level", "reasons"}
        for r in theme["reasons"]:
            assert r["factor"] and r["evidence"] and r["explanation"]["nl"] and r["explanation"]["en"] and r["source"]["id"]


def test_assessment_is_deterministic_and_reads_back():
    from ksdesk.assessment import AssessmentResult

    first = run(DEFENCE_UNIVERSITY, hits=[NUDT_HIT]).to_dict()
    second = run(DEFENCE_UNIVERSITY, hits=[NUDT_HIT]).to_dict()
    assert first == second
    assert AssessmentResult.model_validate(first).to_dict() == first


def test_registry_read_model_is_accepted_as_input():
    from datetime import datetime, timezone

    from ksdesk.registry.schemas import CollaborationRead

    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    record = CollaborationRead(
        **{k: v for k, v in ARCNL.items() if k != "countries"},
        countries=["NL"], description=None, status="active", institution_id=1, institution="UvA", contact_name=None,
        start_date=None, end_date=None, data_arrangements=None, ip_arrangements=None, transitions=[],
        created_at=now, updated_at=now, version=3,
    )
    assert run(record).levels() == run(ARCNL).levels()
