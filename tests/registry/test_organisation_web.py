from sqlalchemy import func, select

from ksdesk.accounts.principal import SYSTEM
from ksdesk.registry import service
from ksdesk.registry.models import Organisation
from ksdesk.registry.schemas import OrganisationCreate
from tests.webtools import post_form


def test_organisation_list_searches_all_names_and_filters_by_country_and_type(browser, partner):
    bob = browser("bob")
    page = bob.get("/organisations", params={"q": "Katholieke"})
    assert "KU Leuven" in page.text
    assert "KU Leuven" in bob.get("/organisations", params={"country": "BE", "type": "university"}).text
    assert "KU Leuven" not in bob.get("/organisations", params={"country": "BE", "type": "company"}).text
    assert "Nothing found" in bob.get("/organisations", params={"q": "no such organisation"}).text


def test_organisation_list_is_paginated(browser, db):
    for n in range(30):
        service.create_organisation(db, SYSTEM, OrganisationCreate(name=f"Paged Institute {n:02d}", country_code="DE"))
    db.commit()
    bob = browser("bob")
    first = bob.get("/organisations", params={"q": "Paged Institute"})
    assert "Paged Institute 00" in first.text and "Paged Institute 29" not in first.text
    assert 'rel="next"' in first.text and "1–25 of 30" in first.text
    second = bob.get("/organisations", params={"q": "Paged Institute", "page": 2})
    assert "Paged Institute 29" in second.text and "Paged Institute 00" not in second.text
    assert 'rel="prev"' in second.text
    assert bob.get("/organisations", params={"page": 0}).status_code == 400


def test_organisation_detail_shows_names_relations_identifiers_and_history(browser, db, partner):
    child = service.create_organisation(db, SYSTEM, OrganisationCreate(
        name="Rega Institute", country_code="BE", org_type="institute", parent_ids=[partner.id]))
    db.commit()
    page = browser("alice").get(f"/organisations/{partner.id}").text
    assert "Katholieke Universiteit Leuven" in page and "Translated name" in page
    assert f'href="/organisations/{child.id}"' in page
    assert f"#{partner.id}" in page
    assert 'id="history"' in page and "Registered" in page


def test_advisor_creates_an_organisation_and_it_is_audited(browser, db):
    alice = browser("alice")
    response = post_form(alice, "/organisations/new", "/organisations/new", {
        "name": "Fraunhofer Society", "org_type": "institute", "country_code": "DE", "city": "Munich",
        "ror_id": "05hkkdn48", "names.0.value": "Fraunhofer-Gesellschaft", "names.0.kind": "translated",
        "names.0.language": "de",
    })
    assert response.status_code == 303
    organisation_id = int(response.headers["location"].split("/")[2].split("?")[0])
    page = alice.get(response.headers["location"]).text
    assert "Fraunhofer-Gesellschaft" in page and "The record was saved" in page
    assert '">Alice</td>' in page and "alice@example.org" not in page  # the history names who did it
    assert service.get_organisation(db, organisation_id).ror_id == "https://ror.org/05hkkdn48"


def test_invalid_organisation_form_is_shown_again_with_errors_and_nothing_saved(browser, db):
    alice = browser("alice")
    before = db.scalar(select(func.count()).select_from(Organisation))
    response = post_form(alice, "/organisations/new", "/organisations/new", {
        "name": "", "org_type": "institute", "city": "Typed city", "ror_id": "abc", "established": "last year",
    })
    assert response.status_code == 422
    page = response.text
    assert 'id="error-summary"' in page and 'href="#name"' in page and 'href="#ror_id"' in page
    assert 'value="Typed city"' in page  # what was typed is kept
    assert 'aria-invalid="true"' in page and 'aria-describedby="name-error"' in page
    assert "Enter a whole number" in page
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(Organisation)) == before


def test_unknown_country_from_the_service_is_shown_beside_its_field(browser):
    response = post_form(browser("alice"), "/organisations/new", "/organisations/new",
                         {"name": "Somewhere", "org_type": "other", "country_code": "QQ"})
    assert response.status_code == 422
    assert "Unknown country code QQ" in response.text


def test_advisor_edits_an_organisation_and_the_history_shows_before_and_after(browser, partner):
    alice = browser("alice")
    url = f"/organisations/{partner.id}/edit"
    form = alice.get(url).text
    assert 'value="KU Leuven"' in form and 'value="Katholieke Universiteit Leuven"' in form
    response = post_form(alice, url, url, {"name": "KU Leuven", "org_type": "university", "country_code": "BE",
                                           "city": "Leuven", "names.0.value": "Katholieke Universiteit Leuven",
                                           "names.0.kind": "translated", "names.0.language": "nl"})
    assert response.status_code == 303
    page = alice.get(f"/organisations/{partner.id}").text
    assert "Changed" in page and "Leuven" in page


def test_researcher_may_not_edit_an_organisation(browser, partner):
    bob = browser("bob")
    assert bob.get(f"/organisations/{partner.id}/edit").status_code == 403
    assert 'id="edit"' not in bob.get(f"/organisations/{partner.id}").text


def test_unknown_organisation_is_404(browser):
    assert browser("bob").get("/organisations/999999").status_code == 404
    assert browser("bob").get("/organisations/not-a-number").status_code == 404


def test_a_listed_organisations_page_shows_its_listings_in_the_readers_language(browser, db):
    from sqlalchemy import update

    from ksdesk.accounts.principal import SYSTEM
    from ksdesk.registry import service as registry
    from ksdesk.registry.schemas import OrganisationCreate
    from ksdesk.screening import watchlists
    from ksdesk.screening.lists.model import ListEntry, ListName, ListVersion
    from ksdesk.screening.models import WatchlistEntry
    from tests.web.test_i18n import switch

    listed = registry.create_organisation(db, SYSTEM, OrganisationCreate(
        name="National University of Defense Technology", country_code="CN", org_type="university"))
    clean = registry.create_organisation(db, SYSTEM, OrganisationCreate(
        name="Ghent University", country_code="BE", org_type="university"))
    entry = ListEntry(entity_id="t:nudt", names=[ListName("National University of Defense Technology", "official", "en")],
                      country="cn", category="Military", reason="test listing", risk_level="very high",
                      source_ref="https://example.org/nudt")
    watchlists.load_version(db, SYSTEM, ListVersion(source="test-defence", title="Test defence universities",
                                                    version_date=None, entries=[entry], authority="Test authority"))
    db.execute(update(WatchlistEntry).where(WatchlistEntry.entity_id == "t:nudt")
               .values(linked_organisation_id=listed.id, link_method="test"))
    db.commit()
    gina = browser("gina")
    page = gina.get(f"/organisations/{listed.id}").text
    assert 'id="listings"' in page and "Test defence universities" in page and "Very high" in page
    assert 'href="https://example.org/nudt"' in page
    assert "none of the lists" in gina.get(f"/organisations/{clean.id}").text
    switch(gina, "nl", f"/organisations/{listed.id}")
    dutch = gina.get(f"/organisations/{listed.id}").text
    assert "Vermeldingen op lijsten" in dutch and "Zeer hoog" in dutch and "1 vermelding op de lijsten" in dutch
