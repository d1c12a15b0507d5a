"""The catalogues as versioned data: shipped files in force until an administrator loads a newer edition."""

import json

import pytest
from sqlalchemy import select

from ksdesk.accounts.principal import SYSTEM
from ksdesk.assessment import flags, inputs, load_catalogues, service
from ksdesk.assessment.catalogues import shipped_text
from ksdesk.audit import AuditEvent
from ksdesk.errors import Forbidden, NotFound, ValidationFailed
from tests.webtools import csrf_of

NL = "nl_screening"
QUANTUM_ALIASES = "aliases: [quantum computing, quantum sensing, quantum, kwantum, quantumtechnologie]"


def nl_edition(alias: str = "zorblax widgets") -> str:
    text = shipped_text(NL)
    assert QUANTUM_ALIASES in text
    return (text.replace('edition: "internet consultation, 7 April 2025"', 'edition: "order in council, 2027"', 1)
            .replace(QUANTUM_ALIASES, QUANTUM_ALIASES[:-1] + f", {alias}]", 1))


def quantum_found(stored) -> bool:
    return "nl_screening:quantum" in json.dumps(stored.result)


# ---------------------------------------------------------------- service


def test_the_shipped_files_are_in_force_until_an_edition_is_loaded(db):
    assert inputs.catalogues(db) is load_catalogues()
    rows = {row["id"]: row for row in inputs.catalogue_overview(db)}
    assert set(rows) == {"canada_stra", "nl_screening", "eu_dual_use", "mitigations"}
    assert all(row["version"] is None for row in rows.values())
    assert rows["canada_stra"]["edition"] == "2025-05-07"
    assert inputs.current_catalogue_text(db, NL) == shipped_text(NL)


def test_a_new_edition_is_used_by_the_next_assessment_flags_assessed_collaborations_and_is_audited(
        db, world, make_collaboration):
    alice, cid = world.principal("alice"), make_collaboration("bob", technology_areas=["Zorblax widgets"]).id
    first = service.save_answers(db, alice, cid, {})
    assert not quantum_found(first)
    version = inputs.upload_catalogue(db, world.principal("hank"), NL, nl_edition())
    assert version.number == 1 and version.edition == "order in council, 2027" and version.is_current
    assert inputs.current_catalogue_text(db, NL) == nl_edition()
    assert [f.reason for f in flags.open_flags(db, cid)] == ["catalogue"]
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "catalogue.upload"))
    assert event is not None and event.object_id == str(version.id)
    assert event.before["version"] == f"{NL} as shipped" and event.after["version"] == f"{NL} 1"
    service.decide(db, alice, cid, "approve", "Fine with the catalogues of the day.", override_reason="Test.")
    second = service.save_answers(db, alice, cid, {})
    assert quantum_found(second) and flags.open_flags(db, cid) == []
    assert not quantum_found(service.get_version(db, alice, cid, first.number))
    again = inputs.upload_catalogue(db, SYSTEM, NL, nl_edition("frobnicator"))
    assert again.number == 2 and [v.number for v in inputs.catalogue_versions(db, NL) if v.is_current] == [2]


@pytest.mark.parametrize("catalogue, broken, line", [
    (NL, shipped_text(NL).replace("entries:\n", "entries:\n  - {id: [unclosed\n", 1), None),
    (NL, shipped_text(NL).replace("id: nl_screening", "id: eu_dual_use", 1), 16),
    ("eu_dual_use", shipped_text("eu_dual_use") + "\ntitle: twice\n", None),
    ("canada_stra", shipped_text("canada_stra").replace('"categories": [', '"categories": [,', 1), 4),
    ("mitigations", "mitigations: []\n", 1),
])
def test_a_broken_edition_is_refused_with_its_line_and_the_old_one_stays(db, catalogue, broken, line):
    with pytest.raises(ValidationFailed) as refused:
        inputs.upload_catalogue(db, SYSTEM, catalogue, broken)
    assert "line " in refused.value.message
    if line is not None:
        assert f"line {line}:" in refused.value.message
    assert inputs.current_catalogue_text(db, catalogue) == shipped_text(catalogue)
    assert inputs.catalogue_versions(db, catalogue) == []


def test_an_edition_without_a_mitigation_the_rule_set_names_is_refused(db):
    text = shipped_text("mitigations")
    start = text.index("  - id: board_decision")
    end = text.find("\n  - id: ", start + 1)
    dropped = text[:start] + (text[end + 1:] if end != -1 else "")
    with pytest.raises(ValidationFailed) as refused:
        inputs.upload_catalogue(db, SYSTEM, "mitigations", dropped)
    assert "rule set in force" in refused.value.message and "board_decision" in refused.value.message
    assert "board_decision" in inputs.catalogues(db).mitigations


def test_the_same_edition_again_and_unknown_catalogues_are_refused(db):
    with pytest.raises(ValidationFailed):
        inputs.upload_catalogue(db, SYSTEM, NL, shipped_text(NL))
    with pytest.raises(NotFound):
        inputs.upload_catalogue(db, SYSTEM, "country_indicators", "{}")


def test_only_an_administrator_loads_an_edition(db, world):
    with pytest.raises(Forbidden):
        inputs.upload_catalogue(db, world.principal("alice"), NL, nl_edition())
    assert inputs.catalogue_versions(db, NL) == []


# ---------------------------------------------------------------- web


def upload(client, data: dict):
    token = csrf_of(client.get("/admin/catalogues").text)
    return client.post("/admin/catalogues", data={**data, "csrf_token": token}, follow_redirects=False)


def test_the_admin_sees_downloads_and_replaces_a_catalogue(browser):
    hank = browser("hank")
    page = hank.get("/admin/catalogues")
    assert page.status_code == 200 and 'id="catalogue-nl_screening"' in page.text and 'href="/admin/catalogues"' in page.text
    assert hank.get(f"/admin/catalogues/{NL}/current").text == shipped_text(NL)
    assert hank.get("/admin/catalogues/nothing/current").status_code == 404
    response = hank.post("/admin/catalogues", data={"catalogue": NL, "csrf_token": csrf_of(page.text)},
                         files={"file": ("nl_screening_clusters.yaml", nl_edition().encode(), "application/yaml")},
                         follow_redirects=False)
    assert response.status_code == 303
    page = hank.get(response.headers["location"]).text
    assert 'id="notice"' in page and "order in council, 2027" in page
    assert hank.get(f"/admin/catalogues/{NL}/current").text == nl_edition()


def test_a_broken_upload_is_refused_on_the_page_and_the_old_edition_stays(browser):
    hank = browser("hank")
    refused = upload(hank, {"catalogue": NL, "text": 'id: nl_screening\ntitle: "x\n'})
    assert refused.status_code == 422 and 'id="catalogue-problems"' in refused.text and "line " in refused.text
    assert hank.get(f"/admin/catalogues/{NL}/current").text == shipped_text(NL)
    assert upload(hank, {"catalogue": "", "text": nl_edition()}).status_code == 422
    assert upload(hank, {"catalogue": NL, "text": "  "}).status_code == 422


def test_only_the_admin_reaches_the_catalogues(browser, anonymous):
    alice = browser("alice")
    assert alice.get("/admin/catalogues").status_code == 404
    assert alice.get(f"/admin/catalogues/{NL}/current").status_code == 404
    token = csrf_of(alice.get("/").text)
    response = alice.post("/admin/catalogues", data={"catalogue": NL, "text": nl_edition(), "csrf_token": token},
                          follow_redirects=False)
    assert response.status_code in (403, 404)
    assert 'href="/admin/catalogues"' not in alice.get("/").text
    assert anonymous.get("/admin/catalogues", follow_redirects=False).status_code in (303, 401, 403, 404)


def test_the_admin_loads_an_edition_through_the_api_and_a_broken_one_names_its_line(api):
    hank = api("hank")
    stra = hank.get("/api/v1/catalogues/canada_stra").json()["text"]
    edition = stra.replace('"lastUpdated": "2025-05-07"', '"lastUpdated": "2026-01-15"', 1)
    response = hank.post("/api/v1/catalogues/canada_stra", content=edition.encode(),
                         headers={"content-type": "text/plain"})
    assert response.status_code == 200, response.text
    assert response.json() == {"id": "canada_stra", "version": 1, "edition": "2026-01-15", "in_force": True}
    broken = hank.post("/api/v1/catalogues/canada_stra", content=b'{\n "categories": [,\n',
                       headers={"content-type": "text/plain"})
    assert broken.status_code == 422 and "line 2" in broken.json()["detail"]
    listed = {row["id"]: row for row in hank.get("/api/v1/catalogues").json()}
    assert listed["canada_stra"]["version"] == 1 and listed["canada_stra"]["edition"] == "2026-01-15"
    assert api("alice").get("/api/v1/catalogues").status_code == 404
    assert api("alice").post("/api/v1/catalogues/canada_stra", content=edition.encode(),
                             headers={"content-type": "text/plain"}).status_code == 404


@pytest.mark.parametrize("text,dutch", [
    ('id: nl_screening\ntitle: "x\n', "De YAML is hier niet te lezen"),
    ("id: nl_screening\ntitle: Test\nentries: []\n", "entries: een lijst met minstens één item is nodig."),
    ("id: other\ntitle: Test\nentries: [{id: a, name: {en: A, nl: A}}]\n", "De id moet nl_screening zijn"),
    ("id: nl_screening\ntitle: Test\nentries: [{id: a, name: A}]\n", "a: name heeft een tekst per taal nodig"),
])
def test_a_refused_catalogue_names_its_problem_in_dutch(browser, text, dutch):
    hank = browser("hank")
    hank.post("/language", data={"lang": "nl", "next": "/", "csrf_token": csrf_of(hank.get("/admin/catalogues").text)})
    refused = upload(hank, {"catalogue": NL, "text": text})
    assert refused.status_code == 422
    problems = refused.text.split('id="catalogue-problems"', 1)[1].split("</ul>", 1)[0]
    assert dutch in problems, problems
    assert "line " not in problems and "needs" not in problems


def test_a_catalogue_the_rule_set_no_longer_fits_is_refused_in_dutch(browser):
    text = shipped_text("mitigations")
    start = text.index("  - id: board_decision")
    end = text.find("\n  - id: ", start + 1)
    hank = browser("hank")
    hank.post("/language", data={"lang": "nl", "next": "/", "csrf_token": csrf_of(hank.get("/admin/catalogues").text)})
    refused = upload(hank, {"catalogue": "mitigations", "text": text[:start] + (text[end + 1:] if end != -1 else "")})
    problems = refused.text.split('id="catalogue-problems"', 1)[1].split("</ul>", 1)[0]
    assert "De regelset die geldt (" in problems and ") past niet meer bij deze editie:" in problems
    assert "onbekende maatregel “board_decision”" in problems and "unknown" not in problems
