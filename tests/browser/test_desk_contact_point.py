"""The desk as national contact point, in Debian's Chromium, on the working-day clock.

One question from the public form to the erasure of its asker's data: the officer takes it, tags
it and consults Foreign Affairs, asks the asker for more and the asker's mailed answer comes in
through ``ksdesk mail-in``; the ministry is reminded on its due day and, once late, the officer
and the desk lead are told; the ministry's late advice arrives by mail through ``ksdesk mail-in``
too, the officer answers, closes and publishes the answer anonymised; two years after closing the retention job erases the asker's details.

The clock is moved with time_machine (the server runs in this process, so it moves too); every
notice is checked in the app (the bell and the notices page) and in the mail sink. The periodic
jobs are run as the worker would run them, at the moment the test has moved to.
"""

from __future__ import annotations

import re
import smtplib
import time
from datetime import datetime
from email.message import EmailMessage
from email.utils import parseaddr

import pytest
import time_machine

from ksdesk.desk import tasks
from ksdesk.desk.mail_in import MailInController
from tests.browser.conftest import log_in, serious_violations
from tests.browser.desk_server import act, send_contact_form, wait_for_mail
from tests.desk.conftest import AMS, Mailbox, free_port

pytestmark = pytest.mark.browser

OFFICER = "officer@demo.ksdesk.nl"
ADMIN = "admin@demo.ksdesk.nl"
LIAISON_BZ = "liaison.bz@demo.ksdesk.nl"
ASKER = "s.jansen@hogeschool.example"
ASKER_NAME = "Sophie Jansen"
# Monday 1 March 2027: received at 09:30, the desk's answer is due Thursday 4 March 17:00 and
# Foreign Affairs' advice (two working days) Wednesday 3 March 17:00.
MONDAY = datetime(2027, 3, 1, 9, 30, tzinfo=AMS)


def at(day: int, hour: int, month: int = 3, year: int = 2027):
    """The clock, running, from that moment (Amsterdam time)."""
    return time_machine.travel(datetime(year, month, day, hour, 0, tzinfo=AMS), tick=True)


def signed_in(new_page, email: str, password: str):
    page = new_page()
    log_in(page, email, password)
    return page


def notices_about(page, reference: str) -> list[str]:
    """The kinds of the user's notices in the app that name the question (the demo has its own)."""
    page.goto("/notifications")
    return page.locator("#notices li").filter(has_text=reference).evaluate_all(
        "items => items.map(i => i.dataset.kind)")


def mails_about(box: Mailbox, address: str, reference: str, count: int) -> list[str]:
    """The subjects of the e-mails to ``address`` that name the question, once ``count`` have come."""
    deadline = time.monotonic() + 10
    while True:
        subjects = [str(m["Subject"]) for m in box.to(address) if reference in str(m["Subject"])]
        if len(subjects) >= count or time.monotonic() > deadline:
            return subjects
        time.sleep(0.1)


def mail_reply(port: int, sender: str, to: str, subject: str, body: str) -> None:
    """An answer from someone's mail program, through the organisation's relay to ksdesk mail-in."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as relay:
        relay.send_message(message)


@pytest.fixture
def mail_in(desk_live):
    """`ksdesk mail-in` on a port of its own, storing into the live server's database."""
    controller = MailInController(desk_live[1], hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller.port
    controller.stop()


def test_a_question_from_the_form_to_the_erasure_of_its_askers_data(new_page, mailbox, mail_in, demo_password):
    with time_machine.travel(MONDAY, tick=True):
        # The administrator names the desk lead, who is told when a ministry is late.
        admin = signed_in(new_page, ADMIN, demo_password)
        admin.goto("/desk/ministries")
        admin.locator("#lead").select_option(label="Eva Smit")
        act(admin, "save-ministries")
        assert "The settings were saved." in admin.content()

        # Someone asks through the public form, without an account.
        asker = new_page()
        asker.goto("/desk/contact")
        reference = send_contact_form(
            asker, name=ASKER_NAME, email=ASKER, subject="A guest researcher with ties to a foreign army",
            text="A guest researcher whose university works for a foreign army wants to join our photonics lab. "
                 "What should we check before we agree?")
        [confirmation] = wait_for_mail(mailbox, ASKER, 1)
        assert reference in confirmation["Subject"]

        # The officer is told in the app and by e-mail, takes the question, tags it and consults
        # Foreign Affairs, then asks the asker for more and the clock stops.
        officer = signed_in(new_page, OFFICER, demo_password)
        assert int(officer.locator("#unread-count").inner_text()) >= 1
        assert notices_about(officer, reference) == ["question_received"]
        assert len(mails_about(mailbox, OFFICER, reference, 1)) == 1
        officer.goto("/desk/queue")
        officer.locator(f'tr[data-reference="{reference}"] a').click()
        officer.wait_for_url(re.compile(r"/desk/questions/\d+"))
        question_url = officer.url.split("?")[0].split("#")[0]
        act(officer, "do-assign")
        act(officer, "add-tag", **{"tags-tag": "Visiting researcher"})
        assert officer.locator('[data-tag="visiting researcher"]').is_visible()
        problems = serious_violations(officer)
        assert problems == [], problems
        officer.locator("#coordination-ministries-bz").check()
        act(officer, "do-coordinate", **{"coordination-note": "Does Foreign Affairs know this university's army ties?"})
        assert "Coordinating with ministries" in officer.locator(".ksd-lead").inner_text()
        officer.locator("#interim").check()
        act(officer, "send-reply", **{"reply-body": "Which faculty of the university does the researcher come from?"})
        act(officer, "do-pause", **{"pause-reason": "The faculty of the guest researcher"})
        assert officer.locator("#resume-form").is_visible()
        officer.goto("/desk/queue?tag=visiting+researcher")
        assert officer.locator(f'tr[data-reference="{reference}"]').is_visible()

        # Foreign Affairs' liaison (a ministry that now has one) is told it is consulted.
        assert len(mails_about(mailbox, LIAISON_BZ, reference, 1)) == 1

    with at(2, 10):
        # Tuesday: the asker answers the desk's e-mail from their mail program; ksdesk mail-in
        # threads it onto the question by its signed reply address and the clock runs again.
        request = next(m for m in wait_for_mail(mailbox, ASKER, 3) if "Which faculty" in Mailbox.body(m))
        reply_to = parseaddr(request["Reply-To"])[1]
        assert reference in reply_to
        mail_reply(mail_in, f"{ASKER_NAME} <{ASKER}>", reply_to, f"Re: {request['Subject']}",
                   f"The School of Electronic Engineering.\n\nOn 1 March 2027 the desk wrote:\n> {reference}")
        officer = signed_in(new_page, OFFICER, demo_password)
        officer.goto(question_url)
        assert "The School of Electronic Engineering." in officer.locator("#conversation").inner_text()
        assert officer.locator("#pause-form").is_visible()  # no longer waiting for the asker
        assert "asker_replied" in notices_about(officer, reference)
        officer.goto("/desk/mail-in")
        assert reference in officer.locator("main").inner_text()

    with at(3, 10):
        # Wednesday, the day Foreign Affairs' advice is due: its liaison is reminded.
        tasks.send_reminders.call_local()
        liaison = signed_in(new_page, LIAISON_BZ, demo_password)
        assert notices_about(liaison, reference) == ["ministry_reminder", "ministry_consulted"]
        liaison.goto("/desk/coordination")
        liaison.locator(f'tr[data-reference="{reference}"] a').click()
        liaison.wait_for_url(re.compile(r"/desk/coordination/\d+"))
        assert ASKER_NAME not in liaison.content() and ASKER not in liaison.content()
        assert len(mails_about(mailbox, LIAISON_BZ, reference, 2)) == 2

    with at(4, 10):
        # Thursday: the advice is late. The officer (who leads the desk too) is told, and sees it.
        tasks.send_reminders.call_local()
        officer = signed_in(new_page, OFFICER, demo_password)
        assert "ministry_overdue" in notices_about(officer, reference)
        escalated = mails_about(mailbox, OFFICER, reference, 4)  # received, replied, due tomorrow, late
        assert len(escalated) == 4
        officer.goto(question_url)
        late = officer.locator('#coordination-requests tr[data-ministry="bz"]')
        assert late.locator('[data-warning="overdue"]').is_visible()

        # The late advice comes in by mail: the liaison answers the reminder from their mail program,
        # to the ministry's signed reply address it carries; the officer is told and reads it.
        reminder = [m for m in mailbox.to(LIAISON_BZ) if reference in str(m["Subject"])][-1]
        assert f"+{reference}.bz." in reminder["Reply-To"]
        mail_reply(mail_in, f"Ruben de Wit <{LIAISON_BZ}>", reminder["Reply-To"], f"Re: {reminder['Subject']}",
                   "BZ: the university is on our list; agree a visitor plan first.\n\n> Reminder")
        assert "advice_received" in notices_about(officer, reference)
        officer.goto(question_url)
        assert "agree a visitor plan first" in late.inner_text()

        # The officer answers, closes and publishes the answer without the asker.
        officer.goto(question_url)
        act(officer, "send-reply", **{"reply-body": "Agree a visitor plan and keep the lab's export-controlled work apart."})
        assert "Answered" in officer.locator(".ksd-lead").inner_text()
        act(officer, "do-close")
        assert "Closed" in officer.locator(".ksd-lead").inner_text()
        officer.goto(f"{question_url}/publish")
        officer.locator("#title").fill("A guest researcher from a university that works for an army")
        officer.locator("#do-publish").click()
        officer.wait_for_url(re.compile(r"/desk/faq/\d+"))
        entry_url = officer.url
        answer = wait_for_mail(mailbox, ASKER, 4)
        assert any("visitor plan" in Mailbox.body(m) for m in answer)

        public = new_page()
        public.goto(entry_url)
        text = public.locator("main").inner_text()
        assert "keep the lab's export-controlled work apart" in text
        assert ASKER_NAME not in text and ASKER not in text

    with at(6, 10, year=2029):
        # Two years after closing, the nightly retention job erases what the desk held on the asker.
        erased = tasks.erase_expired_personal_data.call_local()
        assert erased["contact"] >= 1 and erased["messages"] >= 1  # the demo's own closed questions too
        officer = signed_in(new_page, OFFICER, demo_password)
        officer.goto(question_url)
        page = officer.locator("main").inner_text()
        assert ASKER_NAME not in page and ASKER not in page
        assert "The School of Electronic Engineering." not in page
        public = new_page()
        public.goto(entry_url)
        assert "keep the lab's export-controlled work apart" in public.locator("main").inner_text()
