"""A broken rule set is refused with the line and the problem; the default one loads."""

from __future__ import annotations

import pytest

from ksdesk.assessment import default_rules_text, load_default_rule_set, load_rule_set
from ksdesk.assessment.rules import RuleSetError

MINIMAL = """\
version: "t1"
name: test
sources:
  - {id: src, title: A public source}
themes:
  knowledge_transfer: {label: {en: Transfer, nl: Overdracht}}
  influence: {label: {en: Influence, nl: Beinvloeding}}
  ethics: {label: {en: Ethics, nl: Ethiek}}
  partnership: {label: {en: Partnership, nl: Partnership}}
questionnaire:
  - id: dual_use
    type: yes_no_unsure
    label: {en: "Dual use?", nl: "Tweeerlei?"}
factors:
  - id: f_one
    theme: knowledge_transfer
    label: {en: One, nl: Een}
    evidence: {kind: answer, question: dual_use}
    cases:
      - {when: {equals: yes}, level: high}
    explanation: {en: "answer {answer}", nl: "antwoord {answer}"}
    mitigations: [export_control_check]
    source: src
"""


def _error(text: str) -> RuleSetError:
    with pytest.raises(RuleSetError) as info:
        load_rule_set(text)
    return info.value


def _line_of(text: str, needle: str, occurrence: int = 1) -> int:
    seen = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(needle)


def test_minimal_rule_set_loads():
    rs = load_rule_set(MINIMAL)
    assert rs.version == "t1"
    assert [f.id for f in rs.factors] == ["f_one"]


def test_yaml_syntax_error_names_its_line():
    text = MINIMAL.replace("    theme: knowledge_transfer", "    theme: [knowledge_transfer")
    err = _error(text)
    assert err.line == _line_of(text, "theme: [knowledge_transfer") + 1
    assert "YAML syntax" in err.problem
    assert f"line {err.line}" in str(err)


def test_unknown_theme_names_its_line():
    text = MINIMAL.replace("theme: knowledge_transfer", "theme: espionage")
    err = _error(text)
    assert err.line == _line_of(text, "theme: espionage")
    assert "factors.0.theme" in err.problem
    assert "knowledge_transfer" in err.problem  # says what is allowed


def test_unknown_mitigation_names_its_line():
    text = MINIMAL.replace("mitigations: [export_control_check]", "mitigations:\n      - export_control_check\n      - prayer")
    err = _error(text)
    assert err.line == _line_of(text, "- prayer")
    assert "unknown mitigation 'prayer'" in err.problem


def test_duplicate_factor_id_names_the_second_one():
    factor = MINIMAL[MINIMAL.index("  - id: f_one") :]
    text = MINIMAL + factor
    err = _error(text)
    assert err.line == _line_of(text, "- id: f_one", occurrence=2)
    assert "duplicate factor id 'f_one'" in err.problem


def test_unknown_question_names_its_line():
    text = MINIMAL.replace("question: dual_use}", "question: dual_purpose}")
    err = _error(text)
    assert err.line == _line_of(text, "question: dual_purpose")
    assert "unknown question 'dual_purpose'" in err.problem


def test_unknown_catalogue_names_its_line():
    text = MINIMAL.replace("{kind: answer, question: dual_use}", "{kind: technology_area, catalogues: [secret_list]}").replace(
        "{answer}", "{area}"
    )
    err = _error(text)
    assert err.line == _line_of(text, "catalogues: [secret_list]")
    assert "unknown catalogue 'secret_list'" in err.problem


def test_unknown_placeholder_in_explanation_is_refused():
    text = MINIMAL.replace('en: "answer {answer}"', 'en: "answer {answr}"')
    err = _error(text)
    assert err.line == _line_of(text, "{answr}")
    assert "unknown placeholder {answr}" in err.problem


def test_missing_field_names_the_factor_line():
    text = MINIMAL.replace("    source: src\n", "")
    err = _error(text)
    assert err.line == _line_of(text, "- id: f_one")
    assert "factors.0.source" in err.problem


def test_key_written_twice_is_refused():
    text = MINIMAL.replace("    source: src\n", "    source: src\n    source: src\n")
    err = _error(text)
    assert err.line == _line_of(text, "source: src", occurrence=2)
    assert "twice" in err.problem


def test_opportunity_with_a_level_is_refused():
    text = MINIMAL.replace("theme: knowledge_transfer", "theme: opportunity\n    objective: x")
    err = _error(text)
    assert "never given a risk level" in str(err)


def test_every_problem_is_reported_in_line_order():
    text = MINIMAL.replace("mitigations: [export_control_check]", "mitigations: [prayer]").replace("source: src\n", "source: nowhere\n")
    err = _error(text)
    lines = [line for line, _ in err.problems]
    assert len(err.problems) == 2 and lines == sorted(lines)


def test_default_rule_set_loads_with_sources_for_every_factor():
    rs = load_default_rule_set()
    source_ids = {s.id for s in rs.sources}
    assert rs.version
    assert all(f.source in source_ids for f in rs.factors)
    themes = {f.theme for f in rs.factors}
    assert themes == {"knowledge_transfer", "influence", "ethics", "partnership", "opportunity"}


def test_default_questionnaire_includes_the_rathenau_checklist_and_exchanges():
    rs = load_default_rule_set()
    assert rs.question("agreements").from_collaboration == "agreements"
    assert rs.question("exchanges").from_collaboration == "exchanges"
    assert all(q.label.nl and q.label.en for q in rs.questionnaire)


def test_default_rule_set_text_is_what_loads():
    assert load_rule_set(default_rules_text()).version == load_default_rule_set().version
