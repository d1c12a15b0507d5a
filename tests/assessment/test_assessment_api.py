"""The assessment in the JSON API: the CLI's shape, the same rules as the web app."""

import pytest

from ksdesk.assessment import default_rules_text

THEMES = {"knowledge_transfer", "influence", "ethics"}


@pytest.fixture
def case(make_collaboration):
    return make_collaboration("bob", title="Shared health data", technology_areas=["Facial recognition"]).id


def base(cid):
    return f"/api/v1/collaborations/{cid}/assessment"


def test_an_unassessed_collaboration_shows_what_the_rules_give_without_storing(api, case):
    data = api("alice").get(base(case)).json()
    assert data["assessment"] is None and set(data["themes"]) == THEMES
    assert data["rule_set_version"] == "2026.3" and "level" in data["partnership"]


def test_answers_decision_and_versions_through_the_api(api, case):
    alice = api("alice")
    saved = alice.post(base(case) + "/answers", json={"answers": {"misuse_potential": "yes"}})
    assert saved.status_code == 200, saved.text
    body = saved.json()
    assert body["assessment"]["number"] == 1 and body["themes"]["ethics"]["reasons"]
    reason = body["themes"]["ethics"]["reasons"][0]
    assert {"factor", "level", "explanation", "evidence", "source"} <= set(reason)
    chosen = [m["id"] for m in body["mitigations"]][:1]
    assert alice.post(base(case) + "/mitigations", json={"mitigations": chosen}).status_code == 200
    decided = alice.post(base(case) + "/decision", json={"decision": "approve_with_conditions", "reasons": "With the measure.",
                                                              "override_reason": "Other questions do not apply."})
    assert decided.status_code == 200 and decided.json()["status"] == "decided"
    again = alice.post(base(case) + "/decision", json={"decision": "decline", "reasons": "No."})
    assert again.status_code == 422
    assert alice.post(base(case) + "/answers", json={"answers": {}}).json()["assessment"]["number"] == 2
    versions = alice.get(base(case) + "/versions").json()
    assert [v["number"] for v in versions] == [2, 1] and versions[1]["decision"] == "approve_with_conditions"
    assert alice.get(base(case) + "/versions/1").json()["assessment"]["chosen_mitigations"][0]["id"] == chosen[0]


def test_a_wrong_answer_gets_a_field_error(api, case):
    response = api("alice").post(base(case) + "/answers", json={"answers": {"misuse_potential": 3}})
    assert response.status_code == 422 and "answers.misuse_potential" in response.json()["errors"]


def test_what_if_through_the_api_stores_nothing(api, case):
    alice = api("alice")
    alice.post(base(case) + "/answers", json={"answers": {"misuse_potential": "no"}})
    result = alice.post(base(case) + "/what-if", json={"answers": {"misuse_potential": "yes"}}).json()
    assert result["stored"] is False and any(c["theme"] == "ethics" for c in result["changes"])
    assert alice.get(base(case) + "/what-if?misuse_potential=yes").json()["changes"] == result["changes"]
    assert alice.get(base(case)).json()["assessment"]["answers"] == {"misuse_potential": "no"}


@pytest.mark.parametrize("who, status", [("bob", 200), ("carol", 404), ("erin", 404), ("gina", 404), ("hank", 404)])
def test_who_may_read_an_assessment_through_the_api(api, case, who, status):
    assert api(who).get(base(case)).status_code == status


def test_the_researcher_cannot_answer_through_the_api(api, case):
    assert api("bob").post(base(case) + "/answers", json={"answers": {}}).status_code == 403


def test_the_admin_uploads_rule_sets_through_the_api_and_a_broken_one_names_its_line(api):
    hank = api("hank")
    good = default_rules_text().replace('version: "2026.3"', 'version: "2026.4"')
    response = hank.post("/api/v1/rule-sets", content=good.encode(), headers={"content-type": "application/yaml"})
    assert response.status_code == 200, response.text
    assert response.json()["number"] == 2
    broken = hank.post("/api/v1/rule-sets", content=b"version: [", headers={"content-type": "application/yaml"})
    assert broken.status_code == 422 and "line" in broken.json()["detail"]
    assert [v["version"] for v in hank.get("/api/v1/rule-sets").json()][:1] == ["2026.4"]
    assert api("alice").get("/api/v1/rule-sets").status_code == 404
