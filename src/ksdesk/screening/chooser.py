"""The learned choice: which registry organisation a string names, weighed from evidence.

The documented rule in resolver.py decides well where the evidence is plain; real strings
are seldom plain (a department, a hospital and two universities in one line, the same
name in three countries, a sub-unit and the parent it sits in). Here every registry
organisation among the hits is described by the same few facts an advisor would look at
(how well and how exactly the name matched, whether its country is the string's, where in
the string it is named, whether another candidate sits inside it, what kind of
organisation it is, and what the rule chose), and gradient-boosted trees trained on real
affiliation strings with the organisation people assigned (``ksdesk registry
train-chooser``) weigh them. The trees are plain numbers in ``chooser.json``, walked here
without the training library: the same input gives the same choice on every machine, and
the facts that set the chosen organisation apart are named in words beside the choice.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any

from ksdesk.screening import names as nm
from ksdesk.screening.affiliation import unglued
from ksdesk.screening.places import territory_code
from ksdesk.screening.resolver import (
    EXACT,
    HISTORICAL,
    REGISTRY,
    Chosen,
    Hit,
    ScreeningIndex,
    choose,
    is_generic,
    reads_as_unit,
    registry_ancestors,
    rule_choice,
)

MODEL_FILE = "chooser.json"
CANDIDATE_FLOOR = 0.8  # registry hits below this are never candidates
ACRONYM_CANDIDATE = 0.9  # ... nor acronyms below this: one that several organisations share
INSIDE_ANOTHER_BELOW = 0.9  # ... nor a name written inside what reads as another name, scored below this
WRITTEN_OUT_AFTER = 500  # candidates weighed by walking the trees before they are written out as code
NAMESAKE_SMALLER = 1.0  # log(1 + units): a namesake with about e times fewer units does not stand in the way ...
NAMESAKE_LARGE = math.log1p(5)  # ... of one with five units or more: three against none tell nothing
_ALIAS_KINDS = frozenset({"alias", "label", "former", "translated"})
_ACRONYM_KINDS = frozenset({"acronym", "derived acronym"})
_TYPES = ("education", "healthcare", "facility", "company", "government", "nonprofit", "funder", "archive")

# Feature names, in the model's order. Their meaning, for the words beside a choice and
# for anyone reading the trees, is in FEATURE_REASONS and in the comments of candidates().
FEATURES: tuple[str, ...] = (
    "score", "exact", "strong", "official", "alias", "domain", "short", "acronym", "spelled_out", "literal",
    "generic", "unit_part", "exact_elsewhere", "country_known", "same_country", "other_country",
    *(f"type_{t}" for t in _TYPES),
    "ancestor_of_other", "descendant_of_other", "parent_named", "inside_longer", "latest_named",
    "earliest_named", "end_position", "coverage", "name_words", "exact_rivals", "same_name_rivals",
    "children", "rule_choice", "active",
)

# A fact that counted for the choice, as a reason code for explain.py.
FEATURE_REASONS: dict[str, str] = {
    "exact": "chosen_exact",
    "same_country": "chosen_same_country",
    "parent_named": "chosen_host",
    "ancestor_of_other": "chosen_host",
    "latest_named": "chosen_named_last",
    "literal": "chosen_literal",
    "spelled_out": "chosen_spelled_out",
    "official": "chosen_official",
    "type_education": "chosen_university",
    "rule_choice": "chosen_by_rule",
    "active": "chosen_active",
}


@dataclass(frozen=True)
class Candidate:
    entity_id: str
    name: str
    country: str | None
    score: float
    part: str
    features: dict[str, float]


@dataclass(frozen=True)
class Tree:
    """One regression tree of the boosted model: parallel lists, node 0 the root. A row goes
    left when its value of ``feature`` is at most ``threshold``; a leaf adds ``value``."""

    feature: tuple[int, ...]
    threshold: tuple[float, ...]
    left: tuple[int, ...]
    right: tuple[int, ...]
    leaf: tuple[bool, ...]
    value: tuple[float, ...]

    def __call__(self, row: Sequence[float]) -> float:
        node = 0
        while not self.leaf[node]:
            node = self.left[node] if row[self.feature[node]] <= self.threshold[node] else self.right[node]
        return self.value[node]


@dataclass(frozen=True)
class Model:
    """Gradient-boosted trees over the facts: the log-odds that a candidate is the organisation
    people would assign are the baseline plus one leaf value per tree."""

    version: str
    features: tuple[str, ...]
    baseline: float
    trees: tuple[Tree, ...]
    threshold: float

    def probability(self, features: dict[str, float]) -> float:
        row = [features[f] for f in self.features]
        z = self.baseline + self._sum(row)
        return 1.0 / (1.0 + math.exp(-max(min(z, 40.0), -40.0)))

    def _sum(self, row: Sequence[float]) -> float:
        walk = self.__dict__.get("_walk")
        if walk is None:
            # A process that weighs a few candidates (``ksdesk screen``) walks the trees node by
            # node: writing them out takes some 20 ms, which pays from some hundreds of candidates on.
            weighed = self.__dict__["_weighed"] = self.__dict__.get("_weighed", 0) + 1
            if weighed <= WRITTEN_OUT_AFTER:
                return sum(tree(row) for tree in self.trees)
            walk = self._walk
        return walk(row)

    @cached_property
    def _walk(self) -> Callable[[Sequence[float]], float]:
        """The trees' sum for one row, as :class:`Tree` walks and adds them, written out as nested
        conditions once: walking a hundred trees node by node took a tenth of a bulk batch."""
        return _written_out(self.trees)

    def as_json(self) -> dict[str, Any]:
        return {"version": self.version, "features": list(self.features), "baseline": self.baseline,
                "threshold": self.threshold,
                "trees": [{"feature": list(t.feature), "threshold": list(t.threshold), "left": list(t.left),
                           "right": list(t.right), "leaf": list(t.leaf), "value": list(t.value)} for t in self.trees]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Model:
        if tuple(data.get("features", ())) != FEATURES or "trees" not in data:
            raise ValueError("the chooser model was trained on other features: train it again")
        trees = tuple(Tree(tuple(t["feature"]), tuple(float(v) for v in t["threshold"]), tuple(t["left"]),
                           tuple(t["right"]), tuple(bool(v) for v in t["leaf"]), tuple(float(v) for v in t["value"]))
                      for t in data["trees"])
        return cls(data["version"], FEATURES, float(data["baseline"]), trees, float(data["threshold"]))


# Trees written out per function: compiling all hundred at once took some 10 MB while it ran,
# memory a server process kept for later allocations but never got back in one piece.
TREES_PER_FUNCTION = 10


def _written_out(trees: Sequence[Tree]) -> Callable[[Sequence[float]], float]:
    """One function of a row that adds the trees' leaves in the trees' order, from 0 as ``sum``
    does, so that it gives the very same float. Only numbers go into its text. The trees are
    written out ten to a function, each adding on to the total the one before it reached."""
    parts = [_written_out_part(trees[start : start + TREES_PER_FUNCTION])
             for start in range(0, len(trees), TREES_PER_FUNCTION)]

    def walk(row: Sequence[float]) -> float:
        total: float = 0  # as sum() starts
        for part in parts:
            total = part(row, total)
        return total

    return walk


def _written_out_part(trees: Sequence[Tree]) -> Callable[[Sequence[float], float], float]:
    def number(value: float) -> str:
        return repr(float(value)) if math.isfinite(value) else f"float('{value}')"

    lines = ["def walk(row, total):"]

    def node(tree: Tree, i: int, depth: int) -> None:
        pad = " " * depth
        if tree.leaf[i]:
            lines.append(f"{pad}total += {number(tree.value[i])}")
            return
        lines.append(f"{pad}if row[{int(tree.feature[i])}] <= {number(tree.threshold[i])}:")
        node(tree, tree.left[i], depth + 1)
        lines.append(f"{pad}else:")
        node(tree, tree.right[i], depth + 1)

    for tree in trees:
        node(tree, 0, 1)
    lines.append(" return total")
    scope: dict[str, Any] = {}
    exec(compile("\n".join(lines), "<chooser trees>", "exec"), scope)
    return scope["walk"]


@lru_cache(maxsize=1)
def shipped_model() -> Model | None:
    path = resources.files(__package__).joinpath(MODEL_FILE)
    if not path.is_file():
        return None
    try:
        return Model.from_json(json.loads(path.read_text(encoding="utf-8")))
    except ValueError:  # trees for other facts: the rule decides until they are trained again
        return None


def candidates(hits: Sequence[Hit], query: str, country: str | None, index: ScreeningIndex,
               rule_choice: str | None, rule_parent: tuple[str, str, str | None] | None) -> list[Candidate]:
    """Every registry organisation among the hits, each with the facts the model weighs."""
    best: dict[str, Hit] = {}
    # An acronym or initials typed alone are evidence for a reviewer, never a commitment; among the
    # other parts of an affiliation ("College of Dentistry, NYU") the trees weigh them as any name.
    alone = _acronym_alone(query)
    for h in hits:
        if (h.list_id == REGISTRY and h.score >= CANDIDATE_FLOOR
                and not (h.matched_kind in _ACRONYM_KINDS and (alone or h.score < ACRONYM_CANDIDATE))
                and not (h.score < EXACT and _only_a_place(h.query_part, index)) and not _slip_only(h)):
            current = best.get(h.entity_id)
            if current is None or h.score > current.score:
                best[h.entity_id] = h
    if not best:
        return []
    words = nm.token_tuple(query)
    spans = {eid: _span(words, nm.token_tuple(h.query_part)) for eid, h in best.items()}
    ancestors = {eid: registry_ancestors(eid, index) for eid in best}
    exact_parts = {h.query_part for h in best.values() if h.score >= EXACT and not reads_as_unit(h.query_part)}
    exact_keys = {nm.token_tuple(h.query_part) for h in best.values() if h.score >= EXACT}
    ends = [s[1] for s in spans.values() if s]
    starts = [s[0] for s in spans.values() if s]
    out = []
    for eid, h in best.items():
        entity = index.entity(REGISTRY, eid)
        category = (entity.category or "") if entity else ""
        own = nm.token_tuple(h.query_part)
        span = spans[eid]
        same_key = [o for o in best.values() if o is not h and o.score == h.score
                    and nm.token_tuple(o.query_part) == own]
        features = {
            "score": h.score,
            "exact": float(h.score >= EXACT),
            "strong": float(h.strength == "strong"),
            "official": float(h.matched_kind == "official"),
            "alias": float(h.matched_kind in _ALIAS_KINDS),
            "domain": float(h.matched_kind == "domain"),
            "short": float(h.matched_kind in ("short", "head")),
            "acronym": float(h.matched_kind in _ACRONYM_KINDS),
            # A name found inside a longer part carries no words of its own in query_part.
            "spelled_out": float(" ".join(own) == h.query_part and h.query_part not in query),
            # The same letters as written, before synonyms made "Institut" and "Instituto" one.
            "literal": float(_literal(h.query_part, eid, index)),
            "generic": float(is_generic(h.query_part, index)),
            "unit_part": float(reads_as_unit(h.query_part)),
            "exact_elsewhere": float(bool(exact_parts - {h.query_part})),
            "country_known": float(bool(country)),
            "same_country": float(bool(country and h.country and country.lower() == h.country.lower())),
            "other_country": float(bool(country and h.country and country.lower() != h.country.lower())),
            **{f"type_{t}": float(t in category) for t in _TYPES},
            "ancestor_of_other": float(any(eid in ancestors[o] for o in best if o != eid)),
            "descendant_of_other": float(any(o in ancestors[eid] for o in best if o != eid)),
            "parent_named": float(rule_parent is not None and rule_parent[0] == eid),
            "inside_longer": float(any(len(k) > len(own) and _span(k, own) is not None for k in exact_keys)),
            "latest_named": float(span is not None and span[1] >= max(ends)),
            "earliest_named": float(span is not None and span[0] <= min(starts)),
            "end_position": (span[1] / len(words)) if span is not None and words else 0.5,
            "coverage": min(len(own) / len(words), 1.0) if words else 0.0,
            "name_words": math.log1p(len(own)),
            "exact_rivals": math.log1p(sum(1 for o in best.values() if o is not h and o.score >= EXACT)),
            "same_name_rivals": math.log1p(len(same_key)),
            "children": math.log1p(_children(index)[entity.uid]) if entity else 0.0,
            "rule_choice": float(eid == rule_choice),
            # Not a record the registry keeps only for history (closed, merged, withdrawn).
            "active": float(h.status not in HISTORICAL),
        }
        out.append(Candidate(eid, h.listed_name, h.country, h.score, h.query_part, features))
    if rule_parent is not None and rule_parent[0] not in best:
        # The rule's choice of a parent named elsewhere in the string, not itself a hit.
        child = best.get(rule_choice or "") or max(best.values(), key=lambda h: h.score)
        base = next(c for c in out if c.entity_id == child.entity_id).features
        features = {**base, "rule_choice": 1.0, "parent_named": 1.0, "ancestor_of_other": 1.0,
                    "descendant_of_other": 0.0}
        out.append(Candidate(rule_parent[0], rule_parent[1], rule_parent[2], child.score, child.query_part, features))
    return out


def as_read(query: str) -> str:
    """The text as the hits were found in it: where they are named in it, and what else it says,
    are asked of the words the parse read ("Currently atGeorg August Universität" names the
    university last, as "Currently at Georg August Universität" does)."""
    return unglued(query)


def _slip_only(hit: Hit) -> bool:
    """Whether the hit is only a typing slip away from the text, which may as well be another name
    the registry does not hold ("Bond University" is no "Bonn University", "Jikei University" no
    "Jimei University"): a hit for a reviewer, never a commitment."""
    return bool(hit.reasons) and hit.reasons[0][0] in _SLIP_REASONS


_SLIP_REASONS = frozenset({"one_slip_from", "slip_makes_another_word"})


def _only_a_place(part: str, index: ScreeningIndex) -> bool:
    """Whether a part is a city of the registry's, a capital or a country and no more: "Leon" alone
    is no commitment to the Universidad de León, in Spain or in Mexico, that it is close to."""
    return nm.key(part) in index.places or territory_code(part) is not None


def _acronym_alone(query: str) -> bool:
    """Whether the text says no more than one name and its country: "HUST", "HUST China", "NWPU, China"."""
    return sum(1 for part in re.split(r"[,;]", query) if part.strip() and territory_code(part) is None) <= 1


def _folded(text: str) -> str:
    return nm.to_ascii(text)


def _literal(part: str, entity_id: str, index: ScreeningIndex) -> bool:
    """Whether ``part`` is one of the organisation's names as written (the first found will do)."""
    folded = _folded(part)
    return any(_folded(name) == folded for name, _ in index.names_of(REGISTRY, entity_id))


def _span(words: tuple[str, ...], own: tuple[str, ...]) -> tuple[int, int] | None:
    n = len(own)
    if not n:
        return None
    for i in range(len(words) - n, -1, -1):  # the last mention: affiliations end with the host
        if words[i : i + n] == own:
            return i, i + n
    return None


def _children(index: ScreeningIndex) -> Sequence[int]:
    """How many registry organisations name each one as parent: a host of many is a large one."""
    table = getattr(index, "_chooser_children", None)
    if table is None:
        entities = index.entities
        counter = getattr(entities, "children_counts", None)
        if counter is not None:
            table = counter().tolist()
        else:  # an index still in memory from its build
            table = [0] * len(entities)
            for e in entities:
                for p in e.registry_parents:
                    table[p] += 1
        index._chooser_children = table  # type: ignore[attr-defined]
    return table


def ranked(model: Model, found: Sequence[Candidate]) -> list[tuple[float, Candidate]]:
    """Candidates by probability, most likely first; ties by registry id, so the order is stable."""
    return sorted(((model.probability(c.features), c) for c in found), key=lambda pc: (-pc[0], pc[1].entity_id))


def tied(order: Sequence[tuple[float, Candidate]]) -> bool:
    """Whether the trees find the next candidate as likely as the first: nothing they weigh tells
    the two apart ("CSIR-Institute of Genomics" and three councils called CSIR), and choosing by
    registry id would be a coin toss."""
    return len(order) > 1 and order[1][0] >= order[0][0]


def reasons_for(chosen: Candidate, runner_up: Candidate | None, limit: int = 3) -> list[str]:
    """The facts behind a choice, as reason codes: first those the chosen organisation has and
    the next most likely one lacks, then the others it has, in the order of FEATURE_REASONS."""
    held = [f for f in FEATURE_REASONS if chosen.features[f] > 0]
    apart = [f for f in held if runner_up is None or runner_up.features[f] <= 0]
    codes: list[str] = []
    for feature in apart + [f for f in held if f not in apart]:
        code = FEATURE_REASONS[feature]
        if code not in codes:
            codes.append(code)
    return codes[:limit]


def barred(found: Sequence[Candidate], index: ScreeningIndex, query: str, hits: Sequence[Hit] = ()
           ) -> frozenset[str]:
    """The candidates never chosen, however likely: those with a namesake, departments named by
    their field alone (see _field_name), a university system for one of its campus's units, one
    whose name in the text is just as exactly a listed entity's elsewhere (_listed_elsewhere), one
    written inside what reads as another name the registry may not hold (_inside_unknown_name),
    one the words name only once translated where they name another as written (_less_literal),
    and one the words name only by its short name where they are another's own
    (_short_for_anothers_own_name).

    A namesake is another organisation of the same name that matched as well, where nothing in
    the text tells them apart: "Department of Science and Technology" is a ministry in India, in
    the Philippines and in South Africa. One that is part of the other is no namesake, nor one far
    smaller, where the larger has five units or more (the registry counts the units of each):
    "National Institutes of Health" written alone is the American one people mean, while "National
    University of Science and Technology" is one of five, whichever has three units. Nor is one the
    registry records as no research funder the namesake of a funder with as many units or more
    ("Northwestern University" is the one in Evanston, not in the Philippines). Nor is a record
    the registry keeps only for history the namesake of a living organisation: "University of the
    Pacific" is the one in Lima, not the closed one in Santiago. Nor is one the namesake of another
    whose parent or unit the text names in other words where it names none of its own (_kin_in_text)."""
    out = set()
    kin_named: dict[str, bool] = {}

    def kin(c: Candidate) -> bool:  # asked only of namesakes, which few texts have
        if c.entity_id not in kin_named:
            kin_named[c.entity_id] = _kin_in_text(c, hits, index)
        return kin_named[c.entity_id]

    for candidate in found:
        key = _namesake_key(candidate)
        for other in found:
            if (other is not candidate and other.score == candidate.score and _namesake_key(other) == key
                    and other.features["active"] >= candidate.features["active"]
                    and (other.features["children"] >= candidate.features["children"] - NAMESAKE_SMALLER
                         or candidate.features["children"] < NAMESAKE_LARGE)
                    and not _larger_funder(candidate, other)
                    and other.features["same_country"] == candidate.features["same_country"]
                    and candidate.entity_id not in registry_ancestors(other.entity_id, index)
                    and other.entity_id not in registry_ancestors(candidate.entity_id, index)
                    and kin(other) >= kin(candidate)):
                out.add(candidate.entity_id)
                break
    return frozenset(out | {c.entity_id for c in found if _field_name(c, index, query) or _system_with_unit(c, query)
                            or _listed_elsewhere(c, hits, index) or _inside_unknown_name(c, hits)
                            or _less_literal(c, found) or _short_for_anothers_own_name(c, found, index)
                            or _field_unit_of_another_host(c, found, index, query)
                            or _its_hospital(c, query)})


def _its_hospital(candidate: Candidate, query: str) -> bool:
    """Whether the text names a university only as the name of its hospital: "Department of Urology,
    Aarhus University Hospital" is the hospital, an organisation of its own whether or not the
    registry holds it, as "Oslo University Hospital" is no University of Oslo; "…, Oslo University
    Hospital and University of Oslo" names the university as well."""
    if (not candidate.features["type_education"] or candidate.features["type_healthcare"]
            or _HOSPITAL_WORDS & set(nm.token_tuple(candidate.name))):
        return False
    own = nm.token_tuple(candidate.part)
    if own[-2:] in _UNIVERSITY_HOSPITAL:  # the hospital's name matched the university's: "Oslo University Hospital"
        return True
    words = nm.token_tuple(query)
    n = len(own)
    mentions = [i for i in range(len(words) - n + 1) if words[i : i + n] == own]
    return bool(mentions) and all(words[i + n : i + n + 1] and words[i + n] in _HOSPITAL_WORDS for i in mentions)


_HOSPITAL_WORDS = frozenset({"hospital", "hospitals"})
_UNIVERSITY_HOSPITAL = frozenset({("university", "hospital"), ("university", "hospitals")})


def _kin_in_text(candidate: Candidate, hits: Sequence[Hit], index: ScreeningIndex) -> bool:
    """Whether other words of the text name an organisation above or below this one in the registry,
    if only by its acronym: "Laboratory of Genome Integrity, National Cancer Institute, NIH" is the
    American institute, whose parent the NIH is, not its namesake in Vilnius."""
    own = nm.token_tuple(candidate.part)
    ancestors: set[str] | None = None
    for h in hits:
        if h.list_id != REGISTRY or h.entity_id == candidate.entity_id:
            continue
        words = nm.token_tuple(h.query_part)
        if not words or _span(words, own) is not None or _span(own, words) is not None:
            continue
        if ancestors is None:
            ancestors = registry_ancestors(candidate.entity_id, index)
        if h.entity_id in ancestors or candidate.entity_id in registry_ancestors(h.entity_id, index):
            return True
    return False


def _short_for_anothers_own_name(candidate: Candidate, found: Sequence[Candidate], index: ScreeningIndex) -> bool:
    """Whether the words are only this organisation's short name and just as exactly another's own
    name, where nothing in the text tells them apart: "Victoria University" is the short name of the
    one in Wellington, and the name of those in Melbourne and Kampala."""
    if not candidate.features["short"] or candidate.score < EXACT:
        return False
    return any(other is not candidate and other.features["official"] and other.score == candidate.score
               and other.part == candidate.part
               and other.features["same_country"] == candidate.features["same_country"]
               and candidate.entity_id not in registry_ancestors(other.entity_id, index)
               and other.entity_id not in registry_ancestors(candidate.entity_id, index)
               for other in found)


def _larger_funder(candidate: Candidate, other: Candidate) -> bool:
    """Whether the registry records one namesake as a research funder with as many units as the
    other or more, which is no funder: "Northwestern University" written alone is the one in Evanston
    (a funder with schools of its own), not the college in the Philippines; "York University" the one
    in Toronto, which funds research, not the one in Nebraska."""
    return (candidate.features["type_funder"] > other.features["type_funder"]
            and candidate.features["children"] >= other.features["children"])


def _namesake_key(candidate: Candidate) -> str:
    """What two candidates share when they are namesakes: their name, or the acronym that matched
    both ("HUST" is Huazhong's and Harbin's University of Science and Technology)."""
    if candidate.features["acronym"]:
        return "acronym " + nm.key(candidate.part)
    return nm.key(candidate.name)


def _listed_elsewhere(candidate: Candidate, hits: Sequence[Hit], index: ScreeningIndex) -> bool:
    """Whether the text is another name of this organisation's and the very name of a listed
    entity of another country that is not this organisation, nor tied to it or to a part or parent
    of it: "United Aircraft Corporation" is an old name of United Technologies in the registry and
    the name of the Russian company on the Entity List. Committing to the American one would hide
    which of the two the text means; both stay among the hits."""
    if candidate.score < EXACT or not candidate.country or candidate.features["official"]:
        return False
    key = nm.key(candidate.part)
    for h in hits:
        if (h.list_id == REGISTRY or h.matched_kind != "official" or h.score < EXACT or not h.country
                or h.country == candidate.country or nm.key(h.query_part) != key):
            continue
        tied_to = h.registry_id
        if tied_to is None or not (tied_to == candidate.entity_id
                                   or candidate.entity_id in registry_ancestors(tied_to, index)
                                   or tied_to in registry_ancestors(candidate.entity_id, index)):
            return True
    return False


def _less_literal(candidate: Candidate, found: Sequence[Candidate]) -> bool:
    """Whether the same words name this organisation only once translated, and another exactly as
    they are written: "Open Universiteit" is the Open University of the Netherlands, whose name it
    is letter for letter, not the Open University in Milton Keynes, however much larger."""
    return (candidate.score >= EXACT and not candidate.features["literal"]
            and any(other.features["literal"] and other.score >= EXACT and other.part == candidate.part
                    for other in found if other is not candidate))


def _inside_unknown_name(candidate: Candidate, hits: Sequence[Hit]) -> bool:
    """Whether the organisation's name is only written inside what reads as another organisation's,
    which the registry may not hold: "Sichuan University of Science and Engineering" is a university
    in Zigong, and committing to Sichuan University would put the wrong one on the record."""
    return any(h.entity_id == candidate.entity_id and h.list_id == REGISTRY and h.score < INSIDE_ANOTHER_BELOW
               and h.reasons[:1] and h.reasons[0][0] == "spelled_out_in_longer" for h in hits)


def _system_with_unit(candidate: Candidate, query: str) -> bool:
    """A department, school or clinic belongs to a campus, never to a university system: "Department
    of Chemistry, University of Tennessee" is a department of the university in Knoxville, which the
    text leaves unsaid, so the University of Tennessee System is not chosen for it. A health system
    has departments of its own ("Department of Surgery, Henry Ford Health System", "Centre for Healthy
    Longevity, National University Health System")."""
    name = nm.token_tuple(candidate.name)
    return (bool(candidate.features["type_education"]) and name[-1:] == ("system",) and "health" not in name
            and not _CAMPUS_UNIT_WORDS.isdisjoint(re.findall(r"\w+", query.lower())))


# The units of a campus, which a university system does not have of its own.
_CAMPUS_UNIT_WORDS = frozenset(
    "department dept departement departamento dipartimento faculty school college division section laboratory "
    "lab laboratoire institute institut instituto center centre centro program programme clinic hospital medical "
    "graduate".split())


FIELD_NAME_RARITY = 0.78  # of the rarity of a word in no name (some 18 names): below it a word names a field


def _field_name(candidate: Candidate, index: ScreeningIndex, query: str) -> bool:
    """A university's department named by its field alone ("Department of Biological Sciences",
    "Department of Molecular Microbiology") says which department, never whose: it is not chosen,
    whatever registry organisation happens to bear that name."""
    # A ministry is named by its field too: "Department of Science and Technology, Philippines".
    if candidate.features["type_government"] and candidate.features["same_country"]:
        return False
    first = candidate.part.split(maxsplit=1)[0].lower().strip(".") if candidate.part.strip() else ""
    if first not in _DEPARTMENT_WORDS and not _after_unit_word(candidate.part, query):
        return False
    # A field is no hospital or university: "Medical Innovation Research Division of Chinese PLA
    # General Hospital" is a division of the hospital, which is named.
    if any(nm.org_class(word) in _HOST_CLASSES for word in nm.token_tuple(candidate.part)):
        return False
    # The text's own words as well as the organisation's name: "Department of Cell and Chemical
    # Biology" is a field, whatever French laboratory has that as its English alias.
    return _names_a_field(candidate.name, index) or _names_a_field(candidate.part, index)


def _names_a_field(name: str, index: ScreeningIndex) -> bool:
    """Whether a name says no more than a field of study and what kind of unit works in it."""
    limit = FIELD_NAME_RARITY * index.default_idf
    words = [w for w in nm.tokens(name) if not nm.org_class(w) and w not in _DEPARTMENT_WORDS]
    return bool(words) and all(index.idf.get(w, index.default_idf) < limit for w in words)


def _field_unit_of_another_host(candidate: Candidate, found: Sequence[Candidate], index: ScreeningIndex,
                                query: str) -> bool:
    """Whether the words that name the organisation only name a unit's field ("Institute of
    Pathology", "Heart Institute", "Institute of Molecular and Cellular Biology") and the text goes on
    to name a university or hospital it is no part of: the unit is that one's, which the registry
    may not hold ("..., Rabin Medical Center - Beilinson Hospital", "..., National Tsing Hua
    University"), not the German, French or Brazilian institute whose name reads the same in English.
    An institute the registry places under an organisation the text names stays a candidate."""
    if candidate.features["official"]:
        return False
    own = nm.token_tuple(candidate.part)
    if any(nm.org_class(w) in _HOST_CLASSES for w in own) or not any(nm.org_class(w) for w in own):
        return False
    words = nm.token_tuple(query)
    span = _span(words, own)
    if span is None or not _names_a_field(candidate.part, index):
        return False
    if not any(nm.org_class(w) in _HOST_CLASSES for w in words[span[1]:]):
        return False
    ancestors = registry_ancestors(candidate.entity_id, index)
    return not any(other.entity_id in ancestors for other in found)


def _after_unit_word(part: str, query: str) -> bool:
    """Whether the text names ``part`` as a unit's field: "Department of Molecular Microbiology"."""
    text, sought = query.lower(), part.lower()
    at = text.find(sought)
    while at >= 0:
        found = _WORD_BEFORE.search(text, 0, at)
        if found is not None:
            return found.group(1) in _DEPARTMENT_WORDS
        at = text.find(sought, at + 1)
    return False


# The word just before a place in the text, past a dot and an "of" or "for".
_WORD_BEFORE = re.compile(r"(\w+)\.?\s+(?:of\s+|for\s+)?\Z")


# The kinds of organisation that departments belong to.
_HOST_CLASSES = frozenset({"university", "hospital", "academy", "polytechnic"})


# The units named by a field alone; an institute, centre or college named so is often an
# organisation of its own that people assign.
_DEPARTMENT_WORDS = frozenset(
    "department dept departement departamento dipartimento abteilung division section faculty fac chair unit".split())


def decide(hits: Sequence[Hit], query: str, country: str | None, index: ScreeningIndex,
           model: Model | None | str = "shipped") -> Chosen | None:
    """The registry organisation ``query`` names, or None when no candidate is likely enough.
    Without trees (``model=None``, or none shipped) the documented rule alone decides."""
    trees = shipped_model() if model == "shipped" else model
    if not isinstance(trees, Model):
        return choose(list(hits), query, country, index)
    model = trees
    query = as_read(query)
    best, parent = rule_choice(list(hits), query, country, index)
    rule_id = best.entity_id if best is not None else None
    found = candidates(hits, query, country, index, rule_id, parent)
    if not found:
        return None
    order = ranked(model, found)
    probability, top = order[0]
    if probability < model.threshold or tied(order) or top.entity_id in barred(found, index, query, hits):
        return None
    runner_up = order[1][1] if len(order) > 1 else None
    return Chosen(top.entity_id, top.name, top.country, round(top.score, 4), top.part,
                  tuple(reasons_for(top, runner_up)), round(probability, 2))
