"""The rule set as versioned data: version 1 from the migration, uploads checked, assessments tied to a version."""

import pytest

from ksdesk.accounts.principal import SYSTEM
from ksdesk.assessment import default_rules_text, inputs, service
from ksdesk.errors import Forbidden, ValidationFailed
from tests.assessment.conftest import ADVISOR_UL, DATA_SHARING, collaboration_id, demo_principal


def new_version(text: str, label: str) -> str:
    return text.replace('version: "2026.3"', f'version: "{label}"', 1)


def test_the_default_rule_set_is_version_one_and_in_force(db):
    current = inputs.current_rule_set(db)
    assert current.number == 1 and current.label == "2026.3" and current.text == default_rules_text()


def test_an_uploaded_rule_set_is_used_by_the_next_assessment_and_old_ones_keep_theirs(demo):
    advisor, cid = demo_principal(demo, ADVISOR_UL), collaboration_id(demo, DATA_SHARING)
    first = service.save_answers(demo, advisor, cid, {})
    service.decide(demo, advisor, cid, "approve", "Fine under the rules of the day.", override_reason="Test.")
    version = inputs.upload_rule_set(demo, SYSTEM, new_version(default_rules_text(), "2026.6"))
    assert version.number == 2 and inputs.current_rule_set(demo).label == "2026.6"
    second = service.save_answers(demo, advisor, cid, {})
    assert second.rule_set_label == "2026.6" and second.rule_set_id == version.id
    assert service.get_version(demo, advisor, cid, first.number).rule_set_label == "2026.3"


def test_a_broken_rule_set_is_refused_with_its_line_and_the_old_one_stays(db):
    text = new_version(default_rules_text(), "2026.9")
    lines = text.splitlines()
    target = next(i for i, line in enumerate(lines) if line.strip() == "theme: knowledge_transfer")
    lines[target] = lines[target].replace("knowledge_transfer", "espionage")
    with pytest.raises(ValidationFailed) as refused:
        inputs.upload_rule_set(db, SYSTEM, "\n".join(lines))
    assert f"line {target + 1}" in refused.value.message
    assert "espionage" in refused.value.message or "theme" in refused.value.message
    assert inputs.current_rule_set(db).label == "2026.3"


def test_text_that_is_not_yaml_is_refused_with_its_line(db):
    with pytest.raises(ValidationFailed) as refused:
        inputs.upload_rule_set(db, SYSTEM, 'version: "x"\nname: [unclosed\n')
    assert "line " in refused.value.message
    assert inputs.current_rule_set(db).label == "2026.3"


def test_a_rule_set_that_reuses_a_version_is_refused(db):
    with pytest.raises(ValidationFailed) as refused:
        inputs.upload_rule_set(db, SYSTEM, default_rules_text())
    assert "already loaded" in refused.value.message


def test_only_an_administrator_uploads_a_rule_set(db, world):
    with pytest.raises(Forbidden):
        inputs.upload_rule_set(db, world.principal("alice"), new_version(default_rules_text(), "2026.5"))
    assert inputs.upload_rule_set(db, world.principal("hank"), new_version(default_rules_text(), "2026.5")).number == 2
