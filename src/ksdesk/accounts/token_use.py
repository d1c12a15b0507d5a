"""When each API token was last used: noted in memory by the request, written later in batches.

A request with a token only reads. Writing ``last_used_at`` inside that read made every API
call a writer: on SQLite a second request then met the first one's write lock and failed with
"database is locked" (50 parallel GET /api/v1/me gave 25 answers of 500). The time is a hint for
the token's owner ("last used"), not a record, so it is kept per process, written at most once
every INTERVAL per token, after the answer was sent, in its own short transaction; a write that
fails (the database busy for longer than its timeout) is logged and tried again at the next use.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta

from sqlalchemy import text, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from ksdesk.accounts.models import ApiToken
from ksdesk.db import transaction

log = logging.getLogger(__name__)

INTERVAL = timedelta(minutes=5)
# A busy database is not kept waiting for a hint: the write gives up after this long.
WAIT_MS = 1_000


class TokenUse:
    def __init__(self, interval: timedelta = INTERVAL) -> None:
        self.interval = interval
        self._lock = threading.Lock()
        self._noted: dict[int, datetime] = {}  # token id -> the last use this process noted
        self._pending: dict[int, datetime] = {}  # token id -> a use not written yet
        self._flushing = False

    def note(self, token_id: int, when: datetime, stored: datetime | None) -> bool:
        """Notes a use; True when the caller should start a write (one at a time per process)."""
        with self._lock:
            last = max(filter(None, (self._noted.get(token_id), stored)), default=None)
            if last is not None and when - last < self.interval:
                return False
            self._noted[token_id] = when
            self._pending[token_id] = when
            if self._flushing:
                return False  # the write under way, or the next one, takes it
            self._flushing = True
            return True

    def flush(self, factory: sessionmaker[Session]) -> None:
        """Writes every use noted so far, in one short transaction; best effort."""
        try:
            while True:
                with self._lock:
                    pending, self._pending = self._pending, {}
                    if not pending:
                        self._flushing = False
                        return
                try:
                    with transaction(factory, busy_ms=WAIT_MS) as session:
                        if session.get_bind().dialect.name == "postgresql":
                            session.execute(text(f"SET LOCAL lock_timeout = {WAIT_MS}"))
                        for token_id, when in sorted(pending.items()):
                            session.execute(update(ApiToken).where(ApiToken.id == token_id)
                                            .values(last_used_at=when))
                except SQLAlchemyError:
                    log.warning("could not record the use of %d API token(s); retried at their next use",
                                len(pending), exc_info=True)
                    with self._lock:
                        for token_id in pending:
                            self._noted.pop(token_id, None)
        except BaseException:
            with self._lock:
                self._flushing = False
            raise
