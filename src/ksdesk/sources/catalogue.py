"""The catalogue of official sources: where each is published, in what format, how often.

The shipped defaults are in catalogue.yaml beside this module; a deployment overrides or adds
sources in its own file (KSDESK_SOURCES_CATALOGUE) and may fetch everything from a mirror
(KSDESK_SOURCES_MIRROR). Both are read on every call, so an edit needs no restart.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ksdesk.errors import NotFound, ValidationFailed
from ksdesk.settings import get_settings

SHIPPED = Path(__file__).with_name("catalogue.yaml")
FORMATS = ("un", "ofac-sdn", "ofac-consolidated", "csl-json", "canada-nro-html", "aspi", "eu-fsf", "uk-sanctions",
           "ror-dump")
DISCOVERY = ("zenodo",)


@dataclass(frozen=True)
class SourceFile:
    name: str  # the name it is stored under, which the format's reader expects
    url: str | None = None
    checksum: str | None = None  # "sha256:<hex>" or "md5:<hex>"
    checksum_url: str | None = None
    match: str | None = None  # with discovery: the published file whose name ends so


@dataclass(frozen=True)
class Source:
    code: str
    title: str
    format: str
    files: tuple[SourceFile, ...]
    frequency_days: int
    authority: str | None = None
    licence: str | None = None
    select: str | None = None  # keep only the records of this category (one list out of a combined one)
    discover: str | None = None
    url: str | None = None  # the discovery address
    timeout_seconds: float = 60.0
    max_bytes: int = 300 * 1024 * 1024
    max_drop: float = 0.2
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def is_registry(self) -> bool:
        return self.format == "ror-dump"


def _read(path: Path) -> dict:
    # Read on every assessment (through the lists' freshness): parsed once per version of the file.
    stat = path.stat()
    return copy.deepcopy(_parsed(path, stat.st_mtime_ns, stat.st_size))


@lru_cache(maxsize=8)
def _parsed(path: Path, _mtime_ns: int, _size: int) -> dict:
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    if not isinstance(data, dict):
        raise ValidationFailed(f"{path} is not a source catalogue", code="source_catalogue_invalid",
                               params={"file": str(path)})
    return data


def _source(raw: dict, defaults: dict, mirror: str, origin: Path) -> Source:
    try:
        code = str(raw["code"])
        files = tuple(SourceFile(name=str(f["name"]), url=f.get("url"), checksum=f.get("checksum"),
                                 checksum_url=f.get("checksum_url"), match=f.get("match"))
                      for f in raw["files"])
        source = Source(
            code=code, title=str(raw.get("title") or code), format=str(raw["format"]), files=files,
            frequency_days=int(raw.get("frequency_days", 30)), authority=raw.get("authority"),
            licence=raw.get("licence"), select=raw.get("select"), discover=raw.get("discover"),
            url=raw.get("url"),
            timeout_seconds=float(raw.get("timeout_seconds", defaults.get("timeout_seconds", 60))),
            max_bytes=int(raw.get("max_bytes", defaults.get("max_bytes", 300 * 1024 * 1024))),
            max_drop=float(raw.get("max_drop", defaults.get("max_drop", 0.2))),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ValidationFailed(f"{origin}: a source is incomplete ({exc})", code="source_catalogue_invalid",
                               params={"file": str(origin)}) from exc
    if source.format not in FORMATS or (source.discover and source.discover not in DISCOVERY) or not files:
        raise ValidationFailed(f"{origin}: source {code!r} has an unknown format or discovery",
                               code="source_catalogue_invalid", params={"file": str(origin)})
    if not source.discover and any(not f.url for f in files) and not mirror:
        raise ValidationFailed(f"{origin}: source {code!r} has a file without an address",
                               code="source_catalogue_invalid", params={"file": str(origin)})
    if mirror:
        # A mirror holds the files themselves: nothing to discover, and no digest published beside
        # the official file; a digest the catalogue itself names still has to match.
        base = mirror.rstrip("/")
        source = replace(source, discover=None,
                         files=tuple(replace(f, url=f"{base}/{code}/{f.name}", checksum_url=None) for f in files))
    return source


def load_catalogue(path: Path | None = None, overrides: Path | None = None, mirror: str | None = None
                   ) -> dict[str, Source]:
    """Every source by code, in catalogue order: the shipped ones, then the deployment's changes."""
    settings = get_settings()
    overrides = overrides if overrides is not None else settings.sources_catalogue
    mirror = settings.sources_mirror if mirror is None else mirror
    shipped = _read(path or SHIPPED)
    defaults = dict(shipped.get("defaults") or {})
    raws: dict[str, tuple[dict, Path]] = {r["code"]: (r, path or SHIPPED) for r in shipped.get("sources") or []}
    if overrides:
        extra = _read(overrides)
        defaults.update(extra.get("defaults") or {})
        for r in extra.get("sources") or []:
            raws[r["code"]] = (r, overrides)
    return {code: _source(raw, defaults, mirror, origin) for code, (raw, origin) in raws.items()}


def get_source(code: str, catalogue: dict[str, Source] | None = None) -> Source:
    catalogue = catalogue if catalogue is not None else load_catalogue()
    if code not in catalogue:
        raise NotFound(f"no source {code!r} in the catalogue (known: {', '.join(catalogue)})",
                       code="source_not_found", params={"code": code})
    return catalogue[code]
