"""Sending one cell's request as the role's user would, and reading the answer."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from ksdesk.audit import AuditEvent
from ksdesk.web.csrf import CSRF_COOKIE, FIELD
from ksdesk.web.deps import SESSION_COOKIE
from tests.hardening import access_scene
from tests.hardening.access_matrix import LOGIN, Call
from tests.hardening.access_scene import Scene


def client_for(app, scene: Scene, role: str, api: bool, anonymous_token: tuple[str, str]):
    """A client as the role's user sends requests: the session cookie in the web app, the
    bearer token in the API; and the form token a page of theirs would carry."""
    client = TestClient(app, base_url="https://testserver", headers={"Accept-Language": "en"},
                        raise_server_exceptions=False)
    user = access_scene.PERSONAS[role][0]
    if user is None:
        cookie, form_token = anonymous_token
        client.cookies.set(CSRF_COOKIE, cookie)
        return client, form_token
    if api:
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
