"""A flood from one client is refused before it reaches the database, with a coded 429 in the
visitor's language; other clients are not slowed by it."""

from __future__ import annotations

from fastapi.testclient import TestClient
from limits import parse
from sqlalchemy import event

from ksdesk.accounts import service as accounts
from ksdesk.accounts.principal import SYSTEM
from ksdesk.app.factory import create_app
from ksdesk.web.throttling import RULES, Rule


def _statements(connection) -> list[str]:
    seen: list[str] = []
    event.listen(connection, "before_cursor_execute", lambda *args: seen.append(args[2]))
    return seen


def test_a_flood_of_questions_is_refused_without_touching_the_database(session_factory, connection):
    app = create_app(session_factory, rate_limits=(Rule("questions", "POST", "/desk/ask", parse("3/hour")),))
    flooder = TestClient(app, base_url="https://testserver", headers={"Accept-Language": "nl"},
                         client=("192.0.2.1", 5000))
    for _ in range(3):
        flooder.post("/desk/ask", data={"subject": "x"})
    seen = _statements(connection)
    refused = flooder.post("/desk/ask", data={"subject": "x"})
    assert refused.status_code == 429
    assert "te veel verzoeken" in refused.text
    assert int(refused.headers["retry-after"]) > 0
    assert seen == []
    # Another address is not affected.
    other = TestClient(app, base_url="https://testserver", client=("192.0.2.2", 5000))
    assert other.post("/desk/ask", data={"subject": "x"}).status_code != 429


def _api_client(app, db, world, key: str) -> TestClient:
    token = accounts.create_api_token(db, SYSTEM, world.users[key], "tests")
    db.commit()
    return TestClient(app, base_url="https://testserver", headers={"Authorization": f"Bearer {token}"})


def test_the_api_answers_a_flood_with_a_coded_429(session_factory, db, world):
    app = create_app(session_factory, rate_limits=(Rule("api", None, "/api/", parse("5/minute")),))
    client = _api_client(app, db, world, "bob")
    answers = [client.get("/api/v1/me") for _ in range(6)]
    assert [a.status_code for a in answers[:5]] == [200] * 5
    assert answers[5].status_code == 429
    assert answers[5].json()["code"] == "rate_limited"
    # The limit is per token: another user's script goes on.
    other = _api_client(app, db, world, "carol")
    assert other.get("/api/v1/me").status_code == 200


def test_the_shipped_limits_cover_the_contact_form_sign_in_and_api():
    covered = {(rule.method, rule.prefix) for rule in RULES}
    assert {("POST", "/desk/ask"), ("POST", "/desk/contact"), ("POST", "/login"), (None, "/api/")} <= covered
