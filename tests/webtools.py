"""Fixtures and helpers for the web and API tests: an app on the test's transaction, signed-in
browsers per named user, API clients with a bearer token, and small collaboration factories."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from ksdesk.accounts import service as accounts
from ksdesk.accounts.principal import SYSTEM
from ksdesk.app.factory import create_app
from ksdesk.registry import service as registry
from ksdesk.registry.schemas import CollaborationCreate, OrganisationCreate
from tests.conftest import PASSWORD

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    match = CSRF.search(html)
    assert match, "page has no form with a CSRF token"
    return match.group(1)


def sign_in(client: TestClient, email: str, password: str = PASSWORD):
    page = client.get("/login")
    return client.post(
        "/login", data={"email": email, "password": password, "csrf_token": csrf_of(page.text), "next": "/"},
        follow_redirects=False,
    )


def post_form(client: TestClient, page_url: str, action: str, data: dict, **kwargs):
    """Submits a form the way a browser does: with the token from the page that shows it."""
    token = csrf_of(client.get(page_url).text)
    return client.post(action, data={**data, "csrf_token": token}, follow_redirects=False, **kwargs)


@pytest.fixture
def app(session_factory):
    return create_app(session_factory)


@pytest.fixture
def anonymous(app) -> TestClient:
    # https: the session cookie is Secure and would not be sent back over plain http.
    return TestClient(app, base_url="https://testserver", headers={"Accept-Language": "en"})


@pytest.fixture
def browser(app, world) -> Callable[[str], TestClient]:
    """browser("alice") → a client signed in as alice."""

    def make(key: str) -> TestClient:
        client = TestClient(app, base_url="https://testserver", headers={"Accept-Language": "en"})
        response = sign_in(client, world.users[key].email)
        assert response.status_code == 303, response.text
        return client

    return make


@pytest.fixture
def api(app, world, db) -> Callable[[str], TestClient]:
    """api("alice") → a client that sends alice's bearer token."""

    def make(key: str) -> TestClient:
        token = accounts.create_api_token(db, SYSTEM, world.users[key], "tests")
        db.commit()
        return TestClient(app, base_url="https://testserver", headers={"Authorization": f"Bearer {token}"})

    return make


@pytest.fixture
def partner(db):
    """A foreign partner organisation every collaboration test can use."""
    org = registry.create_organisation(
        db, SYSTEM, OrganisationCreate(name="KU Leuven", country_code="BE", org_type="university",
                                       names=[{"value": "Katholieke Universiteit Leuven", "kind": "translated",
                                               "language": "nl"}]),
    )
    db.commit()
    return org


@pytest.fixture
def make_collaboration(db, world, partner):
    """make_collaboration("bob", title=...) registers a draft as that user."""

    def make(key: str, **fields):
        data = {
            "title": f"Collaboration of {key}",
            "form": "joint_research",
            "partners": [{"organisation_id": partner.id, "role": "partner"}],
            **fields,
        }
        collaboration = registry.create_collaboration(db, world.principal(key), CollaborationCreate(**data))
        db.commit()
        return collaboration

    return make

