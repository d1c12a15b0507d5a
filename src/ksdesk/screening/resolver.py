"""Which one registry organisation a screened string names, if any.

The ranked hits say what a string may refer to; an advisor also needs the one
organisation the engine commits to, or an honest "none". The rule, in order:

1. Only registry organisations matched strongly (the name itself, score ≥ ``CHOOSE_AT``)
   are candidates; an acronym, a short name or a name of another country never is, and
   neither is a generic part ("Information Technology", "Department of Physics": no word
   in it is rare enough to name one organisation).
2. An exact match (score 1.0: the same words in the same order after normalisation)
   beats a close one.
3. A part that reads as a unit ("Department of …", "Institute for …", "School of …")
   yields to an organisation named exactly elsewhere in the string: in
   "Institute for Immunology, Tsinghua University" the string is Tsinghua's, whatever
   institute elsewhere shares the department's name.
4. A name found inside a longer name that also matched exactly gives way to it
   ("University of California, San Diego" over "University of California"), and another's
   alias or short name to an organisation's official name that the same part matches as well.
   Then the string's country over another; then a university or college over another
   kind of organisation (the host an institute sits in, as in "Howard Hughes Medical
   Institute, California Institute of Technology"); then the organisation's own official
   name over another's alias; then the higher score.
5. Sub-units and parents: when the registry's parent of the organisation so chosen is
   itself named in full elsewhere in the string (not inside the sub-unit's own name:
   "University of California, San Diego" does not name the system), the parent is chosen ("Joint Genome Institute,
   Lawrence Berkeley National Laboratory" → the laboratory), as ROR's own labelled data
   assigns such strings; a sub-unit is chosen only when its parent is not named.
6. Several organisations still level after all that: when one of them is the registry's
   ancestor of the others (the European Molecular Biology Laboratory and its sites, all
   under one name), it is chosen; otherwise the string is ambiguous and nothing is.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from ksdesk.screening import names as nm


class Hit(Protocol):
    """What the choice reads of a hit (index.Hit); the index imports this module, not back."""

    list_id: str
    entity_id: str
    listed_name: str
    matched_kind: str
    query_part: str
    score: float
    country: str | None
    strength: str
    registry_id: str | None
    status: str | None
    reasons: list[tuple[str, dict]]


class RegistryEntity(Protocol):
    uid: int
    entity_id: str
    name: str
    country: str | None
    category: str | None
    registry_parents: tuple[int, ...]


class Rarities(Protocol):
    """How rare each word of the indexed names is."""

    idf: dict[str, float]
    default_idf: float


class ScreeningIndex(Rarities, Protocol):

    @property
    def entities(self) -> Sequence[RegistryEntity]: ...

    @property
    def places(self) -> Mapping[str, Any]: ...  # the registry's cities, by their key

    def entity(self, list_id: str, entity_id: str) -> RegistryEntity | None: ...

    def names_of(self, list_id: str, entity_id: str) -> list[tuple[str, str]]: ...

REGISTRY = "registry"
HISTORICAL = frozenset({"inactive", "withdrawn"})  # registry records kept for the strings of the past
CHOOSE_AT = 0.9  # a registry hit below this score is never chosen
EXACT = 0.999
# A part none of whose words is rarer than this share of an unseen word's rarity (inverse
# document frequency over every indexed name) names a field, not an organisation. Over
# the whole registry (an unseen word: 13.1) the limit is 7.0: "information technology"
# (6.5) and "department physics" (6.9) are generic, "tsinghua" (10.6) and "oregon" (9.4)
# are not. A share, not a number, so that a smaller registry is judged alike; a registry
# of a few hundred names (a demo) says too little about how rare a word is, and there the
# rule is off.
GENERIC_SHARE = 0.53
GENERIC_MIN_NAMES = 5000
UNIT_WORDS = frozenset(
    "department dept departement departamento dipartimento abteilung school faculty fac division "
    "section unit laboratory lab laboratoire laboratorio labs institute institut instituto istituto "
    "center centre centro program programme group chair college clinic key state graduate".split()
)


@dataclass(frozen=True)
class Chosen:
    entity_id: str
    name: str
    country: str | None
    score: float
    matched_part: str
    # What counted most for the choice, as reason codes (explain.py words them).
    because: tuple[str, ...] = ()
    # How likely the trees find it that people would assign this organisation; None when
    # the plain rule chose.
    probability: float | None = None

    def as_dict(self) -> dict:
        return {"entity_id": self.entity_id, "name": self.name,
                "country": self.country.upper() if self.country else None, "score": self.score,
                "because": list(self.because), "probability": self.probability}


def is_generic(part: str, index: ScreeningIndex) -> bool:
    words = nm.tokens(part)
    return not words or max(index.idf.get(w, index.default_idf) for w in words) < generic_limit(index)


def generic_limit(index: Rarities) -> float:
    # default_idf is the rarity of a word in no name: log(names + 1) + 1.
    if index.default_idf < math.log(GENERIC_MIN_NAMES + 1) + 1:
        return 0.0
    return GENERIC_SHARE * index.default_idf


def reads_as_unit(part: str) -> bool:
    first = part.split(maxsplit=1)[0].lower().strip(".") if part.strip() else ""
    return first in UNIT_WORDS


def _rank(hit: Hit, country: str | None, exact_elsewhere: bool, index: ScreeningIndex) -> tuple:
    exact = hit.score >= EXACT
    same_country = bool(country and hit.country and country.lower() == hit.country.lower())
    yields = exact_elsewhere and reads_as_unit(hit.query_part)
    return (exact, not yields, same_country, _is_education(hit, index), hit.matched_kind == "official",
            round(hit.score, 3))


def _outside_longer_names(candidates: list[Hit]) -> list[Hit]:
    exact = {nm.token_tuple(h.query_part) for h in candidates if h.score >= EXACT}
    return [
        h for h in candidates
        if not any(len(longer) > len(own) and _contains(longer, own)
                   for own in [nm.token_tuple(h.query_part)] for longer in exact)
    ]


def _own_names_first(candidates: list[Hit]) -> list[Hit]:
    """Where a part is one organisation's official name, another's alias or short name that the
    same part matches no better does not stand beside it: "Institute of Molecular and Cell Biology"
    is the institute in Singapore, not the Portuguese one whose English alias it is."""
    official = {(h.query_part, round(h.score, 3)) for h in candidates if h.matched_kind == "official"}
    return [h for h in candidates
            if h.matched_kind == "official"
            or not any(part == h.query_part and score >= round(h.score, 3) for part, score in official)]


def _is_education(hit: Hit, index: ScreeningIndex) -> bool:
    entity = index.entity(REGISTRY, hit.entity_id)
    return entity is not None and "education" in (entity.category or "")


def choose(hits: list[Hit], query: str, country: str | None, index: ScreeningIndex) -> Chosen | None:
    best, parent = rule_choice(hits, query, country, index)
    if best is None:
        return None
    entity_id, name, org_country = parent or (best.entity_id, best.listed_name, best.country)
    return Chosen(entity_id, name, org_country, round(best.score, 4), best.query_part)


def rule_choice(hits: list[Hit], query: str, country: str | None,
                index: ScreeningIndex) -> tuple[Hit | None, tuple[str, str, str | None] | None]:
    """The hit the rule settles on, and the registry parent named elsewhere in the string
    that takes its place (rule 5), if any."""
    candidates = [
        h for h in hits
        if h.list_id == REGISTRY and h.strength == "strong" and h.score >= CHOOSE_AT
        and not is_generic(h.query_part, index)
    ]
    if not candidates:
        return None, None
    candidates = _own_names_first(_outside_longer_names(candidates))
    exact_parts = {h.query_part for h in candidates if h.score >= EXACT and not reads_as_unit(h.query_part)}
    ranks = {id(h): _rank(h, country, bool(exact_parts - {h.query_part}), index) for h in candidates}
    ranked = sorted(candidates, key=lambda h: ranks[id(h)], reverse=True)
    best = ranked[0]
    level = {h.entity_id: h for h in ranked if ranks[id(h)] == ranks[id(best)]}
    if len(level) > 1:
        ancestor = _common_ancestor(list(level), index)
        if ancestor is None:
            return None, None
        best = level[ancestor]
    return best, _named_parent(best.entity_id, _elsewhere(query, best.query_part), index)


def registry_ancestors(entity_id: str, index: ScreeningIndex) -> set[str]:
    """The registry ids of an organisation's parents and successors, up to four levels up."""
    entity = index.entity(REGISTRY, entity_id)
    out: set[str] = set()
    frontier = list(entity.registry_parents) if entity else []
    for _depth in range(4):
        out.update(index.entities[uid].entity_id for uid in frontier)
        frontier = [p for uid in frontier for p in index.entities[uid].registry_parents]
    return out


def _common_ancestor(entity_ids: list[str], index: ScreeningIndex) -> str | None:
    for candidate in entity_ids:
        if all(candidate in registry_ancestors(other, index) for other in entity_ids if other != candidate):
            return candidate
    return None


def _contains(haystack: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    n = len(needle)
    return n > 0 and any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


def _elsewhere(query: str, part: str) -> list[tuple[str, ...]]:
    """The stretches of the string's words around the part that named the organisation."""
    words, own = nm.token_tuple(query), nm.token_tuple(part)
    n = len(own)
    for i in range(len(words) - n + 1):
        if words[i : i + n] == own:
            return [words[:i], words[i + n :]]
    return [tuple(w for w in words if w not in set(own))]


def _named_parent(entity_id: str, stretches: list[tuple[str, ...]], index: ScreeningIndex) -> tuple[str, str, str | None] | None:
    """The nearest registry ancestor whose name the string spells out in full."""
    entity = index.entity(REGISTRY, entity_id)
    if entity is None:
        return None
    found = None
    frontier, seen = list(entity.registry_parents), {entity.uid}
    for _depth in range(3):
        named = []
        for uid in frontier:
            parent = index.entities[uid]
            names = [n for n, kind in index.names_of(REGISTRY, parent.entity_id) if kind != "acronym"]
            if any(_contains(words, nm.token_tuple(n)) for n in names for words in stretches):
                named.append(parent)
        if named:
            found = named[0]
            frontier = list(found.registry_parents)
        else:
            frontier = [p for uid in frontier for p in index.entities[uid].registry_parents]
        frontier = [p for p in frontier if p not in seen]
        seen.update(frontier)
        if not frontier:
            break
    return (found.entity_id, found.name, found.country) if found else None
