"""A small ROR data dump in the official layout, made from the registry records shipped in data/ror.

Zenodo's dump is a zip holding "<release>-ror-data.json" (schema v1, until ROR dropped it) and
"<release>-ror-data_schema_v2.json": one JSON array of schema-v2 records. The shipped records
were flattened from such records; this turns them back.
"""

from __future__ import annotations

import gzip
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

from ksdesk.settings import REPO_ROOT

SHIPPED = REPO_ROOT / "data" / "ror" / "ror_records.jsonl.gz"
RELEASE = "v1.99-2026-11-20"


def shipped_records(limit: int | None = None) -> Iterator[dict]:
    with gzip.open(SHIPPED, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if limit is not None and n >= limit:
                return
            yield json.loads(line)


def to_v2(rec: dict) -> dict:
    names = [{"value": rec["name"], "types": ["ror_display", "label"], "lang": None}]
    names += [{"value": a, "types": ["alias"], "lang": None} for a in rec.get("aliases") or []]
    names += [{"value": a, "types": ["acronym"], "lang": None} for a in rec.get("acronyms") or []]
    names += [{"value": la.get("value") or la.get("label"), "types": ["label"], "lang": la.get("lang") or la.get("iso639")}
              for la in rec.get("labels") or []]
    return {
        "id": rec["id"],
        "names": names,
        "locations": [{"geonames_id": 0, "geonames_details": {"country_code": rec.get("country_code"),
                                                               "name": rec.get("city")}}],
        "types": rec.get("types") or [],
        "status": rec.get("status") or "active",
        "established": rec.get("established"),
        "relationships": rec.get("relationships") or [],
        "domains": rec.get("domains") or [],
        "links": [],
        "external_ids": [],
        "admin": {"created": {"date": "2020-01-01", "schema_version": "1.0"},
                  "last_modified": {"date": "2026-11-20", "schema_version": "2.1"}},
    }


def write_dump(path: Path, records: list[dict], release: str = RELEASE) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{release}-ror-data.json", "[]")
        with archive.open(f"{release}-ror-data_schema_v2.json", "w") as fh:
            fh.write(b"[")
            for n, rec in enumerate(records):
                fh.write((b"," if n else b"") + json.dumps(to_v2(rec), ensure_ascii=False).encode("utf-8"))
            fh.write(b"]")
    return path


def zenodo_answer(file_url: str, checksum: str, release: str = RELEASE) -> dict:
    """The part of Zenodo's records API answer the desk reads."""
    return {"hits": {"hits": [{"metadata": {"version": release},
                                "files": [{"key": f"{release}-ror-data.zip", "checksum": checksum,
                                           "links": {"self": file_url}}]}]}}
