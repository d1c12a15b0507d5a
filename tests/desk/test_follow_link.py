"""An asker without an account follows their question through the signed link in the desk's mail:
status and answers, adding information; one question only, signed, expiring, in both languages."""

import re
from datetime import timedelta

import time_machine
from sqlalchemy import select

from ksdesk.audit import AuditEvent
from ksdesk.db import utcnow
from ksdesk.desk import follow_link, messages, retention, service
from ksdesk.desk.models import Question, QuestionMessage
from tests.desk.conftest import Mailbox
from tests.webtools import csrf_of

LINK = re.compile(r"(/desk/follow/(KV-\d{4}-\d{6})\?t=(\d+\.[0-9a-f]+))")


def link_in(mailbox: Mailbox, address: str) -> tuple[str, str, str]:
    body = Mailbox.body(mailbox.to(address)[0])
    path, reference, token = LINK.search(body).groups()
    return path, reference, token


def add(client, path: str, body: str, **kwargs):
    page = client.get(path, **kwargs)
    token = re.search(r'name="t" value="([^"]+)"', page.text).group(1)
    reference = path.split("/")[3].split("?")[0]
    return client.post(f"/desk/follow/{reference}/messages",
                       data={"body": body, "t": token, "csrf_token": csrf_of(page.text)}, follow_redirects=False)


def test_the_confirmation_mail_carries_the_follow_link_in_the_askers_language(ask, mailbox):
    question = ask(language="en", asker_email="ann@uni.example")
    body = Mailbox.body(mailbox.to("ann@uni.example")[0])
    path, reference, _token = LINK.search(body).groups()
    assert reference == question.reference and "No account is needed" in body and "90 days" in body
    ask(asker_email="jan@uni.example")
    dutch = Mailbox.body(mailbox.to("jan@uni.example")[0])
    assert LINK.search(dutch) and "geen account nodig" in dutch


def test_a_signed_in_askers_mail_links_to_their_own_page_not_a_follow_link(ask, world, mailbox, db):
    question = ask(principal=world.principal("bob"))
    body = Mailbox.body(mailbox.to(db.get(Question, question.id).asker_email)[0])
    assert f"/desk/my-questions/{question.reference}" in body and not LINK.search(body)


def test_the_link_shows_status_and_answers_and_takes_more_information(ask, anonymous, db, world, mailbox):
    question = ask(language="en", asker_email="ann@uni.example")
    messages.add_reply(db, world.principal("erin"), question.id, "Here is our advice.", mark_answered=False)
    service.pause_for_asker(db, world.principal("erin"), question.id, "more information asked for")
    db.commit()
    path, _reference, _token = link_in(mailbox, "ann@uni.example")
    page = anonymous.get(path)
    assert page.status_code == 200 and question.subject in page.text and "Here is our advice." in page.text
    assert 'id="waiting-note"' in page.text and 'id="follow-note"' in page.text
    response = add(anonymous, path, "The partner is a university, not a company.")
    assert response.status_code == 303
    db.expire_all()
    stored = db.scalars(select(QuestionMessage).where(QuestionMessage.question_id == question.id)).all()
    assert stored[-1].body == "The partner is a university, not a company." and stored[-1].author_kind == "asker"
    assert db.get(Question, question.id).paused_since is None  # the clock runs again
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "question.asker_message")
                       .order_by(AuditEvent.id.desc())).first()
    assert event.after["via"] == "follow link" and "follow link" in event.actor_label
    assert "The partner is a university" in anonymous.get(response.headers["location"]).text


def test_the_page_speaks_dutch_to_a_dutch_reader(ask, anonymous, mailbox):
    ask(asker_email="jan@uni.example")
    path, _r, _t = link_in(mailbox, "jan@uni.example")
    page = anonymous.get(path, headers={"Accept-Language": "nl"}).text
    assert "Informatie toevoegen" in page and "persoonlijke link" in page


def test_a_link_opens_only_its_own_question(ask, anonymous, mailbox):
    ask(asker_email="ann@uni.example")
    other = ask(asker_email="eve@uni.example")
    _path, _reference, token = link_in(mailbox, "ann@uni.example")
    assert anonymous.get(f"/desk/follow/{other.reference}?t={token}").status_code == 404
    forged = f"{int(token.split('.')[0]) + 400}.{token.split('.')[1]}"  # a longer life is not signed
    assert anonymous.get(f"/desk/follow/{other.reference}?t={forged}").status_code == 404
    assert anonymous.get(f"/desk/follow/{other.reference}").status_code == 404
    assert anonymous.get(f"/desk/follow/{other.reference}?t=garbage").status_code == 404


def test_a_post_with_a_wrong_token_changes_nothing(ask, anonymous, db, mailbox):
    ask(asker_email="ann@uni.example")
    other = ask(asker_email="eve@uni.example")
    path, _reference, token = link_in(mailbox, "ann@uni.example")
    csrf = csrf_of(anonymous.get(path).text)
    response = anonymous.post(f"/desk/follow/{other.reference}/messages",
                              data={"body": "Let me in.", "t": token, "csrf_token": csrf}, follow_redirects=False)
    assert response.status_code == 404
    db.expire_all()
    assert db.scalars(select(QuestionMessage).where(QuestionMessage.question_id == other.id)).all() == []


def test_a_signed_in_askers_question_has_no_follow_link(ask, anonymous, world):
    question = ask(principal=world.principal("bob"))
    assert anonymous.get(follow_link.path(question.reference)).status_code == 404


def test_the_link_expires_and_says_so_in_both_languages(ask, anonymous, mailbox):
    ask(language="en", asker_email="ann@uni.example")
    path, reference, _t = link_in(mailbox, "ann@uni.example")
    with time_machine.travel(utcnow() + timedelta(days=follow_link.VALID_DAYS + 2), tick=False):
        page = anonymous.get(path)
        assert page.status_code == 410 and "This link has expired" in page.text and reference in page.text
        assert "Deze link is verlopen" in anonymous.get(path, headers={"Accept-Language": "nl"}).text
    with time_machine.travel(utcnow() + timedelta(days=follow_link.VALID_DAYS - 1), tick=False):
        assert anonymous.get(path).status_code == 200


def test_an_empty_message_is_refused_with_the_reason_and_nothing_stored(ask, anonymous, db, mailbox):
    question = ask(language="en", asker_email="ann@uni.example")
    path, _r, _t = link_in(mailbox, "ann@uni.example")
    response = add(anonymous, path, "   ")
    assert response.status_code == 422
    db.expire_all()
    assert db.scalars(select(QuestionMessage).where(QuestionMessage.question_id == question.id)).all() == []


def test_once_retention_erased_the_contact_details_the_link_opens_nothing(ask, anonymous, db, mailbox):
    question = ask(language="en", asker_email="ann@uni.example")
    path, _r, _t = link_in(mailbox, "ann@uni.example")
    retention._erase_contact(db, db.get(Question, question.id))
    db.commit()
    assert anonymous.get(path).status_code == 404
