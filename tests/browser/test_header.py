"""The header at every width, in Chromium: on a phone and at 200 % zoom the menu folds behind a
"Menu" button that opens it, the header stays short, "Sign out" stays one word; on a desktop the
menu is shown in full. axe finds nothing serious at any width."""

from __future__ import annotations

import pytest

from tests.browser.conftest import log_in, violations_at_every_width

pytestmark = pytest.mark.browser

ADVISOR = "advisor.leiden@demo.ksdesk.nl"


@pytest.mark.parametrize("width,height", [(390, 844), (640, 400), (320, 640)])
def test_the_menu_folds_on_narrow_screens(page, demo_password, width, height):
    log_in(page, ADVISOR, demo_password)
    page.set_viewport_size({"width": width, "height": height})
    page.goto("/")
    toggle = page.locator("#menu-toggle")
    assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    assert not page.locator("#nav-collaborations").is_visible()
    header = page.locator("header").bounding_box()["height"] + page.locator(".ksd-nav").bounding_box()["height"]
    assert header < 0.5 * height + 120, f"the header takes {header:.0f} of {height} px"
    logout = page.locator("#logout").bounding_box()
    assert logout["height"] < 60, "Sign out breaks over two lines"
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true" and page.locator("#nav-collaborations").is_visible()
    page.locator("#nav-collaborations").click()
    page.wait_for_url("**/collaborations")


def test_on_a_desktop_the_whole_menu_shows_and_every_width_passes_axe(page, demo_password):
    log_in(page, ADVISOR, demo_password)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/")
    assert page.locator("#menu-toggle").count() == 0 and page.locator("#nav-collaborations").is_visible()
    assert violations_at_every_width(page, "home-advisor-en") == []
