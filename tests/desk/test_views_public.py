"""The public contact form in the browser: no account, abuse protection, and nothing stored half."""

import re

import time_machine
from sqlalchemy import func, select

from ksdesk.desk.models import OutboxMail, Question, RateLimitWindow
from ksdesk.desk.ratelimit import MAX_SUBMISSIONS_PER_WINDOW
from tests.desk.conftest import MONDAY, Mailbox
from tests.webtools import csrf_of

FORM = {
    "asker_name": "Jan Jansen",
    "asker_email": "jan.jansen@uni.example",
    "asker_role": "researcher",
    "institution_name": "Hogeschool Voorbeeld",
    "subject": "Joint lab with a company abroad",
    "text": "We consider a joint lab with a company abroad. What should we look out for?",
    "topics": ["knowledge_transfer", "opportunities"],
    "countries": ["CN", "SG"],
    "consent": "on",
}


def questions(db) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(Question))


def send(client, data=None, **kwargs):
    token = csrf_of(client.get("/desk/contact").text)
    return client.post("/desk/contact", data={**(FORM if data is None else data), "csrf_token": token},
                       follow_redirects=False, **kwargs)


def test_public_question_is_confirmed_with_reference_and_due_date_and_mailed(anonymous, db, mailbox):
    with time_machine.travel(MONDAY, tick=False):
        response = send(anonymous)
        assert response.status_code == 303, response.text
        page = anonymous.get(response.headers["location"])
    reference = re.search(r'id="reference">(KV-2026-\d{6})<', page.text).group(1)
    assert "Mar 5, 2026, 5:00\u202fPM" in page.text  # three working days later, 17:00 Amsterdam time
    question = db.scalar(select(Question).where(Question.reference == reference))
    assert question.asker_name == "Jan Jansen" and question.language == "en"
    assert question.topics == ["knowledge_transfer", "opportunities"] and question.country_codes == ["CN", "SG"]
    assert question.institution_name == "Hogeschool Voorbeeld" and question.asked_by_id is None
    [mail] = mailbox.to("jan.jansen@uni.example")
    assert reference in mail["Subject"] and "Thursday 5 March 2026, 17:00" in Mailbox.body(mail)


def test_registry_institution_can_be_chosen_instead_of_typed(anonymous, db, world):
    leiden = world.institutions["UL"]
    page = anonymous.get("/desk/contact").text
    assert f'<option value="{leiden.id}">Leiden University</option>' in page
    response = send(anonymous, {**FORM, "institution_name": "", "institution_id": str(leiden.id)})
    assert response.status_code == 303
    assert db.scalar(select(Question.institution_id).order_by(Question.id.desc()).limit(1)) == leiden.id


def test_confirmation_page_needs_the_signed_link_from_the_form(anonymous):
    location = send(anonymous).headers["location"]
    assert anonymous.get(location).status_code == 200
    assert anonymous.get(location.split("?")[0]).status_code == 404
    assert anonymous.get(location[:-4] + "0000").status_code == 404


def test_invalid_form_shows_every_error_keeps_the_input_and_stores_nothing(anonymous, db):
    before = questions(db)
    data = {**FORM, "asker_email": "not-an-address", "subject": "", "topics": [], "consent": "",
            "institution_name": ""}
    response = send(anonymous, data)
    assert response.status_code == 422
    page = response.text
    assert 'id="error-summary"' in page
    for field in ("asker_email", "subject", "topics", "consent", "institution_name"):
        assert f'href="#{field}"' in page, field
        assert f'id="{field}-error"' in page, field
    assert "Choose at least one topic." in page
    assert "We consider a joint lab" in page  # what was typed is kept
    assert questions(db) == before


def test_errors_are_shown_in_dutch_on_a_dutch_page(anonymous, db):
    anonymous.headers["Accept-Language"] = "nl"
    response = send(anonymous, {**FORM, "topics": [], "consent": ""})
    assert response.status_code == 422
    assert "Kies ten minste één onderwerp." in response.text
    assert "Geef toestemming" in response.text


def test_filled_honeypot_gets_a_friendly_page_and_stores_nothing(anonymous, db):
    before = questions(db)
    response = send(anonymous, {**FORM, "website": "http://spam.example"})
    assert response.status_code == 200
    assert "has been received" in response.text and "KV-" not in response.text
    assert questions(db) == before


def test_rate_limit_refuses_with_a_clear_message_and_stores_nothing(anonymous, db):
    for _ in range(MAX_SUBMISSIONS_PER_WINDOW):
        assert send(anonymous).status_code == 303
    before = questions(db)
    response = send(anonymous)
    assert response.status_code == 429
    assert "too many questions" in response.text and "Nothing was stored" in response.text
    assert questions(db) == before
    assert db.scalar(select(RateLimitWindow.hits)) == MAX_SUBMISSIONS_PER_WINDOW


def test_oversize_body_is_refused_with_a_clear_message_and_stores_nothing(anonymous, db):
    before = questions(db)
    response = send(anonymous, {**FORM, "text": "x" * 300_000})
    assert response.status_code == 413
    assert "too long" in response.text and 'id="error-summary"' in response.text
    assert questions(db) == before


def test_text_over_the_service_limit_is_a_field_error(anonymous, db):
    before = questions(db)
    response = send(anonymous, {**FORM, "text": "y" * 20_001})
    assert response.status_code == 422 and 'id="text-error"' in response.text
    assert questions(db) == before


def test_missing_csrf_token_is_refused_and_nothing_is_stored(anonymous, db):
    anonymous.get("/desk/contact")
    before = questions(db)
    outbox = db.scalar(select(func.count()).select_from(OutboxMail))
    response = anonymous.post("/desk/contact", data=FORM, follow_redirects=False)
    assert response.status_code == 403
    assert questions(db) == before
    assert db.scalar(select(func.count()).select_from(OutboxMail)) == outbox


def test_form_has_a_hidden_honeypot_and_no_inline_script_or_style(anonymous):
    page = anonymous.get("/desk/contact").text
    assert re.search(r'<div class="ksd-honeypot" hidden aria-hidden="true">', page)
    assert re.search(r"<script(?![^>]*\bsrc=\"/static/)", page) is None and "style=" not in page


def test_signed_in_researcher_is_sent_to_the_in_app_form(browser):
    bob = browser("bob")
    response = bob.get("/desk/contact", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/desk/ask"


def test_the_institution_fields_one_of_which_is_required_are_not_marked_optional(anonymous):
    import re

    page = anonymous.get("/desk/contact").text
    for field in ("institution_id", "institution_name"):
        label = re.search(rf'<label class="utrecht-form-label" for="{field}">(.*?)</label>', page, re.S).group(1)
        assert "optional" not in label, label
    assert "Required when your institution is not in the list above." in page
