"""Every way a rule set can get its own references wrong has a coded reason, said in Dutch and English."""

import html

import pytest
import yaml

from ksdesk.accounts.principal import SYSTEM
from ksdesk.assessment import default_rules_text, inputs
from ksdesk.errors import Refusal, ValidationFailed
from ksdesk.reasons import TEXTS
from ksdesk.web.i18n import translations
from ksdesk.web.messages import Say
from tests.webtools import csrf_of, post_form

# Every consistency problem the rule-set checks find once the shape is right.
CONSISTENCY = {
    "rule_source_duplicate", "rule_question_duplicate", "rule_objective_duplicate", "rule_factor_duplicate",
    "rule_question_source_unknown", "rule_objective_source_unknown", "rule_factor_source_unknown",
    "rule_factor_objective_unknown", "rule_explanation_braces", "rule_placeholder_unknown",
    "rule_override_unknown", "rule_mitigation_unknown", "rule_question_unknown", "rule_catalogue_unknown",
    "rule_catalogue_entry_unknown",
}


def _inconsistent() -> str:
    """The default rule set with one of each consistency problem: all are found in one upload."""
    rules = yaml.safe_load(default_rules_text())
    rules["version"] = "2026.99"
    rules["sources"].append(dict(rules["sources"][0]))
    rules["questionnaire"].append(dict(rules["questionnaire"][0]))
    rules["questionnaire"][1]["source"] = "no_such_source"
    rules["objectives"].append(dict(rules["objectives"][0]))
    rules["objectives"][1]["source"] = "no_such_source"
    factors = {f["id"]: f for f in rules["factors"]}
    rules["factors"].append(dict(factors["kt_dual_use"]))
    factors["kt_listed_partner"]["source"] = "no_such_source"
    factors["kt_listed_partner"]["mitigations"] = ["no_such_mitigation"]
    factors["kt_listed_partner"]["explanation"] = {"en": "Listed {nowhere}.", "nl": "Vermeld {niet"}
    factors["kt_sensitive_area_concern"]["overrides"] = ["no_such_factor"]
    factors["kt_sensitive_area_concern"]["evidence"]["catalogues"] = ["no_such_catalogue"]
    factors["et_surveillance_technology"]["evidence"]["entries"] = ["canada_stra:no-such-entry"]
    factors["kt_dual_use"]["evidence"]["question"] = "no_such_question"
    opportunity = next(f for f in rules["factors"] if f.get("theme") == "opportunity")
    opportunity["objective"] = "no_such_objective"
    return yaml.safe_dump(rules, allow_unicode=True, sort_keys=False)


def test_each_consistency_problem_has_its_own_code_and_line(db):
    with pytest.raises(ValidationFailed) as refused:
        inputs.upload_rule_set(db, SYSTEM, _inconsistent())
    coded = refused.value.params["coded"]
    assert {p["code"] for p in coded} == CONSISTENCY
    assert all(p["line"] for p in coded)
    assert all(p["code"] in TEXTS for p in coded)


@pytest.mark.parametrize("language", ["en", "nl"])
def test_each_consistency_problem_is_said_in_the_readers_language(browser, db, language):
    with pytest.raises(ValidationFailed) as refused:
        inputs.upload_rule_set(db, SYSTEM, _inconsistent())
    say = Say(language, translations(language).gettext)
    hank = browser("hank")
    hank.post("/language", data={"lang": language, "next": "/",
                                 "csrf_token": csrf_of(hank.get("/admin/rule-sets").text)})
    response = post_form(hank, "/admin/rule-sets", "/admin/rule-sets", {"rules": _inconsistent()})
    assert response.status_code == 422
    problems = html.unescape(response.text.split('id="rule-set-problems"', 1)[1].split("</ul>", 1)[0])
    for problem in refused.value.params["coded"]:
        sentence = say.refusal(Refusal(problem["code"], "", problem["params"]))
        assert sentence in problems, (problem["code"], sentence)
        if language == "nl":
            assert TEXTS[problem["code"]] % problem["params"] not in problems, problem["code"]
    if language == "nl":
        assert "unknown" not in problems and "duplicate" not in problems and "line " not in problems


def test_a_reused_version_and_broken_yaml_are_said_in_dutch(browser):
    hank = browser("hank")
    hank.post("/language", data={"lang": "nl", "next": "/", "csrf_token": csrf_of(hank.get("/admin/rule-sets").text)})
    reused = post_form(hank, "/admin/rule-sets", "/admin/rule-sets", {"rules": default_rules_text()}).text
    assert "Versie 2026.3 is al geladen" in reused and "already loaded" not in reused
    broken = post_form(hank, "/admin/rule-sets", "/admin/rule-sets",
                       {"rules": 'version: "x"\nname: [unclosed\n'}).text
    assert "De YAML is hier niet te lezen" in broken and "YAML syntax" not in broken
