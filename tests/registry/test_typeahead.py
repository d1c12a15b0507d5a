"""The type-ahead behind the partner and funder fields: organisations whose name holds what was
typed, as "Name (#id)", which the form takes as that organisation; and the plain fields stay."""

from sqlalchemy import select

from ksdesk.registry.models import Collaboration
from tests.registry.test_collaboration_web import FULL_FORM
from tests.webtools import post_form


def test_suggestions_name_the_organisation_with_its_number_and_country(browser, partner):
    bob = browser("bob")
    found = bob.get("/organisations/suggest", params={"q": "leuven"}).json()["suggestions"]
    assert {"id": partner.id, "value": f"KU Leuven (#{partner.id})", "label": "KU Leuven (BE)"} in found
    assert bob.get("/organisations/suggest", params={"q": "l"}).json() == {"suggestions": []}
    assert len(bob.get("/organisations/suggest", params={"q": "un"}).json()["suggestions"]) <= 10


def test_the_form_marks_its_fields_for_the_type_ahead_and_takes_a_chosen_funder(browser, partner, db):
    bob = browser("bob")
    form = bob.get("/collaborations/new").text
    assert 'name="partners.0.organisation"' in form and 'data-suggest="/organisations/suggest"' in form
    assert 'data-filter-label="Find a country in the list"' in form and "/static/typeahead.js" in form
    data = {**FULL_FORM, "partners.1.organisation": f"KU Leuven (#{partner.id})",
            "funding.1.funder_name": f"KU Leuven (#{partner.id})"}
    response = post_form(bob, "/collaborations/new", "/collaborations/new", data)
    assert response.status_code == 303, response.text
    db.expire_all()
    saved = db.scalar(select(Collaboration).where(Collaboration.title == FULL_FORM["title"]))
    funders = {f.funder_name: f.organisation_id for f in saved.funding}
    assert funders["KU Leuven"] == partner.id and funders["Dutch Research Council"] is None


def test_a_type_ahead_longer_than_its_limit_is_refused_not_cut(browser):
    from ksdesk.registry.views import MAX_SUGGEST

    bob = browser("bob")
    assert bob.get("/organisations/suggest", params={"q": "l" * MAX_SUGGEST}).status_code == 200
    assert bob.get("/organisations/suggest", params={"q": "l" * (MAX_SUGGEST + 1)}).status_code == 400
