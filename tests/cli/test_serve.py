"""`ksdesk serve`: which factory it runs and whom it believes about client addresses."""

import uvicorn
from typer.testing import CliRunner

from ksdesk.cli.main import app


def _served(monkeypatch, *args) -> dict:
    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda target, **options: seen.update(target=target, **options))
    result = CliRunner().invoke(app, ["serve", *args])
    assert result.exit_code == 0, result.output
    return seen


def test_serve_runs_the_server_factory_and_ignores_forwarded_addresses_by_default(monkeypatch):
    seen = _served(monkeypatch, "--workers", "2")
    assert seen["target"] == "ksdesk.app.server:app_for_serving" and seen["factory"] is True
    assert seen["workers"] == 2
    assert seen["proxy_headers"] is False


def test_serve_believes_x_forwarded_for_only_from_the_proxies_named(monkeypatch):
    seen = _served(monkeypatch, "--trusted-proxies", "10.0.0.5,10.0.0.6")
    assert seen["proxy_headers"] is True and seen["forwarded_allow_ips"] == "10.0.0.5,10.0.0.6"
