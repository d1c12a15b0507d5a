"""The front door: a visitor meets the desk and its three ways in, not a sign-in form."""

from tests.webtools import sign_in


def test_a_visitor_sees_what_the_desk_is_and_where_to_go(anonymous):
    page = anonymous.get("/", follow_redirects=False)
    assert page.status_code == 200
    for door in ('id="door-ask" href="/desk/contact"', 'id="door-faq" href="/desk/faq"', 'id="door-login" href="/login"'):
        assert door.split(" ")[0] in page.text and door.split(" ")[1] in page.text
    assert "National Contact Point for Knowledge Security" in page.text
    # The menu of a visitor offers the same ways in, and nothing that needs an account.
    for entry in ("nav-home", "nav-contact", "nav-desk-faq", "nav-login"):
        assert f'id="{entry}"' in page.text
    assert 'id="nav-collaborations"' not in page.text and 'id="nav-my-questions"' not in page.text


def test_the_front_door_speaks_dutch(anonymous):
    page = anonymous.get("/", headers={"Accept-Language": "nl"}).text
    assert "Een vraag stellen" in page and "Kennisbank" in page and "Inloggen" in page


def test_the_sign_in_page_leads_to_the_contact_form_and_the_knowledge_base(anonymous):
    page = anonymous.get("/login").text
    assert 'href="/desk/contact"' in page and 'href="/desk/faq"' in page


def test_a_signed_in_person_gets_their_own_start_page_and_no_sign_in_entry(anonymous, world):
    sign_in(anonymous, "alice@example.org")
    page = anonymous.get("/").text
    assert 'id="front-door"' not in page
    assert 'id="nav-login"' not in page and 'id="nav-contact"' not in page
    assert 'id="nav-desk-faq"' in page
