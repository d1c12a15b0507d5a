import csv
import io
import json

from sqlalchemy import func, select

from ksdesk.registry.models import Collaboration
from tests.webtools import csrf_of, post_form

FULL_FORM = {
    "title": "Quantum sensing with Leuven",
    "form": "joint_research",
    "description": "Joint work on NV-centre magnetometry.",
    "contact_name": "Dr. B. Jansen",
    "start_date": "2026-03-01",
    "end_date": "2028-02-29",
    "research_fields": "Physics\nQuantum technology",
    "technology_areas": "quantum sensing",
    "countries": ["DE"],
    "facilities_provider": "shared",
    "data_arrangements": "Raw data stays in Leiden.",
    "ip_arrangements": "Joint ownership.",
    "agreements.research_goals": "on",
    "agreements.publication": "on",
    "partners.1.role": "coordinator",
    "funding.0.funder_name": "Dutch Research Council",
    "funding.0.share_percent": "60",
    "funding.1.funder_name": "Research Foundation Flanders",
    "funding.1.share_percent": "40",
    "exchanges.0.direction": "out",
    "exchanges.0.country_code": "BE",
    "exchanges.0.year": "2026",
    "exchanges.0.people": "2",
    "exchanges.0.category": "researcher",
}


def _count(db):
    db.expire_all()
    return db.scalar(select(func.count()).select_from(Collaboration))


def test_researcher_registers_a_collaboration_with_every_field(browser, partner, db):
    bob = browser("bob")
    data = {**FULL_FORM, "partners.1.organisation": "katholieke universiteit leuven"}
    response = post_form(bob, "/collaborations/new", "/collaborations/new", data)
    assert response.status_code == 303, response.text
    page = bob.get(response.headers["location"]).text
    for shown in ("Quantum sensing with Leuven", "KU Leuven", "Coordinator", "Dutch Research Council", "60%",
                  "Shared", "Raw data stays in Leiden.", "Joint ownership.", "Quantum technology",
                  "Belgium", "Germany", "Outgoing", "Mar 1, 2026", "Draft"):
        assert shown in page, shown
    assert page.count("not yet agreed") == 4


def test_invalid_collaboration_form_keeps_the_input_shows_each_error_and_saves_nothing(browser, partner, db):
    bob = browser("bob")
    before = _count(db)
    data = {**FULL_FORM, "title": "", "end_date": "2020-01-01", "funding.1.share_percent": "70",
            "partners.0.organisation": "No Such University", "exchanges.0.people": "many"}
    response = post_form(bob, "/collaborations/new", "/collaborations/new", data)
    assert response.status_code == 422
    page = response.text
    assert 'id="error-summary"' in page
    for anchor in ("#title", "#end_date", "#funding", "#partners-0-organisation", "#exchanges-0-people"):
        assert f'href="{anchor}"' in page, anchor
    assert "The end date lies before the start date." in page
    assert "add up to 130%" in page
    assert "No organisation found called “No Such University”" in page
    assert 'value="No Such University"' in page and "Raw data stays in Leiden." in page
    assert _count(db) == before


def test_partner_typed_by_registry_number(browser, partner):
    bob = browser("bob")
    response = post_form(bob, "/collaborations/new", "/collaborations/new", {
        "title": "By number", "form": "exchange", "partners.0.organisation": f"KU Leuven (#{partner.id})",
        "partners.0.role": "host"})
    assert response.status_code == 303
    assert "Host" in bob.get(response.headers["location"]).text


def test_edit_form_shows_the_saved_values_and_saves_changes(browser, make_collaboration, partner):
    collaboration = make_collaboration("bob", agreements={"termination": True})
    bob = browser("bob")
    url = f"/collaborations/{collaboration.id}/edit"
    form = bob.get(url).text
    assert f'value="KU Leuven (#{partner.id})"' in form
    assert 'name="agreements.termination" checked' in form
    assert f'name="version" id="version" value="{collaboration.version}"' in form
    response = post_form(bob, url, url, {"title": "Renamed", "form": "joint_research",
                                         "version": str(collaboration.version),
                                         "partners.0.organisation": f"#{partner.id}",
                                         "partners.0.role": "partner"})
    assert response.status_code == 303
    page = bob.get(response.headers["location"]).text
    assert "Renamed" in page and "Your changes were saved." in page
    # The history shows the change, who made it and before/after.
    assert "Collaboration of bob" in page and '">Bob</td>' in page and "bob@example.org" not in page


def test_a_stale_edit_is_refused_and_changes_nothing(browser, make_collaboration, db):
    collaboration = make_collaboration("bob")
    bob = browser("bob")
    url = f"/collaborations/{collaboration.id}/edit"
    response = post_form(bob, url, url, {"title": "Too late", "form": "joint_research", "version": "0"})
    assert response.status_code == 409
    assert "Someone else changed this collaboration" in response.text
    db.expire_all()
    assert db.get(Collaboration, collaboration.id).title == "Collaboration of bob"


def test_workflow_from_draft_to_active_through_the_web(browser, make_collaboration):
    collaboration = make_collaboration("bob")
    detail = f"/collaborations/{collaboration.id}"
    action = f"{detail}/transition"
    bob = browser("bob")
    assert 'id="do-submit"' in bob.get(detail).text
    assert post_form(bob, detail, action, {"action": "submit"}).status_code == 303
    # The researcher cannot approve their own submission: no button, and a forged post is refused.
    page = bob.get(detail).text
    assert 'id="do-approve"' not in page and "Under review" in page
    assert post_form(bob, detail, action, {"action": "approve"}).status_code == 403
    alice = browser("alice")
    assert 'id="do-approve"' in alice.get(detail).text
    response = post_form(alice, detail, action, {"action": "approve_with_conditions", "reason": ""})
    assert response.status_code == 422
    assert "Give a reason for this step." in response.text
    assert 'aria-invalid="true"' in response.text
    response = post_form(alice, detail, action, {"action": "approve_with_conditions",
                                                 "reason": "No access to the clean room."})
    assert response.status_code == 303
    assert post_form(alice, detail, action, {"action": "activate"}).status_code == 303
    page = alice.get(detail).text
    assert "Active" in page
    assert "No access to the clean room." in page  # the reason in the history
    assert "Approved with conditions" in page and "Submitted for review" in page


def test_collaboration_list_filters_and_paginates(browser, make_collaboration):
    for n in range(27):
        make_collaboration("alice", title=f"Alliance {n:02d}", form="strategic_partnership")
    make_collaboration("alice", title="Summer school", form="intensive_course")
    alice = browser("alice")
    page = alice.get("/collaborations", params={"form": "strategic_partnership"}).text
    assert "1–25 of 27" in page and "Summer school" not in page and 'rel="next"' in page
    page = alice.get("/collaborations", params={"form": "strategic_partnership", "page": 2}).text
    assert "26–27 of 27" in page
    assert "Summer school" in alice.get("/collaborations", params={"q": "summer"}).text
    assert "Summer school" in alice.get("/collaborations", params={"q": "Leuven"}).text  # partner name
    assert "Nothing found" in alice.get("/collaborations", params={"status": "active"}).text
    assert "Summer school" in alice.get("/collaborations", params={"country": "BE"}).text


def test_export_downloads_what_the_user_may_see(browser, make_collaboration):
    make_collaboration("bob", title="Bob's project")
    make_collaboration("dave", title="Dave's project")
    bob = browser("bob")
    response = bob.get("/collaborations/export.csv")
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    titles = [row["title"] for row in csv.DictReader(io.StringIO(response.text))]
    assert titles == ["Bob's project"]
    assert [c["title"] for c in json.loads(bob.get("/collaborations/export.json").text)] == ["Bob's project"]
    assert bob.get("/collaborations/export.xml").status_code == 404


def test_the_registration_form_has_labels_for_every_field(browser):
    page = browser("bob").get("/collaborations/new").text
    import re

    ids = set(re.findall(r'<(?:input|select|textarea)[^>]*\sid="([^"]+)"', page))
    labelled = set(re.findall(r'<label[^>]*for="([^"]+)"', page))
    assert ids - labelled == set()
    assert csrf_of(page)
