"""The UK Sanctions List (FCDO) in its published CSV.

The first line is a banner ("Report Date: 19-Feb-2026"), the second the header; then one row
per name of a designation: rows share the ``Unique ID`` (e.g. "DPR0001"); an entity's name is
in ``Name 6`` and a person's parts in ``Name 1`` to ``Name 5`` with the surname in ``Name 6``.
``Name type`` is "Primary Name", "Primary name variation" (a spelling of it) or "Alias" (with an
``Alias strength``: good or low quality); the name columns hold Latin (SWIFT) characters only, a
name in another script is in ``Name non-latin script`` beside its language. A designation with
several addresses repeats its names on the line of each address. ``Designation Type`` is Entity,
Individual or Ship; persons and ships are left out by default, as for the other lists.
"""

from __future__ import annotations

import csv
import re
from datetime import datetime
from pathlib import Path

import pycountry

from ksdesk.screening.lists import ListEntry, ListName, ListVersion, risk
from ksdesk.screening.lists._io import country_code
from ksdesk.screening.lists.model import dedupe_names
from ksdesk.text import shortened

LIST_ID = "uk-sanctions"
REQUIRED = {"Unique ID", "Name 6", "Name type", "Designation Type"}
_REPORT_DATE = re.compile(r"Report Date:\s*(\d{1,2}-[A-Za-z]{3}-\d{4})")


def _name(row: dict[str, str], person: bool) -> str:
    parts = [row.get(f"Name {i}", "").strip() for i in (1, 2, 3, 4, 5)]
    last = row.get("Name 6", "").strip()
    return " ".join(p for p in ([*parts, last] if person else [last, *parts]) if p)


def load_uk_sanctions(path: str | Path, include_individuals: bool = False) -> ListVersion:
    with Path(path).open(encoding="utf-8-sig", newline="") as fh:
        banner = fh.readline()
        reader = csv.DictReader(fh)
        if not REQUIRED <= set(reader.fieldnames or []):
            raise ValueError("not the UK Sanctions List's CSV (its header lacks "
                             f"{', '.join(sorted(REQUIRED - set(reader.fieldnames or [])))})")
        grouped: dict[str, list[dict[str, str]]] = {}
        for row in reader:
            if row.get("Unique ID"):
                grouped.setdefault(row["Unique ID"].strip(), []).append(row)
    entries = []
    for uid, rows in grouped.items():
        kind = (rows[0].get("Designation Type") or "").strip().lower()
        person = kind == "individual"
        if kind != "entity" and not include_individuals:
            continue
        rows.sort(key=lambda r: (r.get("Name type", "").strip().lower() != "primary name"))
        names = [ListName(_name(r, person), "official" if i == 0 else "alias") for i, r in enumerate(rows)]
        names += [ListName(r["Name non-latin script"].strip(), "translated", _language(r.get("Non-latin script language")))
                  for r in rows if (r.get("Name non-latin script") or "").strip()]
        first = rows[0]
        country = next((r.get("Address Country", "").strip() for r in rows if r.get("Address Country", "").strip()),
                       None)
        entries.append(ListEntry(
            entity_id=f"{LIST_ID}:{uid}",
            names=dedupe_names([n for n in names if n.value]),
            country=country_code(country),
            category=(first.get("Regime Name") or "").strip() or None,
            reason=shortened((first.get("UK Statement of Reasons") or first.get("Other Information") or "").strip(),
                             2000) or None,
            source_ref=f"UK Sanctions List {uid}",
            schema="person" if person else ("vessel" if kind == "ship" else "organization"),
            extra={k: v for k, v in {"un_reference": (first.get("UN Reference Number") or "").strip(),
                                     "ofsi_group_id": (first.get("OFSI Group ID") or "").strip(),
                                     "country_name": country or ""}.items() if v},
        ))
    match = _REPORT_DATE.search(banner)
    version = ListVersion(
        source=LIST_ID,
        title="UK Sanctions List",
        version_date=datetime.strptime(match.group(1), "%d-%b-%Y").date() if match else None,
        entries=entries,
        authority="UK Foreign, Commonwealth and Development Office",
        url="https://www.gov.uk/government/publications/the-uk-sanctions-list",
        licence="Open Government Licence v3.0",
    )
    return risk.apply(version)


def _language(name: str | None) -> str | None:
    """The list names a script's language in English ("Russian"); the names keep its ISO 639-1 code."""
    found = pycountry.languages.get(name=(name or "").strip()) if (name or "").strip() else None
    return getattr(found, "alpha_2", None)


