"""ASPI China Defence Universities Tracker, as published in the MISP galaxy.

The current galaxy file lost ASPI's risk statement in a generator bug; the first commit
of the file still has it (``meta.risk``), so both are read and joined on the ASPI URL.
Subsidiaries and major defence laboratories become entries of their own, linked to
their institution by ``parent_entity_id``: a hit on one of them is a hit on the
institution.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from ksdesk.screening.lists import risk
from ksdesk.screening.lists._io import data_dir, open_text
from ksdesk.screening.lists.model import ListEntry, ListName, ListVersion, dedupe_names
from ksdesk.screening.names import has_han, looks_like_acronym

LIST_ID = "aspi-unitracker"
FOLDER = "watchlists/aspi_unitracker"
CURRENT = "china-defence-universities.misp-galaxy.json"
INITIAL = "china-defence-universities.misp-galaxy.initial-b4c3ffc.json"
# MISP scraped the tracker in August 2020; the galaxy file carries no date of its own.
SNAPSHOT_DATE = date(2020, 8, 22)

# PLA institutions are named "中国人民解放军…" (Chinese People's Liberation Army …) in
# full, but papers and contracts mostly drop the prefix.
_PLA_PREFIXES = ("中国人民解放军", "中國人民解放軍")
_RISK = re.compile(r"designated (very[ -]high|high|medium|low|very[ -]low)[ -]risk", re.I)
# How ASPI's notes on a laboratory begin; no laboratory's name begins so.
_NOTE = re.compile(r"(?:jointly|established|based in|originally|it is|this|the lab|previously|under|formerly)\b",
                   re.IGNORECASE)
_TRAILING_PAREN = re.compile(r"^(.*?)\s*[（(]([^()（）]*)[)）]?\s*$")


def split_value(value: str) -> tuple[str, str | None]:
    """ "English name (中文名)" → ("English name", "中文名"); also copes with a lost ")"."""
    m = _TRAILING_PAREN.match(value.strip())
    if m and has_han(m.group(2)):
        return m.group(1).strip(), m.group(2).strip()
    return value.strip(), None


def _meta(meta: dict, *keys: str) -> list:
    for k in keys:
        if meta.get(k):
            v = meta[k]
            return v if isinstance(v, list) else [v]
    return []


def parse_risk(statement: str | None) -> str | None:
    m = _RISK.search(statement or "")
    return m.group(1).lower().replace("-", " ") if m else None


def _alias_kind(alias: str) -> tuple[str, str | None]:
    if has_han(alias):
        return "translated", "zh"
    if looks_like_acronym(alias):
        return "acronym", None
    return "alias", None


def load_aspi(folder: str | Path | None = None, current: str = CURRENT, initial: str | None = INITIAL) -> ListVersion:
    folder = Path(folder) if folder else data_dir() / FOLDER
    with open_text(folder / current) as fh:
        galaxy = json.load(fh)
    risk_by_url: dict[str, str] = {}
    if initial and (folder / initial).exists():
        with open_text(folder / initial) as fh:
            for v in json.load(fh)["values"]:
                for ref in _meta(v["meta"], "refs"):
                    risk_by_url[ref] = v["meta"].get("risk", "")
    entries: list[ListEntry] = []
    for v in galaxy["values"]:
        meta = v.get("meta", {})
        en, zh = split_value(v["value"])
        names = [ListName(en, "official", "en")]
        if zh:
            names.append(ListName(zh, "translated", "zh"))
        for alias in _meta(meta, "aliases", "alias"):
            kind, lang = _alias_kind(alias)
            names.append(ListName(alias, kind, lang))
        for n in list(names):
            for prefix in _PLA_PREFIXES:
                if n.value.startswith(prefix) and len(n.value) > len(prefix) + 1:
                    names.append(ListName(n.value[len(prefix) :], "alias", "zh"))
        refs = _meta(meta, "refs")
        statement = next((risk_by_url[r] for r in refs if r in risk_by_url), None)
        entity_id = f"{LIST_ID}:{v['uuid']}"
        entry = ListEntry(
            entity_id=entity_id,
            names=dedupe_names(names),
            country="cn",
            category=" | ".join(_meta(meta, "categories", "category")) or None,
            reason=statement or v.get("description"),
            source_ref=refs[0] if refs else None,
            risk_level=parse_risk(statement),
            extra={
                "risk_statement": statement,
                "supervising_agencies": _meta(meta, "supervising agencies", "supervising agency"),
                "topics": _meta(meta, "topics"),
                "address": meta.get("address"),
            },
        )
        entries.append(entry)
        parts = [("subsidiary", s) for s in _meta(meta, "subsidiaries", "subsidiary")]
        parts += [("laboratory", s) for s in _meta(meta, "major defence laboratories", "Major Defence Laboratories")]
        seen: set[str] = set()
        previous: ListEntry | None = None
        for i, (kind, value) in enumerate(parts):
            p_en, p_zh = split_value(value)
            if _NOTE.match(p_en):
                # The galaxy split ASPI's note on a laboratory into an item of its own: "Jointly run
                # with Peking University" is said of the laboratory before it, and names none.
                if previous is not None and previous.category == kind:
                    previous.reason = f"{previous.reason}. {p_en}"
                continue
            if p_en.lower() in seen:
                continue
            seen.add(p_en.lower())
            p_names = [ListName(p_en, kind, "en")] + ([ListName(p_zh, "translated", "zh")] if p_zh else [])
            previous = ListEntry(
                entity_id=f"{entity_id}/{kind}/{i}",
                names=p_names,
                country="cn",
                category=kind,
                reason=f"{kind.capitalize()} of {en}, listed by ASPI",
                source_ref=entry.source_ref,
                parent_entity_id=entity_id,
            )
            entries.append(previous)
    version = ListVersion(
        source=LIST_ID,
        title="ASPI China Defence Universities Tracker (MISP galaxy)",
        version_date=SNAPSHOT_DATE,
        entries=entries,
        authority="Australian Strategic Policy Institute",
        url="https://unitracker.aspi.org.au",
        licence="MISP compilation CC0-1.0 / BSD-2-Clause; content by ASPI",
    )
    risk.apply(version)
    by_id = version.by_id()
    for e in version.entries:
        if e.parent_entity_id:
            e.risk_level = by_id[e.parent_entity_id].risk_level
    return version
