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


@pytest.mark.parametrize(("text", "signs"), [
    # citizen service numbers: nine digits passing the eleven-test, named as such (Dutch and English)
    ("Zijn burgerservicenummer is 123456782.", ["citizen_number"]),
    ("BSN: 1234.56.782, graag controleren.", ["citizen_number"]),
    ("His citizen service number 111222333 was on the form.", ["citizen_number"]),
    ("Her social security number is 123 456 782.", ["citizen_number"]),
    # passports and identity cards: a document number near the word for the document
    ("Zijn paspoortnummer is NW3F4K7L2.", ["passport"]),
    ("Passport: X12345678, issued in Moscow.", ["passport"]),
    ("Het nummer van haar identiteitskaart: IB1234567", ["passport"]),
    # a CV as a whole word, in both languages
    ("Zijn cv zit als bijlage bij deze vraag.", ["cv"]),
    ("Her CV is attached.", ["cv"]),
    ("Hierbij de cv's van drie promovendi.", ["cv"]),
    ("See the attached résumé of the candidate.", ["cv"]),
    ("Please find John's CV below.", ["cv"]),
    ("I attach cv.pdf for reference.", ["cv"]),
    # dates of birth: a date right after the words that say so
    ("Geboortedatum: 01-05-1990, nationaliteit Iraans.", ["birth_date"]),
    ("Zij is geboren op 3 maart 1985 in Teheran.", ["birth_date"]),
    ("He was born in Moscow on 12 March 1979.", ["birth_date"]),
    ("Date of birth: 1990-05-01.", ["birth_date"]),
    ("DOB May 1, 1990", ["birth_date"]),
])
def test_each_sign_is_found_in_dutch_and_english(text, signs):
    assert third_parties.signs_of_personal_data(text, own_email="jan.jansen@uni.example") == signs


@pytest.mark.parametrize("text", [
    # nine digits that are not a citizen service number
    "Our project id is 123e4567-e89b-12d3-a456-426614174000 in the grant system.",
    "Ons kenmerk KS-2026-123456782; zie ook dossier 2026/123456782.",
    "BSN 123456789 staat op het formulier.",  # fails the eleven-test
    "The invoice number is 123456782.",  # passes the eleven-test but nothing says it is a BSN
    "Bel mij op 0612345678 of +31 612345678.",
    "The grant of EUR 123456782 is large.",
    "Moeten wij het BSN van gastonderzoekers vastleggen?",  # the word without a number
    "Do we need to record a social security number for visitors?",
    # passports named, but no number; numbers without a document
    "Does a visiting researcher from China need a passport or an identity card?",
    "Heeft een gastonderzoeker een paspoort nodig? Het project loopt tot 2030.",
    "Order NX1234567 was shipped.",
    # cv inside other words, compounds and company forms
    "De cv-ketel in het lab is kapot; de CV-installatie wordt vervangen.",
    "Jansen Beheer CV and Partners C.V. want to invest in our spin-off.",
    "We use CVD and cvx solvers; see the ACV report on cvent.",
    "We will resume the collaboration after the summer.",
    "Zijn levensloop als onderzoeker is bekend.",
    # dates without birth, birth without a date
    "The deadline is 1 May 2026 and the project started on 01-05-2020.",
    "Do we need his date of birth for the visa?",
    "Het idee is geboren op een congres in 2019.",
    "The company was born from a merger.",
])
def test_ordinary_text_raises_no_sign(text):
    assert third_parties.signs_of_personal_data(text, own_email="jan.jansen@uni.example") == []


@pytest.mark.parametrize(("digits", "valid"), [
    ("123456782", True), ("111222333", True), ("999999999", False), ("123456789", False), ("000000000", False),
    ("12345678", False), ("12345678a", False),
])
def test_the_eleven_test(digits, valid):
    assert third_parties.elfproef(digits) is valid


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
