"""what_if says which levels move when answers (or the collaboration) change."""

from __future__ import annotations

import pytest

from ksdesk.assessment import AnswerError, load_catalogues, load_country_indicators, load_default_rule_set, what_if
from tests.assessment.cases import ARCNL, DATA_SHARING, DEFENCE_UNIVERSITY, ERASMUS_MUNDUS, NUDT_HIT, run


def _what_if(collab, answers, changes, hits=(), collaboration_changes=None):
    return what_if(collab, answers, changes, list(hits), load_country_indicators(), load_catalogues(),
                   load_default_rule_set(), collaboration_changes)


def test_stopping_data_sharing_lowers_ethics_and_transfer():
    result = _what_if(DATA_SHARING, {"sensitive_data": "yes"}, {"sensitive_data": "no"})
    moves = {c.theme: (c.before, c.after) for c in result.changes}
    assert moves == {"ethics": ("high", "medium"), "knowledge_transfer": ("medium", "low")}
    assert "data_protection_assessment" in result.mitigations_dropped


def test_answer_that_changes_nothing_reports_no_change():
    result = _what_if(ERASMUS_MUNDUS, {}, {"crown_jewels": "no"})
    assert result.changes == []
    assert result.before.levels() == result.after.levels()


def test_new_answer_can_add_an_opportunity_without_touching_levels():
    result = _what_if(ERASMUS_MUNDUS, {}, {"sdg_contribution": "yes"})
    assert result.changes == []
    assert result.opportunities_gained == ["op_sdg"]


def test_removing_an_answer_with_none():
    result = _what_if(ARCNL, {"dual_use": "yes"}, {"dual_use": None})
    assert [(c.theme, c.before, c.after) for c in result.changes] == [("knowledge_transfer", "high", "medium")]


def test_collaboration_change_moving_facilities_home_lowers_influence():
    result = _what_if(
        DEFENCE_UNIVERSITY, {}, {}, hits=[NUDT_HIT],
        collaboration_changes={"facilities_provider": "dutch_institution", "funding": [{"funder_name": "NWO", "share_percent": 100}]},
    )
    moves = {c.theme: (c.before, c.after) for c in result.changes}
    assert moves["influence"] == ("very_high", "high")  # the listing itself still weighs
    assert "knowledge_transfer" not in moves


def test_unknown_or_malformed_answers_are_refused_together():
    with pytest.raises(AnswerError) as info:
        run(ARCNL, {"dual_use": "perhaps", "favourite_colour": "blue", "agreements": {}})
    assert set(info.value.problems) == {"dual_use", "favourite_colour", "agreements"}


def test_boolean_answers_are_read_as_yes_and_no():
    assert run(ARCNL, {"dual_use": True}).levels() == run(ARCNL, {"dual_use": "yes"}).levels()
