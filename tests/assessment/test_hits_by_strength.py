"""Screening hits feed the assessment by their strength and their review state.

A confirmed match counts in full; a strong match nobody reviewed counts and says so; a
possible match (an acronym, a fuzzy or a cross-country match) sets no level: it is listed to
review and lowers the completeness of the assessment.
"""

from __future__ import annotations

from tests.assessment.cases import ARCNL, DEFENCE_UNIVERSITY, NUDT_HIT, factors, run

# The demo's absurd result: "ASML" found, fuzzily, among a sanctioned shipping firm's names.
ASML_SHIPPING = {
    "list_id": "un-sc",
    "list_title": "UN Security Council Consolidated List",
    "entity_id": "un-sc:KPe.123",
    "listed_name": "ASMA Shipping Line",
    "matched_name": "ASMA",
    "partner": "ASML (Netherlands)",
    "score": 0.85,
    "risk_level": "very high",
    "strength": "possible",
    "decision": None,
}


def test_arcnl_with_an_unreviewed_possible_hit_is_not_rated_like_a_defence_university():
    arcnl = run(ARCNL, hits=[ASML_SHIPPING])
    nudt = run(DEFENCE_UNIVERSITY, hits=[NUDT_HIT])
    assert arcnl.themes["knowledge_transfer"].level == "medium"
    assert nudt.themes["knowledge_transfer"].level == "very_high"
    assert "kt_listed_partner" not in factors(arcnl.themes["knowledge_transfer"])
    assert "in_state_linked_partner" not in factors(arcnl.themes["influence"])
    assert arcnl.levels() == run(ARCNL).levels()


def _all_answered_no() -> dict:
    from ksdesk.assessment import load_default_rule_set

    return {q.id: "no" for q in load_default_rule_set().questionnaire if q.type == "yes_no_unsure"}


def test_a_possible_hit_is_listed_to_review_and_lowers_completeness_not_the_level():
    answers = _all_answered_no()
    assert run(ARCNL, answers).completeness.percent == 100
    with_hit = run(ARCNL, answers, hits=[ASML_SHIPPING])
    (item,) = with_hit.to_review
    assert item.partner == "ASML (Netherlands)" and item.listed_name == "ASMA Shipping Line"
    assert item.strength == "possible" and item.decision == "unreviewed" and item.risk_level == "very_high"
    assert with_hit.completeness.to_review == 1
    assert with_hit.completeness.percent < 100
    assert with_hit.levels() == run(ARCNL, answers).levels()


def test_a_possible_hit_a_reviewer_confirmed_counts_in_full():
    confirmed = dict(ASML_SHIPPING, decision="true_match")
    a = run(ARCNL, hits=[confirmed])
    assert factors(a.themes["knowledge_transfer"])["kt_listed_partner"] == "very_high"
    assert a.to_review == []


def test_a_possible_hit_a_reviewer_dismissed_is_neither_counted_nor_listed():
    a = run(ARCNL, hits=[dict(ASML_SHIPPING, decision="false_positive")])
    assert a.to_review == [] and a.levels() == run(ARCNL).levels()


def test_an_unreviewed_strong_hit_counts_and_says_it_awaits_review():
    a = run(DEFENCE_UNIVERSITY, hits=[dict(NUDT_HIT, decision=None, strength="strong")])
    assert a.themes["knowledge_transfer"].level == "very_high"
    reason = next(r for r in a.themes["knowledge_transfer"].reasons if r.factor == "kt_listed_partner")
    assert "not yet reviewed" in reason.explanation["en"] and "nog niet beoordeeld" in reason.explanation["nl"]
    assert a.completeness.awaiting_review == 1


def test_one_reason_per_partner_with_its_lists_folded_in():
    lists = [
        ("aspi-unitracker", "ASPI China Defence Universities Tracker", "very high"),
        ("us-entity-list", "Entity List", "high"),
        ("ca-nro", "Named Research Organizations", "high"),
        ("us-ndaa-1286", "NDAA section 1286", "high"),
    ]
    hits = [dict(NUDT_HIT, list_id=code, list_title=title, entity_id=f"{code}:nudt", risk_level=level)
            for code, title, level in lists]
    a = run(DEFENCE_UNIVERSITY, hits=hits)
    listed = [r for r in a.themes["knowledge_transfer"].reasons if r.factor == "kt_listed_partner"]
    assert len(listed) == 1
    (reason,) = listed
    assert reason.level == "very_high"
    assert ("on 4 lists: ASPI China Defence Universities Tracker (very high), Entity List (high), "
            "Named Research Organizations (high), NDAA section 1286 (high)") in reason.explanation["en"]
    assert "op 4 lijsten: ASPI China Defence Universities Tracker (zeer hoog)" in reason.explanation["nl"]
    assert [e["list_id"] for e in reason.evidence if e["kind"] == "screening_hit"] == [c for c, _, _ in lists]
    state_linked = [r for r in a.themes["influence"].reasons if r.factor == "in_state_linked_partner"]
    assert len(state_linked) == 1


def test_every_theme_has_a_reason_even_at_low():
    a = run(ARCNL)
    for theme in [*a.themes.values(), a.partnership]:
        assert theme.reasons, theme.label["en"]
    influence = a.themes["influence"]
    assert influence.level == "low"
    (reason,) = influence.reasons
    assert reason.factor == "nothing_found" and reason.explanation["nl"].startswith("Nagegaan")
    assert "Partner linked to a state actor" in reason.explanation["en"]
    assert {c.factor for c in influence.checked} >= {"in_state_linked_partner", "in_foreign_state_funding"}
