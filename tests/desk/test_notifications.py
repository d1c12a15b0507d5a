"""Notices to the people who work the desk: the bell in the app and e-mail, as each chooses."""

from sqlalchemy import select

from ksdesk.desk import coordination, service
from ksdesk.desk.models import OutboxMail
from ksdesk.notifications import service as notices
from ksdesk.notifications.kinds import Kind
from ksdesk.notifications.models import Notification
from tests.desk.conftest import Mailbox
from tests.webtools import post_form


def notices_of(db, world, key: str) -> list[Notification]:
    db.expire_all()
    return list(db.scalars(select(Notification).where(Notification.user_id == world.users[key].id)
                           .order_by(Notification.id)))


def test_a_new_question_tells_every_officer_in_the_app_and_by_mail(ask, db, world, mailbox):
    question = ask()
    [notice] = notices_of(db, world, "erin")
    assert notice.kind == "question_received" and notice.link == f"/desk/questions/{question.id}"
    [message] = mailbox.to("erin@example.org")
    assert message["Subject"] == f"New question {question.reference} has arrived"
    assert "/notifications/settings" in Mailbox.body(message)
    # Nobody else is told; the asker gets their confirmation as before.
    assert notices_of(db, world, "frank") == [] and notices_of(db, world, "alice") == []


def test_the_notice_mail_is_sent_by_a_job_after_the_commit_never_in_the_transaction(db, world):
    from ksdesk.after_commit import pending
    from tests.desk.conftest import form

    service.submit_question(db, form())
    mail = db.scalar(select(OutboxMail).where(OutboxMail.kind == "notification"))
    assert mail is not None and mail.status == "pending" and pending(db) >= 2
    db.rollback()
    assert db.scalar(select(OutboxMail).where(OutboxMail.kind == "notification")) is None


def test_consulting_a_ministry_tells_only_its_liaisons(ask, db, world):
    question = ask()
    coordination.request_coordination(db, world.principal("erin"), question.id, ["ocw"], "Your view, please.")
    db.commit()
    [notice] = notices_of(db, world, "frank")
    assert notice.kind == "ministry_consulted" and notice.link == f"/desk/coordination/{question.id}"
    assert notices_of(db, world, "fiona") == []


def test_advice_tells_the_assigned_officer(ask, db, world):
    question = ask()
    service.assign(db, world.principal("erin"), question.id, world.users["erin"].id)
    coordination.request_coordination(db, world.principal("erin"), question.id, ["ocw"], "Your view, please.")
    coordination.record_advice(db, world.principal("frank"), question.id, "No objection.")
    db.commit()
    advice = [n for n in notices_of(db, world, "erin") if n.kind == "advice_received"]
    assert len(advice) == 1 and advice[0].params == {"reference": question.reference, "ministry": "ocw"}
    text = notices.text("advice_received", advice[0].params, "en")
    assert text == f"Advice on {question.reference} from Ministry of Education, Culture and Science"
    assert notices.text("advice_received", advice[0].params, "nl") == (
        f"Advies over {question.reference} van Ministerie van Onderwijs, Cultuur en Wetenschap")


def test_an_officer_who_wants_no_mail_gets_the_notice_only_in_the_app(ask, db, world, mailbox):
    notices.save_preferences(db, world.principal("erin"), {"question_received": (True, False)})
    db.commit()
    ask()
    assert len(notices_of(db, world, "erin")) == 1
    assert mailbox.to("erin@example.org") == []
    assert db.scalar(select(OutboxMail).where(OutboxMail.recipient == "erin@example.org")) is None


def test_the_bell_counts_unread_notices_and_opening_one_marks_it_read(ask, browser, db, world):
    question = ask()
    erin = browser("erin")
    page = erin.get("/desk/queue").text
    assert 'id="unread-count">1<' in page
    listing = erin.get("/notifications").text
    assert f"New question {question.reference} has arrived" in listing
    [notice] = notices_of(db, world, "erin")
    response = post_form(erin, "/notifications", f"/notifications/{notice.id}/open", {})
    assert response.status_code == 303 and response.headers["location"] == f"/desk/questions/{question.id}"
    assert 'id="unread-count"' not in erin.get("/desk/queue").text


def test_the_notices_page_speaks_dutch(ask, browser):
    question = ask()
    page = browser("erin").get("/notifications", headers={"Accept-Language": "nl"}).text
    assert f"Nieuwe vraag {question.reference} is binnengekomen" in page
    assert "Alles als gelezen markeren" in page and ">Meldingen<" in page


def test_nobody_opens_someone_elses_notice(ask, browser, db, world):
    ask()
    [notice] = notices_of(db, world, "erin")
    response = post_form(browser("frank"), "/notifications", f"/notifications/{notice.id}/open", {})
    assert response.status_code == 404
    assert notices_of(db, world, "erin")[0].read_at is None


def test_each_user_chooses_which_notices_come_how(browser, db, world):
    erin = browser("erin")
    page = erin.get("/notifications/settings").text
    assert "A question arrives" in page and "My ministry is consulted" not in page
    response = post_form(erin, "/notifications/settings", "/notifications/settings",
                         {"question_received.app": "on", "question_overdue.email": "on"})
    assert response.status_code == 303
    choices = notices.preferences(db, world.principal("erin"))
    assert choices[Kind.QUESTION_RECEIVED] == (True, False)
    assert choices[Kind.QUESTION_OVERDUE] == (False, True)
    assert choices[Kind.ADVICE_RECEIVED] == (False, False)
    dutch = erin.get("/notifications/settings", headers={"Accept-Language": "nl"}).text
    assert "Er komt een vraag binnen" in dutch and "Per e-mail" in dutch
