"""The audit history of a registry record, told field by field: who, when, what before and after."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ksdesk.audit import AuditEvent
from ksdesk.registry.labels import ACTION_LABELS, FIELD_LABELS
from ksdesk.vocab import (
    AGREEMENT_ITEMS,
    DIRECTION_LABELS,
    FACILITIES_LABELS,
    FORM_LABELS,
    NAME_KIND_LABELS,
    ORGANISATION_TYPE_LABELS,
    PARTNER_ROLE_LABELS,
    STATUS_LABELS,
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


def describe(events: list[AuditEvent], gettext: Gettext, show_date: Callable[[date], str] = str) -> list[Entry]:
    """Newest first, as a reader looks for the latest change."""
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
            Entry(event.at, event.actor_label, gettext(action) if action else event.action, event.reason, changes)
        )
    return entries
