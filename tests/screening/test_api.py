"""The screening API: the CLI's hit shape, reviews, collaboration screening, alerts, bulk jobs and watchlists."""

import csv
import io
import json

from sqlalchemy import select

from ksdesk.accounts.principal import SYSTEM
from ksdesk.screening import bulk, service, shipped, watchlists
from ksdesk.screening.models import ScreeningAlert
from tests.screening.webworld import (  # noqa: F401
    HARBIN,
    NUDT,
    NUDT_ROR,
    collaboration_with,
    entry,
    listed,
    orgs,
    queue_immediate,
    version,
)
from tests.webtools import api, app  # noqa: F401

HIT_KEYS = {"list", "entity_id", "name", "matched_name", "score", "level", "explanation"}


def _test_hits(body):
    return [h for h in body["hits"] if h["list"] == "test-list"]


def test_get_and_post_screen_give_the_same_shape_as_the_command_line(api, listed, db):
    client = api("bob")
    got = client.get("/api/v1/screen", params={"name": "NUDT", "country": "CN"}).json()
    posted = client.post("/api/v1/screen", json={"name": "NUDT", "country": "CN"}).json()
    assert got == posted
    cli = json.loads(bulk.json_line(service.resolve_name(db, SYSTEM, "NUDT", country="CN")))
    assert got == cli
    hit = _test_hits(got)[0]
    assert HIT_KEYS <= set(hit) and hit["registry_id"] == NUDT_ROR and hit["level"] == "very high"
    scores = [h["score"] for h in got["hits"]]
    assert scores == sorted(scores, reverse=True)


def test_a_high_threshold_leaves_out_weaker_hits_and_bad_input_is_422(api, listed):
    client = api("bob")
    weak = client.get("/api/v1/screen", params={"name": "Defense Technology University Hunan", "threshold": 0.0})
    strict = client.get("/api/v1/screen", params={"name": "Defense Technology University Hunan", "threshold": 1.0})
    assert len(strict.json()["hits"]) <= len(weak.json()["hits"])
    assert client.get("/api/v1/screen", params={"name": "NUDT", "threshold": 2}).status_code == 422
    bad = client.post("/api/v1/screen", json={"name": "NUDT", "country": "China"})
    assert bad.status_code == 422 and "country" in bad.json()["errors"]
    assert client.post("/api/v1/screen", json={"name": ""}).status_code == 422


def test_a_false_positive_review_hides_the_hit_until_asked_for(api, listed):
    alice = api("alice")
    refused = alice.post("/api/v1/screen/reviews", json={"query": NUDT, "list": "test-list", "entity_id": "t:1",
                                                          "decision": "false_positive"})
    assert refused.status_code == 422 and "reason" in refused.json()["errors"]
    created = alice.post("/api/v1/screen/reviews", json={"query": NUDT, "list": "test-list", "entity_id": "t:1",
                                                          "decision": "false_positive", "reason": "namesake"})
    assert created.status_code == 201 and created.json()["by"] == "Alice"
    assert _test_hits(alice.get("/api/v1/screen", params={"name": NUDT}).json()) == []
    shown = _test_hits(alice.get("/api/v1/screen", params={"name": NUDT, "include_hidden": True}).json())
    assert shown[0]["review"] == {"decision": "false_positive", "reason": "namesake", "by": "Alice"}
    history = alice.get("/api/v1/screen/reviews", params={"query": NUDT}).json()
    assert history[0]["decision"] == "false_positive"
    # Another institution neither sees the review nor has the hit hidden; the desk sees it, by name.
    carol = api("carol")
    assert carol.get("/api/v1/screen/reviews", params={"query": NUDT}).json() == []
    assert _test_hits(carol.get("/api/v1/screen", params={"name": NUDT}).json())
    desk = api("erin").get("/api/v1/screen/reviews", params={"query": NUDT}).json()
    assert [r["by"] for r in desk] == ["Alice"] and "alice@example.org" not in str(desk)


def test_a_researcher_cannot_review_through_the_api(api, listed):
    response = api("bob").post("/api/v1/screen/reviews", json={"query": NUDT, "list": "test-list",
                                                                "entity_id": "t:1", "decision": "unsure"})
    assert response.status_code == 404


def test_collaboration_screening_per_partner_and_scoped_to_the_institution(api, listed, collaboration_with):
    c = collaboration_with("bob", listed["nudt"])
    body = api("alice").get(f"/api/v1/collaborations/{c.id}/screening").json()
    assert body[0]["name"] == NUDT and any(h["list"] == "test-list" for h in body[0]["hits"])
    assert all(h["list"] != "registry" for h in body[0]["hits"])
    assert api("bob").get(f"/api/v1/collaborations/{c.id}/screening").status_code == 200
    assert api("carol").get(f"/api/v1/collaborations/{c.id}/screening").status_code == 404
    assert api("bella").get(f"/api/v1/collaborations/{c.id}/screening").status_code == 404


def test_alerts_are_listed_per_institution_and_resolved_by_its_advisor(api, db, listed, collaboration_with):
    c = collaboration_with("bob", listed["harbin"], active=True)
    watchlists.load_version(db, SYSTEM, version(entry("t:1", NUDT, "NUDT"), entry("t:2", HARBIN)))
    shipped.link_and_rescreen(db, {"test-list"})
    db.commit()
    alert_id = db.scalar(select(ScreeningAlert.id).where(ScreeningAlert.collaboration_id == c.id))
    alice, carol = api("alice"), api("carol")
    assert [a["id"] for a in alice.get("/api/v1/alerts").json()["items"]] == [alert_id]
    assert carol.get("/api/v1/alerts").json()["total"] == 0
    assert carol.post(f"/api/v1/alerts/{alert_id}/resolve", json={"resolution": "x"}).status_code == 404
    assert api("bob").post(f"/api/v1/alerts/{alert_id}/resolve", json={"resolution": "x"}).status_code == 404
    resolved = alice.post(f"/api/v1/alerts/{alert_id}/resolve", json={"resolution": "Checked with legal."})
    assert resolved.status_code == 200 and resolved.json()["status"] == "resolved"
    assert alice.get("/api/v1/alerts").json()["total"] == 0
    assert alice.get("/api/v1/alerts", params={"status": "resolved"}).json()["items"][0]["resolution"] == \
        "Checked with legal."
    again = alice.post(f"/api/v1/alerts/{alert_id}/resolve", json={"resolution": "again"})
    assert again.status_code == 422


def test_an_alert_says_why_it_matched_in_english_and_as_reason_codes(api, db, listed, collaboration_with):
    c = collaboration_with("bob", listed["harbin"], active=True)
    watchlists.load_version(db, SYSTEM, version(entry("t:1", NUDT, "NUDT"), entry("t:2", HARBIN)))
    shipped.link_and_rescreen(db, {"test-list"})
    db.commit()
    alice = api("alice")
    item = alice.get("/api/v1/alerts").json()["items"][0]
    assert item["explanation"].startswith(f'"{HARBIN}" matches official name')
    assert item["reasons"][:2] == [{"code": "same_name", "params": {"text": HARBIN, "name": HARBIN}},
                                   {"code": "same_country", "params": {"country": "CN"}}]
    # An alert raised before the reasons were kept has its English sentence only.
    db.get(ScreeningAlert, item["id"]).reasons = None
    db.commit()
    old = alice.get("/api/v1/alerts").json()["items"][0]
    assert old["reasons"] is None and old["explanation"] == item["explanation"]
    assert old["collaboration_id"] == c.id


def test_a_bulk_job_is_created_followed_and_its_csv_fetched(api, listed, queue_immediate):
    client = api("bob")
    created = client.post("/api/v1/screen/jobs", files={"file": ("names.txt", f"{NUDT}\nKU Leuven\n".encode())})
    assert created.status_code == 202
    status = client.get(f"/api/v1/screen/jobs/{created.json()['id']}").json()
    assert status["status"] == "done" and status["done"] == 2 and status["result_url"]
    rows = list(csv.DictReader(io.StringIO(client.get(status["result_url"]).text)))
    assert rows[0]["query"] == NUDT
    assert api("bella").get(f"/api/v1/screen/jobs/{status['id']}").status_code == 404


def test_a_bulk_file_over_50_mb_is_refused_by_the_api(api, listed):
    response = api("bob").post("/api/v1/screen/jobs",
                               files={"file": ("big.txt", b"x" * (bulk.MAX_UPLOAD_BYTES + 1))})
    assert response.status_code == 422 and response.json()["errors"] == {"file": "at most 50 MB"}


def test_watchlists_versions_and_their_diff(api, db, listed):
    watchlists.load_version(db, SYSTEM, version(entry("t:1", NUDT, "NUDT", level="high"), entry("t:2", HARBIN)))
    db.commit()
    client = api("erin")
    lists = {w["code"]: w for w in client.get("/api/v1/watchlists").json()}
    assert lists["test-list"]["current_version"]["entries"] == 2
    versions = client.get("/api/v1/watchlists/test-list/versions").json()
    assert [v["current"] for v in versions] == [True, False]
    diff = client.get(f"/api/v1/watchlists/test-list/versions/{versions[0]['id']}/diff").json()
    assert diff["added"] == ["t:2"] and diff["changed"][0]["fields"]["risk_level"] == ["very high", "high"]
    assert client.get("/api/v1/watchlists/test-list/versions/999999/diff").status_code == 404
    assert client.get("/api/v1/watchlists/nope/versions").status_code == 404


def test_the_screening_routes_are_in_the_openapi_description(app):
    paths = app.openapi()["paths"]
    for path in ("/api/v1/screen", "/api/v1/screen/reviews", "/api/v1/alerts", "/api/v1/screen/jobs",
                 "/api/v1/watchlists", "/api/v1/collaborations/{collaboration_id}/screening"):
        assert path in paths
