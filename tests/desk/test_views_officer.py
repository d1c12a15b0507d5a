"""The desk officer's pages: the queue, handling one question, e-mails, templates, the knowledge base."""

import re
from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import func, select, update

from ksdesk.desk import coordination, messages, service
from ksdesk.desk.models import OutboxMail, Question, QuestionMessage
from tests.desk.conftest import MONDAY, Mailbox
from tests.webtools import csrf_of, post_form


def detail_url(question) -> str:
    return f"/desk/questions/{question.id}"


def act(client, question, path, data):
    return post_form(client, detail_url(question), f"{detail_url(question)}/{path}", data)


def refreshed(db, question) -> Question:
    db.expire_all()
    return db.get(Question, question.id)


def test_queue_lists_open_questions_in_order_of_receipt(browser, ask):
    with time_machine.travel(MONDAY, tick=False):
        first = ask(subject="First question in")
    with time_machine.travel(MONDAY + timedelta(hours=1), tick=False):
        second = ask(subject="Second question in")
    page = browser("erin").get("/desk/queue").text
    order = re.findall(r'data-reference="(KV-\d{4}-\d{6})"', page)
    assert order.index(first.reference) < order.index(second.reference)


def test_queue_shows_due_dates_with_warnings_in_words(browser, ask):
    with time_machine.travel(MONDAY, tick=False):
        question = ask()
    erin = browser("erin")
    with time_machine.travel(MONDAY + timedelta(days=3, hours=1), tick=False):  # Thursday 11:00, due 17:00
        page = erin.get("/desk/queue").text
        assert "Due within one working day" in page
        assert erin.get("/desk/queue?deadline=overdue").text.count("data-reference=") == 0
    with time_machine.travel(MONDAY + timedelta(days=4), tick=False):  # Friday: past the deadline
        page = erin.get("/desk/queue?deadline=overdue").text
        assert question.reference in page and 'data-warning="overdue"' in page and ">Overdue<" in page


def test_queue_filters_on_assignment_and_status(browser, ask, world, db):
    mine, other = ask(subject="Mine"), ask(subject="Not mine")
    service.assign(db, world.principal("erin"), mine.id, world.users["erin"].id)
    db.commit()
    erin = browser("erin")
    assert mine.reference in erin.get("/desk/queue?assigned=me").text
    assert other.reference not in erin.get("/desk/queue?assigned=me").text
    unassigned = erin.get("/desk/queue?assigned=none").text
    assert other.reference in unassigned and mine.reference not in unassigned
    assert mine.reference in erin.get("/desk/queue?status=in_progress").text
    assert other.reference not in erin.get("/desk/queue?status=in_progress").text


@pytest.mark.parametrize("key", ["alice", "bob", "gina", "frank", "hank"])
def test_only_desk_officers_see_the_queue_and_the_questions(browser, ask, key):
    question = ask()
    client = browser(key)
    assert client.get("/desk/queue").status_code == 404
    assert client.get(detail_url(question)).status_code == 404


def test_officer_assigns_coordinates_replies_and_closes(browser, ask, db, world, mailbox):
    question = ask(language="en", asker_email="ann@uni.example")
    erin = browser("erin")
    assert act(erin, question, "assign", {"officer_id": "me", "version": "1"}).status_code == 303
    assert refreshed(db, question).assigned_to_id == world.users["erin"].id
    assert refreshed(db, question).status == "in_progress"

    version = str(refreshed(db, question).version)
    response = act(erin, question, "coordination", {"coordination-ministries": ["ocw", "ezk"],
                                                     "coordination-note": "Is this partner known to you?",
                                                     "version": version})
    assert response.status_code == 303
    assert refreshed(db, question).status == "coordinating"
    coordination.record_advice(db, world.principal("frank"), question.id, "OCW: no objections.")
    db.commit()
    page = erin.get(detail_url(question)).text
    assert "OCW: no objections." in page and "Advice requested" in page  # ezk has not advised yet

    version = str(refreshed(db, question).version)
    response = act(erin, question, "reply", {"reply-body": "Our advice: go ahead with care.", "version": version})
    assert response.status_code == 303
    assert refreshed(db, question).status == "answered"
    response = act(erin, question, "status", {"action": "close", "version": str(refreshed(db, question).version)})
    assert response.status_code == 303
    assert refreshed(db, question).status == "closed"
    subjects = [m["Subject"] for m in mailbox.to("ann@uni.example")]
    assert any(question.reference in s and "Reply" in s for s in subjects)


def test_stale_version_is_a_conflict_and_changes_nothing(browser, ask, db):
    question = ask()
    erin = browser("erin")
    response = act(erin, question, "pause", {"pause-reason": "Which partner exactly?", "version": "99"})
    assert response.status_code == 409 and "Someone else changed this question" in response.text
    assert refreshed(db, question).paused_since is None


def test_pause_needs_a_reason_and_stops_the_clock_until_resumed(browser, ask, db):
    question = ask()
    erin = browser("erin")
    response = act(erin, question, "pause", {"pause-reason": "", "version": "1"})
    assert response.status_code == 422 and 'id="pause-reason-error"' in response.text
    assert act(erin, question, "pause", {"pause-reason": "Which partner exactly?", "version": "1"}).status_code == 303
    assert refreshed(db, question).paused_since is not None and refreshed(db, question).due_at is None
    assert "Clock stopped" in erin.get(detail_url(question)).text
    version = str(refreshed(db, question).version)
    assert act(erin, question, "resume", {"version": version}).status_code == 303
    assert refreshed(db, question).paused_since is None and refreshed(db, question).due_at is not None


def test_reopen_without_a_reason_is_refused_on_the_page(browser, ask, db, world):
    question = ask()
    messages.add_reply(db, world.principal("erin"), question.id, "Answer.")
    db.commit()
    response = act(browser("erin"), question, "status", {"action": "reopen", "version": str(
        refreshed(db, question).version)})
    assert response.status_code == 422 and 'id="status-reopen-action"' in response.text
    assert refreshed(db, question).status == "answered"


def test_internal_notes_are_labelled_for_the_desk_and_never_reach_the_asker(browser, ask, db, world, mailbox):
    question = ask(principal=world.principal("bob"), language="en")
    erin = browser("erin")
    assert act(erin, question, "notes", {"note-body": "SECRET-NOTE: check the funder"}).status_code == 303
    desk_page = erin.get(detail_url(question)).text
    notes = desk_page[desk_page.index('id="notes"'):desk_page.index('id="outbox"')]
    assert "SECRET-NOTE" in notes and "Never shown to or sent to the asker." in notes
    assert act(erin, question, "reply", {"reply-body": "PUBLIC-REPLY: you may go ahead.",
                                         "version": str(refreshed(db, question).version)}).status_code == 303

    bob = browser("bob")
    page = bob.get(f"/desk/my-questions/{question.reference}").text
    assert "PUBLIC-REPLY" in page and "SECRET-NOTE" not in page
    assert "SECRET-NOTE" not in bob.get("/desk/my-questions").text
    assert mailbox.messages and all("SECRET-NOTE" not in Mailbox.body(m) for m in mailbox.messages)
    assert any("PUBLIC-REPLY" in Mailbox.body(m) for m in mailbox.messages)


def test_failed_email_is_visible_and_can_be_sent_again(browser, ask, db, mailbox):
    question = ask()
    db.execute(update(OutboxMail).where(OutboxMail.question_id == question.id)
               .values(status="failed", last_error="SMTPServerDisconnected: gone"))
    db.commit()
    erin = browser("erin")
    page = erin.get(detail_url(question)).text
    # In plain words with what to do, not the exception.
    assert "The mail server could not be reached" in page and ">Failed<" in page
    assert "SMTPServerDisconnected" not in page
    dutch = erin.get(detail_url(question), headers={"Accept-Language": "nl"}).text
    assert "De mailserver was niet bereikbaar" in dutch
    mail_id = re.search(r'id="resend-(\d+)"', page).group(1)
    response = act(erin, question, "outbox/resend", {"outbox_id": mail_id})
    assert response.status_code == 303
    db.expire_all()
    assert db.get(OutboxMail, int(mail_id)).status == "sent"
    assert mailbox.to("jan.jansen@uni.example")


def test_an_email_no_worker_has_sent_shows_as_stalled_with_what_to_do(browser, ask, db):
    from ksdesk.db import utcnow

    question = ask()
    db.execute(update(OutboxMail).where(OutboxMail.question_id == question.id)
               .values(status="pending", last_error=None))  # as if the worker never ran
    db.commit()
    erin = browser("erin")
    assert 'class="ksd-muted mail-stalled"' not in erin.get(detail_url(question)).text
    with time_machine.travel(utcnow() + timedelta(minutes=16), tick=False):
        page = erin.get(detail_url(question)).text
        assert "Not sent after 15 minutes: the background worker does not seem to run." in page
        dutch = erin.get(detail_url(question), headers={"Accept-Language": "nl"}).text
        assert "Na 15 minuten nog niet verstuurd" in dutch


def test_reply_template_fills_the_reply_for_this_question(browser, ask, db, world):
    question = ask(asker_name="Jan Jansen")
    template = messages.save_template(db, world.principal("erin"), name="Thanks", language="nl",
                                      body="Beste {{ asker_name }}, dank voor vraag {{ reference }}.")
    db.commit()
    page = browser("erin").get(f"{detail_url(question)}?template={template.id}").text
    assert f"Beste Jan Jansen, dank voor vraag {question.reference}." in page


def test_templates_page_saves_and_reports_unknown_placeholders(browser, db):
    erin = browser("erin")
    bad = post_form(erin, "/desk/templates", "/desk/templates",
                    {"name": "Bad", "language": "en", "body": "Dear {{ nobody }}", "active": "on"})
    assert bad.status_code == 422 and 'id="body-error"' in bad.text and "nobody" in bad.text
    good = post_form(erin, "/desk/templates", "/desk/templates",
                     {"name": "Thanks", "language": "en", "body": "Dear {{ asker_name }}", "active": "on"})
    assert good.status_code == 303
    assert "Thanks" in erin.get("/desk/templates").text


def test_answered_question_is_published_as_an_anonymous_faq_entry(browser, ask, db, world, anonymous):
    question = ask(asker_name="Jan Jansen")
    messages.add_reply(db, world.principal("erin"), question.id, "Check the export rules first.")
    db.commit()
    erin = browser("erin")
    form = erin.get(f"{detail_url(question)}/publish").text
    assert "Check the export rules first." in form
    data = {"title": "Joint labs abroad", "question": "Jan Jansen asks about a joint lab.",
            "answer": "Check the export rules first.", "language": "en"}
    refused = post_form(erin, f"{detail_url(question)}/publish", f"{detail_url(question)}/publish", data)
    assert refused.status_code == 422 and 'id="question-error"' in refused.text
    data["question"] = "Someone asks about a joint lab abroad."
    response = post_form(erin, f"{detail_url(question)}/publish", f"{detail_url(question)}/publish", data)
    assert response.status_code == 303
    assert "Joint labs abroad" in anonymous.get("/desk/faq").text
    assert "Joint labs abroad" in anonymous.get("/desk/faq?q=export").text


def test_similar_earlier_answers_are_shown_when_a_question_is_opened(browser, ask, db, world):
    earlier = ask(subject="Drone research with a foreign university", language="en",
                  text="Can we do drone research with a foreign university?")
    messages.add_reply(db, world.principal("erin"), earlier.id, "Drones are dual-use; screen the partner.")
    db.commit()
    new = ask(subject="Drone project", language="en", text="A foreign university invites us to a drone project.")
    page = browser("erin").get(detail_url(new)).text
    similar = page[page.index('id="similar"'):page.index('id="handling"')]
    assert "Drone research with a foreign university" in similar


def test_officer_search_finds_earlier_answers(browser, ask, db, world):
    question = ask(subject="Quantum sensors", language="en", text="Quantum sensors with a partner abroad?")
    messages.add_reply(db, world.principal("erin"), question.id, "Quantum sensing is sensitive technology.")
    db.commit()
    assert "Quantum sensors" in browser("erin").get("/desk/search?q=quantum").text


def test_a_search_longer_than_the_desk_takes_is_refused_with_the_reason_and_not_cut_short(browser, anonymous):
    long = "quantum " * 70  # 559 characters, 560 before the strip
    erin = browser("erin")
    page = erin.get("/desk/search", params={"q": long})
    assert page.status_code == 422 and 'id="q-error"' in page.text
    assert "Use at most 500 characters." in page.text and 'id="results"' not in page.text
    assert long.strip() in page.text  # the search is shown again as typed, for the reader to shorten
    assert erin.get("/desk/search", params={"q": "quantum " * 60}).status_code == 200
    public = anonymous.get("/desk/faq", params={"q": long}, headers={"Accept-Language": "nl-NL"})
    assert public.status_code == 422 and 'id="q-error"' in public.text
    assert "Gebruik hoogstens 500 tekens." in public.text


def test_missing_csrf_on_an_officer_action_is_refused_and_nothing_is_stored(browser, ask, db):
    question = ask()
    erin = browser("erin")
    response = erin.post(f"{detail_url(question)}/notes", data={"note-body": "no token"}, follow_redirects=False)
    assert response.status_code == 403
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(QuestionMessage)
                     .where(QuestionMessage.question_id == question.id)) == 0


def test_figures_page_shows_the_figures_as_a_table(browser, ask):
    with time_machine.travel(MONDAY, tick=False):
        ask()
        page = browser("gina").get("/desk/figures?first=2026-01&last=2026-03").text
    assert 'data-month="2026-03"' in page and 'id="figures-table"' in page
    assert browser("bob").get("/desk/figures").status_code == 404


def test_admin_adds_and_removes_a_closure_day(browser, db):
    hank = browser("hank")
    bad = post_form(hank, "/desk/closure-days", "/desk/closure-days", {"day": "tomorrow", "reason": "x"})
    assert bad.status_code == 422 and 'id="day-error"' in bad.text
    response = post_form(hank, "/desk/closure-days", "/desk/closure-days",
                         {"day": "2099-12-24", "reason": "Christmas Eve"})
    assert response.status_code == 303
    page = hank.get("/desk/closure-days").text
    assert "Christmas Eve" in page
    token = csrf_of(page)
    assert hank.post("/desk/closure-days/2099-12-24/remove", data={"csrf_token": token},
                     follow_redirects=False).status_code == 303
    assert "Christmas Eve" not in hank.get("/desk/closure-days").text
    assert browser("erin").get("/desk/closure-days").status_code == 404


def test_a_closure_day_on_a_weekend_is_refused_and_one_in_the_past_needs_confirming(browser):
    hank = browser("hank")
    saturday = post_form(hank, "/desk/closure-days", "/desk/closure-days", {"day": "2099-12-26", "reason": "Boxing"})
    assert saturday.status_code == 422 and "This day is a Saturday or Sunday" in saturday.text
    assert "<title>Error:" in saturday.text and 'href="#day"' in saturday.text
    past = post_form(hank, "/desk/closure-days", "/desk/closure-days", {"day": "2020-03-04", "reason": "Team day"})
    assert past.status_code == 422 and "This day lies in the past." in past.text
    assert 'id="confirm_past"' in past.text and 'href="#confirm_past"' in past.text
    confirmed = post_form(hank, "/desk/closure-days", "/desk/closure-days",
                          {"day": "2020-03-04", "reason": "Team day", "confirm_past": "on"})
    assert confirmed.status_code == 303
    assert "Team day" not in hank.get("/desk/closure-days").text  # listed from this year on
    hank.headers["Accept-Language"] = "nl"
    dutch = post_form(hank, "/desk/closure-days", "/desk/closure-days", {"day": "2099-12-27", "reason": "Zondag"})
    assert "Deze dag is een zaterdag of zondag" in dutch.text
