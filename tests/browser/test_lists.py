"""The collaborations list in Chromium: sorted by risk and filtered by level with the keyboard and
a plain form; a table too wide for a phone is a focusable, named region; axe finds nothing
serious at desktop, phone and 200 % zoom."""

from __future__ import annotations

import pytest

from tests.browser.conftest import log_in, violations_at_every_width

pytestmark = pytest.mark.browser

ADVISOR = "advisor.leiden@demo.ksdesk.nl"


def test_the_list_sorts_and_filters_by_risk(page, demo_password):
    log_in(page, ADVISOR, demo_password)
    page.goto("/collaborations")
    page.locator("#sort-risk").click()
    page.wait_for_load_state()
    assert page.locator("th[aria-sort=descending] #sort-risk").count() == 1
    ranks = {"very_high": 4, "high": 3, "medium": 2, "low": 1, "none": 0}
    shown = [ranks[r] for r in page.locator("td[data-risk]").evaluate_all("cells => cells.map(c => c.dataset.risk)")]
    assert shown == sorted(shown, reverse=True) and shown, "highest risk first"
    page.locator("#risk").select_option("none")
    page.locator("#search").click()
    page.wait_for_load_state()
    assert set(page.locator("td[data-risk]").evaluate_all("cells => cells.map(c => c.dataset.risk)")) <= {"none"}
    assert "sort=-risk" in page.url, "filtering keeps the chosen order"


def test_a_wide_table_on_a_phone_is_a_region_the_keyboard_reaches(page, demo_password):
    log_in(page, ADVISOR, demo_password)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/collaborations")
    box = page.locator(".utrecht-table-container").first
    if box.evaluate("b => b.scrollWidth > b.clientWidth + 1"):
        assert box.get_attribute("tabindex") == "0" and box.get_attribute("role") == "region"
        assert box.get_attribute("aria-label")
    assert violations_at_every_width(page, "collaborations-en") == []
