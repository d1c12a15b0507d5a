def test_api_lists_organisations_with_filters_and_pagination(api, partner):
    client = api("bob")
    body = client.get("/api/v1/organisations", params={"q": "Leuven", "country": "BE", "page_size": 1}).json()
    assert body["total"] >= 1 and body["page"] == 1 and body["page_size"] == 1
    assert body["items"][0]["name"] == "KU Leuven"
    assert client.get("/api/v1/organisations", params={"page_size": 1000}).status_code == 422


def test_api_creates_and_updates_an_organisation(api):
    client = api("alice")
    created = client.post("/api/v1/organisations", json={"name": "Tsinghua University", "country_code": "CN",
                                                         "org_type": "university",
                                                         "names": [{"value": "清华大学", "kind": "translated",
                                                                    "language": "zh", "script": "Hans"}]})
    assert created.status_code == 201
    organisation = created.json()
    assert {"value": "清华大学", "kind": "translated", "language": "zh", "script": "Hans"} in organisation["names"]
    updated = client.put(f"/api/v1/organisations/{organisation['id']}",
                         json={"name": "Tsinghua University", "country_code": "CN", "city": "Beijing"})
    assert updated.status_code == 200 and updated.json()["city"] == "Beijing"
    history = client.get(f"/api/v1/organisations/{organisation['id']}/history").json()
    assert [h["action"] for h in history] == ["organisation.create", "organisation.update"]
    assert history[1]["after"]["city"] == "Beijing"


def test_api_validation_errors_name_each_field(api):
    response = api("alice").post("/api/v1/organisations", json={"name": "", "country_code": "Nowhere",
                                                                "established": 3000})
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert set(errors) == {"name", "country_code", "established"}
    assert errors["country_code"] == "Use a two-letter country code, e.g. NL."


def test_an_organisation_website_is_only_a_web_address(api, db, partner, browser):
    client = api("alice")
    for website in ("javascript:alert(document.domain)//", "data:text/html,<script>1</script>",
                    "JaVaScRiPt:alert(1)", "https://exa mple.org", "//example.org"):
        response = client.post("/api/v1/organisations", json={"name": "Bad Link Institute", "website": website})
        assert response.status_code == 422, website
        assert response.json()["error_codes"]["website"] == "website_format"
    created = client.post("/api/v1/organisations", json={"name": "Good Link Institute",
                                                         "website": "https://www.example.org/about"})
    assert created.status_code == 201
    # A link stored before this check is shown as text, never as a link.
    partner.website = "javascript:alert(document.domain)//"
    db.commit()
    page = browser("gina").get(f"/organisations/{partner.id}")
    assert page.status_code == 200
    assert "javascript:alert" in page.text and 'href="javascript:' not in page.text


def test_api_unknown_organisation_is_404(api):
    response = api("alice").get("/api/v1/organisations/999999")
    assert response.status_code == 404
    assert response.json()["detail"]


def test_api_liaison_may_not_create_an_organisation(api):
    response = api("frank").post("/api/v1/organisations", json={"name": "Anything"})
    assert response.status_code == 403


def test_api_reference_lists(api, world):
    client = api("gina")
    institutions = client.get("/api/v1/institutions").json()
    assert {i["short_name"] for i in institutions} >= {"UL", "UvA"}
    countries = {c["code"]: c for c in client.get("/api/v1/countries").json()}
    assert countries["CN"]["ikt_standing"] == "focus" and countries["NL"]["name_nl"] == "Nederland"
