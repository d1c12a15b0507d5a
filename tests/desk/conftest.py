"""Desk fixtures: a local SMTP server, jobs run in-process, and a quick way to ask a question."""

from __future__ import annotations

import socket
import threading
from datetime import datetime
from email import message_from_bytes
from email.message import Message
from zoneinfo import ZoneInfo

import pytest
from aiosmtpd.controller import Controller

from ksdesk import jobs
from ksdesk.desk import service
from ksdesk.settings import get_settings

AMS = ZoneInfo("Europe/Amsterdam")
# A Monday in March 2026, no holiday nearby: received at 10:00, due Thursday 17:00.
MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=AMS)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Mailbox:
    """What arrived at the test SMTP server."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            self.messages.append(message_from_bytes(envelope.original_content or envelope.content))
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 OK"

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages if m["To"] == address]

    @staticmethod
    def body(message: Message) -> str:
        return message.get_payload(decode=True).decode(message.get_content_charset() or "utf-8")


@pytest.fixture(autouse=True)
def smtp_port(monkeypatch) -> int:
    """Every desk test mails to a port of its own: nothing listens there unless ``mailbox`` runs."""
    port = free_port()
    monkeypatch.setenv("KSDESK_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("KSDESK_SMTP_PORT", str(port))
    get_settings.cache_clear()
    yield port
    monkeypatch.undo()
    get_settings.cache_clear()


@pytest.fixture
def mailbox(smtp_port) -> Mailbox:
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    box.controller = controller
    yield box
    if controller.loop.is_running():
        controller.stop()


@pytest.fixture(autouse=True)
def jobs_inline(session_factory):
    """Jobs run at once, in this process, on the test's own (rolled-back) connection; nothing
    reaches a real queue or database."""
    previous_immediate = jobs.huey.immediate
    previous_factory = jobs._session_factory
    jobs.huey.immediate = True
    jobs.use_session_factory(session_factory)
    yield jobs.huey
    jobs.huey.immediate = previous_immediate
    jobs.use_session_factory(previous_factory)


def form(**overrides) -> dict:
    data = {
        "asker_name": "Jan Jansen",
        "asker_email": "jan.jansen@uni.example",
        "asker_role": "researcher",
        "language": "nl",
        "institution_name": "Hogeschool Voorbeeld",
        "subject": "Samenwerking met een buitenlandse universiteit",
        "text": "Wij overwegen een samenwerking met een universiteit in het buitenland. Waar moeten wij op letten?",
        "topics": ["knowledge_transfer"],
        "countries": ["CN"],
        "consent": True,
    }
    data.update(overrides)
    return data


@pytest.fixture
def ask(db):
    """Submits a question through the public form (or as ``principal``) and commits."""

    def _ask(principal=None, **overrides):
        question = service.submit_question(db, form(**overrides), principal=principal)
        db.commit()
        return question

    return _ask


# The web and API tests of the desk sign in like every other web test.
from tests.webtools import anonymous, api, app, browser, make_collaboration, partner  # noqa: E402,F401
