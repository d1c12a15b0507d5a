"""`ksdesk mail-in`: the desk's mail receiver, an SMTP (or LMTP) server on a port.

The organisation's mail relay hands it the mail for the desk's address, the way helpdesks take
mail in. Recipients outside the desk's domain are refused at RCPT; every message for the desk
is stored (desk.inbound): threaded onto its question, or kept aside for an officer. A message
the database could not take is answered with a temporary failure, so the relay tries again.
"""

from __future__ import annotations

import asyncio
import logging

from aiosmtpd.controller import Controller
from aiosmtpd.lmtp import LMTP
from aiosmtpd.smtp import SMTP
from sqlalchemy.orm import Session, sessionmaker

from ksdesk.db import transaction
from ksdesk.desk import inbound
from ksdesk.desk.reply_address import accepts_recipient

log = logging.getLogger(__name__)
# Replies carry text; a relay that sends more is refused at the door (552).
MAX_BYTES = 10 * 1024 * 1024


class DeskMailbox:
    def __init__(self, factory: sessionmaker[Session]) -> None:
        self.factory = factory

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if not accepts_recipient(address):
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        try:
            received = await asyncio.to_thread(self._store, raw, list(envelope.rcpt_tos))
        except Exception as exc:  # the relay keeps the message and tries again later
            log.warning("mail could not be stored, the relay will retry: %s: %s", type(exc).__name__, exc)
            return "451 4.3.0 The desk could not store the message now; try again later"
        if received.status == "threaded":
            return f"250 2.0.0 Added to question {received.reference}"
        return "250 2.0.0 Received; the desk will look at it"

    def _store(self, raw: bytes, recipients: list[str]) -> inbound.Received:
        with transaction(self.factory) as session:
            return inbound.receive(session, raw, recipients)


class MailInController(Controller):
    """Runs the receiver in a thread of its own (aiosmtpd's controller), as SMTP or as LMTP."""

    def __init__(self, factory: sessionmaker[Session], *, hostname: str, port: int, lmtp: bool = False) -> None:
        self.lmtp = lmtp
        super().__init__(DeskMailbox(factory), hostname=hostname, port=port, data_size_limit=MAX_BYTES)

    def factory(self):
        if self.lmtp:
            return LMTP(self.handler, data_size_limit=MAX_BYTES)
        return SMTP(self.handler, data_size_limit=MAX_BYTES)
