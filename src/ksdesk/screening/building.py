"""Build a screening index: every name of the registry and the lists, vectorised, with
list entries tied to the registry organisations they name.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import numpy as np

from ksdesk.screening import names as nm
from ksdesk.screening import vectors
from ksdesk.screening.affiliation import country_of, names_a_place, unglued
from ksdesk.screening.index import (
    COMMON_FEATURE_SHARE,
    LINK_THRESHOLD,
    MAX_POSTINGS,
    MAX_TRIGRAM_POSTINGS,
    REGISTRY,
    Entity,
    ScreeningIndex,
    _Match,
    _search_words,
)
from ksdesk.screening.lists.model import ListVersion
from ksdesk.screening.lists.ror import RegistryOrg
from ksdesk.screening.places import territory_code
from ksdesk.screening.sparse_library import sparse


def build_index(
    registry: Iterable[RegistryOrg] = (),
    lists: Iterable[ListVersion] = (),
    link: bool = True,
) -> ScreeningIndex:
    """Index the registry and the lists, then tie list entries to registry organisations."""
    index = ScreeningIndex()
    names_raw: list[tuple[int, str, str]] = []
    registry = list(registry)
    ror_uid: dict[str, int] = {}
    cities: dict[int, str] = {}
    for org in registry:
        uid = len(index.entities)
        if org.city:
            cities[uid] = org.city
        ror_uid[org.ror_id] = uid
        index.entities.append(
            Entity(
                uid,
                REGISTRY,
                org.ror_id,
                org.name,
                org.country,
                category=", ".join(org.types),
                source_ref=org.ror_id,
                schema="organization",
                status=org.status,
                city=org.city,
            )
        )
        names_raw.extend((uid, n.value, n.kind) for n in org.names)
        for d in org.domains:
            index.domains.setdefault(d, uid)
    for org in registry:
        e = index.entities[ror_uid[org.ror_id]]
        # A withdrawn organisation's successor carries its risk as a parent does.
        e.registry_parents = tuple(ror_uid[p] for p in org.parents + org.successors if p in ror_uid)
    for version in lists:
        index.lists[version.source] = {
            "title": version.title,
            "version_date": version.version_date,
            "authority": version.authority,
            "url": version.url,
        }
        local: dict[str, int] = {}
        for entry in version.entries:
            uid = len(index.entities)
            local[entry.entity_id] = uid
            index.entities.append(
                Entity(
                    uid,
                    version.source,
                    entry.entity_id,
                    entry.name,
                    entry.country,
                    entry.risk_level,
                    entry.category,
                    entry.source_ref,
                    entry.schema,
                    reason=entry.reason,
                )
            )
            names_raw.extend((uid, n.value, n.kind) for n in entry.names)
        for entry in version.entries:
            if entry.parent_entity_id in local:
                index.entities[local[entry.entity_id]].parent = local[entry.parent_entity_id]
    index.by_key = {(e.list_id, e.entity_id): e.uid for e in index.entities}
    index.places = _places(index, cities, names_raw)
    _index_names(index, names_raw, cities)
    if link:
        link_lists(index)
    return index


PLACE_WORD_SHARE = 0.5  # of the names with a city's words, at least this many in its countries


def _places(index: ScreeningIndex, cities: dict[int, str], names_raw: list[tuple[int, str, str]]
            ) -> dict[str, list[int]]:
    """The registry's cities by their key, each with one of its organisations per country the city
    is in ("cambridge": one in the United Kingdom, one in the United States). A city whose name is
    mostly a word of names elsewhere is left out: Normal (Illinois) is no place in "Beijing Normal
    University", nor Florida (Colombia) in "University of Florida"."""
    found: dict[str, dict[str, int]] = {}
    for uid, city in cities.items():
        country = index.entities[uid].country
        key = nm.key(city)
        if key and country:
            found.setdefault(key, {}).setdefault(country, uid)
    # The countries of the registry's official names that have each word.
    by_word: dict[str, list[tuple[str, str]]] = {}
    for uid, value, kind in names_raw:
        entity = index.entities[uid]
        if kind == "official" and entity.list_id == REGISTRY and entity.country:
            name = f" {nm.key(value)} "
            for word in set(name.split()):
                by_word.setdefault(word, []).append((name, entity.country))
    out = {}
    for key, by_country in found.items():
        named = [country for name, country in by_word.get(key.split()[0], ()) if f" {key} " in name]
        if not named or sum(c in by_country for c in named) >= PLACE_WORD_SHARE * len(named):
            out[key] = sorted(by_country.values())
    return out


_QUALIFIER = re.compile(r"^(.*\S)\s*\(([^()]+)\)$")


@lru_cache(maxsize=4096)
def _is_territory(text: str) -> bool:
    return territory_code(text) is not None


def _without_qualifier(value: str) -> str | None:
    """ROR writes a company's country after its name: "GlaxoSmithKline (United Kingdom)"."""
    m = _QUALIFIER.match(value)
    return m.group(1) if m and _is_territory(m.group(2)) else None


# "X University named after Academician Y" is mostly written "X University".
_HONORIFIC = re.compile(r"^(.{8,}?)[\s,]+(?:named after|n\.\s?a\.|im\.|imeni|имени|им\.)\s.+$", re.IGNORECASE)


# "National University of Defense Technology (NUDT)": the list's own acronym in brackets.
_BRACKET_ACRONYM = re.compile(r"^(.{6,}?)\s*\(([A-Z][A-Z0-9&.\-]{1,11})\)$")
# "Associated Laboratory for Green Chemistry (LAQV) of the Network of Chemistry and Technology
# (REQUIMTE)": after a first acronym in brackets, the last one abbreviates what follows "of".
_OF_ANOTHER = re.compile(r"\)\s+(?:of|at|for|in|de|du|des|da|do|di)\s[^()]*$", re.IGNORECASE)


def _bracket_acronym(value: str) -> tuple[str, str] | None:
    """A name and its own acronym written after it in brackets, if the name has one so."""
    m = _BRACKET_ACRONYM.match(value)
    if m is None or not nm.looks_like_acronym(m.group(2)) or _OF_ANOTHER.search(m.group(1)):
        return None
    return m.group(1), m.group(2)


# "Rostec (Russian Technologies State Corporation)", "CNOOC Limited (a subsidiary of China National
# Offshore Oil Corporation)": a list entry's name before what the list adds in brackets, which
# may be another name, a parent or a place, and so is not read as the entry's name itself.
_BRACKETED = re.compile(r"^([^()]{4,}?)\s*\(([^()]+)\)$")


def _name_before_bracket(value: str) -> str | None:
    m = _BRACKETED.match(value)
    # A place in brackets and the list's own acronym are read apart (_short_forms, _BRACKET_ACRONYM).
    if m is None or _is_territory(m.group(2)) or nm.looks_like_acronym(m.group(2)) or _is_territory(m.group(1)):
        return None
    return m.group(1) if any(not nm.is_legal_form(t) for t in nm.tokens(m.group(1))) else None


def _company_short_name(value: str, dropped: frozenset[str]) -> str | None:
    words = re.sub(r"[.,()]", " ", value).split()
    cut = list(words)
    while cut and cut[-1].lower() in dropped:
        cut.pop()
    short = " ".join(cut)
    # A country's name is the country: "Georgia" is no company's.
    if not cut or len(cut) == len(words) or len(cut) > 2 or (len(short) > 3 and country_of(short) is not None):
        return None
    return short


# What a registry organisation that is no company drops from a name for its short name: only the
# words that say it is incorporated ("Jhpiego Corporation", "ProRail BV"), never those that say what
# it does or where: "Georgia Tech" is not "Georgia", a country and a state, nor "Cornell Tech" Cornell
# University, nor "MRC Technology" (LifeArc) the Medical Research Council.
_INCORPORATED = nm.LEGAL_FORMS | frozenset(("inc", "corp", "corporation", "company"))


def _dropped_for_short(index: ScreeningIndex, uid: int) -> frozenset[str]:
    entity = index.entities[uid]
    return nm.TRADE_WORDS if entity.list_id != REGISTRY or "company" in (entity.category or "") else _INCORPORATED


def _short_forms(value: str, kind: str = "official") -> list[str]:
    out = []
    if "(" in value and (bare := _without_qualifier(value)):
        out.append(bare)
    if bracketed := _bracket_acronym(value):
        out.append(bracketed[0])
    return out


def _honorific_short(value: str) -> str | None:
    m = _HONORIFIC.match(value)
    return m.group(1) if m else None


_SHORT_NAME_MAX_NAMES = 60  # a word in more names than this is too common to name a company alone
_NAMES_A_KIND_BEGINS = 9  # words that begin more names of a country than this name a kind of organisation


_BEFORE_A_CITY = frozenset(("", "of", "in", "at", "a", "de", "di", "du", "da", "do", "del", "der", "din", "van", "w"))


def _plain(word: str) -> str:
    return nm.to_ascii(word).lower().strip(".")


def _without_city(value: str, city: str) -> str | None:
    """"Radboud University Nijmegen" is mostly written "Radboud University": a name that ends
    with the organisation's own city is also known without it."""
    words, place = value.split(), city.split()
    # Written with or without its dots and accents: "Washington University in St. Louis" is in
    # "St Louis", "National Museum in Kraków" in "Krakow".
    # A city in brackets or quotes names a branch or a namesake ("Raytheon Technologies (Singapore)"),
    # not where the organisation itself is.
    # Words joined by hyphens are words too: "Otto-von-Guericke-Universität Magdeburg" is mostly
    # written "Otto-von-Guericke-Universität".
    ending = words[-len(place):]
    if (len(words) <= len(place) or any(not w[0].isalnum() or not w.rstrip(".,")[-1:].isalnum() for w in ending)
            or [_plain(w) for w in ending] != [_plain(w) for w in place]):
        return None
    rest = words[: -len(place)]
    while rest and _plain(rest[-1]).strip(",-–") in _BEFORE_A_CITY:
        rest.pop()
    return " ".join(rest).rstrip(",-– ") if len(nm.token_tuple(" ".join(rest))) >= 2 else None


def _cityless_by_place(index: ScreeningIndex, names_raw: list[tuple[int, str, str]],
                       cityless: list[tuple[int, str, str]], cities: dict[int, str]) -> list[tuple[int, str, str]]:
    """"Washington University in St. Louis" is mostly written "Washington University": a name that
    puts its city after "in" or "at" is also known by the words before them where those keep a
    place of their own, a state or a country ("Slovak University of Technology in Bratislava"), and
    no other organisation would be called so. The rule above cannot keep these: "Washington" and
    "Slovak" are in as many names as "Technische"."""
    wanted = {uid for uid, _short, _kind in cityless}
    officials = {uid: value for uid, value, kind in names_raw if kind == "official" and uid in wanted}
    found: dict[str, set[int]] = defaultdict(set)
    for uid, short, _kind in cityless:
        before = officials.get(uid, "").split()[: -len(cities[uid].split())]
        words = short.split()
        places = [" ".join(words[i : i + n]) for n in (1, 2) for i in range(len(words) - n + 1)]
        if (before and before[-1].lower() in ("in", "at") and index.entities[uid].list_id == REGISTRY
                and any(names_a_place(p) for p in places) and not names_a_place(short)):
            found[nm.key(short)].add(uid)
    return [(uid, short, "short") for uid, short, _kind in cityless if found.get(nm.key(short)) == {uid}]


# "Whitehead Institute for Biomedical Research", "Athinoula A. Martinos Center for Biomedical Imaging":
# a name of its own in capitals, then the kind of organisation, then its field.
_FIELD_AFTER_KIND = re.compile(
    r"^(?:The\s+)?((?:[A-Z][\w'’.\-]*\s+){1,3}?)(Institute|Institution|Center|Centre|Laboratory|Foundation)"
    r"\s+(?:for|of|on)\s+(.+)$")
_WITHOUT_FIELD_MAX_NAMES = 10  # a word of the name in no more names than this: "Whitehead", not "Max Planck"


def _without_field(index: ScreeningIndex, names_raw: list[tuple[int, str, str]], counts: dict[str, int],
                   owners: dict[str, set[int]], cities: dict[int, str]) -> list[tuple[int, str, str]]:
    """"Whitehead Institute for Biomedical Research" is mostly written "Whitehead Institute": a
    registry organisation named after a person or a word of its own is also known by that and its
    kind, without the field it works in. Only where no other organisation would be called so: the
    words are rare, no city ("Guilin Institute of Technology"), the field no place ("Pasteur Institute
    of Iran" is not the Institut Pasteur), and no other organisation has or would have the short name."""
    city_words = {w for city in cities.values() for w in nm.tokens(city)}
    found: dict[str, set[int]] = defaultdict(set)
    shorts: dict[int, str] = {}
    for uid, value, kind in names_raw:
        if kind != "official" or index.entities[uid].list_id != REGISTRY or not (m := _FIELD_AFTER_KIND.match(value)):
            continue
        proper, rest = m.group(1).strip(), m.group(3)
        words = nm.tokens(proper)
        if ("The" in proper.split() or not words or any(nm.org_class(w) or counts.get(w, 0) > _WITHOUT_FIELD_MAX_NAMES or w in city_words
                             for w in words) or names_a_place(proper) or names_a_place(rest)):
            continue
        short = f"{proper} {m.group(2)}"
        found[nm.key(short)].add(uid)
        shorts[uid] = short
    return [(uid, short, "short") for uid, short in sorted(shorts.items())
            if found[nm.key(short)] == {uid} and owners.get(nm.key(short), {uid}) == {uid}]


def _names_begun(index: ScreeningIndex, names_raw: list[tuple[int, str, str]], starts: set[str]
                 ) -> dict[tuple[str, str | None], set[int]]:
    """For each of ``starts`` (keys) and a country, the registry organisations of that country with a
    name that goes on from it."""
    begun: dict[tuple[str, str | None], set[int]] = defaultdict(set)
    for uid, value, kind in names_raw:
        entity = index.entities[uid]
        if entity.list_id != REGISTRY or kind == "acronym":
            continue
        words = nm.key(value).split()
        for n in range(1, len(words)):
            if (start := " ".join(words[:n])) in starts:
                begun[(start, entity.country)].add(uid)
    return begun


def _registry_owners(index: ScreeningIndex, names_raw: list[tuple[int, str, str]]) -> dict[str, set[int]]:
    """Each name of a registry organisation, as a key, and the organisations that have it."""
    owners: dict[str, set[int]] = defaultdict(set)
    for uid, value, _kind in names_raw:
        if index.entities[uid].list_id == REGISTRY:
            owners[nm.key(value)].add(uid)
    return owners


def _university_of_city(value: str, city: str) -> tuple[str, tuple[str, ...]] | None:
    """"Philipps University of Marburg" and "Johannes Gutenberg University Mainz" are mostly
    written "University of Marburg" and "University of Mainz": a university whose name is a
    person's name, "University" and its own city. That short name, and the words it leaves out."""
    toks, place = nm.token_tuple(value), nm.token_tuple(city)
    n = len(place)
    if not n or len(toks) < n + 2 or toks[-n:] != place or toks[-n - 1] != "university":
        return None
    left_out = toks[: -n - 1]
    if len(left_out) > 3 or any(nm.org_class(w) or not w.isalpha() for w in left_out):
        return None
    return f"University of {city}", left_out


def _universities_of_cities(index: ScreeningIndex, names_raw: list[tuple[int, str, str]],
                            cities: dict[int, str], counts: dict[str, int]) -> list[tuple[int, str, str]]:
    """"University of <city>" as a short name, only where it can mean one university: the only
    one in its city by its official name, whose official name leaves out rare words (a person's
    name, not "Technical" or "Medical"), and no organisation is called so itself, in either order
    ("Hiroshima University")."""
    universities: dict[tuple[str, str | None], set[int]] = defaultdict(set)
    named: set[str] = set()
    for uid, value, kind in names_raw:
        entity = index.entities[uid]
        if entity.list_id != REGISTRY or kind == "acronym":
            continue
        named.add(nm.sorted_key(value))
        if (kind == "official" and uid in cities and "education" in (entity.category or "")
                and "university" in nm.token_tuple(value)):
            universities[(nm.key(cities[uid]), entity.country)].add(uid)
    found = set()
    for uid, value, kind in names_raw:
        if kind != "official" or uid not in cities:
            continue
        short = _university_of_city(value, cities[uid])
        if (short and len(universities[(nm.key(cities[uid]), index.entities[uid].country)]) == 1
                and all(counts.get(w, 0) <= _SHORT_NAME_MAX_NAMES for w in short[1])
                and nm.sorted_key(short[0]) not in named):
            found.add((uid, short[0]))
    return [(uid, short, "short") for uid, short in sorted(found)]


def _index_names(index: ScreeningIndex, names_raw: list[tuple[int, str, str]],
                 cities: dict[int, str] | None = None) -> None:
    # Rarity among registry names: a list repeats a group's name in every subsidiary's entry.
    counts: dict[str, int] = defaultdict(int)
    for uid, value, _kind in names_raw:
        if index.entities[uid].list_id == REGISTRY:
            for word in set(nm.tokens(value)):
                counts[word] += 1
    extra = [(uid, short, kind) for uid, value, kind in names_raw if kind != "acronym" for short in _short_forms(value)]
    # "X named after Y" is mostly written X, where X keeps a word of its own: the Lebedev institute
    # is no "Institute of Physics", a name of many.
    extra += [(uid, short, kind) for uid, value, kind in names_raw
              if kind != "acronym" and (short := _honorific_short(value))
              and any(counts.get(w, 0) <= _SHORT_NAME_MAX_NAMES for w in nm.tokens(short))]
    extra += [(uid, bracketed[1], "acronym") for uid, value, kind in names_raw
              if kind != "acronym" and (bracketed := _bracket_acronym(value))]
    # Only a list's: a registry name's brackets may name its parent ("National University of
    # Singapore (acting through Duke-NUS Medical School)").
    extra += [(uid, before, "short") for uid, value, kind in names_raw
              if kind != "acronym" and index.entities[uid].list_id != REGISTRY
              and (before := _name_before_bracket(value))]
    # Short names of companies, kept only when the short name is rare: "Huawei", not "China".
    shorts = [(uid, short, "short") for uid, value, kind in names_raw
              if kind in ("official", "alias") and index.entities[uid].schema != "person"
              and (short := _company_short_name(_without_qualifier(value) or value, _dropped_for_short(index, uid)))]
    cityless = [(uid, short, "short") for uid, value, kind in names_raw
                if kind == "official" and cities and uid in cities and (short := _without_city(value, cities[uid]))]
    extra += [(uid, short, kind) for uid, short, kind in shorts
              if all(counts.get(w, 0) <= _SHORT_NAME_MAX_NAMES for w in nm.tokens(short))]
    # Without its city a name must keep a word of its own: "Radboud University", never
    # "Technische Universität" left over from "Technische Universität Berlin".
    # Nor is it the name of another registry organisation of its country: "University of Alabama in
    # Huntsville" is not the "University of Alabama" (where the "Institute for Political Studies,
    # Belgrade" is one in Serbia and the Polish "Institute of Political Studies" another).
    owners = _registry_owners(index, names_raw)
    # Nor are words that begin the names of many organisations of its country a name of one of them:
    # "Câmara Municipal" (of Cascais and 29 towns more), "Centre d'Investigation Clinique" (of Nantes,
    # Besançon and 17 more) name a kind of organisation.
    begun = _names_begun(index, names_raw, {nm.key(short) for _uid, short, _kind in cityless})
    cityless = [(uid, short, kind) for uid, short, kind in cityless
                if not any(other != uid and index.entities[other].country == index.entities[uid].country
                           for other in owners.get(nm.key(short), ()))
                and len(begun.get((nm.key(short), index.entities[uid].country), set()) - {uid}) <= _NAMES_A_KIND_BEGINS]
    kept = [(uid, short, kind) for uid, short, kind in cityless
            if any(counts.get(w, 0) <= _SHORT_NAME_MAX_NAMES for w in nm.tokens(short))]
    extra += kept + _cityless_by_place(index, names_raw, [c for c in cityless if c not in kept], cities or {})
    extra += _universities_of_cities(index, names_raw, cities or {}, counts)
    extra += _without_field(index, names_raw, counts, owners, cities or {})
    # A query's words that lost their space are set apart again (affiliation.unglued), and so a name
    # written in one word is also known so: "ShanghaiTech University" as "Shanghai Tech University".
    extra += [(uid, apart, kind) for uid, value, kind in [*names_raw, *extra]
              if kind != "acronym" and (apart := unglued(value)) != value]
    names_raw.extend(extra)
    names_raw.sort(key=lambda t: (t[0], t[2] != "official"))  # grouped by entity, main name first
    searchable: list[tuple[int, str, str, tuple[str, ...]]] = []
    for uid, value, kind in names_raw:
        if kind == "acronym" or (kind != "official" and nm.looks_like_acronym(value) and " " not in value.strip()):
            index.acronyms.setdefault(nm.acronym_key(value), [])
        searchable.append((uid, value, kind, nm.token_tuple(value)))
    index.name_entity = np.array([s[0] for s in searchable], dtype=np.int32)
    index.name_values = [s[1] for s in searchable]
    index.name_kinds = [s[2] for s in searchable]
    index.name_keys = [" ".join(s[3]) for s in searchable]
    index.entity_first_name = np.searchsorted(index.name_entity, np.arange(len(index.entities)))
    for i, (uid, value, kind, _toks) in enumerate(searchable):
        if kind == "acronym" or (kind != "official" and nm.looks_like_acronym(value) and " " not in value.strip()):
            index.acronyms[nm.acronym_key(value)].append(i)
        elif kind in ("official", "alias") and index.entities[uid].schema != "person":
            for acro in nm.derived_acronyms(value)[:1]:
                lst = index.derived_acronyms.setdefault(acro, [])
                if not lst or lst[-1] != uid:
                    lst.append(uid)
    # Acronyms are found through their own table; in the TF-IDF they only add noise.
    token_lists = [
        [] if kind == "acronym" else _search_words(s[1], s[3]) for s, kind in zip(searchable, index.name_kinds, strict=True)
    ]
    _vectorise(index, token_lists)


def _vectorise(index: ScreeningIndex, token_lists: list[list[str]]) -> None:
    """Search features come from word skeletons, so romanisation variants share them."""
    n = len(token_lists)
    scoring_idf = _word_idf(token_lists)
    token_lists = [[nm.skeleton(w) for w in t] for t in token_lists]
    chars = vectors.trigram_counts(["".join(t) for t in token_lists])
    index.char_idf, char_df = vectors.idf_from(chars)
    limit = min(max(COMMON_FEATURE_SHARE * n, 50), MAX_POSTINGS)
    index.char_keep = (char_df <= min(limit, MAX_TRIGRAM_POSTINGS)).astype(np.float32)
    index.vocab = {}
    words = vectors.word_counts(token_lists, index.vocab, grow=True)
    index.word_idf, word_df = vectors.idf_from(words)
    index.word_keep = (word_df <= limit).astype(np.float32)
    char_matrix = vectors.weigh(chars, index.char_idf, index.char_keep)
    word_matrix = vectors.weigh(words, index.word_idf, index.word_keep)
    stacked = sparse.hstack([char_matrix * 0.5, word_matrix * 0.5], format="csr", dtype=np.float32)
    index.matrix = stacked.T.tocsr()
    index.idf = scoring_idf
    index.default_idf = float(math.log(n + 1) + 1.0)


def _word_idf(token_lists: list[list[str]]) -> dict[str, float]:
    df: dict[str, int] = defaultdict(int)
    for toks in token_lists:
        for w in set(toks):
            df[w] += 1
    n = len(token_lists)
    return {w: math.log((n + 1) / (c + 1)) + 1.0 for w, c in df.items()}


def link_lists(index: ScreeningIndex, threshold: float = LINK_THRESHOLD, batch: int = 512) -> int:
    """Tie each list entry to the registry organisation its names resolve to."""
    if not any(e.list_id == REGISTRY for e in index.entities):
        return 0
    by_uid = defaultdict(list)
    for i, uid in enumerate(index.name_entity.tolist()):
        by_uid[uid].append(i)
    work: list[tuple[int, str]] = []
    for e in index.entities:
        if e.list_id != REGISTRY and e.schema != "person":
            values = [index.name_values[i] for i in by_uid[e.uid] if index.name_kinds[i] != "acronym"]
            work.extend((e.uid, v) for v in values[:4])
    best_per_entry: dict[int, dict[int, float]] = defaultdict(dict)
    by_main_name: dict[int, dict[int, float]] = defaultdict(dict)  # by the entry's first (main) name alone
    allowed = {REGISTRY}
    for start in range(0, len(work), batch):
        chunk = work[start : start + batch]
        token_lists = [list(nm.tokens(v)) for _, v in chunk]
        live = [i for i, t in enumerate(token_lists) if t]
        if not live:
            continue
        found_all = index._candidates([_search_words(chunk[i][1], token_lists[i]) for i in live], 10)
        for row, found in zip(live, found_all, strict=True):
            found_best: dict[int, _Match] = {}
            index._rescore(chunk[row][1], token_lists[row], found, found_best, allowed)
            entry_uid, value = chunk[row]
            tables = [best_per_entry[entry_uid]]
            if value == index.entities[entry_uid].name:
                tables.append(by_main_name[entry_uid])
            for scores in tables:
                for uid, m in found_best.items():
                    scores[uid] = max(scores.get(uid, 0.0), m.score)
    linked = 0
    for entry_uid, scores in best_per_entry.items():
        e = index.entities[entry_uid]
        # The entry's main name first: ASPI's "Soochow University" in China is the one in Suzhou,
        # though its alias "Suzhou University" is also another university's name.
        uid = _linked(index, e, by_main_name.get(entry_uid, {}), threshold)
        if uid is None:
            uid = _linked(index, e, scores, threshold)
        if uid is not None:
            score = scores[uid]
            e.links = [(uid, round(score, 3))]
            index.entities[uid].links.append((e.uid, round(score, 3)))
            linked += 1
    return linked


LINK_MARGIN = 0.02  # two registry organisations closer than this are equally close


def _linked(index: ScreeningIndex, entry: Entity, scores: dict[int, float], threshold: float) -> int | None:
    """The registry organisation of the entry's country (or of none) its names resolve to, if one
    alone is closest. Of several equally close, the one whose city the entry's name says: ASPI's
    "China University of Geosciences (Wuhan)" is the university in Wuhan, not the one in Beijing."""
    scored = sorted(
        ((score, uid) for uid, score in scores.items()
         if not (entry.country and index.entities[uid].country and entry.country != index.entities[uid].country)),
        reverse=True,
    )
    if not scored or scored[0][0] < threshold:
        return None
    tied = [uid for score, uid in scored if score >= scored[0][0] - LINK_MARGIN]
    if len(tied) > 1:
        words = f" {nm.key(entry.name)} "
        tied = [uid for uid in tied if (city := index.entities[uid].city) and f" {nm.key(city)} " in words]
    # Two registry organisations equally close: the entry is ambiguous, tie neither.
    return tied[0] if len(tied) == 1 else None


def build_default_index(data_dir: str | Path | None = None) -> ScreeningIndex:
    """The registry and every shipped watchlist."""
    from ksdesk.screening.lists import load_all_lists, load_ror

    base = Path(data_dir) if data_dir else None
    return build_index(load_ror(base / "ror" / "ror_records.jsonl" if base else None), load_all_lists(base))
