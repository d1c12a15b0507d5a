"""On a collaboration page an advisor sees each partner in one line, opens the folded hits, and marks
all hits of the listed partner at once — in Debian's Chromium, checked by axe."""

import pytest
from sqlalchemy import select

from ksdesk.accounts.models import User
from ksdesk.accounts.principal import Principal
from ksdesk.db import make_engine, transaction
from ksdesk.registry import service as registry
from ksdesk.registry.models import Organisation
from ksdesk.registry.schemas import CollaborationCreate
from ksdesk.wiring import install
from tests.browser.conftest import log_in, serious_violations
from tests.browser.test_screening import ADVISOR, screening_data  # noqa: F401

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def with_listed_partner(screening_data, live_database_url):  # noqa: F811
    """A Leiden collaboration with NUDT, which the shipped ASPI tracker lists, as its partner."""
    engine = make_engine(live_database_url)
    with transaction(install(engine)) as session:
        researcher = session.scalar(select(User).where(User.email == "researcher.leiden@demo.ksdesk.nl"))
        nudt = session.scalar(select(Organisation).where(Organisation.ror_id == "https://ror.org/05d2yfz11"))
        c = registry.create_collaboration(session, Principal.for_user(researcher), CollaborationCreate(
            title="Summary test: joint lab on navigation", form="strategic_partnership",
            partners=[{"organisation_id": nudt.id, "role": "partner"}]))
        ids = c.id, nudt.id
    engine.dispose()
    return ids


def test_the_advisor_sees_one_line_per_partner_and_marks_all_its_hits(page, demo_password, with_listed_partner):
    collaboration_id, nudt_id = with_listed_partner
    log_in(page, ADVISOR, demo_password)
    page.goto("/")
    page.locator("#lang-en").click()
    page.wait_for_load_state()
    # The first screening after new list data builds the index: it may take a while on a busy machine.
    page.goto(f"/collaborations/{collaboration_id}", timeout=120_000)
    line = page.locator(f"#partner-summary-{nudt_id}")
    assert "hits reviewed" in line.inner_text() and line.get_attribute("data-state") == "open"
    fold = page.locator(f"#hits-{nudt_id}")
    assert not fold.locator("article.ksd-hit").first.is_visible()
    fold.locator("summary").click()
    assert fold.locator("article.ksd-hit").first.is_visible()
    assert serious_violations(page) == []

    form = page.locator(f"#bulk-{nudt_id}")
    form.locator('input[value="false_positive"]').check()
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#error-summary").is_visible()
    assert page.title().startswith("Error")
    page.locator(f"#bulk-{nudt_id}").locator('input[value="true_match"]').check()
    page.locator(f"#bulk-{nudt_id}-reason").fill("The partner itself is on the tracker.")
    page.locator(f"#bulk-{nudt_id}").locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "Every hit of the partner was marked" in page.locator("#notice").inner_text()
    assert page.locator(f"#partner-summary-{nudt_id}").get_attribute("data-state") == "done"
    assert serious_violations(page) == []
