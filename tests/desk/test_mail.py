from datetime import timedelta

import pytest
import time_machine
from aiosmtpd.controller import Controller
from sqlalchemy import select

from ksdesk import after_commit
from ksdesk.desk import coordination, mail, messages, service
from ksdesk.desk.models import OutboxMail, QuestionMessage
from ksdesk.errors import Forbidden
from ksdesk.notifications import service as notices
from ksdesk.notifications.kinds import Kind
from tests.desk.conftest import MONDAY, Mailbox, form


@pytest.fixture(autouse=True)
def officers_want_notices_in_the_app_only(db, world):
    """These tests count the e-mails to askers; the notices to officers have tests of their own."""
    notices.save_preferences(db, world.principal("erin"), {k.value: (True, False) for k in Kind})
    db.commit()


def outbox(db) -> list[OutboxMail]:
    db.expire_all()
    return list(db.scalars(select(OutboxMail).order_by(OutboxMail.id)))


def test_confirmation_arrives_in_dutch_with_reference_and_due_date(db, ask, mailbox):
    with time_machine.travel(MONDAY, tick=False):
        question = ask()
    [message] = mailbox.to("jan.jansen@uni.example")
    assert message["Subject"] == f"Uw vraag is ontvangen ({question.reference})"
    assert message["Content-Language"] == "nl"
    body = Mailbox.body(message)
    assert question.reference in body and "donderdag 5 maart 2026, 17:00" in body
    assert [m.status for m in outbox(db)] == ["sent"]


def test_every_attempt_at_one_mail_has_the_same_message_id(db, ask, mailbox):
    ask()
    [row] = outbox(db)
    first, again = mail.build_message(row), mail.build_message(row)
    assert first["Message-ID"] == again["Message-ID"] == mail.message_id(row)
    assert first["Message-ID"].startswith(f"<ksdesk-outbox-{row.id}.") and first["Message-ID"].endswith(">")
    [sent] = mailbox.to(row.recipient)
    assert sent["Message-ID"] == first["Message-ID"]


def test_confirmation_arrives_in_english_for_an_english_asker(db, ask, mailbox):
    with time_machine.travel(MONDAY, tick=False):
        question = ask(language="en", asker_email="ann@uni.example")
    [message] = mailbox.to("ann@uni.example")
    assert message["Subject"] == f"We have received your question ({question.reference})"
    assert "Thursday 5 March 2026, 17:00" in Mailbox.body(message)


def test_reply_is_mailed_and_internal_notes_never_are(db, world, ask, mailbox):
    erin = world.principal("erin")
    question = ask(language="en", asker_email="ann@uni.example")
    messages.add_internal_note(db, erin, question.id, "INTERNAL: asker works on drones")
    messages.add_reply(db, erin, question.id, "Here is our advice on your collaboration.")
    db.commit()
    arrived = mailbox.to("ann@uni.example")
    assert [m["Subject"] for m in arrived] == [
        f"We have received your question ({question.reference})", f"Reply to your question {question.reference}"]
    assert "Here is our advice" in Mailbox.body(arrived[1])
    assert all("INTERNAL" not in Mailbox.body(m) for m in mailbox.messages)
    assert all(row.message_id != _note_id(db, question.id) for row in outbox(db))


def _note_id(db, question_id):
    return db.scalar(select(QuestionMessage.id).where(QuestionMessage.question_id == question_id,
                                                      QuestionMessage.audience == "internal"))


def test_asker_is_told_once_that_coordination_takes_longer(db, world, ask, mailbox):
    erin = world.principal("erin")
    question = ask()
    coordination.request_coordination(db, erin, question.id, ["ocw"], "Visie?")
    db.commit()
    coordination.request_coordination(db, erin, question.id, ["def"], "Ook Defensie graag.")
    db.commit()
    subjects = [m["Subject"] for m in mailbox.to("jan.jansen@uni.example")]
    assert subjects == [f"Uw vraag is ontvangen ({question.reference})",
                        f"Uw vraag wordt afgestemd met ministeries ({question.reference})"]
    assert "langer duren" in Mailbox.body(mailbox.to("jan.jansen@uni.example")[1])


def test_no_mail_is_enqueued_when_the_transaction_rolls_back(db, world, ask, mailbox, jobs_inline):
    question = ask()
    messages.add_reply(db, world.principal("erin"), question.id, "Dit antwoord wordt teruggedraaid.")
    assert after_commit.pending(db) == 1
    db.rollback()
    assert after_commit.pending(db) == 0
    db.commit()
    assert len(mailbox.messages) == 1  # only the confirmation of the committed question
    assert [row.kind for row in outbox(db)] == ["confirmation"]


def test_a_failed_send_is_kept_visible_retried_and_resent_without_losing_the_reply(db, world, ask, smtp_port, jobs_inline):
    erin = world.principal("erin")
    question = ask()
    messages.add_reply(db, erin, question.id, "Ons antwoord, ook als de mailserver plat ligt.")
    db.commit()
    rows = outbox(db)
    assert [(r.kind, r.status, r.attempts) for r in rows] == [("confirmation", "failed", 1), ("reply", "failed", 1)]
    assert "Connection refused" in rows[1].last_error
    assert question.status == "answered" and messages.public_messages(db, question.id)
    assert len(jobs_inline.scheduled()) == 2  # the job queue will try again

    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        retry = next(t for t in jobs_inline.scheduled() if t.args == (rows[0].id,))
        jobs_inline.execute(retry, timestamp=retry.eta)  # as the consumer does once the delay is over
        assert [r.status for r in outbox(db)] == ["sent", "failed"]
        assert mail.resend_failed(db, erin) == 1
        db.commit()
    finally:
        controller.stop()
    rows = outbox(db)
    assert [(r.status, r.attempts, r.last_error) for r in rows] == [("sent", 2, None), ("sent", 2, None)]
    assert [m["Subject"] for m in box.messages] == [
        f"Uw vraag is ontvangen ({question.reference})", f"Antwoord op uw vraag {question.reference}"]


def test_an_expected_send_failure_logs_one_line_without_a_traceback_and_is_retried(db, ask, jobs_inline, caplog):
    import logging

    with caplog.at_level(logging.INFO):
        ask()
    [row] = outbox(db)
    assert row.status == "failed" and len(jobs_inline.scheduled()) == 1  # the queue tries again
    assert not [r for r in caplog.records if r.exc_info], "a traceback for an expected retry"
    [line] = [r.getMessage() for r in caplog.records if r.name == "ksdesk.desk.mail"]
    assert line == (f"outbox mail {row.id} was not sent (ConnectionRefusedError: [Errno 111] Connection refused); "
                    "the job queue tries again later")


def test_an_e_mail_already_sent_is_not_sent_again(db, ask, mailbox, session_factory):
    ask()
    [row] = outbox(db)
    assert mail.deliver(session_factory, row.id) is False
    assert len(mailbox.messages) == 1


def test_mail_that_was_never_enqueued_is_picked_up_by_the_sweep(db, mailbox, session_factory):
    with time_machine.travel(MONDAY, tick=False):
        service.submit_question(db, form())
        db.info.clear()  # as if the process died between the commit and the enqueue
        db.commit()
    assert mailbox.messages == []
    with time_machine.travel(MONDAY + timedelta(minutes=10), tick=False):
        assert mail.requeue_stale(session_factory) == 1
    assert len(mailbox.messages) == 1


@pytest.mark.parametrize("who", ["bob", "frank", "gina"])
def test_only_the_desk_resends_or_reads_the_outbox(db, world, who):
    with pytest.raises(Forbidden):
        mail.resend_failed(db, world.principal(who))
    with pytest.raises(Forbidden):
        mail.list_outbox(db, world.principal(who))


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_confirmation_to_an_address_typed_on_the_public_form_repeats_nothing_the_visitor_wrote(
        db, ask, mailbox, language):
    spam_name, spam_subject = "Cheap watches at spam.example", "Visit http://spam.example today"
    question = ask(language=language, asker_email="victim@elsewhere.example", asker_name=spam_name,
                   subject=spam_subject)
    [message] = mailbox.to("victim@elsewhere.example")
    text = message["Subject"] + "\n" + Mailbox.body(message)
    assert "spam.example" not in text and "Cheap" not in text
    assert question.reference in text
    assert ("ignore this e-mail" if language == "en" else "kunt u deze e-mail negeren") in text


@pytest.mark.parametrize("language", ["nl", "en"])
def test_later_mails_to_an_address_typed_on_the_public_form_repeat_nothing_the_visitor_wrote(
        db, world, ask, mailbox, language):
    """Telling the asker that ministries are consulted, and the footer of a reply, name the
    question by its reference only: the visitor's name and subject would reach any address typed."""
    erin = world.principal("erin")
    question = ask(language=language, asker_email="victim@elsewhere.example", asker_name="Cheap watches",
                   subject="Visit http://spam.example today")
    coordination.request_coordination(db, erin, question.id, ["ocw"], "Visie?")
    messages.add_reply(db, erin, question.id, "Our advice.")
    db.commit()
    confirmation, coordinating, reply = mailbox.to("victim@elsewhere.example")
    for message in (coordinating, reply):
        text = message["Subject"] + "\n" + Mailbox.body(message)
        assert "spam.example" not in text and "Cheap" not in text
        assert question.reference in text
    assert ("sent from our website" if language == "en" else "via onze website") in Mailbox.body(coordinating)


def test_later_mails_to_a_signed_in_askers_own_address_name_the_question(db, world, ask, mailbox):
    erin = world.principal("erin")
    question = ask(principal=world.principal("alice"), language="en")
    coordination.request_coordination(db, erin, question.id, ["ocw"], "Visie?")
    messages.add_reply(db, erin, question.id, "Our advice.")
    db.commit()
    _confirmation, coordinating, reply = mailbox.to(question.asker_email)
    assert question.subject in Mailbox.body(coordinating) and question.subject in Mailbox.body(reply)
    assert question.asker_name in Mailbox.body(coordinating)


def test_a_confirmation_to_a_signed_in_askers_own_address_names_the_question(db, world, ask, mailbox):
    question = ask(principal=world.principal("alice"), language="en")
    [message] = mailbox.to(question.asker_email)
    assert question.subject in Mailbox.body(message)


def test_a_delivered_mail_is_recorded_as_sent_though_the_database_was_busy_and_not_sent_again(
        db, mailbox, session_factory, monkeypatch):
    from contextlib import contextmanager

    from sqlalchemy.exc import OperationalError

    with time_machine.travel(MONDAY, tick=False):
        service.submit_question(db, form())
        db.info.clear()  # not enqueued: delivered by hand below
        db.commit()
    [row] = outbox(db)
    real, calls = mail.transaction, []

    @contextmanager
    def busy_once(factory):
        calls.append(1)
        if len(calls) == 2:  # the claim passed, the mail went out; recording it meets a busy database
            raise OperationalError("UPDATE desk_outbox", {}, Exception("database is locked"))
        with real(factory) as session:
            yield session

    monkeypatch.setattr(mail, "transaction", busy_once)
    assert mail.deliver(session_factory, row.id) is True
    monkeypatch.setattr(mail, "transaction", real)
    assert [m.status for m in outbox(db)] == ["sent"]
    with time_machine.travel(MONDAY + timedelta(hours=1), tick=False):
        assert mail.requeue_stale(session_factory) == 0
    assert len(mailbox.messages) == 1


def _unsent_confirmation(db):
    with time_machine.travel(MONDAY, tick=False):
        service.submit_question(db, form())
        db.info.clear()  # not enqueued: each test sends it by hand
        db.commit()
    [row] = outbox(db)
    return row


def test_mail_a_worker_is_sending_is_leased_to_it_and_sent_by_no_other(db, mailbox, session_factory):
    row = _unsent_confirmation(db)
    with time_machine.travel(MONDAY + timedelta(minutes=1), tick=False):
        claimed = mail._claim(session_factory, row.id)  # a worker claims it and is still sending
        assert claimed is not None
        [leased] = outbox(db)
        assert leased.status == "sending" and leased.lease_until == MONDAY + timedelta(minutes=1) + mail.LEASE
    with time_machine.travel(MONDAY + timedelta(minutes=14), tick=False):
        assert mail._claim(session_factory, row.id) is None
        assert mail.deliver(session_factory, row.id) is False
        assert mail.requeue_stale(session_factory) == 0
    assert mailbox.messages == []


def test_the_mail_of_a_worker_that_died_mid_send_goes_out_once_after_its_lease_with_the_same_message_id(
        db, mailbox, session_factory):
    row = _unsent_confirmation(db)
    with time_machine.travel(MONDAY + timedelta(minutes=1), tick=False):
        message, _attempt = mail._claim(session_factory, row.id)  # ... and the worker dies
    with time_machine.travel(MONDAY + timedelta(minutes=17), tick=False):
        assert mail.requeue_stale(session_factory) == 1  # sent by the sweep's job, run inline here
        assert mail.requeue_stale(session_factory) == 0
    [sent] = mailbox.messages
    assert sent["Message-ID"] == message["Message-ID"]
    [row] = outbox(db)
    assert (row.status, row.attempts, row.lease_until) == ("sent", 2, None)


def test_a_send_that_outlived_its_lease_does_not_mark_failed_what_another_worker_sent(
        db, mailbox, session_factory, monkeypatch):
    row = _unsent_confirmation(db)
    real_send, late = mail.smtp_send, []

    def slow_and_then_failing(message):
        if not late:  # the first worker hangs past its lease; a second one sends the mail meanwhile
            late.append(1)
            with time_machine.travel(MONDAY + timedelta(minutes=30), tick=False):
                assert mail.deliver(session_factory, row.id) is True
            raise TimeoutError("the first worker's connection timed out")
        real_send(message)

    monkeypatch.setattr(mail, "smtp_send", slow_and_then_failing)
    with time_machine.travel(MONDAY + timedelta(minutes=1), tick=False), pytest.raises(TimeoutError):
        mail.deliver(session_factory, row.id)
    [row] = outbox(db)
    assert (row.status, row.attempts) == ("sent", 2)
    assert len(mailbox.messages) == 1
