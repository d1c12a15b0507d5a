"""Catalogues the rule set refers to: sensitive technology areas and mitigation measures.

They are data files beside this module (catalogues/), each entry with its public source, so a
newer edition is a file replacement. Canada's STRA list is read in the JSON shape published by
RSToolkit (the file in data/catalogues/canada_stra/ is a copy of the same edition).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from ksdesk.assessment.levels import Level, normalise

HERE = Path(__file__).parent / "catalogues"

STRA_SOURCE = {
    "title": "Sensitive Technology Research Areas (STRA)",
    "publisher": "Government of Canada",
    "url": "https://science.gc.ca/site/science/en/safeguarding-your-research/guidelines-and-tools-implement-research-security/sensitive-technology-research-areas",
    "via": "seawaydigital/RSToolkit, src/data/straData.js (names and descriptions paraphrase the official list)",
    "attribution": "Contains information licensed under the Government of Canada's terms (Crown copyright, non-commercial reproduction with attribution)",
}


@dataclass(frozen=True)
class TechnologyEntry:
    catalogue: str
    id: str
    name: dict[str, str]
    sensitivity: Level
    aliases: tuple[str, ...] = ()
    # Search words that are not part of the public list itself (STRA: added by the toolkit author).
    keywords: tuple[str, ...] = ()
    parent: str | None = None
    code: str | None = None
    description: str | None = None
    certainty: str = "confirmed"

    @property
    def ref(self) -> str:
        return f"{self.catalogue}:{self.id}"


@dataclass
class TechnologyCatalogue:
    id: str
    title: str
    source: dict
    entries: list[TechnologyEntry]

    def entry(self, entry_id: str) -> TechnologyEntry | None:
        return next((e for e in self.entries if e.id == entry_id), None)


@dataclass(frozen=True)
class Mitigation:
    id: str
    kind: str
    label: dict[str, str]
    description: dict[str, str]
    source: dict


@dataclass
class Catalogues:
    technology: dict[str, TechnologyCatalogue] = field(default_factory=dict)
    mitigations: dict[str, Mitigation] = field(default_factory=dict)


@dataclass(frozen=True)
class AreaMatch:
    entry: TechnologyEntry
    term: str
    how: str  # name / alias / keyword / reference / within-name


def read_stra(data: dict, sensitivity: Level = "high") -> TechnologyCatalogue:
    """Canada's 11 categories and their sub-areas, in RSToolkit's JSON shape (any edition)."""
    entries = []
    weapons = {"advanced-weapons", "advanced-weapons-general"}
    for cat in data["categories"]:
        level: Level = "very_high" if cat["id"] in weapons else sensitivity
        entries.append(TechnologyEntry("canada_stra", cat["id"], {"en": cat["name"]}, level, description=cat.get("description")))
        for sub in cat.get("subcategories", []):
            sub_level: Level = "very_high" if sub["id"] in weapons else sensitivity
            entries.append(
                TechnologyEntry(
                    "canada_stra",
                    sub["id"],
                    {"en": sub["name"]},
                    sub_level,
                    keywords=tuple(sub.get("keywords", ())),
                    parent=cat["id"],
                    description=sub.get("description"),
                )
            )
    source = dict(STRA_SOURCE, edition=data.get("lastUpdated"), url=data.get("sourceUrl") or STRA_SOURCE["url"])
    return TechnologyCatalogue("canada_stra", "Canada — Sensitive Technology Research Areas", source, entries)


def read_technology_yaml(data: dict) -> TechnologyCatalogue:
    default = normalise(data.get("default_sensitivity")) or "high"
    entries = [
        TechnologyEntry(
            data["id"],
            str(e["id"]),
            dict(e["name"]),
            normalise(e.get("sensitivity")) or default,
            aliases=tuple(e.get("aliases", ())),
            code=e.get("code"),
            certainty=e.get("certainty", "confirmed"),
            description=e.get("note"),
        )
        for e in data["entries"]
    ]
    source = {k: data.get(k) for k in ("publisher", "url", "edition", "attribution")}
    source["title"] = data["title"]
    return TechnologyCatalogue(data["id"], data["title"], source, entries)


def read_mitigations(data: dict) -> dict[str, Mitigation]:
    sources = data.get("sources", {})
    out = {}
    for m in data["mitigations"]:
        out[m["id"]] = Mitigation(m["id"], m["kind"], dict(m["label"]), dict(m["description"]), dict(sources.get(m["source"], {"title": m["source"]}), id=m["source"]))
    return out


@lru_cache(maxsize=1)
def load_catalogues(directory: str | None = None) -> Catalogues:
    base = Path(directory) if directory else HERE
    tech = {}
    stra = read_stra(json.loads((base / "canada_stra.json").read_text(encoding="utf-8")))
    tech[stra.id] = stra
    for name in ("nl_screening_clusters.yaml", "eu_dual_use.yaml"):
        cat = read_technology_yaml(yaml.safe_load((base / name).read_text(encoding="utf-8")))
        tech[cat.id] = cat
    mitigations = read_mitigations(yaml.safe_load((base / "mitigations.yaml").read_text(encoding="utf-8")))
    return Catalogues(tech, mitigations)


# ---- matching a collaboration's free-text technology areas to catalogue entries ----------

_STOP = {"and", "of", "the", "for", "in", "en", "van", "de", "het", "technology", "technologies", "technologie", "systems", "system"}
_GENERIC = {"advanced", "data", "science", "material", "research", "engineering", "digital", "general"}


def _words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    out = []
    for w in re.findall(r"[a-z0-9]+", text):
        # Crude singular so that "semiconductors" meets "semiconductor"; applied to both sides.
        if len(w) > 4 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
            w = w[:-1]
        out.append(w)
    return out


def _content(text: str) -> set[str]:
    return {w for w in _words(text) if w not in _STOP}


def _term_in(term: str, text_words: set[str], raw_text: str) -> bool:
    words = _content(term)
    if not words:
        return False
    if len(words) == 1:
        (word,) = words
        if term.isupper() and len(term) <= 5:
            # Acronyms (AI, HPC, PNT) only as a word written in capitals, never inside a word.
            return re.search(rf"\b{re.escape(term)}\b", raw_text) is not None
        if len(word) < 4 or word in _GENERIC:
            return False
    return words <= text_words


def _specific(words: set[str]) -> bool:
    """Whether a short area name says enough to be looked up inside longer entry names."""
    if len(words) >= 2:
        return True
    return len(words) == 1 and len(next(iter(words))) >= 6 and not words & _GENERIC


def match_area(text: str, catalogue: TechnologyCatalogue) -> list[AreaMatch]:
    """Which entries a technology area names, and by which term; most specific first."""
    raw = text.strip()
    # A reference ("nl_screening:quantum") names one entry and nothing else.
    exact = [AreaMatch(e, raw, "reference") for e in catalogue.entries if raw.lower() == e.ref.lower()]
    if exact or raw.lower().startswith(catalogue.id.lower() + ":"):
        return exact
    words = _content(raw)
    found: dict[str, AreaMatch] = {}
    for e in catalogue.entries:
        hit = None
        for label in e.name.values():
            if _term_in(label, words, raw):
                hit = AreaMatch(e, label, "name")
            elif _specific(words) and words <= _content(label):
                hit = AreaMatch(e, label, "within-name")
            if hit:
                break
        if not hit:
            hit = next((AreaMatch(e, a, "alias") for a in e.aliases if _term_in(a, words, raw)), None)
        if not hit:
            hit = next((AreaMatch(e, k, "keyword") for k in e.keywords if _term_in(k, words, raw)), None)
        if hit:
            found[e.id] = hit
    # A sub-area says more than its category; drop a category once one of its sub-areas matched.
    parents = {m.entry.parent for m in found.values() if m.entry.parent}
    return [m for m in found.values() if m.entry.id not in parents]
