"""How the desk works, said where askers look, and the warning about other people's personal data."""

import pytest
from sqlalchemy import select

from ksdesk.desk import service, third_parties
from ksdesk.desk.models import QuestionMessage
from ksdesk.errors import ValidationFailed
from tests.desk.conftest import Mailbox, form
from tests.desk.test_views_public import FORM, questions, send

WITH_CV = ("We want to hire a researcher from abroad. Attached is his curriculum vitae; his passport number "
           "is NX1234567. Should we be worried?")


@pytest.mark.parametrize("page", ["/desk/contact", "/desk/faq"])
def test_the_desks_rules_are_on_the_form_and_the_knowledge_base_in_both_languages(anonymous, page):
    english = anonymous.get(page).text
    assert "How the desk works" in english and "not binding" in english
    assert "Netherlands Enterprise Agency (RVO)" in english and "AIVD" in english
    assert "does not investigate persons" in english
    dutch = anonymous.get(page, headers={"Accept-Language": "nl"}).text
    assert "Zo werkt het loket" in dutch and "niet bindend" in dutch and "Rijksdienst voor Ondernemend Nederland" in dutch


def test_the_confirmation_mail_says_how_the_desk_works_and_how_to_reply(ask, mailbox):
    ask()
    body = Mailbox.body(mailbox.to("jan.jansen@uni.example")[0])
    assert "niet bindend" in body and "Beantwoord dan gewoon deze e-mail" in body
    ask(language="en", asker_email="ann@uni.example")
    body = Mailbox.body(mailbox.to("ann@uni.example")[0])
    assert "not binding" in body and "simply reply to this e-mail" in body


@pytest.mark.parametrize(("text", "signs"), [
    (WITH_CV, ["cv", "passport"]),
    ("Her BSN is 123456782 and her date of birth is 1 May 1990.", ["citizen_number", "birth_date"]),
    ("Write to prof.x@partner.example or to me at jan.jansen@uni.example.", ["email"]),
    ("We consider a joint lab with a company abroad. What should we look out for?", []),
])
def test_signs_of_other_peoples_personal_data(text, signs):
    assert third_parties.signs_of_personal_data(text, own_email="jan.jansen@uni.example") == signs


def test_a_question_with_a_cv_is_held_back_once_with_a_warning_and_nothing_stored(anonymous, db):
    before = questions(db)
    response = send(anonymous, {**FORM, "text": WITH_CV})
    assert response.status_code == 422
    assert "does not investigate persons" in response.text and 'name="personal_data_confirmed"' in response.text
    assert questions(db) == before
    dutch = send(anonymous, {**FORM, "text": WITH_CV}, headers={"Accept-Language": "nl"})
    assert "doet geen onderzoek naar personen" in dutch.text


def test_sent_anyway_the_officer_finds_a_note(anonymous, db):
    response = send(anonymous, {**FORM, "text": WITH_CV, "personal_data_confirmed": "on"})
    assert response.status_code == 303
    db.expire_all()
    notes = [m.body for m in db.scalars(select(QuestionMessage).where(QuestionMessage.audience == "internal"))]
    assert any(n.startswith("Personal data of other people") and "cv, passport" in n for n in notes)


def test_the_service_refuses_with_a_code_the_api_can_read(db):
    with pytest.raises(ValidationFailed) as caught:
        service.submit_question(db, form(text=WITH_CV))
    assert caught.value.field_errors["personal_data_confirmed"].code == "third_party_data"
