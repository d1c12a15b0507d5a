import re

from tests.webtools import post_form


def test_user_creates_a_token_that_is_shown_once_and_works(browser, anonymous):
    bob = browser("bob")
    response = post_form(bob, "/account/tokens", "/account/tokens", {"name": "my script"})
    assert response.status_code == 200
    token = re.search(r'id="new-token">([^<]+)<', response.text).group(1)
    assert token.startswith("ksd_")
    listing = bob.get("/account/tokens").text
    assert "my script" in listing and token not in listing
    me = anonymous.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200 and me.json()["email"] == "bob@example.org"


def test_a_revoked_token_stops_working(browser, anonymous):
    bob = browser("bob")
    response = post_form(bob, "/account/tokens", "/account/tokens", {"name": "short-lived"})
    token = re.search(r'id="new-token">([^<]+)<', response.text).group(1)
    token_id = re.search(r'action="/account/tokens/(\d+)/revoke"', response.text).group(1)
    assert post_form(bob, "/account/tokens", f"/account/tokens/{token_id}/revoke", {}).status_code == 303
    assert anonymous.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_no_one_revokes_another_users_token(browser):
    bob = browser("bob")
    response = post_form(bob, "/account/tokens", "/account/tokens", {"name": "bob's"})
    token_id = re.search(r'action="/account/tokens/(\d+)/revoke"', response.text).group(1)
    carol = browser("carol")
    assert post_form(carol, "/account/tokens", f"/account/tokens/{token_id}/revoke", {}).status_code == 404


def test_a_token_needs_a_name(browser):
    response = post_form(browser("bob"), "/account/tokens", "/account/tokens", {"name": ""})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.text
