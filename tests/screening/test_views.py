"""The screening page, the review flow, a collaboration's screening section and the alerts page."""

import re

from sqlalchemy import select

from ksdesk.accounts.principal import SYSTEM
from ksdesk.screening import shipped, watchlists
from ksdesk.screening.models import ScreeningAlert, ScreeningReview
from tests.screening.webworld import (  # noqa: F401
    HARBIN,
    NUDT,
    collaboration_with,
    entry,
    listed,
    orgs,
    version,
)
from tests.webtools import app, browser, csrf_of, post_form  # noqa: F401


def _hit_ids(html: str) -> list[str]:
    return re.findall(r'id="hit-(h[0-9a-f]+)"', html)


def _review(client, query, decision, reason="", entity_id="t:1", **extra):
    return post_form(client, "/screening?name=x", "/screening/reviews", {
        "query": query, "list_code": "test-list", "entity_id": entity_id, "decision": decision, "reason": reason,
        **extra})


def test_a_listed_acronym_shows_the_hit_with_list_level_matched_name_organisation_and_why(browser, listed):
    page = browser("bob").get("/screening", params={"name": "NUDT"})
    assert page.status_code == 200
    html = page.text
    assert "Test defence list" in html and "Very high" in html
    assert 'ksd-matched">NUDT<' in html
    assert f'href="/organisations/{listed["nudt"].id}"' in html
    assert "is the acronym “NUDT” uses; an acronym is weak evidence on its own." in html
    assert 'data-strength="possible"' in html and 'id="chosen"' in html
    # The watchlist hit comes with its score; results are best first.
    scores = [float(s) for s in re.findall(r'ksd-score">([\d.]+)<', html)]
    assert scores == sorted(scores, reverse=True) and scores[0] >= 0.8


def test_a_researcher_screens_but_gets_no_review_buttons(browser, listed):
    html = browser("bob").get("/screening", params={"name": NUDT}).text
    assert "data-list=\"test-list\"" in html
    assert 'action="/screening/reviews"' not in html


def test_an_empty_name_shows_the_form_without_results_and_a_bad_country_is_an_error(browser, listed):
    alice = browser("alice")
    assert 'id="results"' not in alice.get("/screening").text
    page = alice.get("/screening", params={"name": NUDT, "country": "China"})
    assert page.status_code == 422
    assert 'id="error-summary"' in page.text and 'href="#country"' in page.text
    assert "Use a two-letter country code" in page.text


def test_a_false_positive_is_hidden_afterwards_and_shown_with_its_decision_on_request(browser, listed, db):
    alice = browser("alice")
    response = _review(alice, NUDT, "false_positive", "Checked: a namesake in Changsha, not the PLA university.")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/screening?")
    page = alice.get(response.headers["location"]).text
    assert "Your review was saved." in page
    assert 'data-list="test-list"' not in page
    assert "1 result(s) hidden" in page and 'id="show-hidden"' in page

    shown = alice.get("/screening", params={"name": NUDT, "hidden": "1"}).text
    assert 'data-list="test-list"' in shown
    assert 'data-decision="false_positive"' in shown
    assert "a namesake in Changsha" in shown and "by Alice" in shown and "alice@example.org" not in shown
    review = db.scalar(select(ScreeningReview).order_by(ScreeningReview.id.desc()))
    assert (review.decision, review.reviewer_label, review.list_code) == ("false_positive", "Alice",
                                                                          "test-list")
    assert review.decided_at is not None


def test_the_same_name_written_differently_stays_hidden(browser, listed):
    alice = browser("alice")
    _review(alice, NUDT, "false_positive", "not them")
    page = alice.get("/screening", params={"name": "  national university of DEFENSE technology "}).text
    assert 'data-list="test-list"' not in page


def test_a_false_positive_without_a_reason_is_refused_at_the_hit_and_nothing_is_stored(browser, listed, db):
    alice = browser("alice")
    before = db.scalar(select(ScreeningReview.id).order_by(ScreeningReview.id.desc()))
    response = _review(alice, NUDT, "false_positive", "")
    assert response.status_code == 422
    html = response.text
    assert 'id="error-summary"' in html and "Say why this is a false positive." in html
    slug = re.search(r'href="#reason-(h[0-9a-f]+)"', html).group(1)
    described = f'aria-describedby="reason-{slug}-description reason-{slug}-error"'
    assert f'id="reason-{slug}" name="reason" rows="2" {described}' in html
    db.expire_all()
    assert db.scalar(select(ScreeningReview.id).order_by(ScreeningReview.id.desc())) == before


def test_true_match_and_unsure_are_stored_and_keep_the_hit_visible(browser, listed):
    alice = browser("alice")
    assert _review(alice, NUDT, "unsure").status_code == 303
    assert _review(alice, NUDT, "true_match", "Confirmed by the address").status_code == 303
    page = alice.get("/screening", params={"name": NUDT}).text
    assert 'data-decision="true_match"' in page and "Confirmed by the address" in page
    assert page.count('class="utrecht-table__row"') >= 3  # both decisions in the review table


def test_a_researcher_cannot_post_a_review(browser, listed):
    bob = browser("bob")
    token = csrf_of(bob.get("/screening").text)
    response = bob.post("/screening/reviews", data={"query": NUDT, "list_code": "test-list", "entity_id": "t:1",
                                                    "decision": "unsure", "csrf_token": token})
    assert response.status_code == 404


def test_a_review_without_the_security_code_is_refused(browser, listed):
    response = browser("alice").post("/screening/reviews", data={"query": NUDT, "list_code": "test-list",
                                                                  "entity_id": "t:1", "decision": "unsure"})
    assert response.status_code == 403


def test_the_screening_page_is_in_dutch(browser, listed):
    alice = browser("alice")
    token = csrf_of(alice.get("/screening").text)
    alice.post("/language", data={"lang": "nl", "next": "/", "csrf_token": token})
    html = alice.get("/screening", params={"name": "NUDT"}).text
    assert "Screen een partner" in html and "Waarom het overeenkomt" in html and "Zeer hoog" in html
    # Why it matched, in Dutch, and how strong the match is.
    assert "is de afkorting die „NUDT” gebruikt; een afkorting alleen is zwak bewijs." in html
    assert "Mogelijke overeenkomst: controleer deze" in html
    assert "Geen organisatie gekozen" in html or "Dit is:" in html
    assert "acronym name" not in html and "matches" not in html


# ---------------------------------------------------------------- collaboration page


def test_a_collaboration_page_shows_each_partners_screening_with_review_buttons(browser, listed, collaboration_with):
    c = collaboration_with("bob", listed["nudt"])
    page = browser("alice").get(f"/collaborations/{c.id}")
    assert page.status_code == 200
    section = page.text.split('id="screening"', 1)[1]
    assert NUDT in section and "Test defence list" in section and "Why it matched" in section
    assert 'name="collaboration_id"' in section
    # The researcher who registered it sees the results, without the buttons.
    bob_section = browser("bob").get(f"/collaborations/{c.id}").text.split('id="screening"', 1)[1]
    assert "Test defence list" in bob_section and 'action="/screening/reviews"' not in bob_section


def test_a_false_positive_on_a_collaboration_page_is_hidden_there_and_shown_on_request(browser, listed,
                                                                                     collaboration_with):
    c = collaboration_with("bob", listed["nudt"])
    alice = browser("alice")
    response = post_form(alice, f"/collaborations/{c.id}", "/screening/reviews", {
        "query": NUDT, "list_code": "test-list", "entity_id": "t:1", "decision": "false_positive",
        "reason": "A different NUDT", "collaboration_id": str(c.id)})
    assert response.status_code == 303 and response.headers["location"].startswith(f"/collaborations/{c.id}?")
    section = alice.get(response.headers["location"]).text.split('id="screening"', 1)[1]
    assert "Your review was saved." in section
    assert 'data-list="test-list"' not in section and "1 result(s) hidden" in section
    shown = alice.get(f"/collaborations/{c.id}?screening_hidden=1").text.split('id="screening"', 1)[1]
    assert 'data-decision="false_positive"' in shown and "A different NUDT" in shown


def test_a_review_error_on_a_collaboration_page_stays_on_that_page(browser, listed, collaboration_with):
    c = collaboration_with("bob", listed["nudt"])
    response = post_form(browser("alice"), f"/collaborations/{c.id}", "/screening/reviews", {
        "query": NUDT, "list_code": "test-list", "entity_id": "t:1", "decision": "false_positive", "reason": "",
        "collaboration_id": str(c.id)})
    assert response.status_code == 422
    assert 'id="error-summary"' in response.text and "Say why this is a false positive." in response.text
    assert c.title in response.text


def test_another_institutions_collaboration_screening_is_not_found(browser, listed, collaboration_with):
    c = collaboration_with("bob", listed["nudt"])
    assert browser("carol").get(f"/collaborations/{c.id}").status_code == 404


# ---------------------------------------------------------------- alerts


def _raise_alert(db, collaboration_with, orgs):
    """An active UL collaboration with Harbin, then a list version that adds Harbin: one alert."""
    c = collaboration_with("bob", orgs["harbin"], active=True)
    watchlists.load_version(db, SYSTEM, version(entry("t:1", NUDT, "NUDT"), entry("t:2", HARBIN)))
    shipped.link_and_rescreen(db, {"test-list"})
    db.commit()
    return c, db.scalar(select(ScreeningAlert).where(ScreeningAlert.collaboration_id == c.id))


def test_advisors_see_their_institutions_alerts_and_nobody_elses(browser, db, listed, collaboration_with):
    c, alert = _raise_alert(db, collaboration_with, listed)
    alice_page = browser("alice").get("/screening/alerts").text
    assert f'id="alert-{alert.id}"' in alice_page and c.title in alice_page and HARBIN in alice_page
    assert f'action="/screening/alerts/{alert.id}/resolve"' in alice_page
    assert f'id="alert-{alert.id}"' not in browser("carol").get("/screening/alerts").text
    # The researcher who registered it sees it but cannot resolve it; a colleague does not see it.
    bob_page = browser("bob").get("/screening/alerts").text
    assert f'id="alert-{alert.id}"' in bob_page and "/resolve" not in bob_page
    assert f'id="alert-{alert.id}"' not in browser("bella").get("/screening/alerts").text


def test_the_collaboration_page_shows_the_partners_open_alerts(browser, db, listed, collaboration_with):
    c, alert = _raise_alert(db, collaboration_with, listed)
    section = browser("alice").get(f"/collaborations/{c.id}").text.split('id="screening"', 1)[1]
    assert f'id="partner-alerts-{listed["harbin"].id}"' in section


def test_an_advisor_resolves_an_alert_with_a_note_and_it_moves_to_resolved(browser, db, listed, collaboration_with):
    _c, alert = _raise_alert(db, collaboration_with, listed)
    alice = browser("alice")
    response = post_form(alice, "/screening/alerts", f"/screening/alerts/{alert.id}/resolve",
                         {"resolution": "Partner checked; export-control clause added."})
    assert response.status_code == 303
    assert f'id="alert-{alert.id}"' not in alice.get("/screening/alerts").text
    resolved = alice.get("/screening/alerts", params={"status": "resolved"}).text
    assert f'id="alert-{alert.id}"' in resolved and "export-control clause added" in resolved


def test_resolving_without_a_note_shows_the_error_at_the_alert(browser, db, listed, collaboration_with):
    _c, alert = _raise_alert(db, collaboration_with, listed)
    response = post_form(browser("alice"), "/screening/alerts", f"/screening/alerts/{alert.id}/resolve",
                         {"resolution": " "})
    assert response.status_code == 422
    assert f'href="#resolution-{alert.id}"' in response.text
    db.expire_all()
    assert db.get(ScreeningAlert, alert.id).status == "open"


def test_an_advisor_of_another_institution_cannot_resolve(browser, db, listed, collaboration_with):
    _c, alert = _raise_alert(db, collaboration_with, listed)
    response = post_form(browser("carol"), "/screening/alerts", f"/screening/alerts/{alert.id}/resolve",
                         {"resolution": "not mine"})
    assert response.status_code == 404


def _why(html: str, alert_id: int) -> str:
    """What one alert's "Why it matched" holds, with the attributes of its field."""
    article = html.split(f'id="alert-{alert_id}"', 1)[1].split("</article>", 1)[0]
    return article.split("ksd-explanation\"", 1)[1].split("</dd>", 1)[0]


def _in_dutch(client):
    token = csrf_of(client.get("/screening/alerts").text)
    client.post("/language", data={"lang": "nl", "next": "/", "csrf_token": token})
    return client


def test_the_alerts_page_says_why_a_hit_matched_in_dutch(browser, db, listed, collaboration_with):
    _c, alert = _raise_alert(db, collaboration_with, listed)
    why = _why(_in_dutch(browser("alice")).get("/screening/alerts").text, alert.id)
    assert f"<li>„{HARBIN}” is dezelfde naam als „{HARBIN}”.</li>" in why
    assert "<li>Zelfde land: China.</li>" in why
    assert 'lang="en"' not in why and "matches official name" not in why and "is the same name as" not in why
    # The English sentence stays with the alert, for the audit trail and the API.
    assert alert.explanation.startswith(f'"{HARBIN}" matches official name')


def test_the_alerts_page_says_why_a_hit_matched_in_english(browser, db, listed, collaboration_with):
    _c, alert = _raise_alert(db, collaboration_with, listed)
    why = _why(browser("alice").get("/screening/alerts").text, alert.id)
    assert f"<li>“{HARBIN}” is the same name as “{HARBIN}”.</li>" in why and "<li>Same country: China.</li>" in why
    assert "dezelfde naam" not in why and "matches official name" not in why


def test_an_alert_raised_before_its_reasons_were_kept_shows_its_english_sentence(browser, db, listed,
                                                                                 collaboration_with):
    _c, alert = _raise_alert(db, collaboration_with, listed)
    alert.reasons = None
    db.commit()
    english = _why(browser("alice").get("/screening/alerts").text, alert.id)
    assert "matches official name" in english and 'lang="en"' not in english and "ksd-reasons" not in english
    dutch = _why(_in_dutch(browser("alice")).get("/screening/alerts").text, alert.id)
    assert dutch.startswith(' lang="en">') and "matches official name" in dutch
