from ksdesk.accounts import service as accounts
from tests.webtools import post_form


def test_admin_lists_users_and_institutions(browser):
    hank = browser("hank")
    users = hank.get("/admin/users").text
    assert "alice@example.org" in users and "Knowledge-security advisor" in users
    institutions = hank.get("/admin/institutions").text
    assert "Leiden University" in institutions and "UvA" in institutions


def test_admin_creates_a_user_who_can_then_sign_in(browser, anonymous, db):
    hank = browser("hank")
    response = post_form(hank, "/admin/users/new", "/admin/users/new", {
        "name": "Ivo Researcher", "email": "ivo@example.org", "password": "a-long-password-1",
        "role": "researcher", "institution": "UvA", "ministry": "", "language": "nl"})
    assert response.status_code == 303
    assert "ivo@example.org" in hank.get("/admin/users").text
    assert accounts.get_user_by_email(db, "ivo@example.org").institution.short_name == "UvA"
    from tests.webtools import sign_in

    assert sign_in(anonymous, "ivo@example.org", "a-long-password-1").status_code == 303


def test_invalid_user_form_is_shown_again_with_errors(browser):
    response = post_form(browser("hank"), "/admin/users/new", "/admin/users/new", {
        "name": "", "email": "alice@example.org", "password": "short", "role": "researcher",
        "institution": "", "ministry": "ocw", "language": "nl"})
    assert response.status_code == 422
    page = response.text
    assert "A user with e-mail address alice@example.org already exists." in page
    assert "A password needs at least 10 characters." in page
    assert "Choose the institution this person works for." in page
    assert "Only a ministry liaison has a ministry" in page
    assert 'value="alice@example.org"' in page
