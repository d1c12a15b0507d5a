"""ksdesk mail-in: replies by e-mail threaded onto their question, everything else kept aside."""

import smtplib
from email.message import EmailMessage

import pytest
import time_machine
from sqlalchemy import select

from ksdesk import audit
from ksdesk.desk import coordination, inbound, messages, service
from ksdesk.desk.mail_in import MailInController
from ksdesk.desk.models import InboundMail, Question, QuestionMessage
from ksdesk.desk.reply_address import ministry_reply_address, reply_address
from ksdesk.notifications.models import Notification
from tests.desk.conftest import MONDAY, free_port

ASKER = "jan.jansen@uni.example"


@pytest.fixture
def mail_in(session_factory):
    controller = MailInController(session_factory, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller
    controller.stop()


def mail(to: str, subject: str, body: str, sender: str = ASKER, **headers) -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, to, subject
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    return message


def send(controller, message: EmailMessage) -> None:
    with smtplib.SMTP(controller.hostname, controller.port, timeout=10) as smtp:
        smtp.send_message(message)


def refreshed(db, question) -> Question:
    db.expire_all()
    return db.get(Question, question.id)


def asker_messages(db, question) -> list[str]:
    db.expire_all()
    return [m.body for m in db.scalars(select(QuestionMessage).where(
        QuestionMessage.question_id == question.id, QuestionMessage.author_kind == "asker"))]


def test_every_mail_to_the_asker_says_where_to_reply(ask, mailbox):
    question = ask()
    [confirmation] = mailbox.to(ASKER)
    assert confirmation["Reply-To"] == reply_address(question.reference)
    assert f"+{question.reference}." in confirmation["Reply-To"]


def test_a_reply_to_the_signed_address_restarts_the_clock_and_tells_the_officer(ask, db, world, mail_in):
    with time_machine.travel(MONDAY, tick=False):
        question = ask()
        service.pause_for_asker(db, world.principal("erin"), question.id, "Which partner is it?")
        db.commit()
    assert refreshed(db, question).due_at is None
    body = "It is the Harbin Institute of Technology.\n\nOn Monday the desk wrote:\n> Which partner is it?\n"
    send(mail_in, mail(reply_address(question.reference), "Re: your question", body, sender="other@uni.example"))
    assert asker_messages(db, question) == ["It is the Harbin Institute of Technology."]
    assert refreshed(db, question).paused_since is None and refreshed(db, question).due_at is not None
    kinds = [n.kind for n in db.scalars(select(Notification).where(Notification.user_id == world.users["erin"].id))]
    assert "asker_replied" in kinds
    [row] = db.scalars(select(InboundMail))
    assert (row.status, row.reason, row.question_id) == ("threaded", None, question.id)


def test_a_reply_naming_the_reference_from_the_askers_address_is_threaded(ask, db, mail_in):
    question = ask()
    send(mail_in, mail("loket@kennisveiligheid.example", f"Re: Uw vraag is ontvangen ({question.reference})",
                       "Nog een aanvulling: het gaat om een promovendus."))
    assert asker_messages(db, question) == ["Nog een aanvulling: het gaat om een promovendus."]


@pytest.mark.parametrize(("to", "subject", "sender", "headers", "reason"), [
    ("loket@kennisveiligheid.example", "Re: {ref}", "stranger@elsewhere.example", {}, "sender_not_asker"),
    ("loket+{ref}.0000000000000000@kennisveiligheid.example", "Re: hello", ASKER, {}, "bad_signature"),
    ("loket@kennisveiligheid.example", "A question without a number", ASKER, {}, "no_reference"),
    ("loket@kennisveiligheid.example", "Re: KV-2020-999999", ASKER, {}, "unknown_reference"),
    ("{reply}", "Out of office", ASKER, {"Auto_Submitted": "auto-replied"}, "auto_reply"),
])
def test_what_cannot_be_threaded_is_kept_aside_with_the_reason(ask, db, mail_in, to, subject, sender, headers, reason):
    question = ask()
    to = to.format(ref=question.reference, reply=reply_address(question.reference))
    send(mail_in, mail(to, subject.format(ref=question.reference), "Some text.", sender=sender, **headers))
    assert asker_messages(db, question) == []
    [row] = db.scalars(select(InboundMail))
    assert (row.status, row.reason) == ("quarantined", reason)


def test_a_reply_on_an_answered_question_reopens_it_and_on_a_closed_one_is_kept_aside(ask, db, world):
    question = ask()
    messages.add_reply(db, world.principal("erin"), question.id, "Our answer.")
    db.commit()
    received = inbound.receive(db, bytes(mail(reply_address(question.reference), "Re", "One more thing.")),
                               [reply_address(question.reference)])
    assert received.status == "threaded" and refreshed(db, question).status == "in_progress"
    messages.add_reply(db, world.principal("erin"), question.id, "Our second answer.")
    service.transition(db, world.principal("erin"), question.id, "close")
    received = inbound.receive(db, bytes(mail(reply_address(question.reference), "Re", "And another.")),
                               [reply_address(question.reference)])
    assert (received.status, received.reason) == ("quarantined", "question_closed")


@pytest.fixture
def consulted(ask, db, world):
    """A question on which the education ministry (frank's) is asked for advice."""
    question = ask()
    coordination.request_coordination(db, world.principal("erin"), question.id, ["ocw"], "Kent OCW deze partner?")
    db.commit()
    return question


def test_the_notice_asking_a_ministry_for_advice_can_be_answered_by_mail(mailbox, consulted):
    [notice] = mailbox.to("frank@example.org")
    assert notice["Reply-To"] == ministry_reply_address(consulted.reference, "ocw")
    assert "You can also answer this e-mail with your ministry's advice" in mailbox.body(notice)
    assert {m["Reply-To"] for m in mailbox.to(ASKER)} == {reply_address(consulted.reference)}


def test_a_liaisons_mailed_answer_is_their_ministrys_advice(consulted, db, world, mail_in):
    body = "OCW kent deze universiteit: maak eerst een bezoekersplan.\n\nOp maandag schreef het loket:\n> Kent OCW?"
    send(mail_in, mail(ministry_reply_address(consulted.reference, "ocw"), f"Re: {consulted.reference}", body,
                       sender="Frank <FRANK@example.org>"))
    [request] = refreshed(db, consulted).coordination
    assert (request.status, request.advice) == ("advised", "OCW kent deze universiteit: maak eerst een bezoekersplan.")
    assert request.advised_by_id == world.users["frank"].id
    assert asker_messages(db, consulted) == []  # advice, not a message to or from the asker
    [row] = db.scalars(select(InboundMail)).all()
    assert (row.status, row.reason, row.message_id) == ("threaded", None, None)
    assert [e.actor_id for e in audit.history(db, "question", consulted.id) if e.action == "coordination.advice"] == [
        world.users["frank"].id]
    told = db.scalars(select(Notification.kind).where(Notification.user_id == world.users["erin"].id)).all()
    assert "advice_received" in told


@pytest.mark.parametrize(("ministry", "signed_for", "sender", "reason"), [
    ("ocw", "ocw", ASKER, "sender_not_liaison"),  # the asker cannot give the ministry's advice
    ("ocw", "ocw", "fiona@example.org", "sender_not_liaison"),  # nor another ministry's liaison
    ("ezk", "ocw", "fiona@example.org", "bad_signature"),  # nor a ministry put into another's address
    ("ezk", "ezk", "fiona@example.org", "ministry_not_asked"),  # nor a ministry nobody asked
])
def test_a_ministrys_address_from_anyone_else_is_kept_aside(consulted, db, mail_in, ministry, signed_for, sender,
                                                            reason):
    address = ministry_reply_address(consulted.reference, signed_for).replace(f".{signed_for}.", f".{ministry}.")
    send(mail_in, mail(address, "Re: advies", "Geen bezwaar.", sender=sender))
    [row] = db.scalars(select(InboundMail)).all()
    assert (row.status, row.reason) == ("quarantined", reason)
    assert refreshed(db, consulted).coordination[0].advice is None


def test_mail_for_another_domain_is_refused_at_the_door(mail_in, db):
    with pytest.raises(smtplib.SMTPRecipientsRefused):
        send(mail_in, mail("someone@elsewhere.example", "Relay me", "Spam."))
    assert list(db.scalars(select(InboundMail))) == []


def test_the_receiver_speaks_lmtp_too(ask, db, session_factory):
    question = ask()
    controller = MailInController(session_factory, hostname="127.0.0.1", port=free_port(), lmtp=True)
    controller.start()
    try:
        with smtplib.LMTP(controller.hostname, controller.port, timeout=10) as lmtp:
            lmtp.send_message(mail(reply_address(question.reference), "Re", "Via LMTP."))
    finally:
        controller.stop()
    assert asker_messages(db, question) == ["Via LMTP."]


def test_officers_see_what_was_kept_aside_and_why_in_both_languages(ask, db, browser):
    question = ask()
    inbound.receive(db, bytes(mail("loket@kennisveiligheid.example", f"Re: {question.reference}", "Hi.",
                                   sender="stranger@elsewhere.example")), ["loket@kennisveiligheid.example"])
    db.commit()
    erin = browser("erin")
    page = erin.get("/desk/mail-in").text
    assert "Sent from another address than the asker&#39;s" in page and "stranger@elsewhere.example" in page
    dutch = erin.get("/desk/mail-in", headers={"Accept-Language": "nl"}).text
    assert "Verstuurd vanaf een ander adres dan dat van de vraagsteller" in dutch and "Apart gehouden" in dutch
    assert browser("bob").get("/desk/mail-in").status_code == 404
