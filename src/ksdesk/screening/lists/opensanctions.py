"""OpenSanctions / FollowTheMoney entities, one JSON object a line.

Only legal-entity schemata become entries (Organization, Company, PublicBody,
LegalEntity; Person when asked). FtM name properties map to name kinds: ``name`` →
official, ``alias`` → alias, ``weakAlias`` and ``abbreviation`` → acronym,
``previousName`` → former. ``parent`` (an Organization's parent, when the dataset
carries it) becomes ``parent_entity_id``.
"""

from __future__ import annotations

import json
from pathlib import Path

from followthemoney import model

from ksdesk.screening.lists import risk
from ksdesk.screening.lists._io import country_code, date_from_name, open_text
from ksdesk.screening.lists.model import ListEntry, ListName, ListVersion, dedupe_names

LIST_ID = "opensanctions"
_ORG_SCHEMATA = ("Organization", "Company", "PublicBody", "LegalEntity")
_NAME_PROPS = (
    ("name", "official"),
    ("alias", "alias"),
    ("abbreviation", "acronym"),
    ("weakAlias", "acronym"),
    ("previousName", "former"),
)


def _first(props: dict, key: str) -> str | None:
    values = props.get(key) or []
    return values[0] if values else None


def load_ftm(path: str | Path, list_id: str = LIST_ID, include_persons: bool = False) -> ListVersion:
    path = Path(path)
    allowed = _ORG_SCHEMATA + (("Person",) if include_persons else ())
    entries = []
    with open_text(path) as fh:
        for line in fh:
            if not line.strip():
                continue
            data = json.loads(line)
            schema = model.get(data.get("schema", ""))
            if schema is None or not any(schema.is_a(s) for s in allowed):
                continue
            # A Person is a LegalEntity in FtM; keep people only when asked.
            if schema.is_a("Person") and not include_persons:
                continue
            props = data.get("properties", {})
            names = [ListName(v, kind) for prop, kind in _NAME_PROPS for v in props.get(prop, [])]
            if not names:
                continue
            countries = props.get("country", []) + props.get("jurisdiction", []) + props.get("mainCountry", [])
            topics = props.get("topics", [])
            entries.append(
                ListEntry(
                    entity_id=f"{list_id}:{data['id']}",
                    names=dedupe_names(names),
                    country=next((c for c in map(country_code, countries) if c), None),
                    category=" | ".join(topics) or None,
                    reason=_first(props, "notes") or _first(props, "program"),
                    source_ref=_first(props, "sourceUrl"),
                    parent_entity_id=f"{list_id}:{props['parent'][0]}" if props.get("parent") else None,
                    schema="person" if schema.is_a("Person") else "organization",
                    extra={"datasets": data.get("datasets", []), "ftm_schema": schema.name},
                )
            )
    return risk.apply(
        ListVersion(
            source=list_id,
            title="OpenSanctions (FollowTheMoney entities)",
            version_date=date_from_name(path),
            entries=entries,
            authority="OpenSanctions",
            url="https://www.opensanctions.org",
            licence="CC BY-NC 4.0 (commercial use needs a licence)",
        )
    )
