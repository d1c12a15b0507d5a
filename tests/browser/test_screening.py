"""An advisor screens NUDT, marks the ASPI hit as a false positive with a reason, sees it hidden and
brings it back with "show hidden results" — in Debian's Chromium; and axe-core checks the screening pages."""

import re

import pytest
from sqlalchemy import select

from ksdesk.accounts.principal import SYSTEM
from ksdesk.db import make_engine, transaction
from ksdesk.registry import service as registry
from ksdesk.registry.models import Organisation
from ksdesk.registry.schemas import OrganisationCreate
from ksdesk.screening import explain, watchlists
from ksdesk.screening.lists import load_aspi
from ksdesk.web import i18n
from ksdesk.wiring import install
from tests.browser.conftest import log_in, serious_violations

pytestmark = pytest.mark.browser

ADVISOR = "advisor.leiden@demo.ksdesk.nl"
ADVISOR_NAME = "Anna de Vries"  # reviews show the reviewer's name, never the address
ADMIN = "admin@demo.ksdesk.nl"
NUDT = "National University of Defense Technology"


@pytest.fixture(scope="module")
def screening_data(live_server, live_database_url):
    """The demo data has no lists and no NUDT: the shipped ASPI tracker and the registry record are added."""
    engine = make_engine(live_database_url)
    with transaction(install(engine)) as session:
        if session.scalar(select(Organisation.id).where(Organisation.ror_id == "https://ror.org/05d2yfz11")) is None:
            registry.create_organisation(session, SYSTEM, OrganisationCreate(
                name=NUDT, ror_id="https://ror.org/05d2yfz11", country_code="CN", org_type="university",
                names=[{"value": "NUDT", "kind": "acronym"}]))
        watchlists.load_version(session, SYSTEM, load_aspi(), source_file="shipped copy")
    engine.dispose()
    return live_server


def _aspi_hit(page):
    return page.locator('article.ksd-hit[data-list^="aspi"]').first


def test_advisor_marks_a_hit_false_positive_it_is_hidden_and_comes_back_on_request(page, demo_password,
                                                                                   screening_data):
    log_in(page, ADVISOR, demo_password)
    page.goto("/")
    page.locator("#lang-en").click()
    page.wait_for_load_state()
    page.locator("#nav-screening").click()
    page.locator("#name").fill("College of Computer, National University of Defense Technology, Changsha")
    page.locator("#screen-submit").click()
    page.wait_for_load_state()

    hit = _aspi_hit(page)
    entity = hit.get_attribute("data-entity")
    assert "China Defence Universities" in hit.inner_text()
    assert hit.locator(".ksd-explanation").inner_text().strip()
    assert "Not reviewed yet" in hit.inner_text()

    hit.locator("textarea[name=reason]").fill("Checked the address: another college of that name.")
    hit.locator('button[value="false_positive"]').click()
    page.wait_for_load_state()
    assert "Your review was saved." in page.locator("#notice").inner_text()
    assert page.locator(f'article.ksd-hit[data-entity="{entity}"]').count() == 0
    assert "hidden" in page.locator("#hidden-note").inner_text()

    page.locator("#show-hidden").click()
    page.wait_for_load_state()
    shown = page.locator(f'article.ksd-hit[data-entity="{entity}"]').first
    assert shown.locator('[data-decision="false_positive"]').inner_text() == "False positive"
    assert "Checked the address: another college of that name." in shown.inner_text()
    assert ADVISOR_NAME in shown.inner_text() and ADVISOR not in shown.inner_text()
    assert "Checked the address" in page.locator("#reviews").inner_text()


def test_a_false_positive_without_a_reason_shows_the_error_at_the_hit(page, demo_password, screening_data):
    log_in(page, ADVISOR, demo_password)
    page.goto("/screening?name=NUDT")
    hit = _aspi_hit(page)
    hit.locator('button[value="false_positive"]').click()
    page.wait_for_load_state()
    assert page.locator("#error-summary").is_visible()
    page.locator("#error-summary a").first.click()
    focused = page.evaluate("document.activeElement && document.activeElement.name")
    assert focused == "reason"
    assert serious_violations(page) == []


PAGES_BY_USER = {
    ADVISOR: ["/screening", "/screening?name=NUDT", "/screening?name=NUDT&hidden=1", "/screening/bulk",
              "/screening/watchlists", "/screening/watchlists/aspi-unitracker", "/screening/alerts",
              "/collaborations/4"],
    "researcher.leiden@demo.ksdesk.nl": ["/screening?name=NUDT", "/screening/alerts"],
    ADMIN: ["/screening/watchlists", "/screening/watchlists/aspi-unitracker", "/screening?name=NUDT"],
}


@pytest.mark.parametrize("user", list(PAGES_BY_USER), ids=lambda u: u.split("@")[0])
@pytest.mark.parametrize("language", ["en", "nl"])
def test_every_screening_page_passes_axe_without_serious_violations(page, demo_password, screening_data, user,
                                                                     language):
    log_in(page, user, demo_password)
    page.goto("/")
    page.locator(f"#lang-{language}").click()
    page.wait_for_load_state()
    found = {}
    for path in PAGES_BY_USER[user]:
        response = page.goto(path)
        assert response.status == 200, path
        problems = serious_violations(page)
        if problems:
            found[path] = problems
    assert found == {}


def test_a_bulk_upload_in_the_browser_shows_its_job_page(page, demo_password, screening_data, tmp_path):
    names = tmp_path / "names.txt"
    names.write_text(f"{NUDT}\nLeiden University\n", encoding="utf-8")
    log_in(page, ADVISOR, demo_password)
    page.goto("/screening/bulk")
    page.locator("#file").set_input_files(str(names))
    page.locator("#bulk-submit").click()
    page.wait_for_url(re.compile(r"/screening/bulk/\d+$"))
    assert page.locator("#job-status").is_visible()
    assert serious_violations(page) == []


@pytest.mark.parametrize(("language", "chosen_words", "why_words", "listed_words", "likelihood_words"), [
    ("en", "This names: National University of Defense Technology", "is the same name as",
     "Why it is listed", "Estimated likelihood that people would assign this organisation: "),
    ("nl", "Dit is: National University of Defense Technology", "is dezelfde naam als",
     "Waarom het op de lijst staat", "Geschatte kans dat mensen deze organisatie zouden toekennen: "),
])
def test_the_chosen_organisation_and_why_in_the_readers_language(page, demo_password, screening_data, language,
                                                                  chosen_words, why_words, listed_words,
                                                                  likelihood_words):
    log_in(page, ADVISOR, demo_password)
    page.goto("/")
    page.locator(f"#lang-{language}").click()
    page.wait_for_load_state()
    # With hidden results: an earlier test marks the ASPI hit a false positive.
    page.goto("/screening?hidden=1&name=College of Computer, National University of Defense Technology, Changsha")
    chosen = page.locator("#chosen")
    assert chosen_words in chosen.inner_text()
    assert chosen.get_attribute("data-entity") == "https://ror.org/05d2yfz11"
    # What counted for the choice, each fact a sentence of the reader's language.
    facts = chosen.locator(".ksd-chosen-why li").all_inner_texts()
    sentences = {i18n.load_catalogue(language).gettext(text) if language == "nl" else text
                 for text in explain.CHOSEN_TEXTS.values()}
    assert facts and set(facts) <= sentences
    likelihood = chosen.locator(".ksd-chosen-likelihood")
    percent = round(float(likelihood.get_attribute("data-probability")) * 100)
    assert likelihood.inner_text() == f"{likelihood_words}{percent} %"
    hit = _aspi_hit(page)
    assert why_words in hit.locator(".ksd-reasons").inner_text()
    assert listed_words in hit.inner_text()
    assert hit.locator(".ksd-strength").count() == 1
