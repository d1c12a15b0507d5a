"""The desk's own rules that an administrator sets: each ministry's response time and who leads
the desk (the one escalations go to). Stored as rows of desk_setting, with the defaults here."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ksdesk import audit
from ksdesk.accounts.models import User
from ksdesk.accounts.principal import Principal
from ksdesk.desk.models import DeskSetting
from ksdesk.errors import Forbidden, Refusal, ValidationFailed
from ksdesk.vocab import Ministry, Role

# A ministry answers within two working days unless the administrator sets otherwise.
DEFAULT_MINISTRY_DAYS = 2
MAX_MINISTRY_DAYS = 20
MINISTRY_DAYS = "ministry_response_days"
DESK_LEAD = "desk_lead"


def _value(session: Session, key: str) -> dict:
    row = session.get(DeskSetting, key)
    return dict(row.value or {}) if row is not None else {}


def _store(session: Session, actor: Principal, key: str, value: dict) -> None:
    row = session.get(DeskSetting, key)
    before = dict(row.value or {}) if row is not None else None
    if row is None:
        row = DeskSetting(key=key, value=value)
        session.add(row)
    else:
        row.value = value
    session.flush()
    audit.record(session, actor, "desk_setting.change", "desk_setting", key, before=before, after=value)


def _require_admin(actor: Principal) -> None:
    if not actor.has_role(Role.ADMIN):
        raise Forbidden("only an administrator can change the desk's rules", code="role_not_allowed")


def ministry_days(session: Session) -> dict[str, int]:
    """Working days each ministry has to advise, for all seven."""
    stored = _value(session, MINISTRY_DAYS)
    return {m.value: int(stored.get(m.value, DEFAULT_MINISTRY_DAYS)) for m in Ministry}


def set_ministry_days(session: Session, actor: Principal, days: dict[str, str | int]) -> dict[str, int]:
    _require_admin(actor)
    errors: dict[str, Refusal] = {}
    parsed: dict[str, int] = {}
    for ministry in Ministry:
        raw = str(days.get(ministry.value, DEFAULT_MINISTRY_DAYS)).strip()
        if not raw.isdigit() or not 1 <= int(raw) <= MAX_MINISTRY_DAYS:
            errors[f"days-{ministry.value}"] = Refusal("working_days_range", f"between 1 and {MAX_MINISTRY_DAYS}",
                                                       {"n": MAX_MINISTRY_DAYS})
        else:
            parsed[ministry.value] = int(raw)
    if errors:
        raise ValidationFailed("the response times were not saved", code="settings_not_saved", field_errors=errors)
    _store(session, actor, MINISTRY_DAYS, parsed)
    return parsed


def desk_lead(session: Session) -> User | None:
    """The desk officer escalations go to; None until an administrator names one."""
    user_id = _value(session, DESK_LEAD).get("user_id")
    user = session.get(User, user_id) if user_id else None
    return user if user is not None and user.active and user.role == Role.DESK_OFFICER.value else None


def set_desk_lead(session: Session, actor: Principal, user_id: int | None) -> None:
    _require_admin(actor)
    if user_id is not None:
        user = session.get(User, user_id)
        if user is None or user.role != Role.DESK_OFFICER.value or not user.active:
            raise ValidationFailed.of_field("lead", "officer_unknown", "not an active desk officer")
    _store(session, actor, DESK_LEAD, {"user_id": user_id})


# ------------------------------------------------------------------ retention

RETENTION = "retention_months"
# Personal data of a closed question is kept two years after closing unless set otherwise.
DEFAULT_RETENTION_MONTHS = 24
MAX_RETENTION_MONTHS = 120
RETENTION_KINDS = ("contact", "messages", "notes")


def retention_months(session: Session) -> dict[str, int]:
    """Months after closing that each kind of data is kept: the asker's contact details, the
    messages (question and replies), the desk's internal notes (and the ministries' advice)."""
    stored = _value(session, RETENTION)
    return {kind: int(stored.get(kind, DEFAULT_RETENTION_MONTHS)) for kind in RETENTION_KINDS}


def set_retention_months(session: Session, actor: Principal, months: dict[str, str | int]) -> dict[str, int]:
    _require_admin(actor)
    errors: dict[str, Refusal] = {}
    parsed: dict[str, int] = {}
    for kind in RETENTION_KINDS:
        raw = str(months.get(kind, DEFAULT_RETENTION_MONTHS)).strip()
        if not raw.isdigit() or not 1 <= int(raw) <= MAX_RETENTION_MONTHS:
            errors[f"months-{kind}"] = Refusal("retention_range", f"between 1 and {MAX_RETENTION_MONTHS}",
                                               {"n": MAX_RETENTION_MONTHS})
        else:
            parsed[kind] = int(raw)
    if errors:
        raise ValidationFailed("the retention terms were not saved", code="settings_not_saved", field_errors=errors)
    _store(session, actor, RETENTION, parsed)
    return parsed
