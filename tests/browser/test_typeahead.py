"""Type-ahead on the collaboration form — in Debian's Chromium: typing part of a partner's name offers
registry organisations in an accessible list, arrow keys and Enter take one; the long country list
gets a filter. Without JavaScript both are the plain fields they were."""

import re

import pytest

from tests.browser.conftest import log_in, serious_violations

pytestmark = pytest.mark.browser

ADVISOR = "advisor.leiden@demo.ksdesk.nl"


def test_the_partner_field_offers_organisations_and_the_keyboard_takes_one(page, demo_password):
    log_in(page, ADVISOR, demo_password)
    page.goto("/")
    page.locator("#lang-en").click()
    page.wait_for_load_state()
    page.goto("/collaborations/new")
    field = page.locator("#partners-0-organisation")
    assert field.get_attribute("role") == "combobox" and field.get_attribute("aria-expanded") == "false"
    field.press_sequentially("Leuven", delay=30)
    options = page.locator("#partners-0-organisation-suggestions [role=option]")
    options.first.wait_for(state="visible")
    assert field.get_attribute("aria-expanded") == "true"
    assert any("Leuven" in text for text in options.all_inner_texts())
    assert serious_violations(page) == []
    field.press("ArrowDown")
    assert field.get_attribute("aria-activedescendant") == "partners-0-organisation-suggestions-0"
    field.press("Enter")
    assert re.search(r"\(#\d+\)$", field.input_value()), field.input_value()
    assert field.get_attribute("aria-expanded") == "false"

    countries = page.locator("#countries")
    page.locator("#countries-filter").fill("belg")
    visible = countries.locator("option:not([hidden])").all_inner_texts()
    assert visible and all("Belg" in text for text in visible)

    page.locator("#title").fill("Type-ahead test collaboration")
    page.locator("#form").select_option("joint_research")
    page.locator("#save").click()
    page.wait_for_url(re.compile(r"/collaborations/\d+(\?.*)?$"))
    assert "Leuven" in page.locator("#partners").inner_text()


def test_without_javascript_the_fields_are_plain(browser, demo_password, live_server):
    context = browser.new_context(java_script_enabled=False, base_url=live_server, locale="en-GB")
    page = context.new_page()
    log_in(page, ADVISOR, demo_password)
    page.goto("/collaborations/new")
    field = page.locator("#partners-0-organisation")
    assert field.get_attribute("role") is None and field.get_attribute("type") == "text"
    assert page.locator("#countries-filter").count() == 0
    context.close()
