import re

import pytest

from tests.webtools import sign_in


@pytest.mark.parametrize("path", ["/login", "/static/ksdesk.css", "/no-such-page", "/api/v1/me",
                                  "/api/v1/openapi.json"])
def test_every_response_carries_the_security_headers(anonymous, path):
    headers = anonymous.get(path).headers
    csp = headers["content-security-policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "same-origin"
    assert "camera=()" in headers["permissions-policy"]


def test_https_answers_ask_browsers_to_keep_to_https(app, anonymous):
    from fastapi.testclient import TestClient

    assert anonymous.get("/login").headers["strict-transport-security"] == "max-age=31536000"
    plain = TestClient(app, base_url="http://testserver")
    assert "strict-transport-security" not in plain.get("/login").headers


def test_pages_with_data_are_not_cached(anonymous, world):
    sign_in(anonymous, "alice@example.org")
    assert anonymous.get("/").headers["cache-control"] == "no-store"


def test_pages_use_no_inline_script_or_style(anonymous):
    html = anonymous.get("/login").text
    # Scripts only enhance, from files of the site itself (the policy allows nothing else).
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/scroll-regions.js" defer>',
                                                  '<script src="/static/menu.js" defer>',
                                                  '<script src="/static/typeahead.js" defer>']
    assert re.search(r"<script[^>]*>\s*[^<\s]", html) is None
    assert "<style" not in html
    assert " style=" not in html


def test_the_nl_design_system_stylesheets_are_served_locally(anonymous):
    html = anonymous.get("/login").text
    assert 'href="/static/nlds/utrecht-components.css"' in html
    assert 'href="/static/nlds/rijkshuisstijl-tokens.css"' in html
    for name in ("utrecht-components.css", "rijkshuisstijl-tokens.css"):
        response = anonymous.get(f"/static/nlds/{name}")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/css")
    assert ".utrecht-button" in anonymous.get("/static/nlds/utrecht-components.css").text
    assert ".rhc-theme" in anonymous.get("/static/nlds/rijkshuisstijl-tokens.css").text


def test_nothing_else_from_node_modules_is_served(anonymous):
    assert anonymous.get("/static/nlds/package.json").status_code == 404
    assert anonymous.get("/static/nlds/../package.json").status_code == 404


def test_no_interactive_docs_page_loads_scripts_from_a_cdn(anonymous):
    assert anonymous.get("/docs").status_code == 404
    assert anonymous.get("/redoc").status_code == 404
    spec = anonymous.get("/api/v1/openapi.json").json()
    assert "/api/v1/collaborations" in spec["paths"]
    assert "/login" not in spec["paths"]


def test_an_unexpected_error_is_a_page_with_the_security_headers_and_no_details(app, world, monkeypatch):
    from fastapi.testclient import TestClient

    from ksdesk.registry import service

    def broken(*args, **kwargs):
        raise RuntimeError("database exploded: secret detail")

    monkeypatch.setattr(service, "list_organisations", broken)
    client = TestClient(app, base_url="https://testserver", raise_server_exceptions=False,
                        headers={"Accept-Language": "en"})
    sign_in(client, "alice@example.org")
    page = client.get("/organisations")
    assert page.status_code == 500
    assert "Something went wrong" in page.text and "secret detail" not in page.text
    assert page.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
