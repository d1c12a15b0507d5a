"""US Consolidated Screening List (trade.gov), in its CSV download or its JSON API shape.

CSV columns: ``_id, source, entity_number, type, programs, name, title, addresses, …,
alt_names, …``; multi-valued fields are joined with "; ". JSON: ``{"results": [...]}``
with ``alt_names`` as a list and ``addresses`` as objects with a ``country`` code.
Each CSL record keeps its source list as category.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from ksdesk.screening.lists import risk
from ksdesk.screening.lists._io import country_code, date_from_name, open_text
from ksdesk.screening.lists.model import ListEntry, ListName, ListVersion, dedupe_names, stable_id
from ksdesk.screening.names import looks_like_acronym

LIST_ID = "us-csl"
_SCHEMA = {"individual": "person", "entity": "organization", "vessel": "vessel", "aircraft": "aircraft"}


def _entry(rec: dict, alt_names: list[str], countries: list[str]) -> ListEntry:
    name = rec["name"].strip()
    names = [ListName(name, "official")]
    names += [ListName(a, "acronym" if looks_like_acronym(a) else "alias") for a in alt_names if a]
    rec_id = rec.get("_id") or rec.get("id") or stable_id(LIST_ID, rec.get("source"), name)
    return ListEntry(
        entity_id=f"{LIST_ID}:{rec_id}",
        names=dedupe_names(names),
        country=next((c for c in map(country_code, countries) if c), None),
        category=rec.get("source"),
        reason=rec.get("remarks") or rec.get("license_requirement"),
        source_ref=rec.get("source_list_url") or rec.get("federal_register_notice"),
        schema=_SCHEMA.get((rec.get("type") or "").lower(), "unknown"),
        extra={k: rec[k] for k in ("entity_number", "programs", "start_date", "federal_register_notice") if rec.get(k)},
    )


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(";") if v.strip()]


def _version(entries: list[ListEntry], path: Path) -> ListVersion:
    return risk.apply(
        ListVersion(
            source=LIST_ID,
            title="Consolidated Screening List (trade.gov)",
            version_date=date_from_name(path),
            entries=entries,
            authority="U.S. Department of Commerce, International Trade Administration",
            url="https://www.trade.gov/consolidated-screening-list",
            licence="US government work",
        )
    )


def load_csl_csv(path: str | Path) -> ListVersion:
    path = Path(path)
    with open_text(path, encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    entries = []
    for row in rows:
        # The CSV prints each address as "street, city, state, postal code, COUNTRY".
        countries = [a.rsplit(",", 1)[-1].strip() for a in _split(row.get("addresses"))]
        countries += _split(row.get("nationalities")) + _split(row.get("citizenships"))
        entries.append(_entry(row, _split(row.get("alt_names")), countries))
    return _version(entries, path)


def load_csl_json(path: str | Path) -> ListVersion:
    path = Path(path)
    with open_text(path, encoding="utf-8-sig") as fh:
        data = json.load(fh)
    results = data["results"] if isinstance(data, dict) else data
    entries = []
    for rec in results:
        countries = [a.get("country") for a in rec.get("addresses") or [] if a.get("country")]
        countries += list(rec.get("nationalities") or []) + list(rec.get("citizenships") or [])
        entries.append(_entry(rec, list(rec.get("alt_names") or []), countries))
    return _version(entries, path)
