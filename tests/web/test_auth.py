from datetime import timedelta

from sqlalchemy import func, select, update

from ksdesk.accounts.models import User, WebSession
from ksdesk.db import utcnow
from ksdesk.web.deps import SESSION_COOKIE
from tests.conftest import PASSWORD
from tests.webtools import csrf_of, post_form, sign_in


def test_anonymous_visitor_is_sent_to_the_sign_in_page(anonymous):
    response = anonymous.get("/collaborations?status=draft", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Fcollaborations%3Fstatus%3Ddraft"


def test_sign_in_with_the_right_password_opens_a_session(anonymous, world):
    response = sign_in(anonymous, "alice@example.org")
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    cookie = response.headers["set-cookie"]
    assert f"{SESSION_COOKIE}=" in cookie
    assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax")
    home = anonymous.get("/")
    assert home.status_code == 200
    assert "Alice" in home.text


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(anonymous, world):
    response = sign_in(anonymous, "alice@example.org", "not-the-password")
    assert response.status_code == 400
    assert SESSION_COOKIE not in response.headers.get("set-cookie", "")
    assert 'aria-invalid="true"' in response.text
    assert "error-summary" in response.text
    unknown = sign_in(anonymous, "nobody@example.org", PASSWORD)
    assert unknown.status_code == 400
    assert anonymous.get("/account/tokens", follow_redirects=False).status_code == 303


def test_every_sign_in_gets_a_new_session_id_and_ends_the_old_one(anonymous, world, db):
    first = sign_in(anonymous, "alice@example.org")
    old = anonymous.cookies.get(SESSION_COOKIE)
    second = sign_in(anonymous, "alice@example.org")
    assert first.status_code == second.status_code == 303
    new = anonymous.cookies.get(SESSION_COOKIE)
    assert old and new and old != new
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(WebSession).where(
        WebSession.user_id == world.users["alice"].id)) == 1


def test_a_planted_session_id_is_not_accepted(anonymous, world):
    anonymous.cookies.set(SESSION_COOKIE, "attacker-chosen-value", domain="testserver")
    assert anonymous.get("/account/tokens", follow_redirects=False).status_code == 303


def test_sign_out_ends_the_session_on_the_server(anonymous, world):
    sign_in(anonymous, "alice@example.org")
    token = anonymous.cookies.get(SESSION_COOKIE)
    response = post_form(anonymous, "/", "/logout", {})
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")
    # Even a copy of the old cookie no longer works.
    anonymous.cookies.set(SESSION_COOKIE, token, domain="testserver")
    assert anonymous.get("/account/tokens", follow_redirects=False).status_code == 303



def test_the_page_header_names_who_is_signed_in_with_role_and_institution(anonymous, world):
    sign_in(anonymous, "alice@example.org")
    header = anonymous.get("/").text.split('id="signed-in-as"', 1)[1].split("</p>", 1)[0]
    assert world.users["alice"].name in header
    assert "Knowledge-security advisor, " + world.institutions["UL"].name in header


def test_an_expired_session_is_not_accepted(anonymous, world, db):
    sign_in(anonymous, "alice@example.org")
    db.execute(update(WebSession).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.commit()
    assert anonymous.get("/account/tokens", follow_redirects=False).status_code == 303


def test_a_deactivated_users_session_ends_at_once(anonymous, world, db):
    sign_in(anonymous, "alice@example.org")
    assert anonymous.get("/account/tokens", follow_redirects=False).status_code == 200
    db.execute(update(User).where(User.id == world.users["alice"].id).values(active=False))
    db.commit()
    assert anonymous.get("/account/tokens", follow_redirects=False).status_code == 303

def test_sign_in_redirects_only_to_a_path_on_this_site(anonymous, world):
    page = anonymous.get("/login?next=//evil.example/x")
    response = anonymous.post("/login", data={
        "email": "alice@example.org", "password": PASSWORD, "csrf_token": csrf_of(page.text),
        "next": "//evil.example/x"}, follow_redirects=False)
    assert response.headers["location"] == "/"


def test_sign_in_returns_to_the_page_asked_for(anonymous, world):
    page = anonymous.get("/login?next=/organisations")
    response = anonymous.post("/login", data={
        "email": "alice@example.org", "password": PASSWORD, "csrf_token": csrf_of(page.text),
        "next": "/organisations"}, follow_redirects=False)
    assert response.headers["location"] == "/organisations"


def test_api_without_a_token_answers_401_in_json(anonymous):
    response = anonymous.get("/api/v1/me")
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert "token" in response.json()["detail"]


def test_api_ignores_the_browser_session(browser):
    alice = browser("alice")
    assert alice.get("/api/v1/me").status_code == 401


def test_api_token_identifies_the_user(api, world):
    response = api("carol").get("/api/v1/me")
    assert response.status_code == 200
    body = response.json()
    assert body["email"] == "carol@example.org"
    assert body["role"] == "advisor"
    assert body["institution_id"] == world.institutions["UvA"].id


def test_sign_in_is_refused_after_too_many_failures_even_with_the_right_password(anonymous, world):
    from ksdesk.accounts.throttle import MAX_FAILURES_PER_ACCOUNT

    for _ in range(MAX_FAILURES_PER_ACCOUNT):
        assert sign_in(anonymous, "alice@example.org", "wrong-password-x").status_code == 400
    refused = sign_in(anonymous, "alice@example.org")
    assert refused.status_code == 429
    assert SESSION_COOKIE not in refused.headers.get("set-cookie", "")
    # Another account from the same address is not locked out by alice's failures.
    assert sign_in(anonymous, "carol@example.org").status_code == 303


def test_other_spellings_of_the_address_share_the_accounts_failures(anonymous, world):
    from ksdesk.accounts.throttle import MAX_FAILURES_PER_ACCOUNT

    for _ in range(MAX_FAILURES_PER_ACCOUNT):
        assert sign_in(anonymous, "alice@example.org", "wrong-password-x").status_code == 400
    for spelling in ("ALICE@example.org", "alice@\uff45xample.org", "alice@example\u3002org"):
        assert sign_in(anonymous, spelling).status_code == 429, spelling


def test_the_owner_signs_in_from_a_clean_address_while_someone_guesses_elsewhere(app, world):
    from fastapi.testclient import TestClient

    from ksdesk.accounts.throttle import MAX_FAILURES_PER_ACCOUNT

    guesser = TestClient(app, base_url="https://testserver", client=("198.51.100.7", 4000))
    for _ in range(MAX_FAILURES_PER_ACCOUNT + 2):
        sign_in(guesser, "alice@example.org", "wrong-password-x")
    assert sign_in(guesser, "alice@example.org").status_code == 429
    owner = TestClient(app, base_url="https://testserver", client=("203.0.113.5", 4000))
    assert sign_in(owner, "alice@example.org").status_code == 303


def test_the_password_is_never_written_to_the_log(anonymous, world, caplog):
    import logging

    caplog.set_level(logging.DEBUG)
    sign_in(anonymous, "alice@example.org", "a-secret-that-must-not-leak")
    sign_in(anonymous, "alice@example.org")
    assert "a-secret-that-must-not-leak" not in caplog.text
    assert "correct-horse-battery" not in caplog.text


def _age_attempts(db, by: timedelta) -> None:
    from ksdesk.accounts.models import SignInAttempt

    for attempt in db.scalars(select(SignInAttempt)):
        attempt.at -= by
    db.commit()


def test_the_wait_after_failures_grows_and_then_lets_the_owner_in(anonymous, world, db):
    from ksdesk.accounts.throttle import FIRST_DELAY, MAX_FAILURES_PER_ACCOUNT

    for _ in range(MAX_FAILURES_PER_ACCOUNT):
        assert sign_in(anonymous, "alice@example.org", "wrong-password-x").status_code == 400
    refused = sign_in(anonymous, "alice@example.org")
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= FIRST_DELAY.total_seconds()
    assert "Wait 1 minutes before you try again" in refused.text
    # The wait is over: one more try, and a failure doubles the next wait.
    _age_attempts(db, FIRST_DELAY)
    assert sign_in(anonymous, "alice@example.org", "wrong-password-x").status_code == 400
    again = sign_in(anonymous, "alice@example.org")
    assert again.status_code == 429
    assert FIRST_DELAY.total_seconds() < int(again.headers["Retry-After"]) <= 2 * FIRST_DELAY.total_seconds()
    # Waited long enough, the owner signs in: a delay, never a lockout.
    _age_attempts(db, 2 * FIRST_DELAY)
    assert sign_in(anonymous, "alice@example.org").status_code == 303


def test_a_sign_in_clears_the_failures_of_that_account_from_that_address(anonymous, world):
    from ksdesk.accounts.throttle import MAX_FAILURES_PER_ACCOUNT

    for _ in range(MAX_FAILURES_PER_ACCOUNT - 1):
        assert sign_in(anonymous, "alice@example.org", "wrong-password-x").status_code == 400
    assert sign_in(anonymous, "alice@example.org").status_code == 303
    anonymous.cookies.clear()
    for _ in range(MAX_FAILURES_PER_ACCOUNT):
        assert sign_in(anonymous, "alice@example.org", "wrong-password-x").status_code == 400


def test_guessing_from_many_addresses_gets_one_try_each_and_the_owner_still_signs_in(app, world, db):
    from fastapi.testclient import TestClient

    from ksdesk.accounts import throttle

    for n in range(throttle.FREE_PER_ACCOUNT):
        throttle.record_failure(db, "alice@example.org", f"198.51.100.{n}")
    db.commit()
    # An address that already guessed waits, though it failed only once itself.
    guesser = TestClient(app, base_url="https://testserver", client=("198.51.100.3", 4000))
    assert sign_in(guesser, "alice@example.org").status_code == 429
    owner = TestClient(app, base_url="https://testserver", client=("203.0.113.9", 4000))
    assert sign_in(owner, "alice@example.org").status_code == 303


def test_one_address_guessing_many_accounts_waits(app, world, db):
    from fastapi.testclient import TestClient

    from ksdesk.accounts import throttle

    for n in range(throttle.FREE_PER_ADDRESS):
        throttle.record_failure(db, f"someone{n}@example.org", "198.51.100.77")
    db.commit()
    machine = TestClient(app, base_url="https://testserver", client=("198.51.100.77", 4000))
    assert sign_in(machine, "carol@example.org").status_code == 429
    elsewhere = TestClient(app, base_url="https://testserver", client=("203.0.113.10", 4000))
    assert sign_in(elsewhere, "carol@example.org").status_code == 303


def test_the_wait_doubles_up_to_a_ceiling():
    from ksdesk.accounts.throttle import FIRST_DELAY, MAX_DELAY, delay_after

    assert delay_after(9, 10) == timedelta(0)
    assert delay_after(10, 10) == FIRST_DELAY
    assert delay_after(11, 10) == 2 * FIRST_DELAY
    assert delay_after(10_000, 10) == MAX_DELAY


def test_an_administrator_sees_recent_sign_in_attempts_in_both_languages(app, anonymous, browser, world):
    from fastapi.testclient import TestClient

    guesser = TestClient(app, base_url="https://testserver", client=("198.51.100.42", 4000))
    sign_in(guesser, "ALICE@example.org", "wrong-password-x")
    hank = browser("hank")
    page = hank.get("/admin/sign-ins")
    assert page.status_code == 200
    assert "Sign-in attempts" in page.text and "198.51.100.42" in page.text
    assert "alice@example.org" in page.text and "Failed" in page.text and "Signed in" in page.text
    dutch = hank.get("/admin/sign-ins", headers={"Accept-Language": "nl"})
    assert "Aanmeldpogingen" in dutch.text and "Mislukt" in dutch.text
    assert "/admin/sign-ins" in hank.get("/").text
    assert browser("alice").get("/admin/sign-ins").status_code == 404


def test_sign_in_attempts_are_deleted_after_the_retention_term(world, db):
    from ksdesk.accounts import throttle

    throttle.record_failure(db, "alice@example.org", "198.51.100.1", now=utcnow() - throttle.RETENTION - timedelta(days=1))
    throttle.record_failure(db, "alice@example.org", "198.51.100.1")
    assert throttle.prune(db) == 1
    assert len(throttle.recent(db)) == 1
