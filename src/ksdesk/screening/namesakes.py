"""Whether a match is the organisation a text means, or a namesake of it.

The candidate search finds every organisation whose name the text resembles; these rules weigh
a match against what else the same text names in full. Affiliations name a unit, then what it is
part of, then the place: "Center for Life Sciences, School of Life Sciences, Yunnan University,
Kunming" names Yunnan University and a centre of it, not the Beijing centre of that name that
Peking University runs, and "Kunming" is where it is. A watchlist hit that such a rule sets aside
was, on real affiliation strings, a false alarm (bench/affiliations.py counts them).

The index (index.py) is built on this class; the rules read its tables without making an
organisation's record, which a loaded index keeps in memory once made.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from ksdesk.screening import names as nm
from ksdesk.screening.affiliation import ParsedQuery, country_of, names_a_place
from ksdesk.screening.lists.ror import LIST_ID as REGISTRY
from ksdesk.screening.resolver import UNIT_WORDS, generic_limit, reads_as_unit
from ksdesk.screening.scoring import Comparison

EXACT_NAME = 0.999  # the same words in the same order after normalisation
STRONG_SCORE = 0.9  # below this a hit is only "possible"
# What a rule found the text to name instead: the words, that organisation's name, and the reason.
Elsewhere = tuple[str, str, tuple[str, dict]]


class Match(Protocol):
    """What the rules read of a match (index._Match)."""

    score: float
    name_idx: int
    part: str
    detail: Comparison | str
    kind: str | None
    reason: tuple[str, dict] | None

    def at_least(self, score: float) -> bool: ...


class Namesakes:
    """The rules, over the index's own tables."""

    entities: Any
    idf: dict[str, float]
    default_idf: float
    name_keys: Any
    name_kinds: Any
    name_values: Any
    name_entity: Any
    entity_first_name: Any
    places: Mapping[str, Any]

    def _in_registry(self, uid: int) -> bool:
        list_of = getattr(self.entities, "list_of", None)
        return (list_of(uid) if list_of else self.entities[uid].list_id) == REGISTRY

    def _links_of(self, uid: int) -> list[tuple[int, float]]:
        links_of = getattr(self.entities, "links_of", None)
        return links_of(uid) if links_of else self.entities[uid].links

    def _listed_under(self, uid: int) -> int:
        """The list entry a list part is listed under, or the entry itself."""
        parent_of = getattr(self.entities, "parent_of", None)
        parent = parent_of(uid) if parent_of else self.entities[uid].parent
        return uid if parent is None else parent

    def _name_words(self, uid: int) -> list[tuple[str, ...]]:
        """The words of each name of an organisation but its acronyms, without making its record."""
        start = int(self.entity_first_name[uid])
        end = int(self.entity_first_name[uid + 1]) if uid + 1 < len(self.entities) else len(self.name_keys)
        return [tuple(self.name_keys[i].split()) for i in range(start, end) if self.name_kinds[i] != "acronym"]

    def _ancestors(self, uid: int, depth: int = 4) -> set[int]:
        """An organisation's parents and successors, up to ``depth`` levels up (registry_ancestors),
        read without making a record of any of them."""
        parents_of = getattr(self.entities, "parents_of", None)
        out: set[int] = set()
        frontier = [uid]
        for _level in range(depth):
            frontier = [p for u in frontier
                        for p in (parents_of(u) if parents_of else self.entities[u].registry_parents) if p not in out]
            out.update(frontier)
        return out

    def _related(self, a: int, b: int) -> bool:
        """Whether one of two organisations is a parent or successor of the other in the registry."""
        return a in self._ancestors(b) or b in self._ancestors(a)

    def _generic(self, toks: tuple[str, ...]) -> bool:
        return max(self.idf.get(w, self.default_idf) for w in toks) < generic_limit(self)

    def _names_by_key(self) -> dict[str, list[int]]:
        table = self.__dict__.get("_by_name_key")
        if table is None:
            table = {}
            for i, (key, kind) in enumerate(zip(self.name_keys, self.name_kinds, strict=True)):
                if kind not in ("acronym", "short") and " " in key:
                    table.setdefault(key, []).append(i)
            self.__dict__["_by_name_key"] = table
        return table

    def _named_in_full(self, best: Mapping[int, Match]) -> dict[int, str]:
        """The registry organisations the text names in full, by a part that names one of them, not a
        field of many ("Yunnan University", "Shanghai University", not "Institute of Physics"), with
        that part."""
        exact = {uid: m.part for uid, m in best.items()
                 if m.kind is None and m.at_least(EXACT_NAME) and self._in_registry(uid)}
        owners: dict[str, int] = defaultdict(int)
        for part in exact.values():
            owners[part] += 1
        return {uid: part for uid, part in exact.items()
                if owners[part] == 1 or not self._generic(nm.token_tuple(part))}

    def _name_goes_on(self, uid: int, match: Match, exact: list[tuple[tuple[str, ...], int, str]]) -> Elsewhere | None:
        """A name that the same part goes on from with "of" to another organisation's full name:
        "Wuhan University of Technology" is not Wuhan University, nor "Shahid Beheshti University of
        Medical Sciences" the Shahid Beheshti University that a list names, where neither is part of
        the other. On a list's entry too: the text names another organisation in full, as it does
        where a list entry has only some of its words and none that says what kind of organisation
        the text names ("University of Arizona" and "ARIZONA S.A.")."""
        if not isinstance(match.detail, Comparison) or match.at_least(EXACT_NAME) or match.name_idx < 0:
            return None
        name = tuple(self.name_keys[match.name_idx].split())
        for words, other, text in exact:
            if text != match.part or other == uid:
                continue
            shorter = (len(words) > len(name) and words[: len(name)] == name
                       and word_after(text.split(), len(name)) in NAME_GOES_ON)
            # The other way round: "Wuhan University" does not name the Wuhan University of Technology.
            longer = (len(name) > len(words) and name[: len(words)] == words
                      and word_after(self.name_values[match.name_idx].split(), len(words)) in NAME_GOES_ON)
            # A list's company named by a word of it: "University of Arizona" is not "ARIZONA S.A.",
            # nor "Raman Research Institute" the "RAMAN COMPANY".
            fewer = (not self._in_registry(uid) and all(nm.is_legal_form(w) or len(w) == 1 for w in match.detail.result_only)
                     and any(nm.org_class(w) for w in match.detail.query_only))
            if not (shorter or longer or fewer):
                continue
            own = [uid] if self._in_registry(uid) else [link for link, _s in self._links_of(uid)]
            if any(o == other or self._related(o, other) for o in own):
                continue
            other_name = self.entities[other].name
            reason = (("start_of_longer_name", {"longer": text, "other": other_name}) if shorter
                      else ("name_goes_on", {"other": other_name}) if longer
                      else ("fewer_words_of_another", {"other": other_name}))
            return text, other_name, reason
        return None

    def _head_of_another(self, uid: int, match: Match,
                         exact: list[tuple[tuple[str, ...], int, str]]) -> Elsewhere | None:
        """A university's word at the start of a part (_head_matches) is a guess for a unit the registry
        does not know by name. Where the part names another organisation in full, it is that one's:
        "Wuhan Institute of Virology" is no institute of Wuhan University, and "Tongji Medical College,
        Huazhong University of Science and Technology" none of Tongji University."""
        if match.kind != "head" or match.reason is not None:  # an acronym or a company's name is no guess
            return None
        own = nm.token_tuple(match.part)
        for words, other, text in exact:
            if other != uid and _contained(words, own) and not self._related(uid, other):
                other_name = self.entities[other].name
                return text, other_name, ("head_of_another", {"other": other_name, "whole": text})
        return None

    def _unit_of_another(self, match: Match, registry_uid: int | None, target: int,
                         named: dict[int, str], unit_names: frozenset[str]) -> bool:
        """Whether a list entry matched only by a unit's name belongs to another organisation than the
        one the text names in full: affiliations name a unit, then what it is part of. In "Center for
        Life Sciences, School of Life Sciences, Yunnan University" the centre is Yunnan University's,
        not the Beijing centre of that name that Peking University runs; in "Institute of Physics,
        Chinese Academy of Sciences" the institute is no Russian one. So too a match by words that name
        no one organisation: "(National Research University)" after the Moscow Institute of Physics and
        Technology is not the Moscow Aviation Institute, whose alias it also is. The entry stays where the
        organisation named is the entry's own, is above or below it in the registry, or is written
        in the entry's name ("Institute of Computing Technology, Chinese Academy of Sciences"). A unit's
        name is also what follows its word: "Life Sciences" of "School of Life Sciences", and a name only
        like a part written as a unit's or a field's ("The Life Sciences Centre", "Virology"), where
        another organisation is named in full."""
        if not named or not (reads_as_unit(match.part) or match.part in unit_names
                             or self._generic(nm.token_tuple(match.part))
                             or (not match.at_least(EXACT_NAME) and _unit_or_field(match.part))):
            return False
        entry_names = self._name_words(target)
        for other, part in named.items():
            if part == match.part or other == registry_uid:
                continue
            if registry_uid is not None and self._related(other, registry_uid):
                continue
            if any(_contained(words, name) for words in self._name_words(other) for name in entry_names):
                continue
            return True
        return False

    def _acronym_owners_meant(self, best: Mapping[int, Match], named: dict[int, str],
                              country: str | None) -> dict[str, set[int]]:
        """Of the organisations that share an acronym, those the text names in full elsewhere or that
        one of them sits in, by the part the acronym is: in "Instituto Cajal, CSIC" CSIC is the Spanish
        council the institute is part of, not the Chinese shipbuilder. So too those in the country the
        text gives, where the acronym has owners there: "CSIC, Madrid, Spain" is the council as well."""
        meant: dict[str, set[int]] = defaultdict(set)
        placed: dict[str, dict[int, str]] = defaultdict(dict)  # part → owner → its country ("" unknown)
        for uid, match in best.items():
            if match.kind not in _SHARED_KINDS:
                continue
            if self._in_registry(uid) and any(other == uid or self._related(uid, other) for other in named):
                meant[match.part].add(uid)
            placed[match.part][uid] = (self.entities[uid].country or "").lower()
        if country:
            # An owner whose country the list does not give may be the one there.
            for part, owners in placed.items():
                if country.lower() in owners.values():
                    meant[part] |= {uid for uid, c in owners.items() if c in (country.lower(), "")}
        return meant

    def _not_the_named(self, uid: int, match: Match, own_acronyms: dict[str, str]) -> bool:
        """Whether a match is by the acronym a text gives a name it has just written, of an organisation
        not so named: "National Institute on Aging (NIA)" is no company NIA, but "Montreal Neurological
        Institute (MNI)" is the Montreal Neurological Institute and Hospital, whose acronym it is."""
        name = own_acronyms.get(match.part)
        if name is None:
            return False
        written = nm.token_tuple(name)
        return not any(_contained(written, own) or _contained(own, written) for own in self._name_words(uid))

    def _registry_namesake(self, match: Match, uid: int) -> Any:
        """The registry organisation whose official name a list entry matched only by another of its
        names, where the entry is not tied to it: "Institut Pasteur" is the institute in Paris, which
        Canada's list does not name, though it gives the words as another name of the Pasteur
        Institute of Iran."""
        if (match.kind is not None or not match.at_least(EXACT_NAME) or match.name_idx < 0
                or match.name_idx == int(self.entity_first_name[uid])):
            return None
        tied = {link for link, _score in self._links_of(uid)}
        for i in self._names_by_key().get(self.name_keys[match.name_idx], ()):
            owner = int(self.name_entity[i])
            entity = self.entities[owner]
            if entity.list_id == REGISTRY and self.name_kinds[i] == "official" and owner not in tied:
                return entity
        return None

    def _inside_another_name(self, match: Match, registry_uid: int | None, named: Mapping[int, str]) -> Any:
        """The registry organisation the part names in full, where a list entry matched it only with
        words the entry's name lacks and is not tied to that organisation, nor to one above or below it:
        "International Centre for Genetic Engineering and Biotechnology" is the ICGEB, in Trieste and New
        Delhi, not the Cuban "Center for Genetic Engineering and Biotechnology" written inside its name,
        as "Yamagata National University" is no "National University". Whether the text means the entry
        is for a reviewer to say."""
        if (match.kind is not None or match.at_least(EXACT_NAME) or not isinstance(match.detail, Comparison)
                or not match.detail.query_only):
            return None
        for other, part in named.items():
            if part != match.part or other == registry_uid:
                continue
            if registry_uid is not None and self._related(other, registry_uid):
                continue
            return self.entities[other]
        return None

    def _only_like_the_named(self, match: Match, own: Sequence[int], named: Mapping[int, str]) -> bool:
        """Whether a name only like the text is a look-alike of the organisation the text names in full
        by the same words or around them, to which neither the matched organisation nor those in ``own``
        (a list entry's registry ties) belong: "Hebei University of Technology" is the university of
        that name, not the Hebei University of Science and Technology on ASPI's tracker; nor is "East
        China" of the China University of Petroleum, East China the East China University of
        Technology, or "Universitat de Vic - Universitat Central de Catalunya" the company VIC DEL INC.
        A name the text writes word for word stays ("Zhongnan Hospital of Wuhan University"), as does
        one like the text where it names nothing in full, for a reviewer to confirm."""
        if not named or not self._only_like(match):
            return False
        # The same words however written: a name spelled out from the text ("shandong university" of
        # "Shandong University Centre for Orthopaedics") is the part it was read from.
        written = nm.token_tuple(match.part)
        for other, text in named.items():
            if nm.token_tuple(text) != written and written not in map(nm.token_tuple, text.split(", ")):
                continue
            if not any(o == other or self._related(o, other) for o in own):
                return True
        return False

    def _field_alone(self, match: Match, unit_names: frozenset[str]) -> bool:
        """Whether words only like a name name a field, of a unit ("Life Science" of "College of Life
        Science") or of many organisations: no alarm on the lists that name Peking and Tsinghua
        universities, which run a Center for Life Sciences. The name written as such stays, for a
        reviewer to confirm."""
        return (match.kind is None and self._only_like(match)
                and (match.part in unit_names or self._generic(nm.token_tuple(match.part))))

    def _only_like(self, match: Match) -> bool:
        """Whether a match is a possible one by a name the text does not write word for word."""
        return (not match.at_least(STRONG_SCORE) and match.name_idx >= 0
                and not _contained(tuple(self.name_keys[match.name_idx].split()), nm.token_tuple(match.part)))

    def _namesake_elsewhere(self, match: Match, tied: int | None, country: str | None,
                            best: Mapping[int, Match]) -> Any:
        """A registry organisation of another country that the part names as exactly as it names a
        list entry, where the entry is tied neither to it nor to one above or below it: "Northeastern
        University" is in Boston and in Shenyang, and only the one in Shenyang is on ASPI's tracker.
        Where the text names no country, which of them it means is for a reviewer to say. Only two
        official names make namesakes, and no company: a company's name is its group's everywhere
        ("Huawei"), and an old name in the registry that a list gives another organisation is the
        chooser's to weigh."""
        if match.kind is not None or not match.at_least(EXACT_NAME) or not country or not self._official(match):
            return None
        for other, found in best.items():
            if (other == tied or found.part != match.part or found.kind is not None
                    or not found.at_least(EXACT_NAME) or not self._in_registry(other) or not self._official(found)):
                continue
            entity = self.entities[other]
            # A company of the name abroad is the group's branch there, not a namesake ("Huawei Technology").
            if (entity.country and entity.country != country and "company" not in (entity.category or "")
                    and (tied is None or not self._related(other, tied))):
                return entity
        return None

    def _official(self, match: Match) -> bool:
        return match.name_idx >= 0 and self.name_kinds[match.name_idx] == "official"

    def _place_parts(self, parsed: ParsedQuery) -> set[str]:
        """The parts of a text of several that are only cities of the registry, capitals or countries,
        after the first: a text begins with the organisation ("MEMPHIS, Talence" is a laboratory)."""
        if len(parsed.parts) < 2:
            return set()
        first = parsed.parts[0].split(", ")[0]
        return {p for p in parsed.parts if not p.startswith(first)
                and all(nm.key(piece) in self.places or names_a_place(piece) for piece in p.split(", "))}


def _unit_or_field(part: str) -> bool:
    """A part written as a unit is ("The Life Sciences Centre") or a field alone ("Virology")."""
    words = part.lower().split()
    if words[:1] == ["the"]:
        words = words[1:]
    return len(words) == 1 or bool(words) and (words[0].strip(".") in UNIT_WORDS or words[-1] in UNIT_WORDS)


def country_written(words: Sequence[str]) -> str | None:
    """The country words name when written out or abbreviated as people do ("US", "UK"), never a
    country's code that is also a word or an acronym ("eth", "can")."""
    text = " ".join(words)
    return country_of(text) if len(text) > 3 or text in _COUNTRY_ABBREVIATIONS else None


_COUNTRY_ABBREVIATIONS = frozenset(("us", "uk", "usa", "prc", "uae"))
# Matches by a word or acronym several organisations may share: by itself, or before a unit's words
# ("CSIC-Universitat Pompeu Fabra", "Samsung Research America").
_SHARED_KINDS = frozenset({"acronym", "head"})


def word_after(words: list[str], n: int) -> str | None:
    """The word of a piece after the words that make its first ``n`` tokens."""
    t = 0
    for k, word in enumerate(words):
        t += len(nm.token_tuple(word))
        if t >= n:
            return words[k + 1].lower() if k + 1 < len(words) else None
    return None


# Words that carry a name on: "Wuhan University of Technology", "Universidade Federal de …".
NAME_GOES_ON = frozenset("of for de di da do del des du".split())


def _contained(words: tuple[str, ...], name: tuple[str, ...]) -> bool:
    n = len(words)
    return n > 0 and any(name[i : i + n] == words for i in range(len(name) - n + 1))
