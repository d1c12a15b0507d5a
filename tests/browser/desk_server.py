"""A live server of the desk on a database of its own, for the browser tests that follow a question.

It mails to an SMTP server started by the test (the mail sink) and runs jobs in-process, which the
shared live server does not. The fixtures in tests/browser/conftest.py give each test module
that uses them a server and a database of its own.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from aiosmtpd.controller import Controller
from sqlalchemy.orm import Session, sessionmaker

from ksdesk import jobs, schema
from ksdesk.db import make_engine, transaction
from ksdesk.demo.load import load_demo
from ksdesk.settings import get_settings
from ksdesk.wiring import install
from tests.desk.conftest import Mailbox, free_port


@contextmanager
def mail_sink() -> Iterator[Mailbox]:
    """An SMTP server that keeps what the desk sends; ``.port`` says where it listens."""
    box = Mailbox()
    box.port = free_port()  # type: ignore[attr-defined]
    controller = Controller(box, hostname="127.0.0.1", port=box.port)  # type: ignore[attr-defined]
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


@contextmanager
def desk_server(database_url: str, mailbox: Mailbox) -> Iterator[tuple[str, sessionmaker[Session]]]:
    """The app with the demo data, mailing to ``mailbox``: (its address, the session factory)."""
    from ksdesk.app.factory import create_app

    saved_env = {k: os.environ.get(k) for k in ("KSDESK_SMTP_HOST", "KSDESK_SMTP_PORT")}
    os.environ["KSDESK_SMTP_HOST"] = "127.0.0.1"
    os.environ["KSDESK_SMTP_PORT"] = str(mailbox.port)  # type: ignore[attr-defined]
    get_settings.cache_clear()
    engine = make_engine(database_url)
    schema.upgrade(engine)
    factory = install(engine)
    with transaction(factory) as session:
        load_demo(session)
    previous = jobs.huey.immediate, jobs._session_factory
    jobs.huey.immediate = True
    jobs.use_session_factory(factory)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(factory), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the desk's live server did not start")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}", factory
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        jobs.huey.immediate = previous[0]
        jobs.use_session_factory(previous[1])
        for key, value in saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        get_settings.cache_clear()
        engine.dispose()


def wait_for_mail(box: Mailbox, address: str, count: int, timeout: float = 10) -> list:
    deadline = time.monotonic() + timeout
    while len(box.to(address)) < count and time.monotonic() < deadline:
        time.sleep(0.1)
    return box.to(address)



def send_contact_form(page, *, name: str, email: str, subject: str, text: str) -> str:
    """Fills in the public contact form the page shows, sends it and returns the reference."""
    page.locator("#asker_name").fill(name)
    page.locator("#asker_email").fill(email)
    page.locator("#asker_role").select_option("support_staff")
    page.locator("#institution_name").fill("Hogeschool Voorbeeld")
    page.locator("#subject").fill(subject)
    page.locator("#text").fill(text)
    page.locator("#topics-knowledge_transfer").check()
    page.locator("#countries").select_option(["CN"])
    page.locator("#consent").check()
    page.locator("#send-question").click()
    page.wait_for_url(re.compile(r"/desk/contact/received/KV-"))
    return page.locator("#reference").inner_text().strip()


def act(page, button: str, **fields: str) -> None:
    """Fills in the fields (by id), presses the button and waits for the page it leads to."""
    for field, value in fields.items():
        page.locator(f"#{field}").fill(value)
    page.locator(f"#{button}").click()
    page.wait_for_load_state()
