"""ROR's official data dump, read as published: the zip from Zenodo, or the schema-v2 JSON in it.

The dump is one JSON array of about 120,000 records (some hundreds of megabytes); it is parsed
as a stream (ijson), one record at a time, so memory stays bounded whatever its size. Each
record becomes the same ``RegistryOrg`` the shipped registry copy is read into.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from ksdesk.screening.lists import ListName, RegistryOrg
from ksdesk.screening.lists.model import dedupe_names

# Name types of schema v2, and the kind each is given here.
_KINDS = {"ror_display": "official", "alias": "alias", "acronym": "acronym", "label": "translated"}


class DumpUnreadable(ValueError):
    """The file is not an ROR dump (or not a whole one)."""


def _member(archive: zipfile.ZipFile) -> str:
    """The schema-v2 JSON of a dump zip: "…_schema_v2.json" beside a v1 file, else the one JSON file."""
    names = [n for n in archive.namelist() if n.lower().endswith(".json") and not n.startswith("__MACOSX")]
    v2 = [n for n in names if "schema_v2" in n.lower()]
    if v2:
        return v2[0]
    if len(names) == 1:
        return names[0]
    raise DumpUnreadable(f"the zip holds no single ROR JSON file ({', '.join(names) or 'none'})")


@contextmanager
def open_dump(path: str | Path) -> Iterator[IO[bytes]]:
    path = Path(path)
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive, archive.open(_member(archive)) as fh:
            yield fh
    else:
        with path.open("rb") as fh:
            yield fh


def org_from_v2(rec: dict[str, Any]) -> RegistryOrg:
    names: list[ListName] = []
    display = None
    for n in rec.get("names") or []:
        types = n.get("types") or []
        value = n.get("value")
        if not value:
            continue
        if "ror_display" in types:
            display = ListName(value, "official", n.get("lang"))
            continue
        kind = next((_KINDS[t] for t in types if t in _KINDS), "alias")
        names.append(ListName(value, kind, n.get("lang")))
    if display is None:
        if not names:
            raise DumpUnreadable(f"record {rec.get('id')} has no name")
        display = ListName(names[0].value, "official", names[0].lang)
    location = (rec.get("locations") or [{}])[0].get("geonames_details") or {}
    rels = rec.get("relationships") or []

    def related(kind: str) -> list[str]:
        return [r["id"] for r in rels if (r.get("type") or "").lower() == kind and r.get("id")]

    established = rec.get("established")
    return RegistryOrg(
        ror_id=rec["id"],
        names=dedupe_names([display, *names]),
        country=(location.get("country_code") or "").lower() or None,
        city=location.get("name"),
        types=list(rec.get("types") or []),
        status=rec.get("status") or "active",
        established=int(established) if established else None,
        parents=related("parent"),
        children=related("child"),
        related=related("related"),
        successors=related("successor"),
        domains=[d.lower() for d in rec.get("domains") or []],
    )


def read_dump(path: str | Path) -> Iterator[RegistryOrg]:
    """Every record of the dump, one at a time. A file cut short fails when the stream ends early."""
    import ijson  # when a dump is read, not by every process that may read one

    try:
        with open_dump(path) as fh:
            for rec in ijson.items(fh, "item", use_float=True):
                if not isinstance(rec, dict) or "id" not in rec:
                    raise DumpUnreadable("an item of the dump is not an ROR record")
                yield org_from_v2(rec)
    except (ijson.JSONError, zipfile.BadZipFile, EOFError, KeyError) as exc:
        raise DumpUnreadable(f"{Path(path).name} is not a complete ROR dump: {exc}") from exc


def count_records(path: str | Path) -> int:
    return sum(1 for _ in read_dump(path))
