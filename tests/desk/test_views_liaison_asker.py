"""Ministry liaisons see only their ministry's questions; askers see only their own, public replies only."""

from ksdesk.desk import coordination
from tests.webtools import post_form


def test_liaison_sees_only_questions_their_ministry_is_asked_about(browser, ask, db, world):
    ocw_question = ask(subject="Asked of OCW", asker_name="Piet Persoon", asker_email="piet@uni.example")
    ezk_question = ask(subject="Asked of EZK only")
    erin = world.principal("erin")
    coordination.request_coordination(db, erin, ocw_question.id, ["ocw"], "Your view please?")
    coordination.request_coordination(db, erin, ezk_question.id, ["ezk"], "Your view please?")
    db.commit()
    frank = browser("frank")
    listing = frank.get("/desk/coordination").text
    assert ocw_question.reference in listing and ezk_question.reference not in listing
    page = frank.get(f"/desk/coordination/{ocw_question.id}").text
    assert "Asked of OCW" in page and "Your view please?" in page
    assert "Piet Persoon" not in page and "piet@uni.example" not in page  # no asker's personal data
    assert frank.get(f"/desk/coordination/{ezk_question.id}").status_code == 404
    assert frank.get(f"/desk/questions/{ezk_question.id}").status_code == 404


def test_liaison_records_advice_that_the_officer_then_sees(browser, ask, db, world):
    question = ask()
    coordination.request_coordination(db, world.principal("erin"), question.id, ["ocw"], "View?")
    db.commit()
    frank = browser("frank")
    url = f"/desk/coordination/{question.id}"
    empty = post_form(frank, url, f"{url}/advice", {"advice": ""})
    assert empty.status_code == 422 and 'id="advice-error"' in empty.text
    assert post_form(frank, url, f"{url}/advice", {"advice": "No objection from OCW."}).status_code == 303
    assert "No objection from OCW." in browser("erin").get(f"/desk/questions/{question.id}").text
    # fiona's ministry was never asked: not even a page to post to
    assert browser("fiona").get(url).status_code == 404


def test_researcher_asks_from_inside_the_app_and_follows_the_question(browser, db, world, make_collaboration):
    collaboration = make_collaboration("bob")
    bob = browser("bob")
    form = bob.get("/desk/ask").text
    assert collaboration.title in form and "asker_email" not in form
    response = post_form(bob, "/desk/ask", "/desk/ask", {
        "asker_role": "researcher", "subject": "Partner in our project", "countries": ["IR"],
        "text": "Our partner has ties to a defence lab. What now?", "topics": ["ethics"],
        "collaboration_id": str(collaboration.id), "consent": "on"})
    assert response.status_code == 303
    page = bob.get(response.headers["location"]).text
    assert "Your question has been received" in page and "Partner in our project" in page
    assert "Partner in our project" in bob.get("/desk/my-questions").text
    # a colleague at the same institution does not see it
    reference = response.headers["location"].split("/")[-1].split("?")[0]
    assert browser("bella").get(f"/desk/my-questions/{reference}").status_code == 404
    assert browser("alice").get(f"/desk/my-questions/{reference}").status_code == 404


def test_researcher_cannot_link_a_collaboration_of_another_institution(browser, make_collaboration):
    other = make_collaboration("dave")
    bob = browser("bob")
    response = post_form(bob, "/desk/ask", "/desk/ask", {
        "asker_role": "researcher", "subject": "Someone else's project", "text": "May I ask about this one?",
        "topics": ["practical"], "collaboration_id": str(other.id), "consent": "on"})
    assert response.status_code == 422 and 'id="collaboration_id-error"' in response.text


def test_asker_adds_information_to_their_own_question(browser, ask, world, db):
    question = ask(principal=world.principal("bob"), language="en")
    bob = browser("bob")
    url = f"/desk/my-questions/{question.reference}"
    assert post_form(bob, url, f"{url}/messages", {"body": "The partner is in Singapore."}).status_code == 303
    assert "The partner is in Singapore." in bob.get(url).text
    assert "The partner is in Singapore." in browser("erin").get(f"/desk/questions/{question.id}").text


def test_public_knowledge_base_is_open_without_an_account(anonymous):
    assert anonymous.get("/desk/faq").status_code == 200
    assert anonymous.get("/desk/faq?q=samenwerking").status_code == 200
    assert anonymous.get("/desk/faq/999999").status_code == 404
