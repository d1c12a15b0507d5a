"""Runs the access matrix (tests/hardening/access_matrix.py): every cell is one real request.

The scene is built once per run inside a transaction that is rolled back at the end; every cell
runs inside a savepoint of its own, so a change one cell makes is gone before the next. A cell
that is refused must also have changed nothing: the audit log, where every change leaves a row,
has exactly as many rows after it as before.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from ksdesk.audit import AuditEvent
from ksdesk.web.app import create_app
from ksdesk.web.csrf import CSRF_COOKIE, FIELD
from ksdesk.web.deps import SESSION_COOKIE
from tests.conftest import PASSWORD, World
from tests.hardening import access_scene
from tests.hardening.access_matrix import ENDPOINTS, LOGIN, Call, Endpoint, document, markdown
from tests.hardening.access_scene import OWN, ROLES, SIDES, Scene
from tests.webtools import csrf_of

VERSION_LINE = re.compile(r"^version:.*$", re.MULTILINE)


@pytest.fixture(scope="module")
def matrix_connection(engine):
    with engine.connect() as connection:
        transaction = connection.begin()
        yield connection
        transaction.rollback()


@pytest.fixture(scope="module")
def matrix_factory(matrix_connection) -> sessionmaker[Session]:
    return sessionmaker(bind=matrix_connection, expire_on_commit=False, join_transaction_mode="create_savepoint")


@pytest.fixture(scope="module")
def scene(matrix_factory) -> Scene:
    from ksdesk.accounts.models import User
    from ksdesk.registry.models import Institution

    with matrix_factory() as db:
        world = World(institutions={i.short_name: i for i in db.scalars(select(Institution))},
                      users={u.email.split("@")[0]: u for u in db.scalars(select(User))
                             if u.email.endswith("@example.org")})
        built = access_scene.build(db, world, matrix_factory)
        built.password = PASSWORD
        # A new version of what is in force: the same rules under a label of their own.
        built.rule_set_yaml = VERSION_LINE.sub("version: access-matrix", built.rule_set_yaml, count=1)
        db.commit()
        return built


@pytest.fixture(scope="module")
def matrix_app(matrix_factory):
    return create_app(matrix_factory)


@pytest.fixture(scope="module")
def anonymous_form_token(matrix_app) -> tuple[str, str]:
    client = TestClient(matrix_app, base_url="https://testserver")
    page = client.get("/login")
    return client.cookies[CSRF_COOKIE], csrf_of(page.text)


def client_for(app, scene: Scene, role: str, endpoint: Endpoint, anonymous_token: tuple[str, str]):
    """A client as the role's user sends requests: the session cookie in the web app, the
    bearer token in the API; and the form token a page of theirs would carry."""
    client = TestClient(app, base_url="https://testserver", headers={"Accept-Language": "en"},
                        raise_server_exceptions=False)
    user = access_scene.PERSONAS[role][0]
    if user is None:
        cookie, form_token = anonymous_token
        client.cookies.set(CSRF_COOKIE, cookie)
        return client, form_token
    if endpoint.api:
        client.headers["Authorization"] = f"Bearer {scene.api_tokens[user]}"
        return client, None
    cookie, form_token = scene.sessions[user]
    client.cookies.set(SESSION_COOKIE, cookie)
    return client, form_token


def send(client: TestClient, method: str, call: Call, form_token: str | None):
    if call.data is not None or call.files is not None:
        data = dict(call.data or {})
        if form_token is not None:
            data[FIELD] = form_token
        return client.request(method, call.url, data=data, files=call.files, follow_redirects=False)
    if call.content is not None:
        return client.request(method, call.url, content=call.content.encode(),
                              headers={"Content-Type": call.content_type}, follow_redirects=False)
    if method in ("POST", "PUT") and not (call.json is None and not call.url.startswith("/api/")):
        return client.request(method, call.url, json=call.json if call.json is not None else {},
                              follow_redirects=False)
    if method == "POST":  # a web form without fields: the token is all it sends
        return client.request(method, call.url, data={FIELD: form_token} if form_token else {},
                              follow_redirects=False)
    return client.request(method, call.url, follow_redirects=False)


def answer_of(response) -> str | int:
    location = response.headers.get("location", "")
    if response.status_code == 303 and location.startswith("/login?next="):
        return LOGIN
    return response.status_code


def audit_rows(connection) -> int:
    return connection.execute(select(func.count()).select_from(AuditEvent)).scalar_one()


def test_every_endpoint_of_the_app_is_in_the_matrix(matrix_app):
    routes = set()
    for route in iter_route_contexts(matrix_app.routes):
        for method in route.methods or {"GET"}:
            if method != "HEAD":
                routes.add((method, route.path_format))
    declared = [(e.method, e.path) for e in ENDPOINTS]
    assert len(declared) == len(set(declared)), "an endpoint is declared twice"
    assert routes - set(declared) == set(), "endpoints without a row in the access matrix"
    assert set(declared) - routes == set(), "rows of the access matrix without an endpoint"


def test_the_matrix_covers_every_role_and_both_sides():
    table = markdown().splitlines()
    assert len(table) == 2 + len(ENDPOINTS)
    assert all(row.count("|") == 2 + 2 * len(ROLES) for row in table)


def test_the_published_matrix_is_the_one_tested():
    published = Path(__file__).resolve().parents[2] / "docs" / "access-matrix.md"
    assert published.read_text(encoding="utf-8") == document(), (
        "docs/access-matrix.md is out of date: python -m tests.hardening.access_matrix > docs/access-matrix.md")


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[f"{e.method} {e.path}" for e in ENDPOINTS])
def test_access_matrix(endpoint: Endpoint, scene, matrix_app, matrix_connection, anonymous_form_token):
    wrong = []
    for role in ROLES:
        for side in SIDES:
            expected = endpoint.expected(role, side)
            savepoint = matrix_connection.begin_nested()
            try:
                audit_before = audit_rows(matrix_connection)
                client, form_token = client_for(matrix_app, scene, role, endpoint, anonymous_form_token)
                call = endpoint.request(scene, role, side)
                response = send(client, endpoint.method, call, form_token)
                got = answer_of(response)
                problem = None
                if got != expected:
                    problem = f"answered {got}: {response.text[:160]!r}"
                elif expected != endpoint.ok and audit_rows(matrix_connection) != audit_before:
                    problem = "refused, yet the audit log grew"
                elif endpoint.lists is not None and expected == endpoint.ok:
                    shown = endpoint.lists(scene, role, side)
                    should_show = side == OWN or endpoint.shows_other(role)
                    if (shown in response.text) != should_show:
                        problem = f"{shown!r} {'missing from' if should_show else 'leaked into'} the list"
                if problem:
                    wrong.append(f"{role:>16} {side:<5} expected {expected}: {problem}")
            finally:
                savepoint.rollback()
    assert not wrong, f"{endpoint.method} {endpoint.path}\n" + "\n".join(wrong)

