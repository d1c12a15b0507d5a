"""Forms as GOV.UK and the NL Design System teach, in Chromium: after a failed submit the page
opens on the error summary, the title starts with "Error:" ("Fout:"), every problem is listed at
once and each leads to its field; a checked radio button shows that it is checked."""

from __future__ import annotations

import pytest

from tests.browser.conftest import log_in, screenshot, violations_at_every_width

pytestmark = pytest.mark.browser

ADVISOR = "advisor.leiden@demo.ksdesk.nl"


@pytest.mark.parametrize("language,prefix", [("en", "Error:"), ("nl", "Fout:")])
def test_a_failed_submit_opens_on_the_error_summary(page, demo_password, language, prefix):
    log_in(page, ADVISOR, demo_password)
    if language == "nl":
        page.locator("#lang-nl").click()
        page.wait_for_load_state()
    page.goto("/organisations/new")
    page.locator("#ror_id").fill("not a ror id")
    page.locator("form.utrecht-form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert page.title().startswith(prefix + " ")
    # The page moves the focus by script once it has loaded: on a busy machine, a moment later.
    page.wait_for_function("document.activeElement && document.activeElement.id === 'error-summary'")
    assert page.evaluate("document.activeElement && document.activeElement.id") == "error-summary"
    links = page.locator("#error-summary a")
    assert links.count() >= 2, "every problem is listed at once: the missing name and the wrong ROR id"
    for i in range(links.count()):
        target = links.nth(i).get_attribute("href")
        assert page.locator(target).count() == 1, f"{target} leads nowhere"
    assert violations_at_every_width(page, f"form-errors-{language}") == []


def test_a_checked_radio_button_shows_its_dot(page, demo_password):
    log_in(page, ADVISOR, demo_password)
    page.goto("/collaborations/4/assessment/questionnaire")
    radio = page.locator("input[type=radio]").first
    radio.check()
    size = page.evaluate("getComputedStyle(document.querySelector('input[type=radio]:checked'))"
                         ".getPropertyValue('--_utrecht-radio-button-icon-size').trim()")
    assert size.endswith("%"), f"the dot's size must be a share of the radio, not {size!r}"
    screenshot(page, "questionnaire-en-desktop")
