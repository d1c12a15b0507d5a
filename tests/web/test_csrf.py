"""Every state-changing form refuses a post without the right token, and changes nothing."""

import pytest
from sqlalchemy import func, select

from ksdesk.accounts.models import ApiToken
from ksdesk.registry.models import Collaboration, Organisation
from tests.conftest import PASSWORD


def _count(db, model):
    db.expire_all()
    return db.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("token", [None, "", "forged-token"])
def test_sign_in_without_a_valid_token_is_refused(anonymous, world, token):
    anonymous.get("/login")
    data = {"email": "alice@example.org", "password": PASSWORD, "next": "/"}
    if token is not None:
        data["csrf_token"] = token
    response = anonymous.post("/login", data=data, follow_redirects=False)
    assert response.status_code == 403
    assert "security code" in response.text
    assert anonymous.get("/account/tokens", follow_redirects=False).status_code == 303


def test_sign_in_token_from_another_browser_is_refused(app, anonymous, world):
    from fastapi.testclient import TestClient

    from tests.webtools import csrf_of

    other = TestClient(app, base_url="https://testserver")
    stolen = csrf_of(other.get("/login").text)
    anonymous.get("/login")
    response = anonymous.post("/login", data={"email": "alice@example.org", "password": PASSWORD,
                                              "csrf_token": stolen}, follow_redirects=False)
    assert response.status_code == 403


@pytest.mark.parametrize("token", [None, "forged-token"])
def test_registering_a_collaboration_without_a_valid_token_changes_nothing(browser, db, partner, token):
    bob = browser("bob")
    before = _count(db, Collaboration)
    data = {"title": "Forged", "form": "joint_research", "partners.0.organisation": f"#{partner.id}"}
    if token:
        data["csrf_token"] = token
    response = bob.post("/collaborations/new", data=data, follow_redirects=False)
    assert response.status_code == 403
    assert "Nothing was changed" in response.text
    assert _count(db, Collaboration) == before


def test_creating_an_organisation_without_a_token_changes_nothing(browser, db):
    alice = browser("alice")
    before = _count(db, Organisation)
    response = alice.post("/organisations/new", data={"name": "Forged Institute", "org_type": "institute"},
                          follow_redirects=False)
    assert response.status_code == 403
    assert _count(db, Organisation) == before


def test_a_workflow_step_without_a_token_changes_nothing(browser, make_collaboration, db):
    collaboration = make_collaboration("bob")
    response = browser("bob").post(f"/collaborations/{collaboration.id}/transition", data={"action": "submit"},
                                   follow_redirects=False)
    assert response.status_code == 403
    db.expire_all()
    assert db.get(Collaboration, collaboration.id).status == "draft"


def test_the_anonymous_token_does_not_replace_the_session_token(anonymous, world, db):
    from tests.webtools import csrf_of, sign_in

    anonymous_token = csrf_of(anonymous.get("/login").text)
    sign_in(anonymous, "alice@example.org")
    before = _count(db, ApiToken)
    response = anonymous.post("/account/tokens", data={"name": "x", "csrf_token": anonymous_token},
                              follow_redirects=False)
    assert response.status_code == 403
    assert _count(db, ApiToken) == before


def test_sign_out_without_a_token_keeps_the_session(browser):
    alice = browser("alice")
    assert alice.post("/logout", follow_redirects=False).status_code == 403
    assert alice.get("/account/tokens", follow_redirects=False).status_code == 200
