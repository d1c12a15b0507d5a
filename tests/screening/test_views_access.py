"""Who may use which screening page: every role, web and API alike.

Analysts and ministry liaisons have no screening at all; the pages answer "not found" as the rest
of the site does for sections a role cannot use. Only advisors and researchers have alerts.
"""

import pytest

from tests.screening.webworld import listed, orgs  # noqa: F401
from tests.webtools import api, app, browser  # noqa: F401

SCREENERS = {"alice", "bob", "carol", "dave", "erin", "hank"}
ALERT_READERS = {"alice", "bob", "carol", "dave"}
USERS = ["alice", "bob", "carol", "dave", "erin", "frank", "gina", "hank"]

PAGES = {
    "/screening?name=NUDT": SCREENERS,
    "/screening/bulk": SCREENERS,
    "/screening/watchlists": SCREENERS,
    "/screening/watchlists/test-list": SCREENERS,
    "/screening/alerts": ALERT_READERS,
}
API = {
    "/api/v1/screen?name=NUDT": SCREENERS,
    "/api/v1/screen/reviews?query=NUDT": SCREENERS,
    "/api/v1/watchlists": SCREENERS,
    "/api/v1/watchlists/test-list/versions": SCREENERS,
    "/api/v1/alerts": ALERT_READERS,
}


@pytest.mark.parametrize("user", USERS)
def test_web_screening_pages_per_role(browser, listed, user):
    client = browser(user)
    for url, allowed in PAGES.items():
        assert client.get(url).status_code == (200 if user in allowed else 404), url
    nav = client.get("/").text
    assert ('id="nav-screening"' in nav) is (user in SCREENERS)


@pytest.mark.parametrize("user", USERS)
def test_api_screening_routes_per_role(api, listed, user):
    client = api(user)
    for url, allowed in API.items():
        assert client.get(url).status_code == (200 if user in allowed else 404), url


def test_without_signing_in_the_pages_send_you_to_sign_in_and_the_api_says_401(app, listed):
    from fastapi.testclient import TestClient

    client = TestClient(app, base_url="https://testserver")
    response = client.get("/screening?name=NUDT", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")
    assert client.get("/api/v1/screen", params={"name": "NUDT"}).status_code == 401
