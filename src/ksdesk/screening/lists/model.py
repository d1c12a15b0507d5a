"""Plain records every list loader returns, whatever the published format."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

# official: the name the list gives first; alias: a.k.a.; acronym: a short form;
# former: f.k.a. / previous name; translated: the same name in another language or
# script; subsidiary / laboratory: a name of a part that the list ties to the entry.
NAME_KINDS = ("official", "alias", "acronym", "former", "translated", "subsidiary", "laboratory")


class ListName(NamedTuple):
    value: str
    kind: str
    lang: str | None = None


@dataclass
class ListEntry:
    entity_id: str
    names: list[ListName]
    country: str | None = None  # ISO 3166-1 alpha-2, lower case, when the list names one
    category: str | None = None
    reason: str | None = None
    source_ref: str | None = None
    risk_level: str | None = None
    parent_entity_id: str | None = None
    schema: str = "organization"  # organization / person / unknown
    extra: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.names[0].value


@dataclass
class ListVersion:
    source: str  # a stable list id, e.g. "bis-entity-list"
    title: str
    version_date: date | None
    entries: list[ListEntry]
    authority: str | None = None
    url: str | None = None
    licence: str | None = None

    def by_id(self) -> dict[str, ListEntry]:
        return {e.entity_id: e for e in self.entries}


def stable_id(prefix: str, *parts: str | None) -> str:
    """An entity id that survives a newer version of a list that carries no ids of its own."""
    text = "|".join((p or "").strip().lower() for p in parts)
    return f"{prefix}:{hashlib.sha1(text.encode('utf-8')).hexdigest()[:12]}"


def dedupe_names(names: list[ListName]) -> list[ListName]:
    seen: set[str] = set()
    out = []
    for n in names:
        value = " ".join(n.value.split())
        if value and value.lower() not in seen:
            seen.add(value.lower())
            out.append(ListName(value, n.kind, n.lang))
    return out
