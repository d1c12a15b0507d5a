"""The audit history of a registry record, told field by field: who, when, what before and after."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from ksdesk.accounts.names import people_of
from ksdesk.accounts.principal import Principal
from ksdesk.audit import AuditEvent
from ksdesk.registry.labels import ACTION_LABELS, ANOTHER_INSTITUTION, FIELD_LABELS, FORMER_USER
from ksdesk.vocab import (
    AGREEMENT_ITEMS,
    DIRECTION_LABELS,
    FACILITIES_LABELS,
    FORM_LABELS,
    NAME_KIND_LABELS,
    ORGANISATION_TYPE_LABELS,
    PARTNER_ROLE_LABELS,
    STATUS_LABELS,
    Role,
)

Gettext = Callable[[str], str]

# Keys that identify rather than describe; showing them would only add noise.
HIDDEN = frozenset({"id", "institution_id"})

VOCABULARY_FIELDS: dict[str, Mapping[Any, str]] = {
    "form": FORM_LABELS,
    "status": STATUS_LABELS,
    "org_type": ORGANISATION_TYPE_LABELS,
    "facilities_provider": FACILITIES_LABELS,
}


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class Entry:
    at: datetime
    actor: str
    action: str
    reason: str | None
    changes: list[Change]


def _vocab(mapping: Mapping[Any, str], key: object, gettext: Gettext) -> str:
    for k, label in mapping.items():
        if str(k) == str(key):
            return gettext(label)
    return str(key)


DATE_FIELDS = frozenset({"start_date", "end_date"})


def _show(field: str, value, gettext: Gettext, show_date: Callable[[date], str]) -> str:
    if value is None or value == [] or value == {} or value == "":
        return "—"
    if field in DATE_FIELDS and isinstance(value, str):
        try:
            return show_date(date.fromisoformat(value))
        except ValueError:
            return value
    if field in VOCABULARY_FIELDS:
        return _vocab(VOCABULARY_FIELDS[field], value, gettext)
    if field == "agreements" and isinstance(value, dict):
        agreed = [gettext(AGREEMENT_ITEMS[k]) for k, v in value.items() if v and k in AGREEMENT_ITEMS]
        return "; ".join(agreed) or "—"
    if field == "partners" and isinstance(value, list):
        return "; ".join(f"{p.get('name')} ({_vocab(PARTNER_ROLE_LABELS, p.get('role'), gettext)})" for p in value)
    if field == "funding" and isinstance(value, list):
        return "; ".join(f"{f.get('funder_name')}: {f.get('share_percent'):g}%" if isinstance(
            f.get("share_percent"), (int, float)) else str(f.get("funder_name")) for f in value)
    if field == "exchanges" and isinstance(value, list):
        return "; ".join(
            f"{e.get('year')} {_vocab(DIRECTION_LABELS, e.get('direction'), gettext)} "
            f"{e.get('country_code')}: {e.get('people')}" for e in value
        )
    if field == "names" and isinstance(value, list):
        return "; ".join(f"{n.get('value')} ({_vocab(NAME_KIND_LABELS, n.get('kind'), gettext)})" for n in value)
    if field in ("parent_ids", "child_ids") and isinstance(value, list):
        return ", ".join(f"#{v}" for v in value)
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    return str(value)


# Who made a change, as one reader of the history may know them: a name, or an English message id
# (ANOTHER_INSTITUTION, FORMER_USER) that is translated where it is shown.
Editors = Callable[[AuditEvent], str]


def editors(session: Session, events: list[AuditEvent], reader: Principal | None = None) -> Editors:
    """Names who made each change, never by the address they sign in with.

    ``reader`` None: everyone who reads the object may know its people (a collaboration is read by
    its own institutions). Given a reader (an organisation, which every role reads): a person of an
    institution is named to their own institution and to administrators; anyone else reads
    ANOTHER_INSTITUTION, or a researcher of one university would be named to all others. People of
    no institution (the desk, the ministries, administrators) act for the service and are named."""
    people = people_of(session, (e.actor_id for e in events))

    def who(event: AuditEvent) -> str:
        if event.actor_id is None:
            return event.actor_label  # the system, an import
        person = people.get(event.actor_id)
        if person is None:
            return FORMER_USER
        name, institution_id = person
        if (reader is None or reader.is_system or reader.role is Role.ADMIN or institution_id is None
                or institution_id == reader.institution_id):
            return name
        return ANOTHER_INSTITUTION

    return who


def describe(events: list[AuditEvent], gettext: Gettext, show_date: Callable[[date], str] = str,
             who: Editors | None = None) -> list[Entry]:
    """Newest first, as a reader looks for the latest change; ``who`` names the person of each (see
    editors)."""
    entries = []
    for event in reversed(events):
        before, after = event.before or {}, event.after or {}
        fields = [f for f in FIELD_LABELS if f in before or f in after]
        fields += sorted((set(before) | set(after)) - set(fields))
        changes = [
            Change(gettext(FIELD_LABELS.get(f, f)), _show(f, before.get(f), gettext, show_date),
                   _show(f, after.get(f), gettext, show_date))
            for f in fields
            if (f in before or f in after) and f not in HIDDEN
        ]
        # A field that was empty and stays empty (on registration) tells the reader nothing.
        changes = [c for c in changes if c.before != c.after]
        action = ACTION_LABELS.get(event.action)
        entries.append(
            Entry(event.at, _actor(event, who, gettext), gettext(action) if action else event.action, event.reason,
                  changes)
        )
    return entries


def _actor(event: AuditEvent, who: Editors | None, gettext: Gettext) -> str:
    if who is None:
        return event.actor_label
    named = who(event)
    return gettext(named) if named in (ANOTHER_INSTITUTION, FORMER_USER) else named
