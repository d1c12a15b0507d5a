"""The demo collaborations assessed through the service, with screening hits from the database."""

import pytest

from ksdesk.accounts.principal import SYSTEM
from ksdesk.assessment import service
from ksdesk.screening import watchlists
from tests.assessment.conftest import (
    ADVISOR_TUD,
    ADVISOR_UL,
    ADVISOR_UM,
    ADVISOR_UVA,
    ARCNL,
    CHEMELOT,
    DATA_SHARING,
    DELTA,
    ERASMUS,
    JOINT_DEGREE,
    JOINT_LAB,
    collaboration_id,
    demo_principal,
    listed,
    watchlist,
)


def assessed(db, title, advisor, answers=None):
    stored = service.save_answers(db, demo_principal(db, advisor), collaboration_id(db, title), answers or {})
    return stored, service.result_of(stored)


def factors(theme):
    return [r.factor for r in theme.reasons]


@pytest.fixture
def defence_list(demo):
    watchlists.load_version(demo, SYSTEM, watchlist(
        listed("t:nudt", "National University of Defense Technology", "NUDT"),
        listed("t:hit", "Harbin Institute of Technology", "HIT", level="high"),
    ))
    return demo


def test_the_joint_lab_with_a_listed_defence_university_is_very_high_on_transfer_and_influence(defence_list):
    stored, result = assessed(defence_list, JOINT_LAB, ADVISOR_TUD)
    levels = result.levels()
    assert levels["knowledge_transfer"] == "very_high"
    assert levels["influence"] == "very_high"
    kt = result.themes["knowledge_transfer"]
    listed_reason = next(r for r in kt.reasons if r.factor == "kt_listed_partner")
    hit = next(e for e in listed_reason.evidence if e["kind"] == "screening_hit")
    assert hit["list_id"] == "test-defence" and hit["listed_name"] == "National University of Defense Technology"
    assert any(e["kind"] == "technology_area" for r in kt.reasons for e in r.evidence)
    influence = factors(result.themes["influence"])
    # The state funding is one cause, said once by its strongest finding.
    assert "in_state_funding_and_facilities" in influence and "in_foreign_state_funding" not in influence
    funding = next(r for r in result.themes["influence"].reasons if r.factor == "in_state_funding_and_facilities")
    assert funding.evidence[0]["kind"] == "collaboration" and funding.evidence[0]["value"] == 80
    assert stored.inputs["screening_hits"] and stored.rule_set_label == "2026.3"


def test_without_a_watchlist_the_joint_lab_has_no_screening_reason(demo):
    _stored, result = assessed(demo, JOINT_LAB, ADVISOR_TUD)
    assert "kt_listed_partner" not in factors(result.themes["knowledge_transfer"])


def test_sharing_personal_data_with_an_iranian_university_is_high_on_ethics(demo):
    _stored, result = assessed(demo, DATA_SHARING, ADVISOR_UL, {"sensitive_data": "yes"})
    assert result.levels()["ethics"] == "high"
    ethics = result.themes["ethics"]
    assert {"et_rights_and_data", "et_country_rights"} <= set(factors(ethics))
    country = next(e for r in ethics.reasons for e in r.evidence if e["kind"] == "country_indicator")
    assert country["country"] == "IR" and "Freedom House" in country["source"]
    answer = next(e for r in ethics.reasons for e in r.evidence if e["kind"] == "answer")
    assert answer == {"kind": "answer", "question": "sensitive_data", "value": "yes"}


def test_the_joint_degree_with_a_like_minded_partner_is_low_with_opportunities(demo):
    _stored, result = assessed(demo, JOINT_DEGREE, ADVISOR_UVA)
    assert set(result.levels().values()) == {"low"}
    objectives = {o.objective for o in result.opportunities}
    assert "brain_circulation" in objectives and "ikt_partner_country" in objectives
    assert result.mitigations == []


@pytest.mark.parametrize("title, advisor, expected, reason", [
    (ARCNL, ADVISOR_UVA, {"knowledge_transfer": "medium", "influence": "low", "ethics": "low", "partnership": "low"},
     "kt_sensitive_area"),
    (DELTA, ADVISOR_UVA, {"knowledge_transfer": "medium", "influence": "low", "ethics": "low", "partnership": "medium"},
     "pa_agreements_missing"),
    (CHEMELOT, ADVISOR_UM, {"knowledge_transfer": "medium", "influence": "low", "ethics": "low", "partnership": "medium"},
     "pa_agreements_missing"),
    (ERASMUS, ADVISOR_UL, {"knowledge_transfer": "low", "influence": "low", "ethics": "low", "partnership": "low"},
     "pa_agreements_missing_light"),
])
def test_the_rathenau_and_erasmus_cases_get_their_levels_and_reasons(demo, title, advisor, expected, reason):
    _stored, result = assessed(demo, title, advisor)
    assert result.levels() == expected
    all_reasons = [r.factor for t in [*result.themes.values(), result.partnership] for r in t.reasons]
    assert reason in all_reasons
    assert result.opportunities, "every one of these cases serves an objective"


def test_the_rathenau_cases_name_the_partners_agreement_that_is_missing(demo):
    _stored, result = assessed(demo, DELTA, ADVISOR_UVA)
    missing = next(r for r in result.partnership.reasons if r.factor == "pa_agreements_missing")
    assert missing.evidence[0]["missing_items"] == ["confidential_data"]


def test_every_demo_collaboration_gets_a_level_and_a_reason_on_every_theme_in_the_json_contract(demo):
    from sqlalchemy import select

    from ksdesk.assessment import contract
    from ksdesk.registry.models import Collaboration

    for cid, title in demo.execute(select(Collaboration.id, Collaboration.title)).all():
        data = contract.as_json(service.preview(demo, SYSTEM, cid, {}), None, [])
        for name, theme in [*data["themes"].items(), ("partnership", data["partnership"])]:
            assert theme["level"] in ("low", "medium", "high", "very_high") and theme["reasons"], (title, name)
