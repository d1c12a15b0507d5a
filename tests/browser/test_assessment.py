"""An advisor assesses a demo collaboration in Chromium: questionnaire, levels, mitigations, decision, PDF;
and axe-core finds no serious or critical problem on the assessment pages."""

import re

import pytest

from tests.assessment.pdftext import pdf_text
from tests.browser.conftest import log_in, serious_violations

pytestmark = pytest.mark.browser

ADVISOR = "advisor.leiden@demo.ksdesk.nl"
ADMIN = "admin@demo.ksdesk.nl"
CASE = "Mobility and health data for urban planning"


def open_case(page) -> str:
    page.goto("/collaborations")
    page.get_by_role("link", name=CASE).click()
    page.wait_for_url(re.compile(r"/collaborations/\d+$"))
    page.locator("#open-assessment").click()
    page.wait_for_url(re.compile(r"/assessment$"))
    return page.url


def test_advisor_assesses_chooses_mitigations_decides_and_downloads_the_report(page, demo_password):
    log_in(page, ADVISOR, demo_password)
    assessment_url = open_case(page)
    assert page.locator("#no-assessment").is_visible()
    assert serious_violations(page) == []

    page.locator("#open-questionnaire").click()
    page.locator("#answers-sensitive_data-yes").check()
    page.locator("#answers-misuse_potential-unsure").check()
    assert serious_violations(page) == []
    page.locator("#save-answers").click()
    page.wait_for_url(re.compile(r"/assessment\?notice=saved$"))
    assert page.locator("#level-ethics [data-level]").get_attribute("data-level") in ("high", "very_high")
    assert "IR" in page.locator("#reasons-ethics").inner_text()
    assert serious_violations(page) == []

    boxes = page.locator("input[name=mitigation]")
    assert boxes.count() >= 2
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.locator("#save-mitigations").click()
    page.wait_for_load_state()
    assert page.locator("#chosen-mitigations tbody tr").count() == 2

    page.locator("#decision-approve_with_conditions").check()
    page.locator("#reasons").fill("Only with a data processing agreement and pseudonymised data.")
    # Questions are left open, so approving asks for the reason to approve all the same.
    assert page.locator("#approval-blockers").is_visible()
    page.locator("#override_reason").fill("The other questions do not apply to this data project.")
    page.locator("#confirm").check()
    page.locator("#record-decision").click()
    page.wait_for_load_state()
    assert page.locator("#decision-value").get_attribute("data-decision") == "approve_with_conditions"
    assert page.locator("#decision-form").count() == 0

    with page.expect_download() as download:
        page.locator("#download-pdf").click()
    pdf = open(download.value.path(), "rb").read()
    pages, text = pdf_text(pdf)
    assert pages >= 1 and "Only with a data processing agreement" in text

    page.goto(assessment_url.replace("/assessment", "/assessment/versions/1/report"))
    assert "Only with a data processing agreement" in page.locator("main").inner_text()
    assert serious_violations(page) == []

    page.goto(assessment_url + "/what-if")
    page.locator("#answers-sensitive_data-no").check()
    page.locator("#run-what-if").click()
    page.wait_for_load_state()
    assert page.locator("#what-if-result").is_visible()
    assert serious_violations(page) == []


def test_the_sources_and_rule_set_pages_have_no_serious_accessibility_problems(page, demo_password):
    log_in(page, ADMIN, demo_password)
    page.goto("/assessment/sources")
    assert page.locator("#countries").is_visible()
    assert serious_violations(page) == []
    page.goto("/admin/rule-sets")
    assert "2026.3" in page.locator("#rule-set-versions").inner_text()
    assert serious_violations(page) == []
