"""A list older than its publisher's rhythm is stale: the hits, the lists pages, the assessment (its
completeness, with the reason) and its report say so. Administrators decide on a held version from
the web, after confirming."""

import pytest
from sqlalchemy import select

from ksdesk.accounts.principal import SYSTEM
from ksdesk.audit import AuditEvent
from ksdesk.screening import watchlists
from ksdesk.screening.lists import load_nro_csv
from ksdesk.screening.models import Watchlist, WatchlistVersion
from ksdesk.settings import get_settings
from ksdesk.sources import freshness, service
from tests.assessment.cases import ARCNL, run
from tests.assessment.pdftext import pdf_text
from tests.screening.webworld import NUDT, collaboration_with, listed, orgs  # noqa: F401
from tests.webtools import app, browser, post_form  # noqa: F401

RHYTHM = """sources:
  - code: test-list
    title: Test defence list
    format: csl-json
    frequency_days: 7
    files:
      - name: list.json
        url: https://example.org/list.json
"""


@pytest.fixture
def weekly(tmp_path, monkeypatch):
    """The catalogue says the test list is renewed weekly; the version loaded has no date: stale."""
    path = tmp_path / "catalogue.yaml"
    path.write_text(RHYTHM, encoding="utf-8")
    monkeypatch.setenv("KSDESK_SOURCES_CATALOGUE", str(path))
    get_settings.cache_clear()
    yield
    monkeypatch.undo()
    get_settings.cache_clear()


def test_a_list_the_catalogue_does_not_know_is_never_called_stale(db, listed, browser):
    assert freshness.stale(db) == []
    html = browser("alice").get("/screening", params={"name": NUDT}).text
    assert 'data-stale="true"' not in html


def test_a_stale_list_is_marked_on_the_hits_and_the_lists_page(db, listed, weekly, browser):
    [stale] = freshness.stale(db)
    assert stale.code == "test-list" and stale.frequency_days == 7
    alice = browser("alice")
    html = alice.get("/screening", params={"name": NUDT}).text
    assert 'data-stale="true"' in html and "Stale list" in html and "every 7 days" in html
    row = alice.get("/screening/watchlists").text.split('data-code="test-list"', 1)[1][:600]
    assert row.startswith(' data-stale="true"') and "stale" in row


def test_a_list_checked_recently_is_not_stale(db, listed, weekly):
    from ksdesk.sources.models import SourceUpdate

    db.add(SourceUpdate(source_code="test-list", actor="system", status="unchanged"))
    db.flush()
    assert freshness.stale(db) == []


def test_stale_lists_lower_the_completeness_and_say_why():
    from ksdesk.assessment import load_default_rule_set

    answers = {q.id: "no" for q in load_default_rule_set().questionnaire if q.type == "yes_no_unsure"}
    assert run(ARCNL, answers).completeness.percent == 100
    from ksdesk.assessment import assess, load_catalogues, load_country_indicators

    result = assess(ARCNL, answers, [], load_country_indicators(), load_catalogues(), load_default_rule_set(),
                    stale_lists=[{"code": "un", "title": "UN list", "version_date": "2020-01-01",
                                  "frequency_days": 7}])
    assert result.completeness.percent < 100
    assert [s.code for s in result.completeness.stale_lists] == ["un"]


def test_the_assessment_and_its_report_show_the_stale_list(db, listed, weekly, browser, collaboration_with):
    c = collaboration_with("bob", listed["nudt"])
    alice = browser("alice")
    base = f"/collaborations/{c.id}/assessment"
    assert post_form(alice, base + "/questionnaire", base + "/questionnaire",
                     {"answers.sensitive_data": "yes"}).status_code == 303
    page = alice.get(base).text
    assert 'id="stale-lists"' in page and 'data-code="test-list"' in page and "renewed every 7 days" in page
    report = alice.get(base + "/versions/1/report").text
    lists = report.split('id="report-lists"', 1)[1]
    assert 'data-code="test-list" data-stale="true"' in lists
    _pages, text = pdf_text(alice.get(base + "/versions/1/report.pdf").content)
    assert "Lists screened against" in text and "stale" in text


# ------------------------------------------------------------------ a held version, from the web

def _current(db, code):
    return db.scalar(select(WatchlistVersion).join(Watchlist)
                     .where(Watchlist.code == code, WatchlistVersion.is_current.is_(True)))


@pytest.fixture
def held_nro(db, mirrored):
    watchlists.load_version(db, SYSTEM, load_nro_csv(), source_file="shipped copy")
    path = mirrored.root / "canada-nro/named-research-organizations.html"
    items = path.read_text(encoding="utf-8").split("<li")
    path.write_text("<li".join(items[: 1 + 2 * (len(items) - 1) // 3]) + "</ul>", encoding="utf-8")
    [report] = service.update_sources(db, SYSTEM, ["canada-nro"], rescreen=False)
    assert report.status == "held"
    db.commit()
    return report


def test_an_administrator_applies_a_held_version_after_confirming(db, held_nro, browser):
    before = _current(db, "canada-nro")
    hank = browser("hank")
    assert 'href="/sources/canada-nro/held"' in hank.get("/sources").text
    page = hank.get("/sources/canada-nro/held")
    assert page.status_code == 200 and f">{held_nro.entries}<" in page.text
    unconfirmed = post_form(hank, "/sources/canada-nro/held", "/sources/canada-nro/held", {"decision": "apply"})
    assert unconfirmed.status_code == 422
    assert 'id="error-summary"' in unconfirmed.text and 'href="#confirm"' in unconfirmed.text
    no_choice = post_form(hank, "/sources/canada-nro/held", "/sources/canada-nro/held", {"confirm": "on"})
    assert no_choice.status_code == 422 and 'href="#decision"' in no_choice.text
    assert _current(db, "canada-nro").id == before.id
    done = post_form(hank, "/sources/canada-nro/held", "/sources/canada-nro/held",
                     {"decision": "apply", "confirm": "on"})
    assert done.status_code == 303 and done.headers["location"] == "/sources?notice=applied"
    db.expire_all()
    assert _current(db, "canada-nro").entry_count == held_nro.entries
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "source.applied",
                                               AuditEvent.object_id == "canada-nro"))
    assert event is not None
    assert "The held version was applied" in hank.get(done.headers["location"]).text
    assert 'id="nothing-held"' in hank.get("/sources/canada-nro/held").text


def test_an_administrator_discards_a_held_version_and_nobody_else_may(db, held_nro, browser):
    before = _current(db, "canada-nro")
    for who in ("alice", "gina"):
        assert browser(who).get("/sources/canada-nro/held").status_code == 404
    hank = browser("hank")
    done = post_form(hank, "/sources/canada-nro/held", "/sources/canada-nro/held",
                     {"decision": "discard", "confirm": "on"})
    assert done.status_code == 303
    db.expire_all()
    assert _current(db, "canada-nro").id == before.id
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "source.discarded")) is not None
