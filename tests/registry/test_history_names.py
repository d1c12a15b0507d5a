"""Histories name people, never by the address they sign in with, and an organisation's history
(read by every role) names a person of an institution only to that institution and to
administrators. Before, the organisation page showed the editor's e-mail address, a researcher of
another institution, to every role."""

import pytest

from ksdesk.registry import service
from ksdesk.registry.schemas import OrganisationUpdate
from tests.webtools import api, app, browser, make_collaboration, partner  # noqa: F401


def _edit(db, world, partner, who: str, city: str) -> None:  # noqa: F811
    service.update_organisation(db, world.principal(who), partner.id, OrganisationUpdate(
        name="KU Leuven", country_code="BE", org_type="university", city=city))
    db.commit()
    db.refresh(partner)


@pytest.mark.parametrize("reader, sees_alice", [("bob", True), ("hank", True), ("carol", False),
                                                 ("dave", False), ("gina", False), ("frank", False)])
def test_an_organisations_history_names_the_editor_only_to_their_own_institution(
        browser, db, world, partner, reader, sees_alice):  # noqa: F811
    _edit(db, world, partner, "alice", "Leuven")
    _edit(db, world, partner, "erin", "Heverlee")  # the desk acts for the service: named to everyone
    page = browser(reader).get(f"/organisations/{partner.id}").text
    assert "alice@example.org" not in page and "erin@example.org" not in page
    assert ("Alice" in page) is sees_alice
    assert ("someone at another institution" in page) is not sees_alice
    assert "Erin" in page


def test_the_api_names_the_editor_as_the_page_does(api, db, world, partner):  # noqa: F811
    _edit(db, world, partner, "alice", "Leuven")
    own = api("bob").get(f"/api/v1/organisations/{partner.id}/history").json()
    other = api("carol").get(f"/api/v1/organisations/{partner.id}/history").json()
    assert own[-1]["actor"] == "Alice"
    assert other[-1]["actor"] == "someone at another institution"


def test_a_collaborations_history_names_people_to_its_readers(browser, api, make_collaboration):  # noqa: F811
    collaboration = make_collaboration("bob")
    page = browser("alice").get(f"/collaborations/{collaboration.id}").text
    assert "bob@example.org" not in page and "Bob" in page
    [created] = api("alice").get(f"/api/v1/collaborations/{collaboration.id}/history").json()
    assert created["actor"] == "Bob"


def test_dutch_readers_read_who_in_dutch(browser, db, world, partner):  # noqa: F811
    from tests.webtools import csrf_of

    _edit(db, world, partner, "alice", "Leuven")
    carol = browser("carol")
    token = csrf_of(carol.get("/organisations").text)
    carol.post("/language", data={"lang": "nl", "next": "/organisations", "csrf_token": token})
    assert "iemand van een andere instelling" in carol.get(f"/organisations/{partner.id}").text
