"""A question's whole life in Debian's Chromium: asked through the public form, handled by the desk
with advice from a ministry, answered, closed, and the asker's e-mail arrived — plus an axe-core
check of the desk's pages.

The server here is this module's own (desk_live in tests/browser/conftest.py): it mails to an SMTP server
started in the test and runs jobs in-process, which the shared live server does not.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import log_in, serious_violations
from tests.browser.desk_server import send_contact_form, wait_for_mail
from tests.desk.conftest import Mailbox

pytestmark = pytest.mark.browser

OFFICER = "officer@demo.ksdesk.nl"
LIAISON = "liaison.ocw@demo.ksdesk.nl"
ADVISOR = "advisor.leiden@demo.ksdesk.nl"
ASKER = "m.de.groot@hogeschool.example"


def no_serious_violations(page) -> None:
    problems = serious_violations(page)
    assert problems == [], f"{page.url}: {problems}"


def test_question_from_public_form_to_closed_answer_with_ministry_advice(new_page, mailbox, demo_password):
    # The public asks, without an account.
    asker = new_page()
    asker.goto("/desk/contact")
    no_serious_violations(asker)
    reference = send_contact_form(
        asker, name="Marieke de Groot", email=ASKER, subject="Visiting researcher from a defence university",
        text="A researcher from a university with defence ties wants to visit our lab for six months. What should "
             "we check before we agree?")
    assert re.fullmatch(r"KV-\d{4}-\d{6}", reference)
    assert asker.locator("#due-date").inner_text().strip()
    no_serious_violations(asker)
    [confirmation] = wait_for_mail(mailbox, ASKER, 1)
    assert reference in confirmation["Subject"]

    # The desk officer finds it in the queue, takes it and asks the education ministry.
    officer = new_page()
    log_in(officer, OFFICER, demo_password)
    officer.goto("/desk/queue")
    no_serious_violations(officer)
    officer.locator(f'tr[data-reference="{reference}"] a').click()
    officer.wait_for_url(re.compile(r"/desk/questions/\d+"))
    question_url = officer.url.split("?")[0].split("#")[0]
    no_serious_violations(officer)
    officer.locator("#do-assign").click()
    officer.wait_for_load_state()
    assert "In progress" in officer.locator(".ksd-lead").inner_text()
    officer.locator("#coordination-ministries-ocw").check()
    officer.locator("#coordination-note").fill("Does OCW know this university?")
    officer.locator("#do-coordinate").click()
    officer.wait_for_load_state()
    assert "Coordinating with ministries" in officer.locator(".ksd-lead").inner_text()
    officer.locator("#note-body").fill("INTERNAL-ONLY: check the visitor against the ASPI tracker")
    officer.locator("#add-note").click()
    officer.wait_for_load_state()

    # The liaison of that ministry sees the question, without the asker, and advises.
    liaison = new_page()
    log_in(liaison, LIAISON, demo_password)
    liaison.goto("/desk/coordination")
    no_serious_violations(liaison)
    liaison.locator(f'tr[data-reference="{reference}"] a').click()
    liaison.wait_for_url(re.compile(r"/desk/coordination/\d+"))
    assert "Marieke de Groot" not in liaison.content() and ASKER not in liaison.content()
    no_serious_violations(liaison)
    liaison.locator("#advice").fill("OCW: agree a visitor plan and limit lab access.")
    liaison.locator("#save-advice").click()
    liaison.wait_for_load_state()
    assert "Your advice was saved." in liaison.locator("#notice").inner_text()

    # The officer sees the advice, replies publicly and closes the question.
    officer.goto(question_url)
    assert "OCW: agree a visitor plan" in officer.locator("#coordination").inner_text()
    officer.locator("#reply-body").fill("Agree a visitor plan and limit access to the lab. Screen the university.")
    officer.locator("#send-reply").click()
    officer.wait_for_load_state()
    assert "Answered" in officer.locator(".ksd-lead").inner_text()
    officer.locator("#do-close").click()
    officer.wait_for_load_state()
    assert "Closed" in officer.locator(".ksd-lead").inner_text()
    no_serious_violations(officer)

    # The asker's e-mails arrived: confirmation, "coordination takes longer", and the reply.
    arrived = wait_for_mail(mailbox, ASKER, 3)
    bodies = [Mailbox.body(m) for m in arrived]
    assert any("Agree a visitor plan and limit access to the lab." in b for b in bodies)
    assert all("INTERNAL-ONLY" not in b for b in bodies)


def test_desk_pages_have_no_serious_accessibility_violations(new_page, demo_password):
    anonymous = new_page()
    for url in ("/desk/faq", "/desk/contact"):
        anonymous.goto(url)
        no_serious_violations(anonymous)
    anonymous.locator("#send-question").click()  # empty form: the error summary and marked fields
    anonymous.wait_for_load_state()
    assert anonymous.locator("#error-summary").is_visible()
    no_serious_violations(anonymous)

    advisor = new_page()
    log_in(advisor, ADVISOR, demo_password)
    for url in ("/desk/ask", "/desk/my-questions"):
        advisor.goto(url)
        no_serious_violations(advisor)

    officer = new_page()
    log_in(officer, OFFICER, demo_password)
    for url in ("/desk/templates", "/desk/search?q=samenwerking", "/desk/figures"):
        officer.goto(url)
        no_serious_violations(officer)
