"""The desk's JSON API: the same scoping as the web pages, 422 per field, 404 out of scope."""

import pytest

from ksdesk.desk import coordination, messages
from tests.desk.conftest import Mailbox

QUESTION = {
    "subject": "Partner with military ties",
    "text": "Our partner university has ties to a defence lab. What should we do?",
    "topics": ["knowledge_transfer"],
    "countries": ["CN"],
    "language": "en",
    "consent": True,
}


def test_researcher_submits_and_reads_their_own_questions(api):
    bob = api("bob")
    response = bob.post("/api/v1/desk/questions", json=QUESTION)
    assert response.status_code == 201, response.text
    reference = response.json()["reference"]
    assert reference.startswith("KV-") and response.json()["due_at"]
    mine = bob.get("/api/v1/desk/my-questions").json()
    assert [q["reference"] for q in mine] == [reference]
    assert bob.get(f"/api/v1/desk/my-questions/{reference}").json()["subject"] == QUESTION["subject"]
    assert api("bella").get(f"/api/v1/desk/my-questions/{reference}").status_code == 404


def test_invalid_submission_gets_422_with_an_error_per_field(api):
    response = api("bob").post("/api/v1/desk/questions", json={**QUESTION, "topics": [], "subject": "", "consent": False})
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert "topics" in errors and "subject" in errors
    missing_consent = api("bob").post("/api/v1/desk/questions", json={**QUESTION, "consent": False})
    assert missing_consent.status_code == 422 and "consent" in missing_consent.json()["errors"]


@pytest.mark.parametrize("key", ["erin", "frank", "gina", "hank"])
def test_only_researchers_and_advisors_submit_through_the_api(api, key):
    assert api(key).post("/api/v1/desk/questions", json=QUESTION).status_code == 404


def test_officer_works_a_question_through_the_api(api, ask, world, mailbox):
    question = ask(language="en", asker_email="ann@uni.example")
    erin = api("erin")
    queue = erin.get("/api/v1/desk/queue").json()
    assert question.reference in [i["reference"] for i in queue["items"]]
    url = f"/api/v1/desk/questions/{question.id}"
    detail = erin.post(f"{url}/assign", json={"officer_id": world.users["erin"].id, "version": 1}).json()
    assert detail["status"] == "in_progress"
    detail = erin.post(f"{url}/coordination", json={"ministries": ["ocw"], "note": "View?"}).json()
    assert detail["status"] == "coordinating"
    [line] = [i for i in erin.get("/api/v1/desk/queue").json()["items"] if i["reference"] == question.reference]
    assert line["assigned_to_id"] == world.users["erin"].id and line["ministries_still_to_advise"] == 1
    assert line["status"] == "coordinating" and line["waiting_for_asker"] is False
    erin.post(f"{url}/notes", json={"body": "API-INTERNAL: double-check"})
    detail = erin.post(f"{url}/replies", json={"body": "API-PUBLIC: go ahead."}).json()
    assert detail["status"] == "answered"
    assert {m["audience"] for m in detail["messages"]} == {"public", "internal"}
    assert erin.post(f"{url}/transition", json={"action": "close"}).json()["status"] == "closed"
    assert all("API-INTERNAL" not in Mailbox.body(m) for m in mailbox.messages)


def test_officer_action_errors_are_per_field_and_stale_versions_conflict(api, ask):
    question = ask()
    erin = api("erin")
    url = f"/api/v1/desk/questions/{question.id}"
    assert erin.post(f"{url}/pause", json={"reason": " "}).json()["errors"] == {"reason": "required"}
    assert erin.post(f"{url}/coordination", json={"ministries": ["xyz"], "note": "?"}).status_code == 422
    assert erin.post(f"{url}/assign", json={"officer_id": None, "version": 42}).status_code == 409
    assert erin.post(f"{url}/transition", json={"action": "explode"}).status_code == 422


@pytest.mark.parametrize("key", ["alice", "bob", "gina", "frank", "hank"])
def test_queue_and_question_detail_are_not_found_for_other_roles(api, ask, key):
    question = ask()
    client = api(key)
    assert client.get("/api/v1/desk/queue").status_code == 404
    assert client.get(f"/api/v1/desk/questions/{question.id}").status_code == 404


def test_liaison_api_is_scoped_to_their_ministry(api, ask, db, world):
    ezk_only = ask(subject="EZK only")
    ocw = ask(subject="OCW too", asker_name="Piet Persoon")
    erin = world.principal("erin")
    coordination.request_coordination(db, erin, ezk_only.id, ["ezk"], "EZK view?")
    coordination.request_coordination(db, erin, ocw.id, ["ocw", "ezk"], "Views?")
    db.commit()
    frank = api("frank")
    listed = frank.get("/api/v1/desk/liaison/questions").json()
    assert [q["reference"] for q in listed] == [ocw.reference]
    assert "Piet Persoon" not in str(listed) and "asker" not in str(listed[0].keys())
    assert frank.get(f"/api/v1/desk/liaison/questions/{ezk_only.id}").status_code == 404
    assert frank.post(f"/api/v1/desk/liaison/questions/{ezk_only.id}/advice", json={"advice": "x"}).status_code == 404
    advised = frank.post(f"/api/v1/desk/liaison/questions/{ocw.id}/advice", json={"advice": "Fine by OCW."}).json()
    assert advised["request"]["advice"] == "Fine by OCW." and advised["request"]["ministry"] == "ocw"
    assert frank.post(f"/api/v1/desk/liaison/questions/{ocw.id}/advice", json={"advice": ""}).status_code == 422


def test_asker_api_never_returns_internal_notes(api, ask, db, world):
    question = ask(principal=world.principal("bob"), language="en")
    messages.add_internal_note(db, world.principal("erin"), question.id, "API-SECRET")
    messages.add_reply(db, world.principal("erin"), question.id, "Public answer.")
    db.commit()
    body = api("bob").get(f"/api/v1/desk/my-questions/{question.reference}").text
    assert "Public answer." in body and "API-SECRET" not in body


def test_faq_is_public_and_searchable(anonymous, ask, db, world):
    from ksdesk.desk import knowledge

    question = ask(language="en")
    messages.add_reply(db, world.principal("erin"), question.id, "Answer.")
    knowledge.publish_faq(db, world.principal("erin"), title="Export control basics", question="What is it?",
                          answer="Rules on sensitive goods and technology.", language="en",
                          source_question_id=question.id)
    db.commit()
    assert [e["title"] for e in anonymous.get("/api/v1/desk/faq").json()] == ["Export control basics"]
    hits = anonymous.get("/api/v1/desk/faq/search", params={"q": "technologies"}).json()
    assert [h["title"] for h in hits] == ["Export control basics"]


def test_openapi_describes_the_desk_endpoints(anonymous):
    paths = anonymous.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/desk/questions", "/api/v1/desk/queue", "/api/v1/desk/liaison/questions",
                 "/api/v1/desk/faq/search", "/api/v1/desk/questions/{question_id}/notes"):
        assert path in paths, path
