"""An administrator edits and deactivates a user in Chromium: the edit page is accessible at every
width, a refused change opens on the error summary, and a deactivated user cannot sign in."""

from __future__ import annotations

import pytest

from tests.browser.conftest import log_in, screenshot, violations_at_every_width

pytestmark = pytest.mark.browser

ADMIN = "admin@demo.ksdesk.nl"
RESEARCHER = "researcher.uva@demo.ksdesk.nl"


def _edit_page_of(page, name: str) -> None:
    page.goto("/admin/users")
    page.get_by_role("link", name=name, exact=True).click()
    page.wait_for_load_state()


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_user_edit_page_is_accessible_and_a_refused_change_opens_on_its_errors(page, demo_password, language):
    log_in(page, ADMIN, demo_password)
    if language == "nl":
        page.locator("#lang-nl").click()
        page.wait_for_load_state()
    _edit_page_of(page, "Daan Bakker")
    assert page.locator("#name").input_value() == "Daan Bakker"
    assert violations_at_every_width(page, f"user-edit-{language}") == []
    page.locator("#name").fill(" ")
    page.locator("#role").select_option("ministry_liaison")
    page.locator("#save").click()
    page.wait_for_load_state()
    assert page.title().startswith("Fout: " if language == "nl" else "Error: ")
    # The page moves the focus by script once it has loaded: on a busy machine, a moment later.
    page.wait_for_function("document.activeElement && document.activeElement.id === 'error-summary'")
    assert page.evaluate("document.activeElement && document.activeElement.id") == "error-summary"
    assert page.locator("#error-summary a").count() == 3  # the name, the institution and the ministry
    assert violations_at_every_width(page, f"user-edit-errors-{language}") == []


def test_a_deactivated_user_cannot_sign_in_until_reactivated(browser, live_server, page, demo_password):
    log_in(page, ADMIN, demo_password)
    _edit_page_of(page, "Daan Bakker")
    page.locator("#account").click()
    page.wait_for_load_state()
    assert "deactivated" in page.locator("#notice").inner_text()
    screenshot(page, "user-deactivated-en-desktop")
    other = browser.new_context(base_url=live_server).new_page()
    log_in(other, RESEARCHER, demo_password)
    assert "/login" in other.url
    page.locator("#account").click()
    page.wait_for_load_state()
    log_in(other, RESEARCHER, demo_password)
    assert "/login" not in other.url
    other.context.close()
