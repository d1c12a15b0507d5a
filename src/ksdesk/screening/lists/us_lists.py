"""The thirteen US restricted-party lists as parsed for NSF's 2026 Dear Colleague Letter.

Each file is ``{list_id, source_file, extracted, count, entities: [...]}``; ``lists.json``
describes every list (official name, agency, URL, snapshot). The files carry no entity
ids, so ids are derived from the list id, name and country.
"""

from __future__ import annotations

import json
from pathlib import Path

from ksdesk.screening.lists import risk
from ksdesk.screening.lists._io import country_code, data_dir, open_text, parse_date, resolve
from ksdesk.screening.lists.model import ListEntry, ListName, ListVersion, dedupe_names, stable_id
from ksdesk.screening.names import looks_like_acronym

FOLDER = "watchlists/us_restricted_lists"


def _metadata(folder: Path) -> dict[str, dict]:
    try:
        with open_text(folder / "lists.json") as fh:
            return {m["id"]: m for m in json.load(fh)["lists"]}
    except FileNotFoundError:
        return {}


def load_us_list(path: str | Path, meta: dict | None = None) -> ListVersion:
    with open_text(path) as fh:
        data = json.load(fh)
    list_id = data["list_id"]
    meta = meta or {}
    entries = []
    for ent in data["entities"]:
        names = [ListName(ent["name"], "official")]
        for alias in ent.get("aliases") or []:
            names.append(ListName(alias, "acronym" if looks_like_acronym(alias) else "alias"))
        notes = ent.get("notes")
        entries.append(
            ListEntry(
                entity_id=stable_id(list_id, ent["name"], ent.get("country")),
                names=dedupe_names(names),
                country=country_code(ent.get("country")),
                category=meta.get("short_name"),
                reason=notes,
                source_ref=ent.get("federal_register") or meta.get("official_url"),
                schema="unknown",
                extra={k: ent.get(k) for k in ("address", "status", "effective_date", "federal_register") if ent.get(k)}
                | ({"country_name": ent["country"]} if ent.get("country") else {}),
            )
        )
    version = ListVersion(
        source=list_id,
        title=meta.get("official_name") or list_id,
        version_date=parse_date(data.get("extracted")),
        entries=entries,
        authority=meta.get("agency"),
        url=meta.get("official_url"),
        licence="US government work",
    )
    return risk.apply(version)


def load_us_lists(folder: str | Path | None = None) -> list[ListVersion]:
    folder = Path(folder) if folder else data_dir() / FOLDER
    meta = _metadata(folder)
    versions = []
    names = sorted({p.name.removesuffix(".gz") for p in folder.iterdir() if ".json" in p.name})
    for name in names:
        if name == "lists.json":
            continue
        with open_text(resolve(folder / name)) as fh:
            list_id = json.load(fh).get("list_id")
        if list_id:
            versions.append(load_us_list(folder / name, meta.get(list_id)))
    return versions
