"""The front door in Chromium: a visitor reads what the desk is and goes on to ask a question, to
the knowledge base or to sign in — in Dutch and English, at desktop, phone and 200 % zoom, with no
serious axe finding."""

from __future__ import annotations

import pytest

from tests.browser.conftest import violations_at_every_width

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_visitor_finds_the_three_ways_in(browser, live_server, language):
    context = browser.new_context(base_url=live_server, locale="nl-NL" if language == "nl" else "en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto("/")
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator("#front-door li").count() == 3
        assert violations_at_every_width(page, f"front-door-{language}") == []
        page.locator("#door-ask").click()
        page.wait_for_url("**/desk/contact")
        page.go_back()
        page.locator("#door-faq").click()
        page.wait_for_url("**/desk/faq")
        page.locator("#nav-login").click()
        page.wait_for_url("**/login")
        assert page.locator("#login-ask").get_attribute("href") == "/desk/contact"
        assert violations_at_every_width(page, f"sign-in-{language}") == []
    finally:
        context.close()
