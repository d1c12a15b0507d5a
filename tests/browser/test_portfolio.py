"""The portfolio overview in Debian's Chromium: an advisor sees their own institution's exact
numbers, an analyst sees national figures with small groups hidden and no titles; both pages
pass axe-core without serious or critical findings."""

import re

import pytest
from sqlalchemy import func, select

from ksdesk.db import make_engine
from ksdesk.registry.models import Collaboration, Institution
from tests.browser.conftest import log_in, serious_violations

pytestmark = pytest.mark.browser

ADVISOR = "advisor.leiden@demo.ksdesk.nl"
ANALYST = "analyst@demo.ksdesk.nl"


def _counted(url: str, institution: str | None = None) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            stmt = select(func.count()).select_from(Collaboration).where(
                Collaboration.status.not_in(["draft", "declined"]))
            if institution:
                stmt = stmt.join(Institution, Institution.id == Collaboration.institution_id).where(
                    Institution.short_name == institution)
            return conn.scalar(stmt)
    finally:
        engine.dispose()


def test_an_advisor_sees_the_exact_figures_of_their_own_institution(page, demo_password, live_database_url):
    log_in(page, ADVISOR, demo_password)
    page.locator("#nav-portfolio").click()
    page.wait_for_url(re.compile(r"/portfolio$"))
    assert page.locator("#total-collaborations").inner_text().strip() == str(_counted(live_database_url, "UL"))
    assert "< 5" not in page.locator("main").inner_text()
    # Leiden's institutes abroad put Indonesia and Egypt on the map; Leiden has nothing in China.
    assert page.locator('#chart-map path[data-country="ID"]').get_attribute("class") != "ksd-map__country"
    assert page.locator('#chart-map path[data-country="CN"]').get_attribute("class") == "ksd-map__country"
    assert page.locator("#chart-by-form").is_visible()
    page.locator("#table-by-country summary").click()
    assert page.locator("#data-by-country").is_visible()
    assert serious_violations(page) == []


def test_an_analyst_sees_hidden_small_groups_and_no_titles(page, demo_password, live_database_url):
    log_in(page, ANALYST, demo_password)
    page.goto("/portfolio")
    main = page.locator("main").inner_text()
    assert page.locator("#total-collaborations").inner_text().strip() == str(_counted(live_database_url))
    assert "< 5" in main
    for title in ("KITLV Jakarta", "DELTA Lab", "Chemelot", "Netherlands Institute in Morocco"):
        assert title not in page.content()
    assert page.locator("#institution").is_visible()  # analysts may choose an institution
    assert serious_violations(page) == []

    # The filter is a plain GET form: choosing a form narrows every figure on the page.
    page.locator("#form").select_option("institute_abroad")
    page.locator("#apply-filter").click()
    page.wait_for_url(re.compile(r"form=institute_abroad"))
    assert page.locator("#total-collaborations").inner_text().strip() == "< 5"
    assert "form=institute_abroad" in page.locator("#csv-by-country").get_attribute("href")


def test_the_desks_charts_pass_axe(page, demo_password):
    log_in(page, "officer@demo.ksdesk.nl", demo_password)
    page.locator("#nav-portfolio-desk").click()
    page.wait_for_url(re.compile(r"/portfolio/desk$"))
    assert page.locator("#figure-desk-questions").is_visible()
    assert serious_violations(page) == []
