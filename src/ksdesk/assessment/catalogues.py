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
from typing import Any

import yaml

from ksdesk.assessment.levels import Level, normalise
from ksdesk.text import shortened

HERE = Path(__file__).parent / "catalogues"

STRA_SOURCE = {
    "title": "Sensitive Technology Research Areas (STRA)",
    "publisher": "Government of Canada",
    "url": "https://science.gc.ca/site/science/en/safeguarding-your-research/guidelines-and-tools-implement-research-security/sensitive-technology-research-areas",
    "via": "seawaydigital/RSToolkit, src/data/straData.js (names and descriptions paraphrase the official list)",
    "attribution": "Contains information licensed under the Government of Canada's terms "
    "(Crown copyright, non-commercial reproduction with attribution)",
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
        source = dict(sources.get(m["source"], {"title": m["source"]}), id=m["source"])
        out[m["id"]] = Mitigation(m["id"], m["kind"], dict(m["label"]), dict(m["description"]), source)
    return out


# The catalogues by id, with the file each one is shipped as; an uploaded edition has the same format.
CATALOGUE_FILES = {
    "canada_stra": "canada_stra.json",
    "nl_screening": "nl_screening_clusters.yaml",
    "eu_dual_use": "eu_dual_use.yaml",
    "mitigations": "mitigations.yaml",
}


class CatalogueError(ValueError):
    """A catalogue file that cannot be used, with the line of the problem where it is known and
    its coded reason (ksdesk.reasons), so a page can say it in its reader's language."""

    def __init__(self, line: int | None, problem: str, code: str = "catalogue_format", **params: Any) -> None:
        self.line = line
        self.problem = problem
        self.code = code
        self.params = params
        super().__init__(f"line {line}: {problem}" if line else problem)


def shipped_text(catalogue_id: str, directory: str | None = None) -> str:
    base = Path(directory) if directory else HERE
    return (base / CATALOGUE_FILES[catalogue_id]).read_text(encoding="utf-8")


def read_catalogue(catalogue_id: str, text: str) -> TechnologyCatalogue | dict[str, Mitigation]:
    """One catalogue from the text of its file; raises CatalogueError naming the line where it can."""
    if catalogue_id not in CATALOGUE_FILES:
        raise CatalogueError(None, f"unknown catalogue {catalogue_id!r}", "catalogue_unknown", id=catalogue_id)
    if catalogue_id == "canada_stra":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CatalogueError(exc.lineno, f"JSON syntax: {exc.msg}", "catalogue_json") from None
        lines = None
    else:
        from ksdesk.assessment.yamlmarks import YamlError, parse

        try:
            doc = parse(text)
        except YamlError as exc:
            raise CatalogueError(exc.line, exc.problem, exc.code, **exc.params) from None
        data, lines = doc.data, doc
    if not isinstance(data, dict):
        raise CatalogueError(1, "the file must hold a mapping at its top, like the shipped file", "catalogue_not_mapping")
    _check_shape(catalogue_id, data, lines)
    try:
        if catalogue_id == "canada_stra":
            return read_stra(data)
        if catalogue_id == "mitigations":
            return read_mitigations(data)
        return read_technology_yaml(data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        # The shape checks above cover the usual mistakes; this is the net for the rest.
        raise CatalogueError(None, f"the file does not have the format of this catalogue ({type(exc).__name__}: {exc})") from None


def _check_shape(catalogue_id: str, data: dict, doc) -> None:
    """The mistakes an editor makes most, reported with their line (YAML) or their position (JSON)."""

    def line(*path) -> int | None:
        return doc.line_of(path) if doc is not None else None

    def need(items, section: str, keys: tuple[str, ...], what: str) -> None:
        if not isinstance(items, list) or not items:
            raise CatalogueError(line(section), f"{section}: a non-empty list is needed", "catalogue_list_needed",
                                 section=section)
        seen = set()
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                raise CatalogueError(line(section, i), f"{section} item {i + 1}: a {what} is a mapping",
                                     "catalogue_item_not_mapping", section=section, n=i + 1)
            for key in keys:
                if item.get(key) in (None, "", {}, []):
                    raise CatalogueError(line(section, i), f"{section} item {i + 1}: {what} without {key}",
                                         "catalogue_key_missing", section=section, n=i + 1, key=key)
            if item["id"] in seen:
                raise CatalogueError(line(section, i, "id"), f"duplicate {what} id {item['id']!r}", "catalogue_id_twice",
                                     ref=str(item["id"]))
            seen.add(item["id"])

    if catalogue_id == "canada_stra":
        need(data.get("categories"), "categories", ("id", "name"), "category")
        for i, cat in enumerate(data["categories"]):
            if cat.get("subcategories") is not None:
                need(cat["subcategories"], f"categories item {i + 1} ({cat['id']}): subcategories",
                     ("id", "name"), "sub-area")
    elif catalogue_id == "mitigations":
        need(data.get("mitigations"), "mitigations", ("id", "kind", "label", "description", "source"), "mitigation")
        for i, m in enumerate(data["mitigations"]):
            for key in ("label", "description"):
                if not isinstance(m[key], dict):
                    raise CatalogueError(line("mitigations", i, key), f"mitigation {m['id']}: {key} needs a text per language (en, nl)",
                                         "catalogue_text_per_language", ref=str(m["id"]), key=key)
    else:
        if data.get("id") != catalogue_id:
            raise CatalogueError(line("id"), f"id must be {catalogue_id!r}: an edition replaces the same catalogue",
                                 "catalogue_id_mismatch", id=catalogue_id)
        if not data.get("title"):
            raise CatalogueError(line(), "the catalogue needs a title", "catalogue_title_needed")
        need(data.get("entries"), "entries", ("id", "name"), "entry")
        for i, e in enumerate(data["entries"]):
            if not isinstance(e["name"], dict):
                raise CatalogueError(line("entries", i, "name"), f"entry {e['id']}: name needs a text per language (en, nl)",
                                     "catalogue_text_per_language", ref=str(e["id"]), key="name")
            if e.get("sensitivity") is not None and normalise(e["sensitivity"]) is None:
                raise CatalogueError(line("entries", i, "sensitivity"), f"entry {e['id']}: unknown sensitivity {e['sensitivity']!r}",
                                     "catalogue_sensitivity_unknown", ref=str(e["id"]), value=str(e["sensitivity"]))


def catalogue_edition(catalogue_id: str, text: str) -> str | None:
    """The edition a file names of itself, when it names one."""
    if catalogue_id == "canada_stra":
        return json.loads(text).get("lastUpdated")
    edition = (yaml.safe_load(text) or {}).get("edition")
    return shortened(str(edition), 200) if edition else None


def build_catalogues(texts: dict[str, str]) -> Catalogues:
    """The catalogues from the text of each file (all four are needed)."""
    tech = {}
    mitigations: dict[str, Mitigation] = {}
    for catalogue_id in CATALOGUE_FILES:
        read = read_catalogue(catalogue_id, texts[catalogue_id])
        if isinstance(read, TechnologyCatalogue):
            tech[read.id] = read
        else:
            mitigations = read
    return Catalogues(tech, mitigations)


@lru_cache(maxsize=1)
def load_catalogues(directory: str | None = None) -> Catalogues:
    """The catalogues as shipped; the stored inputs (inputs.catalogues) may hold newer editions."""
    return build_catalogues({c: shipped_text(c, directory) for c in CATALOGUE_FILES})


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
