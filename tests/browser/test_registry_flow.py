"""An advisor registers a collaboration with two partners, takes it through the workflow, reads its
audit trail and switches to Dutch — in Debian's Chromium."""

import re

import pytest

from tests.browser.conftest import log_in, serious_violations

pytestmark = pytest.mark.browser

ADVISOR = "advisor.leiden@demo.ksdesk.nl"
ADVISOR_NAME = "Anna de Vries"  # histories name people, never their sign-in address


def test_advisor_registers_a_collaboration_and_takes_it_through_the_workflow(page, demo_password):
    log_in(page, ADVISOR, demo_password)
    page.goto("/collaborations/new")
    page.locator("#title").fill("Joint summer school on coastal heritage")
    page.locator("#form").select_option("intensive_course")
    page.locator("#partners-0-organisation").fill("KU Leuven")
    page.locator("#partners-0-role").select_option("partner")
    page.locator("#partners-1-organisation").fill("University of Bologna")
    page.locator("#partners-1-role").select_option("coordinator")
    page.locator("#funding-0-funder_name").fill("Leiden University")
    page.locator("#funding-0-share_percent").fill("100")
    page.locator("#save").click()

    page.wait_for_url(re.compile(r"/collaborations/\d+(\?.*)?$"))
    partners = page.locator("#partners")
    assert "KU Leuven" in partners.inner_text() and "University of Bologna" in partners.inner_text()
    assert "Draft" in page.locator(".ksd-lead").inner_text()

    page.locator("#do-submit").click()
    page.wait_for_load_state()
    assert "Under review" in page.locator(".ksd-lead").inner_text()

    # Approving with conditions needs a reason: without one the page says so and nothing changes.
    page.locator("#do-approve_with_conditions").click()
    page.wait_for_load_state()
    assert "Under review" in page.locator(".ksd-lead").inner_text()
    page.locator("#reason-approve_with_conditions").fill("Partners sign the data clause before the start.")
    page.locator("#do-approve_with_conditions").click()
    page.wait_for_load_state()
    assert "Approved with conditions" in page.locator(".ksd-lead").inner_text()

    page.locator("#do-activate").click()
    page.wait_for_load_state()
    assert "Active" in page.locator(".ksd-lead").inner_text()

    history = page.locator("#history").inner_text()
    assert "Partners sign the data clause before the start." in history
    assert ADVISOR_NAME in history and ADVISOR not in history
    assert history.count(ADVISOR_NAME) >= 4, "each step of the workflow names who took it"

    page.locator("#lang-nl").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "nl"
    assert "Actief" in page.locator(".ksd-lead").inner_text()
    assert page.locator("#nav-collaborations").inner_text().strip() == "Samenwerkingen"
    assert "Geschiedenis" in page.locator("#history-title").inner_text()


def test_a_researcher_does_not_see_another_institutions_collaboration(page, demo_password):
    log_in(page, "researcher.uva@demo.ksdesk.nl", demo_password)
    page.goto("/collaborations")
    assert "KITLV Jakarta" not in page.content()
    response = page.goto("/collaborations/6")
    assert response.status == 404


PAGES_BY_USER = {
    None: ["/login"],
    ADVISOR: ["/", "/collaborations", "/collaborations/new", "/collaborations/4", "/collaborations/4/edit",
              "/organisations", "/organisations/1", "/organisations/new", "/account/tokens"],
    "admin@demo.ksdesk.nl": ["/", "/admin/users", "/admin/users/new", "/admin/institutions", "/organisations"],
    "officer@demo.ksdesk.nl": ["/"],
    "analyst@demo.ksdesk.nl": ["/"],
}


@pytest.mark.parametrize("user", list(PAGES_BY_USER), ids=lambda u: (u or "anonymous").split("@")[0])
@pytest.mark.parametrize("language", ["en", "nl"])
def test_every_registry_page_passes_axe_without_serious_violations(page, demo_password, user, language):
    if user:
        log_in(page, user, demo_password)
    if language == "nl":
        page.goto("/")
        page.locator("#lang-nl").click()
        page.wait_for_load_state()
    found = {}
    for path in PAGES_BY_USER[user]:
        response = page.goto(path)
        assert response.status == 200, path
        problems = serious_violations(page)
        if problems:
            found[path] = problems
    assert found == {}


def test_a_form_with_errors_is_accessible_too(page, demo_password):
    log_in(page, ADVISOR, demo_password)
    page.goto("/collaborations/new")
    page.locator("#save").click()
    page.wait_for_load_state()
    assert page.locator(".utrecht-form-field-error-message").count() >= 1
    assert serious_violations(page) == []
