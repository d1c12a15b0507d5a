"""Screenshots of the main pages for a reviewer's eyes: each role's pages in Dutch and English,
at desktop and phone width, written to var/screenshots/ (the README says so). The test fails only
when a page does not open; the look is for people to judge, axe runs in the tests of each area."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import log_in, screenshot

pytestmark = pytest.mark.browser

MAIN_PAGES = {
    None: ["/", "/desk/contact", "/desk/faq", "/login"],
    "advisor.leiden@demo.ksdesk.nl": ["/", "/collaborations", "/collaborations/4", "/collaborations/4/assessment",
                                      "/organisations", "/screening", "/portfolio"],
    "researcher.leiden@demo.ksdesk.nl": ["/", "/collaborations/new", "/desk/ask", "/desk/my-questions"],
    "officer@demo.ksdesk.nl": ["/", "/desk/queue", "/portfolio/desk"],
    "liaison.ocw@demo.ksdesk.nl": ["/desk/coordination"],
    "analyst@demo.ksdesk.nl": ["/portfolio"],
    "admin@demo.ksdesk.nl": ["/admin/users", "/desk/closure-days"],
}
SIZES = {"desktop": (1280, 800), "phone": (390, 844)}


@pytest.mark.parametrize("user", list(MAIN_PAGES), ids=lambda u: (u or "visitor").split("@")[0])
@pytest.mark.parametrize("language", ["nl", "en"])
def test_main_pages_are_photographed(browser, live_server, demo_password, user, language):
    context = browser.new_context(base_url=live_server, locale="nl-NL" if language == "nl" else "en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        if user:
            log_in(page, user, demo_password)
        page.goto("/")
        page.locator(f"#lang-{language}").click()
        page.wait_for_load_state()
        who = (user or "visitor").split("@")[0]
        for path in MAIN_PAGES[user]:
            response = page.goto(path)
            assert response is not None and response.status == 200, (user, path)
            name = re.sub(r"[^a-z0-9]+", "-", path.strip("/").lower()) or "home"
            for size, (width, height) in SIZES.items():
                page.set_viewport_size({"width": width, "height": height})
                screenshot(page, f"{who}-{name}-{language}-{size}")
            page.set_viewport_size({"width": 1280, "height": 800})
    finally:
        context.close()
