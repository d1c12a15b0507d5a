"""A collaboration page sums each partner up in one line, folds the hits away, and lets a reviewer
mark all hits of a partner at once: audited, all or nothing, only on collaborations they may see."""

from sqlalchemy import func, select

from ksdesk.accounts.principal import SYSTEM
from ksdesk.audit import AuditEvent
from ksdesk.screening import watchlists
from ksdesk.screening.models import ScreeningReview
from tests.screening.webworld import (  # noqa: F401
    NUDT,
    collaboration_with,
    entry,
    listed,
    orgs,
    version,
)
from tests.webtools import app, browser, post_form  # noqa: F401


def _two_hits(db):
    watchlists.load_version(db, SYSTEM, version(entry("t:1", NUDT, "NUDT"),
                                                entry("t:2", NUDT + " (Changsha)", level="high")))
    db.commit()


def _bulk(client, c, org, **data):
    return post_form(client, f"/collaborations/{c.id}", "/screening/reviews/partner",
                     {"collaboration_id": str(c.id), "organisation_id": str(org.id), **data})


def test_each_partner_has_one_line_and_its_hits_are_folded_away(browser, db, listed, collaboration_with):
    c = collaboration_with("bob", listed["nudt"])
    html = browser("alice").get(f"/collaborations/{c.id}").text
    line = html.split(f'id="partner-summary-{listed["nudt"].id}"', 1)[1].split("</p>", 1)[0]
    assert 'data-state="open"' in line and 'data-highest="very high"' in line
    assert "Test defence list" in line and "Very high" in line and "0 of 1 hits reviewed" in line
    assert f'<details class="ksd-hits-fold" id="hits-{listed["nudt"].id}">' in html
    assert f'id="bulk-{listed["nudt"].id}"' in html
    assert f'id="bulk-{listed["nudt"].id}"' not in browser("bob").get(f"/collaborations/{c.id}").text


def test_a_reviewer_marks_all_hits_of_a_partner_at_once(browser, db, orgs, collaboration_with):
    _two_hits(db)
    c = collaboration_with("bob", orgs["nudt"])
    alice = browser("alice")
    hits_before = alice.get(f"/collaborations/{c.id}").text.count('class="ksd-section ksd-hit')
    assert hits_before == 2
    done = _bulk(alice, c, orgs["nudt"], decision="unsure", reason="Asked the partner for its structure.")
    assert done.status_code == 303
    assert done.headers["location"].endswith(f"#screening-partner-{orgs['nudt'].id}")
    reviews = db.scalars(select(ScreeningReview).order_by(ScreeningReview.id)).all()
    assert {(r.entity_id, r.decision) for r in reviews} == {("t:1", "unsure"), ("t:2", "unsure")}
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "screening.review_partner"))
    assert event.after == {"organisation_id": orgs["nudt"].id, "decision": "unsure", "hits": 2}
    page = alice.get(done.headers["location"]).text
    assert "Every hit of the partner was marked with your decision." in page
    assert "All 2 hits reviewed." in page and 'data-state="done"' in page
    # The same decision again changes nothing and says so.
    again = _bulk(alice, c, orgs["nudt"], decision="unsure")
    assert again.status_code == 422 and "already has this decision" in again.text


def test_a_false_positive_for_all_needs_a_reason_and_stores_nothing_without_one(browser, db, orgs,
                                                                              collaboration_with):
    _two_hits(db)
    c = collaboration_with("bob", orgs["nudt"])
    refused = _bulk(browser("alice"), c, orgs["nudt"], decision="false_positive", reason="")
    assert refused.status_code == 422
    assert 'id="error-summary"' in refused.text and f'href="#bulk-{orgs["nudt"].id}-reason"' in refused.text
    assert db.scalar(select(func.count(ScreeningReview.id))) == 0
    no_choice = _bulk(browser("alice"), c, orgs["nudt"], reason="x")
    assert no_choice.status_code == 422 and f'href="#bulk-{orgs["nudt"].id}-decision"' in no_choice.text


def test_only_reviewers_who_see_the_collaboration_may_mark_its_partner(browser, db, listed, collaboration_with):
    c = collaboration_with("bob", listed["nudt"])
    for who in ("bob", "carol"):
        token_page = "/screening" if who == "bob" else "/screening/alerts"
        response = post_form(browser(who), token_page, "/screening/reviews/partner", {
            "collaboration_id": str(c.id), "organisation_id": str(listed["nudt"].id), "decision": "unsure"})
        assert response.status_code == 404, who
    other = _bulk(browser("alice"), c, listed["harbin"], decision="unsure")
    assert other.status_code == 404
    assert db.scalar(select(func.count(ScreeningReview.id))) == 0
