def _create(client, partner, **fields):
    body = {"title": "API project", "form": "joint_research",
            "partners": [{"organisation_id": partner.id, "role": "coordinator"}],
            "funding": [{"funder_name": "NWO", "share_percent": 100}], **fields}
    return client.post("/api/v1/collaborations", json=body)


def test_api_creates_reads_and_lists_a_collaboration(api, partner, world):
    client = api("bob")
    created = _create(client, partner)
    assert created.status_code == 201
    body = created.json()
    assert body["status"] == "draft" and body["institution_id"] == world.institutions["UL"].id
    assert body["partners"][0]["role"] == "coordinator" and body["countries"] == ["BE"]
    assert client.get(f"/api/v1/collaborations/{body['id']}").json()["title"] == "API project"
    listing = client.get("/api/v1/collaborations", params={"status": "draft", "page_size": 10}).json()
    assert listing["total"] == 1 and listing["items"][0]["id"] == body["id"]


def test_api_validation_errors_name_each_field(api, partner):
    response = _create(api("bob"), partner, title="", form="picnic", end_date="2020-01-01",
                       start_date="2021-01-01", funding=[{"funder_name": "X", "share_percent": 120}])
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert set(errors) >= {"title", "form", "end_date", "funding.0.share_percent"}
    assert errors["end_date"] == "The end date lies before the start date."


def test_api_service_validation_is_422_with_the_field(api, partner):
    response = _create(api("bob"), partner, partners=[{"organisation_id": 999999}])
    assert response.status_code == 422
    assert "partners.0.organisation_id" in response.json()["errors"]


def test_api_update_with_a_stale_version_is_409(api, partner):
    client = api("bob")
    body = _create(client, partner).json()
    url = f"/api/v1/collaborations/{body['id']}"
    update = {"title": "New title", "form": "joint_research", "version": body["version"]}
    assert client.put(url, json=update).status_code == 200
    stale = client.put(url, json={**update, "title": "Lost update"})
    assert stale.status_code == 409
    assert client.get(url).json()["title"] == "New title"


def test_api_workflow_and_history(api, partner):
    bob, alice = api("bob"), api("alice")
    body = _create(bob, partner).json()
    url = f"/api/v1/collaborations/{body['id']}"
    assert bob.post(f"{url}/transitions", json={"action": "submit"}).json()["status"] == "under_review"
    assert bob.post(f"{url}/transitions", json={"action": "approve"}).status_code == 403
    refused = alice.post(f"{url}/transitions", json={"action": "decline"})
    assert refused.status_code == 422 and "reason" in refused.json()["errors"]["action"]
    assert alice.post(f"{url}/transitions", json={"action": "fly"}).status_code == 422
    declined = alice.post(f"{url}/transitions", json={"action": "decline", "reason": "Partner on a list"})
    assert declined.json()["status"] == "declined"
    history = alice.get(f"{url}/history").json()
    assert [h["action"] for h in history] == [
        "collaboration.create", "collaboration.submit", "collaboration.decline"]
    assert history[-1]["reason"] == "Partner on a list"
    assert history[-1]["before"] == {"status": "under_review"} and history[-1]["actor"] == "Alice"


def test_api_export_in_both_formats(api, make_collaboration):
    make_collaboration("alice", title="Exported")
    client = api("alice")
    assert "Exported" in client.get("/api/v1/collaborations/export", params={"format": "csv"}).text
    assert client.get("/api/v1/collaborations/export", params={"format": "json"}).json()[0]["title"] == "Exported"
    assert client.get("/api/v1/collaborations/export", params={"format": "xml"}).status_code == 422


def test_api_unknown_collaboration_is_404(api):
    assert api("alice").get("/api/v1/collaborations/999999").status_code == 404
