"""Who may list, read and change what: every role, two institutions, web and API alike.

A collaboration outside someone's scope is "not found" (404) everywhere — list, search, detail,
edit, workflow, history, export — so its existence does not leak. Roles without collaborations
(desk officer, liaison, analyst, admin) get 404 for the whole section.
"""

import csv
import io

import pytest

from tests.webtools import csrf_of

# (user, institution of the collaboration) → may this user see and change it?
# bob registered the UL collaboration, dave the UvA one; bella is bob's colleague, but a
# researcher sees only what they registered themselves.
CAN = {
    ("alice", "UL"): True, ("alice", "UvA"): False,   # advisor UL
    ("bob", "UL"): True, ("bob", "UvA"): False,       # researcher UL, registrant
    ("bella", "UL"): False, ("bella", "UvA"): False,  # researcher UL, not the registrant
    ("carol", "UL"): False, ("carol", "UvA"): True,   # advisor UvA
    ("dave", "UL"): False, ("dave", "UvA"): True,     # researcher UvA, registrant
    ("erin", "UL"): False, ("erin", "UvA"): False,    # desk officer
    ("frank", "UL"): False, ("frank", "UvA"): False,  # ministry liaison
    ("fiona", "UL"): False, ("fiona", "UvA"): False,  # ministry liaison
    ("gina", "UL"): False, ("gina", "UvA"): False,    # analyst
    ("hank", "UL"): False, ("hank", "UvA"): False,    # admin
}
HAS_COLLABORATIONS = {"alice", "bob", "bella", "carol", "dave"}
CASES = sorted(CAN)


@pytest.fixture
def collaborations(make_collaboration):
    return {
        "UL": make_collaboration("bob", title="Leiden secret alliance"),
        "UvA": make_collaboration("dave", title="Amsterdam secret lab"),
    }


@pytest.mark.parametrize(("user", "institution"), CASES)
def test_web_access_to_a_collaboration(browser, collaborations, user, institution):
    client = browser(user)
    c = collaborations[institution]
    allowed = CAN[(user, institution)]
    expected = 200 if allowed else 404

    assert client.get(f"/collaborations/{c.id}").status_code == expected
    assert client.get(f"/collaborations/{c.id}/edit").status_code == expected
    assert client.get(f"/collaborations/{c.id}/edit?x=1").status_code == expected

    listing = client.get("/collaborations")
    search = client.get("/collaborations", params={"q": "secret"})
    export = client.get("/collaborations/export.csv")
    if user in HAS_COLLABORATIONS:
        assert listing.status_code == search.status_code == export.status_code == 200
        assert (c.title in listing.text) is allowed
        assert (c.title in search.text) is allowed
        assert (c.title in [r["title"] for r in csv.DictReader(io.StringIO(export.text))]) is allowed
    else:
        assert listing.status_code == search.status_code == export.status_code == 404
        nav = client.get("/").text
        assert 'id="nav-collaborations"' not in nav

    token = csrf_of(client.get("/").text)
    edit = client.post(f"/collaborations/{c.id}/edit", follow_redirects=False, data={
        "csrf_token": token, "title": "Taken over", "form": "joint_research", "version": str(c.version)})
    assert edit.status_code == (303 if allowed else 404)
    step = client.post(f"/collaborations/{c.id}/transition", follow_redirects=False,
                       data={"csrf_token": token, "action": "submit"})
    assert step.status_code == (303 if allowed else 404)


@pytest.mark.parametrize(("user", "institution"), CASES)
def test_api_access_to_a_collaboration(api, collaborations, user, institution):
    client = api(user)
    c = collaborations[institution]
    allowed = CAN[(user, institution)]
    expected = 200 if allowed else 404
    url = f"/api/v1/collaborations/{c.id}"

    assert client.get(url).status_code == expected
    assert client.get(f"{url}/history").status_code == expected
    listing = client.get("/api/v1/collaborations", params={"q": "secret"})
    export = client.get("/api/v1/collaborations/export", params={"format": "json"})
    if user in HAS_COLLABORATIONS:
        assert (c.id in [i["id"] for i in listing.json()["items"]]) is allowed
        assert (c.id in [i["id"] for i in export.json()]) is allowed
    else:
        assert listing.status_code == export.status_code == 404
    update = client.put(url, json={"title": "Taken over", "form": "joint_research", "version": c.version})
    assert update.status_code == expected
    step = client.post(f"{url}/transitions", json={"action": "submit"})
    assert step.status_code == expected


@pytest.mark.parametrize(("user", "status"), [
    ("alice", 201), ("bob", 201), ("carol", 201), ("dave", 201),
    ("erin", 404), ("frank", 404), ("gina", 404), ("hank", 404),
])
def test_api_who_may_register_a_collaboration(api, partner, user, status):
    response = api(user).post("/api/v1/collaborations", json={"title": "New", "form": "exchange"})
    assert response.status_code == status


def test_no_one_registers_for_another_institution(api, world):
    response = api("alice").post("/api/v1/collaborations", json={
        "title": "For UvA", "form": "exchange", "institution_id": world.institutions["UvA"].id})
    assert response.status_code == 422
    assert "institution_id" in response.json()["errors"]


# Organisations are shared reference data: everyone reads; researchers add; editors change.
ORGANISATION_RIGHTS = {
    # user: (read, create, edit)
    "alice": (200, 201, 200),
    "bob": (200, 201, 403),
    "carol": (200, 201, 200),
    "dave": (200, 201, 403),
    "erin": (200, 201, 200),
    "frank": (200, 403, 403),
    "fiona": (200, 403, 403),
    "gina": (200, 403, 403),
    "hank": (200, 201, 200),
}


@pytest.mark.parametrize("user", sorted(ORGANISATION_RIGHTS))
def test_api_and_web_access_to_organisations(api, browser, partner, user):
    read, create, edit = ORGANISATION_RIGHTS[user]
    client = api(user)
    assert client.get(f"/api/v1/organisations/{partner.id}").status_code == read
    assert client.get("/api/v1/organisations").status_code == read
    created = client.post("/api/v1/organisations", json={"name": f"Made by {user}", "country_code": "FR"})
    assert created.status_code == create
    changed = client.put(f"/api/v1/organisations/{partner.id}", json={"name": "KU Leuven", "country_code": "BE",
                                                                      "org_type": "university"})
    assert changed.status_code == edit

    web = browser(user)
    assert web.get(f"/organisations/{partner.id}").status_code == read
    assert web.get("/organisations/new").status_code == (200 if create == 201 else 403)
    assert web.get(f"/organisations/{partner.id}/edit").status_code == edit


@pytest.mark.parametrize(("user", "status"), [("hank", 200)] + [(u, 404) for u in
                         ("alice", "bob", "carol", "erin", "frank", "gina")])
def test_only_the_administrator_sees_the_admin_pages(browser, user, status):
    client = browser(user)
    assert client.get("/admin/users").status_code == status
    assert client.get("/admin/users/new").status_code == status
    assert client.get("/admin/institutions").status_code == status
    assert ('id="nav-users"' in client.get("/").text) is (status == 200)
