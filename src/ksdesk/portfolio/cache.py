"""The portfolio's aggregates, kept until the data they were counted from changes.

Counted from the portfolio's facts (models.py), an overview of 10^5 collaborations takes about a
tenth of a second; kept, it is shown without counting at all. The figures change only when
something is registered, changed, screened or assessed. Every such change leaves a row in the
append-only audit log, and bulk loads change the number of collaborations, so the latest audit id and a few row counts and highest ids say
whether a stored result is still current. A single cheap query checks that per request. As a
safety net against changes outside the services (a hand-run SQL update), results also expire
after ``TTL_SECONDS``.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from threading import Lock
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ksdesk.assessment.models import Assessment, ReassessmentFlag
from ksdesk.audit import AuditEvent
from ksdesk.registry.models import Collaboration
from ksdesk.screening.models import ScreeningAlert

T = TypeVar("T")
TTL_SECONDS = 600
MAX_ENTRIES = 256

enabled = True
_store: OrderedDict[Hashable, tuple[float, object]] = OrderedDict()
_lock = Lock()


def fingerprint(session: Session) -> tuple:
    parts = [
        select(func.max(AuditEvent.id)).scalar_subquery(),
        select(func.count()).select_from(Collaboration).scalar_subquery(),
        select(func.max(Collaboration.id)).scalar_subquery(),
        select(func.max(ScreeningAlert.id)).scalar_subquery(),
        select(func.count()).select_from(ScreeningAlert).where(ScreeningAlert.status == "open").scalar_subquery(),
        select(func.max(Assessment.id)).scalar_subquery(),
        select(func.max(ReassessmentFlag.id)).scalar_subquery(),
        select(func.count()).select_from(ReassessmentFlag)
        .where(ReassessmentFlag.cleared_at.is_(None)).scalar_subquery(),
    ]
    return tuple(session.execute(select(*parts)).one())


def remember(session: Session, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``'s result for ``key`` on this database, counted again when the data changed."""
    if not enabled:
        return compute()
    database = session.get_bind().engine.url.render_as_string(hide_password=True)
    full_key = (database, key, fingerprint(session))
    now = time.monotonic()
    with _lock:
        hit = _store.get(full_key)
        if hit is not None and hit[0] > now:
            _store.move_to_end(full_key)
            return hit[1]  # type: ignore[return-value]
    value = compute()
    with _lock:
        _store[full_key] = (now + TTL_SECONDS, value)
        while len(_store) > MAX_ENTRIES:
            _store.popitem(last=False)
    return value


def clear() -> None:
    with _lock:
        _store.clear()
