"""The sources page: every screener sees how current each list is; a stale, held or refused source says so."""

from ksdesk.accounts.principal import SYSTEM
from ksdesk.screening import watchlists
from ksdesk.screening.lists import load_nro_csv
from ksdesk.sources import service
from tests.webtools import app, browser  # noqa: F401


def test_the_page_shows_version_dates_staleness_and_why_an_update_was_refused(browser, db, mirrored):
    watchlists.load_version(db, SYSTEM, load_nro_csv(), source_file="shipped copy")  # of 2024: stale
    mirrored.behaviour["un-consolidated/consolidated.xml"] = "truncate"
    service.update_sources(db, SYSTEM, ["un-consolidated"], rescreen=False)
    db.flush()
    page = browser("alice").get("/sources")
    assert page.status_code == 200
    text = page.text
    row = text[text.index('data-code="canada-nro"'):]
    assert 'data-stale="true"' in row[:200] and "stale" in row[:2000]
    un = text[text.index('data-code="un-consolidated"'):]
    assert "refused" in un[:2000] and "The download ended before the whole file had arrived" in un[:2000]
    assert "ksdesk sources apply" not in text
    assert "ksdesk sources apply" in browser("hank").get("/sources").text
    assert browser("gina").get("/sources").status_code == 404
