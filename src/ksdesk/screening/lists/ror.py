"""The organisation registry: ROR records, one JSON object a line (plain or gzipped)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ksdesk.screening.lists._io import data_dir, open_text
from ksdesk.screening.lists.model import ListName, dedupe_names
from ksdesk.screening.names import has_han

DEFAULT = "ror/ror_records.jsonl"
LIST_ID = "registry"


@dataclass
class RegistryOrg:
    ror_id: str
    names: list[ListName]
    country: str | None
    city: str | None = None
    types: list[str] = field(default_factory=list)
    status: str = "active"
    established: int | None = None
    parents: list[str] = field(default_factory=list)
    children: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    successors: list[str] = field(default_factory=list)  # what a withdrawn organisation became
    domains: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.names[0].value


def org_from_record(rec: dict) -> RegistryOrg:
    names = [ListName(rec["name"], "official")]
    names += [ListName(a, "alias") for a in rec.get("aliases") or []]
    names += [ListName(a, "acronym") for a in rec.get("acronyms") or []]
    for label in rec.get("labels") or []:
        value = label.get("value") or label.get("label")
        if value:
            lang = label.get("lang") or label.get("iso639") or ("zh" if has_han(value) else None)
            names.append(ListName(value, "translated", lang))
    rels = rec.get("relationships") or []
    return RegistryOrg(
        ror_id=rec["id"],
        names=dedupe_names(names),
        country=(rec.get("country_code") or "").lower() or None,
        city=rec.get("city"),
        types=list(rec.get("types") or []),
        status=rec.get("status") or "active",
        established=rec.get("established"),
        parents=[r["id"] for r in rels if r.get("type", "").lower() == "parent"],
        children=[r["id"] for r in rels if r.get("type", "").lower() == "child"],
        related=[r["id"] for r in rels if r.get("type", "").lower() == "related"],
        successors=[r["id"] for r in rels if r.get("type", "").lower() == "successor"],
        domains=[d.lower() for d in rec.get("domains") or []],
    )


def load_ror(path: str | Path | None = None, limit: int | None = None) -> list[RegistryOrg]:
    path = Path(path) if path else data_dir() / DEFAULT
    orgs = []
    with open_text(path) as fh:
        for line in fh:
            if line.strip():
                orgs.append(org_from_record(json.loads(line)))
                if limit and len(orgs) >= limit:
                    break
    return orgs
