"""A live server on its own database with the demo data, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest
import uvicorn

from ksdesk import schema
from ksdesk.db import make_engine, transaction
from ksdesk.demo.load import demo_data, load_demo
from ksdesk.wiring import install
from tests.browser.desk_server import desk_server, mail_sink
from tests.databases import throwaway_database

CHROMIUM = "/usr/bin/chromium"
# Without these, Chromium keeps trying to reach Google's servers, which this network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]

pytestmark = pytest.mark.browser

# The widths every page must work at: a desktop, a phone, and a desktop at 200 % zoom (half the
# CSS pixels of a 1280 px window).
WIDTHS = {"desktop": (1280, 800), "phone": (390, 844), "zoom200": (640, 400)}
# Screenshots for a reviewer's eyes; the README names this folder.
SCREENSHOTS = Path(os.environ.get("KSDESK_SCREENSHOT_DIR", Path(__file__).resolve().parents[2] / "var" / "screenshots"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_database_url(tmp_path_factory):
    with throwaway_database(tmp_path_factory.mktemp("live"), "live") as url:
        yield url


@pytest.fixture(scope="session")
def live_server(live_database_url):
    from ksdesk.app.factory import create_app
    from ksdesk.web import throttling

    engine = make_engine(live_database_url)
    schema.upgrade(engine)
    factory = install(engine)
    with transaction(factory) as session:
        load_demo(session)
    port = _free_port()
    # One browser signs in from one address far more often than a person does (every test
    # signs in afresh): the address limit on sign-in would refuse the later tests. The
    # limits themselves are tested in tests/web/test_rate_limits.py.
    rules = tuple(rule for rule in throttling.RULES if rule.name != "sign-in")
    config = uvicorn.Config(create_app(factory, rate_limits=rules), host="127.0.0.1", port=port,
                            log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the live server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    engine.dispose()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture(scope="session")
def demo_password() -> str:
    return demo_data()["password"]


def log_in(page, email: str, password: str) -> None:
    """Signs in through the form, in whatever language the page is in."""
    page.goto("/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("#login-submit").click()
    page.wait_for_load_state()


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical findings on the current page, as readable lines."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]


def screenshot(page, name: str) -> Path:
    """Writes the whole page as var/screenshots/<name>.png (full height) for a reviewer."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def violations_at_every_width(page, name: str | None = None) -> list[str]:
    """axe's serious and critical findings at each of WIDTHS, each line naming its width; with a
    name, a screenshot per width too."""
    found = []
    for width_name, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        found += [f"{width_name}: {v}" for v in serious_violations(page)]
        if name:
            screenshot(page, f"{name}-{width_name}")
    page.set_viewport_size({"width": 1280, "height": 800})
    return found


@pytest.fixture(scope="module")
def mailbox():
    with mail_sink() as box:
        yield box


@pytest.fixture(scope="module")
def desk_live(tmp_path_factory, mailbox):
    """(the server's address, its session factory)."""
    with throwaway_database(tmp_path_factory.mktemp("desk-live"), "desk_live") as database_url:
        with desk_server(database_url, mailbox) as live:
            yield live


@pytest.fixture
def new_page(browser, desk_live):
    """Makes a page in a browser context of its own (a person of their own), closed after the test."""
    contexts = []

    def make():
        context = browser.new_context(base_url=desk_live[0], locale="en-GB")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield make
    for context in contexts:
        context.close()
