"""Who is told what: notices written in the transaction of the change that causes them.

A notice is a row for the bell and, when the user wants it, an e-mail in the desk's outbox:
both are written with the change (a question arriving, a ministry consulted, advice given), so
a change that rolls back tells nobody; the e-mail itself is sent by a job after the commit,
never inside the request.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ksdesk import audit
from ksdesk.accounts.models import User
from ksdesk.accounts.principal import Principal
from ksdesk.db import utcnow
from ksdesk.desk import mail
from ksdesk.errors import NotFound
from ksdesk.notifications.kinds import ROLES, SOURCE_PROBLEM_TEXTS, TEXTS, Kind, kinds_for
from ksdesk.notifications.models import Notification, NotificationPreference
from ksdesk.settings import get_settings
from ksdesk.vocab import MINISTRY_LABELS, Ministry, Role
from ksdesk.web import i18n
from ksdesk.web.messages import sentence

LIST_LIMIT = 100


def text(kind: str, params: dict, language: str) -> str:
    """The notice in ``language``; a ministry's code is shown as its name, a reason's code as its sentence."""
    shown = dict(params)
    if shown.get("ministry") in {m.value for m in Ministry}:
        shown["ministry"] = i18n.gettext(language, MINISTRY_LABELS[Ministry(shown["ministry"])])
    wording = TEXTS[Kind(kind)]
    if kind == Kind.SOURCE_PROBLEM and shown.get("outcome") in SOURCE_PROBLEM_TEXTS and shown.get("reason_code"):
        wording = SOURCE_PROBLEM_TEXTS[shown["outcome"]]
        # A notice's line ends without a full stop, as every other one does (the e-mail adds it).
        shown["reason"] = sentence(shown["reason_code"], shown.get("reason_params") or {},
                                   lambda message: i18n.gettext(language, message)).rstrip(".")
    return i18n.gettext(language, wording, **shown)


# ------------------------------------------------------------------ recipients


def _active(session: Session, *conditions) -> list[User]:
    return list(session.scalars(select(User).where(User.active.is_(True), *conditions).order_by(User.id)))


def desk_officers(session: Session) -> list[User]:
    return _active(session, User.role == Role.DESK_OFFICER.value)


def liaisons_of(session: Session, ministry: str) -> list[User]:
    return _active(session, User.role == Role.MINISTRY_LIAISON.value, User.ministry == ministry)


def advisors_of(session: Session, institution_id: int) -> list[User]:
    return _active(session, User.role == Role.ADVISOR.value, User.institution_id == institution_id)


def officer_of(session: Session, assigned_to_id: int | None) -> list[User]:
    """The officer a question is assigned to; every officer while nobody has it."""
    if assigned_to_id is not None:
        officer = session.get(User, assigned_to_id)
        if officer is not None and officer.active:
            return [officer]
    return desk_officers(session)


# ------------------------------------------------------------------ sending


def notify(session: Session, kind: Kind, users: Iterable[User], *, link: str, reply_to: str | None = None,
           **params: object) -> int:
    """Tells each user (once, whatever the list repeats) as they chose; returns how many were told.
    With ``reply_to`` the e-mail can be answered there (a ministry's advice, desk.inbound)."""
    recipients = {u.id: u for u in users if u.active and u.role in {r.value for r in ROLES[kind]}}
    if not recipients:
        return 0
    chosen = {p.user_id: p for p in session.scalars(
        select(NotificationPreference).where(NotificationPreference.kind == kind.value,
                                             NotificationPreference.user_id.in_(list(recipients))))}
    told = 0
    base = get_settings().public_base_url.rstrip("/")
    for user_id, user in recipients.items():
        preference = chosen.get(user_id)
        in_app = preference is None or preference.in_app
        by_email = preference is None or preference.by_email
        if in_app:
            session.add(Notification(user_id=user_id, kind=kind.value, params=params, link=link))
        if by_email:
            mail.queue_notice(session, recipient=user.email, language=user.language,
                              subject=text(kind.value, params, user.language),
                              link=base + link, settings_link=f"{base}/notifications/settings",
                              name=user.name, reply_to=reply_to)
        told += in_app or by_email
    session.flush()
    return told


# ------------------------------------------------------------------ the user's own notices


@dataclass(frozen=True)
class NoticeRead:
    id: int
    kind: str
    text: str
    link: str
    created_at: datetime
    unread: bool


def unread_count(session: Session, user_id: int) -> int:
    return session.scalar(select(func.count()).select_from(Notification)
                          .where(Notification.user_id == user_id, Notification.read_at.is_(None))) or 0


def list_notices(session: Session, principal: Principal, language: str, *, limit: int = LIST_LIMIT) -> list[NoticeRead]:
    rows = session.scalars(
        select(Notification).where(Notification.user_id == principal.user_id)
        .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit)
    )
    return [NoticeRead(id=n.id, kind=n.kind, text=text(n.kind, n.params or {}, language), link=n.link,
                       created_at=n.created_at, unread=n.read_at is None) for n in rows]


def open_notice(session: Session, principal: Principal, notice_id: int) -> str:
    """Marks one of the user's own notices read; returns where it points."""
    notice = session.get(Notification, notice_id)
    if notice is None or notice.user_id != principal.user_id:
        raise NotFound(f"notice {notice_id} not found", code="page_not_found")
    if notice.read_at is None:
        notice.read_at = utcnow()
        session.flush()
        audit.record(session, principal, "notification.read", "notification", notice.id)
    return notice.link


def mark_all_read(session: Session, principal: Principal) -> int:
    result = session.execute(
        update(Notification).where(Notification.user_id == principal.user_id, Notification.read_at.is_(None))
        .values(read_at=utcnow()).execution_options(synchronize_session=False)
    )
    count = result.rowcount  # type: ignore[attr-defined]  # an UPDATE's CursorResult
    audit.record(session, principal, "notification.read_all", "user", principal.user_id, after={"read": count})
    return count


# ------------------------------------------------------------------ choices


def preferences(session: Session, principal: Principal) -> dict[Kind, tuple[bool, bool]]:
    """(in the app, by e-mail) for every kind of notice the user's role can get."""
    rows = {p.kind: p for p in session.scalars(
        select(NotificationPreference).where(NotificationPreference.user_id == principal.user_id))}
    out = {}
    for kind in kinds_for(principal.role):
        row = rows.get(kind.value)
        out[kind] = (True, True) if row is None else (row.in_app, row.by_email)
    return out


def save_preferences(session: Session, principal: Principal, choices: dict[str, tuple[bool, bool]]) -> None:
    """Stores the user's choice for every kind their role can get; a kind not named is neither."""
    before = {k.value: v for k, v in preferences(session, principal).items()}
    after = {}
    for kind in kinds_for(principal.role):
        in_app, by_email = choices.get(kind.value, (False, False))
        row = session.get(NotificationPreference, (principal.user_id, kind.value))
        if row is None:
            row = NotificationPreference(user_id=principal.user_id, kind=kind.value)
            session.add(row)
        row.in_app, row.by_email = bool(in_app), bool(by_email)
        after[kind.value] = (row.in_app, row.by_email)
    session.flush()
    audit.record(session, principal, "notification.preferences", "user", principal.user_id,
                 before={k: list(v) for k, v in before.items()}, after={k: list(v) for k, v in after.items()})
