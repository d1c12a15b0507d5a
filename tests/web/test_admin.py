import re

import pytest
from sqlalchemy import func, select

from ksdesk.accounts import service as accounts
from ksdesk.accounts.models import WebSession
from ksdesk.accounts.principal import SYSTEM, Principal
from ksdesk.audit import AuditEvent
from ksdesk.errors import Conflict, Forbidden
from tests.web.test_i18n import switch
from tests.webtools import post_form, sign_in


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


def _edit(client, user_id: int, **changes):
    page = client.get(f"/admin/users/{user_id}").text
    data = {"name": "", "role": "", "institution": "", "ministry": "", "language": "en"}
    stored = {field: re.search(rf'<select[^>]*name="{field}".*?</select>', page, re.S)
              for field in ("role", "institution", "ministry", "language")}
    for field, match in stored.items():
        chosen = re.search(r'<option value="([^"]*)" selected>', match.group(0)) if match else None
        data[field] = chosen.group(1) if chosen else ""
    data["name"] = re.search(r'name="name" value="([^"]*)"', page).group(1)
    return post_form(client, f"/admin/users/{user_id}", f"/admin/users/{user_id}", {**data, **changes})


def test_an_administrator_changes_a_users_name_role_institution_and_language(browser, world, db):
    hank = browser("hank")
    bob = world.users["bob"]
    page = hank.get("/admin/users").text
    assert f'href="/admin/users/{bob.id}"' in page
    response = _edit(hank, bob.id, name="Bob de Bouwer", role="advisor", institution="UvA", language="nl")
    assert response.status_code == 303 and response.headers["location"] == f"/admin/users/{bob.id}?notice=saved"
    assert "The changes to the user were saved." in hank.get(response.headers["location"]).text
    db.expire_all()
    changed = accounts.get_user(db, bob.id)
    assert (changed.name, changed.role, changed.institution.short_name, changed.language) == (
        "Bob de Bouwer", "advisor", "UvA", "nl")
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "user.update", AuditEvent.object_id == str(bob.id)))
    assert event.before["role"] == "researcher" and event.after["role"] == "advisor"


def test_an_edit_that_breaks_the_rules_names_every_field_in_the_readers_language(browser, world):
    hank = browser("hank")
    frank = world.users["frank"]
    response = _edit(hank, frank.id, name=" ", ministry="", institution="UL")
    assert response.status_code == 422
    page = response.text
    assert "<title>Error:" in page and 'id="error-summary"' in page
    assert "Enter a name." in page and "Choose the ministry of this liaison." in page
    assert "This role does not belong to an institution; leave it empty." in page
    switch(hank, "nl", f"/admin/users/{frank.id}")
    dutch = _edit(hank, frank.id, name=" ", ministry="").text
    assert "<title>Fout:" in dutch and "De gebruiker is niet gewijzigd." in dutch
    assert "Choose the ministry" not in dutch


def test_a_deactivated_user_is_signed_out_cannot_sign_in_and_loses_their_tokens(browser, api, anonymous, world, db):
    hank = browser("hank")
    bob = world.users["bob"]
    signed_in = browser("bob")
    token_client = api("bob")
    assert token_client.get("/api/v1/me").status_code == 200
    response = post_form(hank, f"/admin/users/{bob.id}", f"/admin/users/{bob.id}/deactivate", {})
    assert response.status_code == 303 and response.headers["location"].endswith("notice=deactivated")
    shown = hank.get(response.headers["location"]).text
    assert "The user was deactivated" in shown and "Reactivate user" in shown
    assert "Deactivated" in hank.get("/admin/users").text
    assert signed_in.get("/collaborations", follow_redirects=False).status_code in (302, 303)
    assert token_client.get("/api/v1/me").status_code == 401
    assert sign_in(anonymous, bob.email).status_code != 303
    assert db.scalar(select(func.count()).select_from(WebSession).where(WebSession.user_id == bob.id)) == 0
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "user.deactivate",
                                              AuditEvent.object_id == str(bob.id))) is not None
    response = post_form(hank, f"/admin/users/{bob.id}", f"/admin/users/{bob.id}/reactivate", {})
    assert response.status_code == 303
    assert sign_in(anonymous, bob.email).status_code == 303
    assert token_client.get("/api/v1/me").status_code == 401  # a revoked token stays revoked


def test_an_administrator_cannot_deactivate_themselves_nor_the_last_administrator(browser, world, db):
    hank = browser("hank")
    me = world.users["hank"]
    response = post_form(hank, f"/admin/users/{me.id}", f"/admin/users/{me.id}/deactivate", {})
    assert response.status_code == 409
    assert "You cannot deactivate your own account." in response.text and "<title>Error:" in response.text
    with pytest.raises(Conflict) as refused:
        accounts.set_user_active(db, SYSTEM, me.id, False)
    assert refused.value.code == "last_administrator"
    response = _edit(hank, me.id, role="analyst")
    assert response.status_code == 422 and "This is the only active administrator" in response.text
    db.expire_all()
    assert accounts.get_user(db, me.id).active and accounts.get_user(db, me.id).role == "admin"


def test_a_second_administrator_can_deactivate_the_first(world, db):
    other = accounts.create_user(db, SYSTEM, email="ida@example.org", name="Ida", password="a-long-password-1",
                                 role="admin", language="en")
    hank = world.users["hank"]
    assert not accounts.set_user_active(db, Principal.for_user(other), hank.id, False).active
    with pytest.raises(Conflict):
        accounts.set_user_active(db, SYSTEM, other.id, False)


def test_only_an_administrator_edits_or_deactivates_users(browser, world, db):
    alice = browser("alice")
    bob = world.users["bob"]
    assert alice.get(f"/admin/users/{bob.id}").status_code == 404
    with pytest.raises(Forbidden):
        accounts.set_user_active(db, world.principal("alice"), bob.id, False)
    with pytest.raises(Forbidden):
        accounts.update_user(db, world.principal("alice"), bob.id, name="B", role="admin")


def test_the_command_line_deactivates_and_reactivates_a_user_but_not_the_last_administrator(tmp_path):
    from tests.cli.test_import_export import _cli, cli_env_for
    from tests.databases import throwaway_database

    with throwaway_database(tmp_path, "users_cli") as url:
        env = cli_env_for(url)
        assert _cli(["init"], env).returncode == 0
        for email, role in (("a@example.org", "admin"), ("d@example.org", "desk_officer")):
            assert _cli(["users", "create", "--email", email, "--name", "A", "--role", role,
                         "--password", "correct-horse-battery"], env).returncode == 0
        off = _cli(["users", "deactivate", "d@example.org"], env)
        assert off.returncode == 0 and "deactivated" in off.stdout
        assert "active" in _cli(["users", "reactivate", "d@example.org"], env).stdout
        last = _cli(["users", "deactivate", "a@example.org"], env)
        assert last.returncode == 2 and "last active administrator" in (last.stdout + last.stderr)
