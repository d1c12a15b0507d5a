"""An in-memory index over every name of every registry organisation and list entry.

Build once (:func:`build_index`, in building.py), save with :meth:`ScreeningIndex.save`,
load in a fraction of the build time with :func:`load_index`, then
:meth:`ScreeningIndex.screen`.
Candidates come from a sparse TF-IDF product (character trigrams + words); each
candidate name is then compared word by word (:mod:`ksdesk.screening.scoring`).
"""

from __future__ import annotations

import itertools
import math
import re
from collections import defaultdict
from copy import copy
from dataclasses import dataclass, field, replace
from itertools import permutations
from pathlib import Path
from typing import Callable, Iterable, Mapping, Sequence

import numpy as np

from ksdesk.screening import cores, freed, store, vectors
from ksdesk.screening import names as nm
from ksdesk.screening.affiliation import ParsedQuery, country_of, names_a_place, parse
from ksdesk.screening.chooser import decide
from ksdesk.screening.lists.ror import LIST_ID as REGISTRY
from ksdesk.screening.namesakes import (
    EXACT_NAME,
    NAME_GOES_ON,
    STRONG_SCORE,
    Namesakes,
    country_written,
    word_after,
)
from ksdesk.screening.places import is_territory_of, territory_code
from ksdesk.screening.resolver import HISTORICAL, Chosen
from ksdesk.screening.scoring import (
    COUNTRY_MISMATCH_PENALTY,
    SLIP_CREDIT,
    SUBSTITUTION_FACTOR,
    Ceiling,
    Comparison,
    Conflict,
    compare,
    country_adjust,
    word_credit,
)
from ksdesk.screening.sparse_library import sparse
from ksdesk.screening.unknown_words import SLIPPED_KNOWN_WORDS, UnknownWords, struck_for_another

DEFAULT_THRESHOLD = 0.8
OFFICIAL_CHECK_FLOOR = 0.7  # below this a hit is informational; no need to refine it
LINK_THRESHOLD = 0.9  # a list entry is tied to a registry organisation at or above this
CANDIDATE_NAMES = 10  # distinct names compared per query part ...
CANDIDATE_NAMES_AFTER_EXACT = 4  # ... or this many once one of them is the part's name itself
CANDIDATE_POOL = 20  # ... out of this many from the sparse product (the same name recurs on lists)
SLIPPED_TEXT_WORDS = 8  # the most words of a name searched for slips where it finds nothing ...
SLIPPED_SEARCHES = 6  # ... in at most this many searches
CANDIDATE_FLOOR = 0.55  # ... unless their similarity is below this share of the part's best
RARE_WORD_NAMES = 6  # ... and the names of a word this few names have, whatever their similarity
RARE_WORD_SIMILARITY = -1.0  # the similarity such a name is found at: none
COMMON_FEATURE_SHARE = 0.02  # features in more names than this share only weigh, never search
THREADED_ROWS = 64  # a batch of this many parts is searched on several cores
MAX_POSTINGS = 5000  # ... nor in more names than this: keeps search time flat in huge indexes
# A trigram in more names than this only weighs: a part's trigrams touch most of the names the search
# reads, and one of "institut" or "universi" in thousands of names tells none of them apart. Whole
# words keep the higher limit, so that a short name of common words ("Institut Teknologi Del") is found.
MAX_TRIGRAM_POSTINGS = 1500
ACRONYM_SCORE = 0.95
ACRONYM_BEFORE_PLACE_SCORE = 0.9  # "NUDT Changsha": the acronym, and words it does not explain
SPELLED_OUT_IN_NAME = 0.99  # a name spelled out at the start of, or inside, another name the text is
PIECES_REORDERED = 0.99  # a name whose comma-separated pieces the text writes in another order
WHOLE_PART_SCORE = 0.93  # a part this close to one name, every word of it matched, is that name
SAME_PLACE_WORD = 0.8  # word credit above which a word after an alias is the place its full name has
DERIVED_ACRONYM_SCORE = 0.85
DOMAIN_SCORE = 0.92
HEAD_SCORE = 0.9  # a university named only by its own word before a school's or institute's
ACRONYM_HEAD_GROUPS = 3  # an acronym before a unit's name is read for at most this many organisations
MAX_REORDERED_PIECES = 3  # the pieces of a part whose other orders are compared with a name
BRAND_WORDS = 3  # the longest company name read before the words that say which part of it is meant
BRAND_SCORE = 0.95  # a company's name and what it trades as: "Toshiba Corporation"
BRAND_ELSEWHERE = 0.05  # less for a company's branch in another country than the one the words name
# A list entry matched by another name of it that is a registry organisation's own official name, one
# the entry is not tied to: a possible hit, ranked below that organisation.
NAMESAKE_SCORE = 0.85
SHORT_NAME_LETTERS = 4  # a name of one word this short matches only as written
PARTS_REMEMBERED = 20_000  # distinct parts whose matches one bulk call keeps for its later rows
MAX_SPAN_WORDS = 10  # the longest name looked for inside a longer part
RARE_START_SHARE = 0.6  # ... which may begin at a word this rare (a share of the rarity of a word in no name)
# ... and one of this many words is no generic name, however common each word ("China Electronics
# Technology Group Corporation").
UNCOMMON_SPAN_WORDS = 5
FEW_NAMESAKES = 3  # ... nor one of fewer words after "of" that no more organisations have
MAX_FIELD_WORDS = 5  # the most words of a field a university's name goes on to after "of"
FORMAT_VERSION = 34  # 7: name words people translate read in English; 8: "University of <city>" short names;
# 9: a name ending in its city written with dots or accents is also known without it; 10: common
# trigrams (MAX_TRIGRAM_POSTINGS) only weigh; 11: "Washington University" without "in St. Louis";
# 12: a namesake in another country keeps its name without its city; 13: a list entry's name before
# what the list adds in brackets ("Rostec (Russian Technologies State Corporation)"), a company's
# short name without a Russian form or "Concern" ("Kalashnikov"), a place's word never read as a typo,
# the words by their letters (a typist's swap); 14: the registry's companies by their short names;
# 15: the registry's cities and their countries; 16: Roman numerals read as digits; 17: the registry's
# status of each organisation, pinyin written out in Latin letters keeps syllables that look like stopwords;
# 18: the registry's city of each organisation; 19: legal forms that are also countries' codes ("AO",
# "AD", "SL"), list entries linked by their main name and their city first; 20: "A*STAR" one word, an
# acronym in brackets after another's "of" not the name's own, acronyms joined by a slash ("IPN/UNLA"),
# ordinals read as their numbers ("34th" is 34); 21: a typo in a translated kind word read as that word
# ("Autnoma" is "Autónoma"); 22: letters joined by "&" one word ("A&F", "R&D"); 23: words of five letters
# in the table of words by their letters, for a typist's slips; 24: and of four; 25: Web of Science's
# abbreviations ("Hlth", "Canc", "Natl"), the listed words in alphabetical order (a word's start);
# 26: a kind word's typo keeps its first letter ("Mechanical" is no "Technical"); 27: "US", "U.S." and
# "United States" one, as "UK" and "United Kingdom"; "Whitehead Institute" without its field; 28: a
# slip in a word whose sounds shorten it ("Demenzforscmhung") credited, as list entries are linked; 29: a
# name of words joined by hyphens known without its city ("Otto-von-Guericke-Universität"), a word more
# before the kind a name ends in another name, as list entries are linked ("Kim Il-Sung Military University");
# 30: the ways names write a word tokenising reads as another, kept for a word one slip from one ("Akadema");
# 31: a city as English writes it where its own language writes it otherwise ("Lisboa" is "Lisbon");
# 32: the ways names write a word of four letters too, a legal form as the generic form ("GmbH");
# 33: a registry organisation that is no company has no short name without "Tech" or "International"
# ("Georgia Tech" is not "Georgia"), and no company's short name is a country's name
# 34: a name in one word whose first piece is too short to stand apart ("UniStarCom") keeps all its pieces


@dataclass
class Entity:
    uid: int
    list_id: str
    entity_id: str
    name: str
    country: str | None
    risk_level: str | None = None
    category: str | None = None
    source_ref: str | None = None
    schema: str = "organization"
    parent: int | None = None  # a list part (ASPI subsidiary / laboratory) → its institution
    reason: str | None = None  # why the list names it, in the list's own words
    registry_parents: tuple[int, ...] = ()  # parents and successors in the registry
    links: list[tuple[int, float]] = field(default_factory=list)  # registry ↔ list entries
    status: str | None = None  # the registry's: active, inactive or withdrawn; None on a list
    city: str | None = None  # the registry's city of the organisation


@dataclass
class Hit:
    score: float
    list_id: str
    entity_id: str
    listed_name: str  # the entity's main name on its list
    matched_name: str  # the indexed name that matched
    matched_kind: str  # official / alias / acronym / former / translated / subsidiary / laboratory / domain / short / head
    query_part: str  # the part of the query that matched it
    explanation: str
    registry_id: str | None = None  # the registry organisation this hit is, or is tied to
    registry_name: str | None = None
    country: str | None = None
    risk_level: str | None = None
    # "strong": the name itself matched; "possible": only an acronym, a short name or a name
    # of another country matched, which a reviewer must confirm before it counts.
    strength: str = "strong"
    # The same explanation for people: (code, parameters) pairs that explain.py puts into
    # words in the reader's language.
    reasons: list[tuple[str, dict]] = field(default_factory=list)
    reason_listed: str | None = None  # the list's own words on why the entity is listed
    list_date: str | None = None  # the list version's date, ISO
    source_url: str | None = None
    status: str | None = None  # the registry organisation's: active, inactive or withdrawn; None on a list

    @property
    def is_watchlist(self) -> bool:
        return self.list_id != REGISTRY


@dataclass
class Resolution:
    query: str
    country: str | None  # given, or read from the string
    hits: list[Hit]
    chosen: Chosen | None


@dataclass
class _Match:
    score: float
    name_idx: int
    part: str
    detail: Comparison | str  # a ready sentence for acronym, domain and spelled-out matches
    kind: str | None = None
    reason: tuple[str, dict] | None = None  # explain.py's code and parameters, where the kind alone does not say

    @property
    def explanation(self) -> str:
        return self.detail if isinstance(self.detail, str) else self.detail.explain()

    def at_least(self, score: float) -> bool:
        return self.score >= score


def _spelled_in(words: Sequence[str], alias_key: str) -> bool:
    """Whether each of ``words`` is in the alias, as written or abbreviated ("Hutch" in "Hutchinson")."""
    alias = alias_key.split()
    return all(any(a == w or (len(w) >= 4 and a.startswith(w)) or word_credit(w, a) >= 0.9 for a in alias)
               for w in words)


class _DeferredScore:
    """A name's score against a query part, compared word by word when first asked for, if ever."""

    __slots__ = ("_toks", "_key", "_idf", "_default_idf", "_slips", "_score")

    def __init__(self, toks: list[str], key: str, idf: dict[str, float], default_idf: float, slips: bool = False
                 ) -> None:
        self._toks, self._key, self._idf, self._default_idf, self._slips = toks, key, idf, default_idf, slips
        self._score: float | None = None

    def __call__(self) -> float:
        if self._score is None:
            self._score = compare(self._toks, self._key.split(), self._idf, self._default_idf,
                                  known_slips=self._slips).score
        return self._score


class _Unscored(_Match):
    """Candidate names of one organisation not compared word by word, as their ceilings are below
    every score that is reported. They hold the organisation's place among the matches as compared
    names do; which of them matched best, and how well, is computed only where someone asks: where
    another match of the organisation is weighed against them, or a longer name the search found is
    looked for (_exact_spans)."""

    def __init__(self, ceiling: float, name_idx: int, part: str, official: bool, score_of: Callable[[], float]
                 ) -> None:
        self.ceiling = ceiling
        self.detail, self.kind, self.reason = "", None, None
        self._names = [(name_idx, part, official, score_of)]  # in the order met
        self._best: tuple[float, int, str] | None = None

    @property
    def open(self) -> bool:
        return self._best is None

    def alternatives(self) -> list[int]:
        return [name_idx for name_idx, *_ in self._names]

    def add(self, ceiling: float, name_idx: int, part: str, official: bool, score_of: Callable[[], float]) -> None:
        self.ceiling = max(self.ceiling, ceiling)
        self._names.append((name_idx, part, official, score_of))

    def _resolved(self) -> tuple[float, int, str]:
        """As _rescore keeps the better of two matches met one after the other."""
        if self._best is None:
            score, name_idx, part, official = float("-inf"), -1, "", False
            for i, (idx, where, is_official, score_of) in enumerate(self._names):
                s = score_of()
                if i == 0 or s > score or (s == score and is_official and not official):
                    score, name_idx, part, official = s, idx, where, is_official
            self._best = (score, name_idx, part)
        return self._best

    @property
    def score(self) -> float:
        return self._resolved()[0]

    @score.setter
    def score(self, value: float) -> None:
        raise AttributeError("the score of names not compared is computed, never set")

    @property
    def name_idx(self) -> int:
        return self._resolved()[1]

    @name_idx.setter
    def name_idx(self, value: int) -> None:
        raise AttributeError("the name of names not compared is computed, never set")

    @property
    def part(self) -> str:
        return self._resolved()[2]

    @part.setter
    def part(self, value: str) -> None:
        raise AttributeError("the part of names not compared is computed, never set")

    def at_least(self, score: float) -> bool:
        return self.ceiling >= score and self.score >= score


# Stands for a match too weak to report: below every threshold, never an exact name.
_UNREPORTED = _Match(float("-inf"), -1, "", "")


class ScreeningIndex(Namesakes, UnknownWords):
    def __init__(self) -> None:
        self.entities: list[Entity] = []
        self.name_entity: np.ndarray = np.zeros(0, dtype=np.int32)
        self.entity_first_name: np.ndarray = np.zeros(0, dtype=np.int64)  # uid → its main name id
        self.name_values: list[str] = []
        self.name_kinds: list[str] = []
        self.name_keys: list[str] = []
        self.matrix: sparse.csr_matrix | None = None  # (trigrams + words) × names, each half × 0.5
        self.char_idf = np.zeros(0, dtype=np.float32)
        self.char_keep = np.zeros(0, dtype=np.float32)
        self.vocab: dict[str, int] = {}
        self.word_idf = np.zeros(0, dtype=np.float32)
        self.word_keep = np.zeros(0, dtype=np.float32)
        self.idf: dict[str, float] = {}
        self.default_idf = 10.0
        self.acronyms: dict[str, list[int]] = {}  # acronym → name ids
        self.derived_acronyms: dict[str, list[int]] = {}  # acronym → entity uids
        self.domains: dict[str, int] = {}
        self.places: dict[str, list[int]] = {}  # a registry city's key → one organisation there per country
        self.by_key: dict[tuple[str, str], int] = {}  # (list id, entity id) → uid
        self.lists: dict[str, dict] = {}
        self.path: Path | None = None  # the file it was loaded from, which worker processes map too
        self.search_threads = cores.available()  # for the candidate search of a batch

    # ---- persistence -------------------------------------------------------------------

    def save(self, path: str | Path) -> None:
        """One file that :func:`load_index` maps into memory (see store.py)."""
        store.save_index(self, path, FORMAT_VERSION)

    # ---- lookup helpers ----------------------------------------------------------------

    def entity(self, list_id: str, entity_id: str) -> Entity | None:
        uid = self.by_key.get((list_id, entity_id))
        return self.entities[uid] if uid is not None else None

    def _group(self, uid: int) -> int:
        """Entities that are one organisation (a registry org and its list entries) share a group."""
        e = self.entities[uid]
        if e.parent is not None:
            return self._group(e.parent)
        if e.list_id != REGISTRY and e.links:
            return e.links[0][0]
        return uid

    # ---- candidate search --------------------------------------------------------------

    def _candidates(self, token_lists: list[list[str]], k: int, rare: bool = False
                    ) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per list of search words, the names most alike, as (name ids, similarities). With ``rare``,
        the names of a search word few names have come last, at RARE_WORD_SIMILARITY."""
        stacked = self.__dict__.get("_stacked")
        if stacked is None:  # the trigram and word halves as one feature space, as the matrix has them
            stacked = self.__dict__["_stacked"] = (
                np.concatenate([self.char_idf, self.word_idf]), np.concatenate([self.char_keep, self.word_keep]))
        skeletons = [[nm.skeleton(w) for w in t] for t in token_lists]
        threads = self.search_threads if len(token_lists) >= THREADED_ROWS else 1
        found = vectors.top_k_product(vectors.query_matrix(skeletons, self.vocab, *stacked), self.matrix, k, threads)
        return [self._with_rare_word_names(words, f) for words, f in zip(skeletons, found, strict=True)] if rare else found

    def _with_rare_word_names(self, skeletons: list[str], found: tuple[np.ndarray, np.ndarray]
                              ) -> tuple[np.ndarray, np.ndarray]:
        """``found`` and after it the names that have a search word few names have. Similarity weighs
        each half of the features apart, so a name that shares only a rare word with the text can rank
        level with, or below, names that share a trigram across two of its words ("University of
        Redeemer": "University Rennes", "sitire") or a commoner word ("Shariaty Tech Coll": "Tech"
        companies)."""
        assert self.matrix is not None  # found by a search of it
        indptr, indices = self.matrix.indptr, self.matrix.indices
        rare: list[int] = []
        for word in skeletons:
            j = self.vocab.get(word)
            if j is None:
                continue
            start, end = int(indptr[vectors.N_TRIGRAMS + j]), int(indptr[vectors.N_TRIGRAMS + j + 1])
            if end - start <= RARE_WORD_NAMES:
                rare.extend(indices[start:end].tolist())
        if not rare:
            return found
        cols, sims = found
        rare = list(dict.fromkeys(rare))[:RARE_WORD_NAMES]
        return (np.concatenate([cols, np.asarray(rare, dtype=cols.dtype)]),
                np.concatenate([sims, np.full(len(rare), RARE_WORD_SIMILARITY, dtype=sims.dtype)]))

    def _score_parts(self, parts: list[str], threshold: float) -> dict[int, _Match]:
        """Best match per entity over every query part."""
        token_lists = [self._query_tokens(p) for p in parts]
        best: dict[int, _Match] = {}
        live = [i for i, t in enumerate(token_lists) if t]
        if live and self.matrix is not None and len(self.name_keys):
            found_all = self._candidates([_search_words(parts[i], token_lists[i], self._vowelled, self._unknown_word)
                                          for i in live],
                                         CANDIDATE_POOL, rare=True)
            for row, found in zip(live, found_all, strict=True):
                self._rescore(parts[row], token_lists[row], found, best, None, threshold)
        for part in parts:
            self._exact_matches(part, best)
        return best

    def _rescore(
        self,
        part: str,
        toks: list[str],
        found: tuple[np.ndarray, np.ndarray],
        best: dict[int, _Match],
        allowed: set[str] | None,
        unreported: float = float("-inf"),
        slips: bool = False,
    ) -> None:
        """Scores the candidates ``found`` for one query part into ``best``; with ``allowed``,
        only entities on those lists (linking list entries to the registry). A match below
        ``unreported`` is never reported: its score need not be exact, it is -inf. With ``slips``,
        a word names have may be a slip from a listed word (_slipped_words)."""
        cols, sims = found
        if not len(cols):
            return
        floor = sims[0] * CANDIDATE_FLOOR
        han, arabic = nm.has_han(part), nm.has_arabic(part)
        # A name that cannot reach ``unreported`` is not compared word by word, unless another of
        # its organisation's names is weighed against it (_Unscored). Below OFFICIAL_CHECK_FLOOR an
        # alias does not send for its official name either; compared as a Chinese or Arabic-script
        # name it is scored apart from the official check's comparison, so those are always compared.
        ceiling = None if han or arabic or allowed is not None else Ceiling(toks, self.idf, self.default_idf, slips)
        unreported = min(unreported, WHOLE_PART_SCORE)
        # The same name on several lists is compared once; a float is the ceiling of one not compared.
        seen: dict[str, Comparison | float] = {}
        names_wanted = CANDIDATE_NAMES
        unreported_alias = min(unreported, OFFICIAL_CHECK_FLOOR)
        scores_of: dict[str, Callable[[], float]] = {}
        # A part written as an acronym meets a list's short alias written as one as the acronym it is
        # (_acronym_matches), which others may share, never as a name: "AUC" is the SDN list's alias
        # of a Colombian militia and the acronym of five universities. A longer one in capitals is
        # often a name ("HUAWEI").
        acronym_written = _acronym_query(part)
        for name_idx, sim in zip(cols.tolist(), sims.tolist(), strict=True):
            # The names of a rare word come last, at no similarity (_with_rare_word_names): compared
            # whatever it, and past the quota, unless a name is the part itself.
            rare = sim == RARE_WORD_SIMILARITY
            if (sim < floor and not rare) or (rare and names_wanted == CANDIDATE_NAMES_AFTER_EXACT):
                continue
            key = self.name_keys[name_idx]
            if acronym_written and len(key) <= SHORT_NAME_LETTERS and " " not in key and key in self.acronyms \
                    and self.name_kinds[name_idx] != "official":
                continue
            # Past the quota only the names already compared count: the same name of another
            # organisation ("Fundación Universia" beside "Fondation universitaire") may come after
            # other names at the same similarity, and is as much the query's name.
            if len(seen) >= names_wanted and key not in seen and not rare:
                continue
            uid = int(self.name_entity[name_idx])
            if allowed is not None and self.entities[uid].list_id not in allowed:
                continue
            cmp = seen.get(key)
            if not isinstance(cmp, Comparison):
                if ceiling is not None:
                    official = self.name_kinds[name_idx] == "official"
                    if cmp is None:
                        cmp = seen[key] = ceiling.score(key.split())
                    if cmp < (unreported if official else unreported_alias):
                        current = best.get(uid)
                        score_of = scores_of.get(key)
                        if score_of is None:  # the same words are compared once, if ever
                            score_of = scores_of[key] = _DeferredScore(toks, key, self.idf, self.default_idf, slips)
                        if current is None:
                            best[uid] = _Unscored(cmp, name_idx, part, official, score_of)
                            continue
                        if isinstance(current, _Unscored) and current.open:
                            current.add(cmp, name_idx, part, official, score_of)
                            continue
                        if cmp < current.score:  # below the match it would have to beat
                            continue
                cmp = seen[key] = compare(toks, key.split(), self.idf, self.default_idf, strict_query=han,
                                          unvowelled=arabic, known_slips=slips)
                if cmp.score >= EXACT_NAME:
                    names_wanted = CANDIDATE_NAMES_AFTER_EXACT
            # A name of one short word is matched as written: "Lyon" is not the company "Lion", one
            # letter away and sounding alike.
            if len(key) <= SHORT_NAME_LETTERS and " " not in key and cmp.score < EXACT_NAME:
                continue
            if cmp.query_only and cmp.score >= OFFICIAL_CHECK_FLOOR and self.name_kinds[name_idx] != "official":
                cmp = self._check_official(toks, uid, name_idx, cmp, seen)
            match = _Match(cmp.score, name_idx, part, cmp)
            if self._preferred(match, best.get(uid)):
                best[uid] = match

    def _preferred(self, match: _Match, current: _Match | None) -> bool:
        """Whether ``match`` names its organisation better than ``current``. Of two names equally
        close, the organisation's own official name is the one shown, and of two equally official,
        the one that matched more of the text: "Mayo Clinic Comprehensive Cancer Center, Florida"
        names the Florida centre as a whole, not only by its name without its place."""
        if current is None or match.score != current.score:
            return current is None or match.score > current.score
        official = match.name_idx >= 0 and self.name_kinds[match.name_idx] == "official"
        was_official = current.name_idx >= 0 and self.name_kinds[current.name_idx] == "official"
        return official > was_official or (official == was_official and len(match.part) > len(current.part))

    def _check_official(self, toks: list[str], uid: int, name_idx: int, cmp, seen: dict):
        """An alias without the place ("X College") must not hide that the organisation
        is "X College Jaunpur" when the query says "X College Vadodara". An alias that spells
        out the official name's words is no shorter name: "Fred Hutchinson Cancer Center" is
        the "Fred Hutch Cancer Center" a query "Fred Hutchinson Cancer Research Center" names."""
        official = int(self.entity_first_name[uid])
        if self.name_kinds[official] != "official":
            return cmp
        official_key = self.name_keys[official]
        full = seen.get(official_key)
        if not isinstance(full, Comparison):
            full = seen[official_key] = compare(toks, official_key.split(), self.idf, self.default_idf)
        if Conflict.DIFFERENT_NAME_WORDS in full.kinds and not _spelled_in(full.result_only, self.name_keys[name_idx]):
            cmp = copy(cmp)
            cmp.score *= SUBSTITUTION_FACTOR
            cmp.conflicts = cmp.conflicts + [
                f"the official name {self.name_values[official]} has other name words: " + " ".join(full.result_only)
            ]
            cmp.kinds = cmp.kinds + [Conflict.OFFICIAL_NAME_DIFFERS]
        return cmp

    def _acronym_matches(self, part: str, best: dict[int, _Match], top: float = ACRONYM_SCORE) -> None:
        key = nm.acronym_key(part)
        listed = list(self.acronyms.get(key, []))
        groups = {self._group(int(self.name_entity[i])) for i in listed}
        # An acronym written in small letters and capitals is written as its own organisation writes
        # it: "UvA" is the University of Amsterdam's, "UVA" Virginia's.
        written = part.strip()
        as_written = {self._group(int(self.name_entity[i])) for i in listed if self.name_values[i] == written} \
            if not written.isupper() and not written.islower() else set()
        for i in listed:
            uid = int(self.name_entity[i])
            # An acronym several organisations use says less about each of them.
            shared = as_written if self._group(uid) in as_written else groups
            score = top - 0.05 * math.log2(len(shared))
            expl = f"listed acronym {self.name_values[i]}" + (
                f", shared by {len(groups)} organisations" if len(groups) > 1 else ""
            )
            if uid not in best or best[uid].score < score:
                best[uid] = _Match(score, i, part, expl, "acronym")
        if listed:
            return
        derived = list(self.derived_acronyms.get(key, []))
        groups = {self._group(u) for u in derived}
        for uid in derived:
            score = DERIVED_ACRONYM_SCORE - 0.1 * math.log2(len(groups))
            name_idx = int(self.entity_first_name[uid])
            expl = f"initials of {self.entities[uid].name}" + (
                f", shared by {len(groups)} organisations" if len(groups) > 1 else ""
            )
            if uid not in best or best[uid].score < score:
                best[uid] = _Match(score, name_idx, part, expl, "derived acronym")

    def _exact_spans(self, part: str, best: dict[int, _Match]) -> None:
        """Names spelled out in full inside a longer part, where no comma sets them apart:
        "College of Optical Science and Engineering Zhejiang University", "The Ningbo
        Institute of Northwestern Polytechnical University". Only the longest such names
        count: "Harbin Engineering University" hides the "Engineering University" inside it.
        A name counts only where a name can begin: at the start or after a linking word
        ("of", "at", "and"), never glued to a word before it ("Yamagata National University"
        is not "National University"), and never a generic one."""
        table = self._names_by_key()
        rare_start = RARE_START_SHARE * self.default_idf
        found = []
        # The names the search found: a span that the names of two other organisations go on past
        # is the start of a longer name, not a name of its own ("University of North Carolina" is
        # no "University North"), where
        # the span ends in a word of the name proper ("New York University Langone" names New York
        # University). Neither
        # hides a name where the longer one is a part of its organisation: "University of Michigan
        # Medical School" also names the University of Michigan.
        longer: list[list[tuple[str, int]]] = []  # made when first asked for: names not compared wait till then

        def found_names() -> list[tuple[str, int]]:
            if not longer:
                # Names not compared are names the search found, whichever of them matched best.
                longer.append([(self._found_name(m) + " ", uid) for uid, m in best.items()
                               if (isinstance(m, _Unscored) and m.open) or m.name_idx >= 0])
            return longer[0]

        # Never across a comma: "Graduate School of Science, The University of Tokyo" does
        # not spell "Science University of Tokyo".
        for piece in part.split(", "):
            words = [w for w in nm.to_ascii(piece).split() if w]
            toks = nm.token_tuple(piece)
            if len(toks) < 3:
                continue
            # A rare word begins a name wherever it stands: "Ministry of Education Shandong
            # University", "Dushu Lake Hospital Affiliated to Soochow University".
            acronyms = [len(w) > 1 and w.isalpha() and w.isupper() for w in piece.split()]
            if len(acronyms) != len(words):
                acronyms = [False] * len(words)
            linked = _name_starts(words, toks, acronyms)
            word_of = _token_words(words, toks)
            glued = _glued_to_first(piece)
            # Never inside a word a hyphen joins: "Winston-Salem State University" is no Salem State
            # University; nor after a word that makes another place of the place it begins with.
            starts = (linked | {i for i, tok in enumerate(toks)
                                if self.idf.get(tok, self.default_idf) >= rare_start}) - glued - _placed_after(toks)
            # A piece that is itself a name hides a name inside it that only a rare word begins, as a
            # longer span does: "Florida Atlantic University" is not "Atlantic University". A name
            # at its start or after a linking word stays: "Columbia University Irving Medical
            # Center", "First Affiliated Hospital of Zhengzhou University".
            whole_piece = [(" ".join(toks) + " ", int(self.name_entity[i])) for i in table.get(" ".join(toks), ())]
            spans: list[tuple[int, int]] = []
            for n in range(min(len(toks) - 1, MAX_SPAN_WORDS), 1, -1):
                for i in range(len(toks) - n + 1):
                    if i not in starts:
                        continue
                    key = " ".join(toks[i : i + n])
                    ids = table.get(key)
                    if ids:
                        # Not where the text writes a phrase inside the name that the name has not: "University
                        # of the West Indies" does not spell "University West". A linking word alone is often
                        # added or left out ("Xiangya Hospital [of] Central South University").
                        inside = _wordless(words[word_of[i] + 1 : word_of[i + n - 1]])
                        ids = [j for j in ids if _wordless(self.name_values[j].split()[1:-1]) > inside - 2]
                    if (ids and not any(a <= i and i + n <= b for a, b in spans)
                            and (n >= UNCOMMON_SPAN_WORDS or not self._generic(toks[i : i + n])
                                 or (i in linked and self._few_namesakes(toks[i : i + n], ids, words)))
                            and not (whole_piece and i not in linked and self._continued("", ids, whole_piece))
                            and not (i + n < len(toks) and not nm.org_class(toks[i + n - 1])
                                     and self._continued(" ".join(toks[i : i + n + 1]) + " ", ids, found_names(), 2))):
                        spans.append((i, i + n))
                        # What the piece puts just before a name that a rare word begins: a place there
                        # makes it another organisation's name ("Shanghai Artificial Intelligence
                        # Research Institute" is no institute in Barcelona).
                        before = () if i in linked else toks[max(j for j in linked if j < i) : i]
                        if not before and i:  # "US Army Research Institute", "United States Army …"
                            before = next((toks[i - w : i] for w in (2, 1) if i >= w and country_written(toks[i - w : i])),
                                          ())
                        # "Wuhan University of Technology" goes on from "Wuhan University" to name another
                        # university: where that one is no part of it, the shorter name is not meant.
                        other = (whole_piece and word_after(words, i + n) in NAME_GOES_ON
                                 and not any(self._related(owner, int(self.name_entity[j]))
                                             for _key, owner in whole_piece for j in ids))
                        # Where no name is the piece, it may still be another university's that the index
                        # does not hold: "Sichuan University of Science and Engineering" (in Zigong) is no
                        # Sichuan University. Whether it means a listed one is for a reviewer to say.
                        unknown = ((not whole_piece and word_after(words, i + n) in NAME_GOES_ON
                                    and self._another_university(toks[i : i + n], toks[i + n :]))
                                   or self._unknown_name_before(piece.split(), words, word_of, toks, i, linked))
                        found.append((key, ids, toks[i + n :], before, piece if whole_piece or unknown else None,
                                      other, unknown))
        # The part read whole may itself be a longer name with a typo ("The Hong Kong University of
        # Sience and Technology"): a name spelled out inside it then ranks just below that one, unless
        # it is the same organisation's ("Artificial Intelligence Institute of China Electronics
        # Technology Group Corporation" reads whole a little like CETC, and names it in full).
        # So too where the part is a shorter reading of another part that is a name with a slip or two:
        # "National metrology institute VTT MKES" is also read without the acronym at its end.
        if not found:
            return
        within = f" {' '.join(nm.token_tuple(part))} "
        wholes = [(uid, m.score) for uid, m in best.items()
                  if isinstance(m.detail, Comparison) and m.score >= WHOLE_PART_SCORE and not m.detail.query_only
                  and (m.part == part or (_slipped_name(m.detail)
                                          and within in f" {' '.join(nm.token_tuple(m.part))} "))]
        for span, ids, after, before, named_piece, other, unknown in found:
            for name_idx in ids:
                uid = int(self.name_entity[name_idx])
                whole = max((score for owner, score in wholes if owner != uid), default=0.0)
                score, explanation = 1.0, f"the name is spelled out in full in “{part}”"
                reason: tuple[str, dict] | None = None
                if other:
                    score = SUBSTITUTION_FACTOR
                    explanation += ", which goes on to name another organisation"
                    reason = ("spelled_out_in_longer", {"text": named_piece})
                elif unknown:
                    score = NAMESAKE_SCORE
                    explanation += ", which reads as another university's name"
                    reason = ("spelled_out_in_longer", {"text": named_piece})
                elif named_piece:
                    # "Chongqing University of Technology" is a name itself: "Chongqing University"
                    # at its start ranks below it, not level with it.
                    score = SPELLED_OUT_IN_NAME
                    explanation += ", which is another name as a whole"
                    reason = ("spelled_out_in_longer", {"text": named_piece})
                elif whole >= WHOLE_PART_SCORE:
                    score = whole - 0.01
                    explanation += ", which reads whole as another name"
                    reason = ("spelled_out_in_longer", {"text": part})
                elsewhere = self._place_after_alias(name_idx, uid, after) or self._kind_after_alias(name_idx, uid, after)
                if elsewhere:
                    score = SUBSTITUTION_FACTOR
                    explanation += f", but {' '.join(after)} follows it where the official name has {elsewhere}"
                    official = self.name_values[int(self.entity_first_name[uid])]
                    reason = ("spelled_out_other_words", {"after": " ".join(after).title(), "official": official})
                place = self._place_elsewhere(uid, before, after)
                if place:
                    score = SUBSTITUTION_FACTOR
                    explanation += f", but with {place}, a place in another country"
                    reason = ("spelled_out_other_place", {"place": place, "name": self.name_values[name_idx]})
                current = best.get(uid)
                if current is None or current.score < score:
                    best[uid] = _Match(score, name_idx, span, explanation, reason=reason)

    def _unknown_name_before(self, written: list[str], words: list[str], word_of: Sequence[int],
                             toks: tuple[str, ...], i: int, linked: set[int]) -> bool:
        """Whether a name spelled out at token ``i`` follows a capitalised word that no name has nor is
        a slip away from one, and that is no place, with no linking word between: the word begins the
        name the text writes, which the index does not hold ("Modibbo Adama University", in Yola, is no
        "Adama University" in Ethiopia). An acronym there, in capitals or not, is a name of its own
        ("CREOP Université de Limoges", "IMol Polish Academy of Sciences")."""
        before = toks[i - 1] if i else ""
        if (not before or i in linked or before in self.idf or before in self.places or country_written((before,))
                or len(written) != len(words)):
            return False
        word = written[word_of[i - 1]]
        # A word one slip from a word names have is that word mistyped: "Physcis Zhejiang University".
        return word[:1].isupper() and word[1:].islower() and word.isalpha() and not self._unknown_word(before)

    def _another_university(self, span: tuple[str, ...], after: tuple[str, ...]) -> bool:
        """Whether a university's or college's name and the words "of" brings after it are another's
        name: "<place> University of <field>", as "Wuhan University of Technology" is. A place or a
        country after "of" is where the university is ("Sichuan University of China")."""
        return (bool(after) and len(after) <= MAX_FIELD_WORDS and nm.org_class(span[-1]) in _UNIVERSITY_CLASSES
                and not any(w in self.places or country_written((w,)) for w in after))

    def _few_namesakes(self, span: tuple[str, ...], ids: Sequence[int], written: Sequence[str]) -> bool:
        """Whether common words a piece spells out after a linking word name an organisation all the
        same: a name of three words or more, written as one run of words, that ends in what kind of
        organisation it is and that few have ("Shengjing Hospital of China Medical University", which
        is Shenyang's and Taichung's). "Institute of Physics" is the name of too many, "Department of
        Physics" is a unit's, and "Physics and Research Center" two things."""
        return (len(span) >= 3 and bool(nm.org_class(span[-1])) and not nm.org_class(span[0])
                and f" {' '.join(span)} " in f" {' '.join(written)} "
                and len({int(self.name_entity[j]) for j in ids}) <= FEW_NAMESAKES)

    def _not_starts_of_longer_names(self, best: dict[int, _Match], threshold: float) -> dict[int, _Match]:
        """A name that the text goes on past a comma to make another organisation's name is the start
        of that name: "University of Nevada, Las Vegas" names UNLV, and the alias "University of
        Nevada" of the university in Reno at its start does not name Reno. The longer name's own
        parents and parts keep their match: "University of California, Davis" is in the University of
        California System. A list's own entry keeps its match whatever follows it: whether the text
        means the listed organisation is for a reviewer to say. So too a piece between commas of a
        text that is, as a whole, another registry organisation's name, perhaps with a typo: in
        "Donders Institute for Brain, Cognition and Behaviour" the piece "Cognition and Behaviour" ranks
        below the institute, not level with it or above it; and so does the organisation's own parent where
        the text writes the whole with a slip ("Czech Academy of Sciences, Institute of GGeonics" is the
        institute first, the academy just below it). ``best`` is left as it is: its matches are shared
        by the rows of a batch."""
        exact = [(nm.token_tuple(m.part), uid, m.part) for uid, m in best.items()
                 if m.kind is None and m.at_least(EXACT_NAME) and self._in_registry(uid)]
        # at_least first: a match not compared yet answers it from its ceiling, without comparing.
        wholes = [(nm.token_tuple(m.part), uid, m.part, m.score, _slipped_name(m.detail)) for uid, m in best.items()
                  if m.kind is None and m.at_least(WHOLE_PART_SCORE) and ", " in m.part and self._in_registry(uid)
                  and isinstance(m.detail, Comparison) and not m.detail.query_only]
        if not exact and not wholes:
            return best
        longer = [(words, uid, text) for words, uid, text in exact if ", " in text]
        out = dict(best)
        for uid, match in best.items():
            if not match.at_least(threshold):
                continue
            elsewhere = self._name_goes_on(uid, match, exact) or self._head_of_another(uid, match, exact)
            if elsewhere is not None:
                text, other_name, reason = elsewhere
                out[uid] = _Match(min(match.score, SUBSTITUTION_FACTOR), match.name_idx, match.part,
                                  f"{match.explanation}, but “{text}” is the full name of {other_name}", match.kind,
                                  reason)
                continue
            if not self._in_registry(uid):
                continue
            own = nm.token_tuple(match.part)
            for words, other, text in longer:
                if (other != uid and len(words) > len(own) and words[: len(own)] == own
                        and not self._related(uid, other)):
                    name = self.entities[other].name
                    out[uid] = _Match(min(match.score, SUBSTITUTION_FACTOR), match.name_idx, match.part,
                                      f"{match.explanation}, but “{text}” goes on to name {name}", match.kind,
                                      ("start_of_longer_name", {"longer": text, "other": name}))
                    break
            else:
                # It ranks just below the whole, as a name spelled out inside a longer one does.
                for words, other, text, score, slipped in wholes:
                    if (other != uid and match.part != text and match.part in text.split(", ") and score <= match.score
                            and f" {' '.join(own)} " in f" {' '.join(words)} "
                            and ((slipped and score < EXACT_NAME) or not self._related(uid, other))):
                        out[uid] = _Match(score - 0.01, match.name_idx, match.part,
                                          f"{match.explanation}, but “{text}” reads as a whole as another name",
                                          match.kind, ("spelled_out_in_longer", {"text": text}))
                        break
        return out

    def _pieces_in_another_order(self, best: dict[int, _Match], parts: Sequence[str]) -> dict[int, _Match]:
        """"Winneba, University of Education" is the "University of Education, Winneba", and "Food and
        Rural Affairs, Ministry of Agriculture" the Korean "Ministry of Agriculture, Food and Rural
        Affairs": a registry name whose comma-separated pieces the text writes in another order is
        that name, nearly as surely as when written in its own. The names are looked up by their
        words, as many as there are, not left to the search. A piece that is a name of its own
        ("University of Education", in Pakistan; the ministries of agriculture of many countries) is
        then spelled out inside it, as a name at the start of a longer one is, and ranks below it.
        ``best`` is left as it is: its matches are shared by the rows of a batch."""
        named: dict[int, str] = {}  # the organisations so named, by the part that names them
        named_matches: dict[int, _Match] = {}
        for part in parts:
            pieces = [nm.token_tuple(p) for p in part.split(", ")]
            if not 2 <= len(pieces) <= MAX_REORDERED_PIECES:
                continue
            table = self._names_by_key()  # made on first use: a name without commas needs none
            for order in permutations(pieces):
                if list(order) == pieces:
                    continue
                for name_idx in table.get(" ".join(w for piece in order for w in piece), ()):
                    uid = int(self.name_entity[name_idx])
                    current = best.get(uid)
                    # An organisation the text names as well as this, and as fully, keeps that match.
                    if (self.entities[uid].list_id == REGISTRY and uid not in named
                            and not (current and current.at_least(PIECES_REORDERED) and len(current.part) >= len(part))):
                        named[uid] = part
                        # One a piece names exactly keeps that match too ("RJ Sankara Eye Hospital"),
                        # and with it its place in the string, where the plain rule looks for its parent.
                        if not (current and current.at_least(EXACT_NAME)):
                            named_matches[uid] = _Match(PIECES_REORDERED, name_idx, part,
                                                        "the same words, with the pieces between its commas in "
                                                        "another order", reason=("pieces_reordered", {}))
        if not named:
            return best
        out = {**best, **named_matches}
        # Where a piece names the organisation by itself, the text reads as a unit and its parent, as
        # affiliations are written, and the parent keeps its match: "Joint Genome Institute, Lawrence
        # Berkeley National Laboratory" is also the institute's alias "Lawrence Berkeley National
        # Laboratory Joint Genome Institute", and names the laboratory the institute is part of. The
        # "Wetland and Aquatic Research Center" is no name alone: the text is the centre's name.
        named_by: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for other, text in named.items():
            for piece in text.split(", "):
                named_by[piece].append((text, other))
        for uid, match in best.items():
            whole = next((text for text, other in named_by.get(match.part, ())
                          if other in named_matches or not self._related(uid, other)), None)
            if whole is not None and uid not in named and match.at_least(PIECES_REORDERED):
                out[uid] = _Match(min(match.score, PIECES_REORDERED - 0.01), match.name_idx, match.part,
                                  f"{match.explanation}, but “{whole}” reads as a whole as another name",
                                  match.kind, ("spelled_out_in_longer", {"text": whole}))
        return out

    def _found_name(self, match: _Match) -> str:
        """The words of the name that matched, without comparing names not compared where they are
        all one name."""
        if isinstance(match, _Unscored) and match.open:
            keys = {self.name_keys[i] for i in match.alternatives()}
            if len(keys) == 1:
                return keys.pop()
        return self.name_keys[match.name_idx]

    def _continued(self, words: str, ids: list[int], longer: list[tuple[str, int]], organisations: int = 1) -> bool:
        """Whether longer names of so many other organisations begin with ``words``."""
        owners = {int(self.name_entity[i]) for i in ids}
        others = set()
        for name, uid in longer:
            if name.startswith(words):
                parents = self.entities[uid].registry_parents
                related = set(parents) | {g for p in parents for g in self.entities[p].registry_parents}
                if not (owners & related):
                    others.add(self._group(uid))
        return len(others) >= organisations

    def _countries_of_place(self, words: Sequence[str]) -> set[str]:
        """The countries of the registry's city these words name ("shanghai": China), or none."""
        found = self.places.get(" ".join(words)) if words else None
        if found is None:
            return set()
        # A loaded index keeps in memory only the organisations it reports: the country is read
        # from its column, not from an organisation made for it.
        country_of = getattr(self.entities, "country_of", None)
        return {c for uid in found if (c := country_of(uid) if country_of else self.entities[int(uid)].country)}

    def _placed(self, parsed: ParsedQuery) -> ParsedQuery:
        """An affiliation without its country that ends in a city of one country is in that country:
        "…, Tsinghua University, Haidian, Beijing" is in China. Not a city alone, which is a query
        about the city, nor one of several countries ("Cambridge")."""
        parsed = self._with_campuses(parsed)
        if parsed.country or not parsed.parts or ", " not in parsed.parts[0]:
            return parsed
        last = parsed.parts[0].rsplit(", ", 1)[1]
        # A legal form in capitals: "Yamalgazinvest, ZAO" is no company in Zaō, Japan.
        if last.isupper() and nm.is_trade_word(last.lower().strip(". ")):
            return parsed
        countries = self._countries_of_place(nm.token_tuple(last))
        return replace(parsed, country=next(iter(countries))) if len(countries) == 1 else parsed

    def _another_by_its_first_word(self, match: _Match) -> bool:
        if match.kind is not None or match.name_idx < 0 or match.at_least(EXACT_NAME):
            return False
        return _another_first_word(nm.token_tuple(match.part), self.name_keys[match.name_idx].split())

    def _with_campuses(self, parsed: ParsedQuery) -> ParsedQuery:
        """The parse's guesses at a university's campus before a unit ("University of California, San
        Francisco School of Medicine") read as a part where the campus is a city the registry knows."""
        if not parsed.campuses:
            return parsed
        known = {p.lower() for p in parsed.parts}
        found = [pair for pair, campus in parsed.campuses
                 if pair.lower() not in known and self._countries_of_place(nm.token_tuple(campus))]
        return replace(parsed, parts=[*parsed.parts, *found]) if found else parsed

    def _other_place_in_part(self, entity: Entity, match: _Match) -> str | None:
        """A registry city of other countries than the organisation's alone, named by the words of
        the part the organisation matched that its name does not have: "Shanghai" in "Shanghai
        Artificial Intelligence Research Institute" against the institute in Barcelona."""
        if not entity.country or match.name_idx < 0 or not self.places:
            return None
        own = set(self.name_keys[match.name_idx].split())
        toks = nm.token_tuple(match.part)
        runs, run = [], []
        for tok in [*toks, ""]:
            if tok and tok not in own:
                run.append(tok)
            elif run:
                runs.append(tuple(run))
                run = []
        for words in runs:
            for n in range(min(3, len(words)), 0, -1):
                for i in range(len(words) - n + 1):
                    countries = self._countries_of_place(words[i : i + n])
                    if countries and entity.country not in countries:
                        return " ".join(words[i : i + n]).title()
        return None

    def _place_elsewhere(self, uid: int, before: tuple[str, ...], after: tuple[str, ...]) -> str | None:
        """The place a name spelled out in a piece is put in, where that is a city of other countries
        than the organisation's alone, or another country: the place just before it, or up to three
        words just after it ("Institute of Physics Beijing" is not the institute in London, nor the "US
        Army Research Institute of Environmental Medicine" a Chinese army's institute)."""
        country = self.entities[uid].country
        if not country:
            return None
        for words in [before, *(after[:n] for n in (3, 2, 1) if len(after) >= n)]:
            named = country_written(words) if words is before else None
            countries = {named} if named else self._countries_of_place(words)
            if countries and country not in countries:
                return " ".join(words).title()
        return None

    def _place_after_alias(self, name_idx: int, uid: int, after: tuple[str, ...]) -> str | None:
        """What the official name has where the query puts other words after an alias spelled out
        in it, if those words name another place: "Peace Research Institute" is an alias of "Peace
        Research Institute Oslo", and "Peace Research Institute Porsgrunn" is not that institute,
        nor is "Brain Surgery Hospital Murree" the one in Rawalpindi. A country after the alias
        says no more than where it is; a unit word or a number is no place."""
        if not after or self.name_kinds[name_idx] == "official":
            return None
        official = int(self.entity_first_name[uid])
        if self.name_kinds[official] != "official":
            return None
        alias, full = self.name_keys[name_idx].split(), self.name_keys[official].split()
        rest = next((full[s + len(alias):] for s in range(len(full) - len(alias) + 1)
                     if full[s : s + len(alias)] == alias), None)
        # The same place, perhaps misspelt ("Bjeljina" for "Bijeljina"), is no other place.
        if not rest or any(word_credit(a, r) >= SAME_PLACE_WORD for a in after for r in rest):
            return None
        if any(nm.org_class(t) or nm.is_legal_form(t) or not t.isalpha() for t in after) or country_of(" ".join(after)):
            return None
        return " ".join(rest)

    def _kind_after_alias(self, name_idx: int, uid: int, after: tuple[str, ...]) -> str | None:
        """What a company's official name has where the query puts another kind of organisation after
        an alias of it spelled out in it: "Xi'an Aerospace" is an alias of the listed "Xi'an Aerospace
        Automation Co., Ltd.", and the "Xian Aerospace Propulsion Institute" is an institute, not
        that company."""
        kinds = {nm.org_class(t) for t in after} - {None}
        if not kinds or self.name_kinds[name_idx] == "official":
            return None
        official = int(self.entity_first_name[uid])
        full = self.name_keys[official].split()
        if self.name_kinds[official] != "official" or not any(nm.is_legal_form(t) for t in full) \
                or kinds & {nm.org_class(t) for t in full}:
            return None
        alias = self.name_keys[name_idx].split()
        rest = next((full[s + len(alias):] for s in range(len(full) - len(alias) + 1)
                     if full[s : s + len(alias)] == alias), full)
        return " ".join(rest) or None

    def _exact_matches(self, part: str, best: dict[int, _Match]) -> None:
        """What the sparse search cannot see: acronyms, names inside a longer part, and a
        university named by its first word."""
        if _acronym_query(part) or self._spaced_acronym(part):
            self._acronym_matches(part, best)
        self._same_names(part, best)
        self._exact_spans(part, best)
        self._head_matches(part, best)
        self._acronym_head_matches(part, best)
        self._brand_head_matches(part, best)

    def _spaced_acronym(self, part: str) -> bool:
        """Whether a part of several words is an acronym a list or the registry gives: written in
        capitals ("CEA DAM", "IGC CDH"), or letter for letter as given ("IEEE MTT-S", "FH des BFI Wien"),
        which the search for names does not see."""
        # Looked up only for a few words, one of them in capitals: the table remembers what it is asked.
        if " " not in part or part.count(" ") >= SPACED_ACRONYM_WORDS or not _IN_CAPITALS.search(part):
            return False
        listed = self.acronyms.get(nm.acronym_key(part), ())
        return bool(listed) and (_SPACED_ACRONYM.fullmatch(part) is not None
                                 or any(self.name_values[i] == part for i in listed))

    def _same_names(self, part: str, best: dict[int, _Match]) -> None:
        """The names that are the part itself, once normalised. The search weighs only words and
        trigrams that few names have, and a name made of common ones alone has none: "National
        University of Science and Technology", the name of four universities (one is MISIS, in
        Moscow), was found by no search. A kind word misspelt is read as the search reads it
        ("Scienc", "Unievrsidad"): otherwise such a name with one slip was found by nothing at all."""
        toks = tuple(self._query_tokens(part))
        if len(toks) < 2:
            return
        for name_idx in self._names_by_key().get(" ".join(toks), ()):
            uid = int(self.name_entity[name_idx])
            current = best.get(uid)
            if current is None or not current.at_least(EXACT_NAME):
                best[uid] = _Match(1.0, name_idx, part, compare(toks, toks, self.idf, self.default_idf))

    def _typed_acronym_matches(self, parsed: ParsedQuery, best: dict[int, _Match]) -> None:
        """A name typed as an acronym and a place, "NUDT Changsha" (affiliation.parse). Read only
        as an acronym, never as a name ("CEA" is also one organisation's whole short name), and
        never in place of a match of the same organisation by its name, unless the organisation is
        in the city typed and the acronym the stronger match."""
        acronym, typed_place = parsed.typed_acronym, parsed.typed_place or ""
        written = f"{typed_place} {acronym}" if parsed.typed_place_first else f"{acronym} {typed_place}"
        if acronym is None or nm.acronym_key(written) in self.acronyms:
            return  # "CEA DAM" was read whole (_exact_matches)
        whole = parsed.parts[0] if parsed.parts else acronym
        if whole != acronym and any(m.score >= 1.0 and m.part == whole for m in best.values()):
            return  # "Amsterdam UMC", "Maastricht UMC+": the whole text is a name
        found: dict[int, _Match] = {}
        # The words after it are no part of the acronym: a little weaker than the acronym alone.
        self._acronym_matches(acronym, found, ACRONYM_BEFORE_PLACE_SCORE)
        place = nm.key(typed_place)
        if parsed.typed_place_only and not self._names_a_place(place):
            return  # "Physics CAU", "INGV Sezione di Lavagna": the words name a unit, not where it is
        if not self._names_a_place(place):
            # Words that name no place name a unit or a programme ("JST FOREST", "NYU Langone Health"):
            # the acronym is only one a registry organisation lists, as before a unit's words
            # (_acronym_head_matches), never the initials of a list entry's name ("WPR GTB Bloembollen"
            # is no "Waad Project for Reconstruction").
            found = {uid: m for uid, m in found.items() if m.kind == "acronym" and self._in_registry(uid)}
        # The place read as the country ("IPN, Mexico City") left the acronym a part of its own.
        typed = parsed.parts[0] if parsed.parts[0] != acronym else f"{acronym}, {typed_place}"
        # Where some of the acronym's organisations are in the city typed, those in another city are
        # not meant: "HUST Wuhan" is Huazhong University of Science and Technology, not Harbin's.
        in_place = {uid for uid in found if nm.key(self.entities[uid].city or "") == place}
        # Those in the city share the acronym only with each other: "MIT Cambridge" is as plain as "MIT".
        in_place_score = ACRONYM_BEFORE_PLACE_SCORE - 0.05 * math.log2(max(len({self._group(u) for u in in_place}), 1))
        for uid, match in found.items():
            if uid in in_place:
                match = replace(match, score=in_place_score)
            # A name compared already weighed the place ("SLUB Tutzing" against "SLUB Dresden"); the
            # acronym outweighs it only where the organisation is in the city typed ("HIT Harbin"). The
            # acronym alone, a part of its own where a comma parted it from its city, weighed no place.
            current = best.get(uid)
            unplaced = current is not None and current.part == acronym and bool(in_place) and uid not in in_place
            if current is not None and not unplaced and (uid not in in_place or current.score >= match.score):
                continue
            e = self.entities[uid]
            # The whole text is the part matched, so that its place is also weighed against the
            # organisation's country: "WWU Münster" is not Western Washington University.
            if in_place and uid not in in_place and e.city:
                best[uid] = replace(match, score=match.score - COUNTRY_MISMATCH_PENALTY, part=typed, reason=(
                    "acronym_other_city", {"acronym": acronym, "organisation": e.name, "city": e.city,
                                           "place": typed_place}))
            else:
                best[uid] = replace(match, part=typed,
                                    reason=("acronym_head", {"acronym": acronym, "organisation": e.name}))
        if parsed.typed_place_first:
            # "Wuhan, HUST": the place before the acronym says where its organisation is; it names no
            # organisation of its own ("Wuhan University" on ASPI's tracker).
            for uid in [u for u, m in best.items() if u not in found and m.part == typed_place]:
                del best[uid]
        # A name the acronym alone is, of an organisation in another country than the city typed, is
        # not meant where one the acronym names is in that city: "API, Washington" is the American
        # Petroleum Institute there, not the Japanese company API.
        countries = self._countries_of_place(tuple(place.split())) if in_place else set()
        for uid, match in list(best.items()):
            e = self.entities[uid]
            if (countries and uid not in found and type(match) is _Match and match.part == acronym
                    and e.list_id == REGISTRY and e.country and e.country not in countries):
                best[uid] = replace(match, score=match.score - COUNTRY_MISMATCH_PENALTY, reason=(
                    "other_place", {"place": typed_place, "country": e.country.upper()}))

    def _head_matches(self, part: str, best: dict[int, _Match]) -> None:
        """A school or institute named after its university's own word: "Harvard T.H. Chan
        School of Public Health", "Yale School of Engineering", "McGill Centre for Microbiome
        Research" sit in Harvard, Yale and McGill University. Only a rare first word that is
        no country or capital ("Berlin Institute of Health" is not a university's), only a
        university of that one word, and only as a short name, weaker than its full name. Never
        a "University of" a place: "Cologne Business School" and "Chicago Medical School" are
        schools in those cities, not the universities named after them. Nor where the words that
        follow read as an organisation of its own (_a_universitys_unit)."""
        toks = nm.token_tuple(part)
        if len(toks) < 2 or self.idf.get(toks[0], self.default_idf) < RARE_START_SHARE * self.default_idf:
            return
        table = self._names_by_key()
        for n in (2, 1):  # "Wake Forest School of Medicine", then "Yale School of Medicine"
            head, rest = " ".join(toks[:n]), toks[n:]
            if (any(nm.org_class(t) for t in toks[:n]) or names_a_place(head)
                    or not _a_universitys_unit(rest, in_a_city=head in self.places)):
                continue
            found = [i for i in table.get(f"{head} university", ())
                     if self.entities[int(self.name_entity[i])].list_id == REGISTRY]
            if len({self._group(int(self.name_entity[i])) for i in found}) != 1:
                continue
            for name_idx in found:
                uid = int(self.name_entity[name_idx])
                if uid not in best or best[uid].score < HEAD_SCORE:
                    best[uid] = _Match(HEAD_SCORE, name_idx, part,
                                       f"“{part}” begins with the word of {self.name_values[name_idx]}", "head")
            return

    def _acronym_head_matches(self, part: str, best: dict[int, _Match]) -> None:
        """An organisation named by its acronym before one of its units: "UCLA School of
        Dentistry", "NYU Langone Medical Center", "CNRS UMR 5310", "CSIR-Institute of Genomics".
        Only an acronym a registry organisation lists, of three letters or more, that is no
        country ("US Army Research Institute"); only before words that say what kind of unit
        follows, or a research unit's label; and only as weak evidence, less for each other
        organisation that uses the acronym."""
        found = _ACRONYM_HEAD.fullmatch(part)
        if found is None or _acronym_query(part):
            return
        head, rest = found.group(1), nm.tokens(found.group(2))
        if not rest or not (any(nm.org_class(t) for t in rest) or all(_UNIT_LABEL.fullmatch(t) for t in rest)):
            return
        key = nm.acronym_key(head)
        if country_of(head) or key in _NOT_ACRONYMS or nm.is_legal_form(key):
            return
        listed = [i for i in self.acronyms.get(key, ())
                  if self.entities[int(self.name_entity[i])].list_id == REGISTRY]
        groups = {self._group(int(self.name_entity[i])) for i in listed}
        if not groups or len(groups) > ACRONYM_HEAD_GROUPS:
            return
        score = HEAD_SCORE - 0.05 * math.log2(len(groups))
        for name_idx in listed:
            uid = int(self.name_entity[name_idx])
            if uid not in best or best[uid].score < score:
                best[uid] = _Match(score, name_idx, part,
                                   f"“{part}” begins with {head}, the acronym of {self.entities[uid].name}", "head",
                                   ("acronym_head", {"acronym": head, "organisation": self.entities[uid].name}))

    def _brands(self) -> Mapping[str, list[int]]:
        """The registry's companies by their names of a few words, as "ZTE (China)" is also "ZTE".
        A saved index holds the table (store.py): finding the companies among all entities took
        each process almost half a second."""
        table = self.__dict__.get("_by_brand")
        if table is None:
            table = {}
            for uid, entity in enumerate(self.entities):
                if entity.list_id != REGISTRY or "company" not in (entity.category or ""):
                    continue
                start = int(self.entity_first_name[uid])
                end = int(self.entity_first_name[uid + 1]) if uid + 1 < len(self.entities) else len(self.name_keys)
                for i in range(start, end):
                    key = self.name_keys[i]
                    if self.name_kinds[i] in ("official", "short") and 0 < key.count(" ") + 1 <= BRAND_WORDS:
                        table.setdefault(key, []).append(i)
            self.__dict__["_by_brand"] = table
        return table

    def _brand_head_matches(self, part: str, best: dict[int, _Match]) -> None:
        """A company named by its name and what it trades as ("Toshiba Corporation", "Ericsson AB"),
        or before words that say which part of it is meant ("Pfizer Global R&D", "NXP
        Semiconductors", "Samsung Research America"). The registry names a company's branches
        "Samsung (United States)", "Samsung (Japan)": all of them are hits, those in a country the
        words name a little stronger. Only a rare name that is no place, and only before such words
        ("Amazon Conservation Association" is no company). Its name and legal form is its name, as
        "Huawei" is the short name of "Huawei Technologies Co., Ltd."; a part of it is weak evidence."""
        toks = nm.token_tuple(part)
        for n in range(min(BRAND_WORDS, len(toks) - 1), 0, -1):
            head, rest = " ".join(toks[:n]), toks[n:]
            found = self._brands().get(head)
            if not found:
                continue
            if (not all(nm.is_company_word(t) or names_a_place(t) for t in rest)
                    or self.idf.get(toks[0], self.default_idf) < RARE_START_SHARE * self.default_idf
                    or names_a_place(head) or nm.org_class(toks[0]) or nm.is_legal_form(toks[0])):
                return
            trades_as = all(nm.is_trade_word(t) for t in rest)
            named = {code for t in rest if not nm.is_company_word(t) and (code := country_of(t))}
            for name_idx in found:
                uid = int(self.name_entity[name_idx])
                entity = self.entities[uid]
                score = (BRAND_SCORE if trades_as else HEAD_SCORE) - (
                    BRAND_ELSEWHERE if named and entity.country not in named else 0.0)
                params = {"brand": self.name_values[name_idx], "organisation": entity.name}
                if uid not in best or best[uid].score < score:
                    best[uid] = _Match(score, name_idx, part,
                                       f"“{part}” begins with {params['brand']}, the name of {entity.name}",
                                       "official" if trades_as else "head",
                                       ("brand_trades_as" if trades_as else "brand_head", params))
            return

    def _domain_matches(self, domains: list[str], best: dict[int, _Match]) -> None:
        for domain in domains:
            labels = domain.split(".")
            for start in range(0, max(len(labels) - 1, 1)):
                candidate = ".".join(labels[start:])
                uid = self.domains.get(candidate)
                if uid is not None:
                    score = DOMAIN_SCORE if start == 0 else DOMAIN_SCORE - 0.02
                    name_idx = int(self.entity_first_name[uid])
                    if uid not in best or best[uid].score < score:
                        best[uid] = _Match(
                            score, name_idx, domain, f"e-mail domain {domain} belongs to {candidate}", "domain"
                        )
                    break

    # ---- screening ---------------------------------------------------------------------

    def resolve(self, name: str, country: str | None = None, threshold: float = DEFAULT_THRESHOLD,
                limit: int = 20) -> Resolution:
        """The ranked hits and the one registry organisation ``name`` names, if any."""
        parsed = self._placed(parse(name, country))
        hits = self._screen_parsed(parsed, threshold, limit)
        return Resolution(name, parsed.country, hits, decide(hits, name, parsed.country, self))

    def resolve_many(self, names: Iterable[str], countries: Iterable[str | None] | None = None,
                     threshold: float = DEFAULT_THRESHOLD, limit: int = 20) -> list[Resolution]:
        names = list(names)
        per_row = list(countries) if countries is not None else [None] * len(names)
        # Rows are grouped by country: the batch search takes one country for all its names.
        groups: dict[str | None, list[int]] = {}
        for i, c in enumerate(per_row):
            groups.setdefault(c, []).append(i)
        results: dict[int, Resolution] = {}
        for c, rows in groups.items():
            parsed = [self._placed(parse(names[i], c)) for i in rows]
            for i, q, hits in zip(rows, parsed, self._hits_many(parsed, threshold, limit), strict=True):
                results[i] = Resolution(names[i], q.country, hits, decide(hits, names[i], q.country, self))
        freed.give_back()  # the batch search's buffers, which the process would otherwise keep
        return [results[i] for i in range(len(names))]

    def names_of(self, list_id: str, entity_id: str) -> list[tuple[str, str]]:
        """Every indexed (name, kind) of one organisation or list entry, main name first."""
        uid = self.by_key[(list_id, entity_id)]
        start = int(self.entity_first_name[uid])
        end = int(self.entity_first_name[uid + 1]) if uid + 1 < len(self.entities) else len(self.name_values)
        return [(self.name_values[i], self.name_kinds[i]) for i in range(start, end)]

    def second_opinion(self, hit: Hit, country: str | None = None):
        """nomenklatura logic-v2's score and explanation for a hit (see second_opinion.py)."""
        from ksdesk.screening.second_opinion import logic_v2

        names = [n for n, kind in self.names_of(hit.list_id, hit.entity_id) if kind != "acronym"]
        return logic_v2(hit.query_part, country, names or [hit.listed_name], hit.country)

    def screen(
        self, name: str, country: str | None = None, threshold: float = DEFAULT_THRESHOLD, limit: int = 20
    ) -> list[Hit]:
        """Every registry organisation and list entry that ``name`` may refer to, best first."""
        return self._screen_parsed(self._placed(parse(name, country)), threshold, limit)

    def _screen_parsed(self, parsed: ParsedQuery, threshold: float, limit: int) -> list[Hit]:
        best = self._score_parts(parsed.parts, threshold)
        self._typed_acronym_matches(parsed, best)
        self._domain_matches(parsed.domains, best)
        return self._hits(parsed, best, threshold, limit) or self._slipped_words([parsed], threshold, limit)[0]

    def _slipped_words(self, queries: list[ParsedQuery], threshold: float, limit: int) -> list[list[Hit]]:
        """The hits of texts that name nothing as written, where a word of one is a slip. The search
        reads such a word as all the words it may be at once, and a rarer one among them ("Texas Eart
        Institute": "earthquake") can crowd out the name meant; here the text is searched as each of
        them in turn, the texts of a batch in one search. A slip may also have made another word names
        have: "Norwegian University of Ife Sciences", "Bnk of Brazil". Only a name the text writes word
        for word in its order but for the slip is a hit, and one whose word the text writes as another
        word is at most possible (KNOWN_WORD_SLIP_SCORE): the text may be another name."""
        searches: list[tuple[int, str, list[str], list[str]]] = []  # (query, part, its words, words searched)
        for n, parsed in enumerate(queries):
            # A name typed alone, perhaps with its place ("Cygnus Crp Inc. (Japan)"), not an affiliation
            # of several, which a slip rarely leaves without any hit at all.
            first = parsed.parts[0].split(", ")[0] if parsed.parts else ""
            if not first or not all(p.startswith(first) for p in parsed.parts):
                continue
            for part in parsed.parts:
                toks = self._query_tokens(part)
                if not 2 <= len(toks) <= SLIPPED_TEXT_WORDS or nm.has_han(part) or nm.has_arabic(part):
                    continue
                # A word no name has first, then the rarer a word the likelier it is a slip's: a few searches.
                order = sorted(range(len(toks)), key=lambda i: (toks[i] in self.idf, -self.idf.get(toks[i], 0.0)))
                readings = ((i, read) for i in order for read in
                            (self._unknown_word(toks[i])[:SLIPPED_KNOWN_WORDS] if toks[i] not in self.idf else
                             self._known_slips(toks[i]) if nm.org_class(toks[i]) is None else []))
                searches += [(n, part, toks, [*toks[:i], read, *toks[i + 1 :]])
                             for i, read in itertools.islice(readings, SLIPPED_SEARCHES)]
        bests: list[dict[int, _Match]] = [{} for _ in queries]
        if searches:
            found = self._candidates([words for *_, words in searches], CANDIDATE_POOL, rare=True)
            for (n, part, toks, _words), (cols, sims) in zip(searches, found, strict=True):
                # Only a name of as many words can be the text but for a slip.
                alike = np.asarray([self.name_keys[c].count(" ") + 1 == len(toks) for c in cols.tolist()], dtype=bool)
                if alike.any():
                    self._rescore(part, toks, (cols[alike], sims[alike]), bests[n], None, threshold, slips=True)
        out = []
        for parsed, best in zip(queries, bests, strict=True):
            slipped = {uid: m for uid, m in best.items() if _slipped_into_another_word(m, self._names_a_place)
                       or (isinstance(m.detail, Comparison) and _slipped_name(m.detail))}
            out.append(self._hits(parsed, slipped, threshold, limit) if slipped else [])
        return out

    def screen_many(
        self,
        names: Iterable[str],
        country: str | None = None,
        threshold: float = DEFAULT_THRESHOLD,
        limit: int = 20,
        batch: int = 256,
    ) -> list[list[Hit]]:
        """Screen a batch; the sparse product runs once per chunk of queries.

        One process on purpose: forked workers sharing the index copy-on-write were
        slower, as reference counting makes them copy the index page by page.
        """
        return self._hits_many([self._placed(parse(n, country)) for n in names], threshold, limit, batch)

    def _hits_many(self, queries: list[ParsedQuery], threshold: float, limit: int, batch: int = 256
                   ) -> list[list[Hit]]:
        out: list[list[Hit]] = []
        # Bulk files repeat parts ("Department of Physics", "Beijing", a university): each
        # distinct part is searched and scored once per call, up to a bound on memory.
        per_part: dict[str, dict[int, _Match]] = {}
        # Only matches that can become a hit are remembered (or tell that a part names an
        # organisation exactly, see _hits); the others are dropped as soon as a part is
        # scored, so that their memory is reused at once rather than left as holes between
        # the long-lived caches the scoring fills meanwhile. A placeholder keeps their place:
        # of two hits equally strong, the one met first is reported.
        remembered_from = min(threshold, EXACT_NAME)
        for start in range(0, len(queries), batch):
            chunk = queries[start : start + batch]
            if len(per_part) > PARTS_REMEMBERED:
                per_part.clear()
            unique = [p for p in dict.fromkeys(p for q in chunk for p in q.parts) if p not in per_part]
            token_lists = [self._query_tokens(p) for p in unique]
            live = [i for i, t in enumerate(token_lists) if t]
            found_by_row: dict[int, tuple[np.ndarray, np.ndarray]] = {}
            if live:
                # Parts written differently with the same words ("Dept. of Physics", "Department of
                # Physics") are searched once.
                rows: dict[tuple[str, ...], int] = {}
                searched = [rows.setdefault(tuple(_search_words(unique[i], token_lists[i], self._vowelled,
                                                                self._unknown_word)), len(rows))
                            for i in live]
                found = self._candidates([list(words) for words in rows], CANDIDATE_POOL, rare=True)
                found_by_row = {i: found[row] for i, row in zip(live, searched, strict=True)}
                del found
            for i, part in enumerate(unique):
                matches: dict[int, _Match] = {}
                if i in found_by_row:
                    self._rescore(part, token_lists[i], found_by_row.pop(i), matches, None, threshold)
                self._exact_matches(part, matches)
                per_part[part] = {uid: m if m.at_least(remembered_from) else _UNREPORTED
                                  for uid, m in matches.items()}
            found_in_chunk = []
            for q in chunk:
                best: dict[int, _Match] = {}
                for part in q.parts:
                    for uid, match in per_part[part].items():
                        if self._preferred(match, best.get(uid)):
                            best[uid] = match
                self._typed_acronym_matches(q, best)
                self._domain_matches(q.domains, best)
                found_in_chunk.append(self._hits(q, best, threshold, limit))
            unfound = [k for k, hits in enumerate(found_in_chunk) if not hits]
            for k, hits in zip(unfound, self._slipped_words([chunk[k] for k in unfound], threshold, limit), strict=True):
                found_in_chunk[k] = hits
            out.extend(found_in_chunk)
        return out

    def _hits(self, parsed: ParsedQuery, best: dict[int, _Match], threshold: float, limit: int) -> list[Hit]:
        hits: dict[tuple[str, str], Hit] = {}

        def add(hit: Hit) -> None:
            key = (hit.list_id, hit.entity_id)
            if key not in hits or hits[key].score < hit.score:
                hits[key] = hit

        best = self._pieces_in_another_order(self._not_starts_of_longer_names(best, threshold), parsed.parts)
        # A string that is exactly some organisation's name ("ASML") is not also the initials
        # of another's ("Atlantic Ship Management"): such initials are too weak to report.
        named_exactly = any(m.at_least(EXACT_NAME) and m.kind is None for m in best.values())
        named = self._named_in_full(best)
        meant = self._acronym_owners_meant(best, named, parsed.country)
        places = self._place_parts(parsed)
        for uid, match in best.items():
            if not match.at_least(threshold) or (named_exactly and match.kind == "derived acronym"):
                continue
            if ((match.kind == "acronym" and uid not in meant.get(match.part, {uid}))
                    or self._not_the_named(uid, match, parsed.own_acronyms) or _slip_of_a_part(match, parsed)
                    or self._another_by_its_first_word(match)
                    or _company_in_a_units_field(match, parsed.unit_names)):
                continue
            # "REQUIMTE, Porto, Portugal": the city is where the organisation is, no name of its own;
            # "Porto" is not the University of Porto's alias "U.Porto", nor "Lyon" the company "Lion",
            # nor "CIO, León" the listed "Leon Technology Co., Ltd." by the short name made of it, nor "MSC,
            # Saint Johns" St. John's School by its alias "Saint Johns".
            if match.part in places and match.kind != "acronym" and (
                    not match.at_least(EXACT_NAME)
                    or (match.name_idx >= 0 and self.name_kinds[match.name_idx] not in _PLACE_NAMES_ITS_OWN)):
                continue
            if not self._in_registry(uid) and (self._unit_of_another(
                    match, next(iter(self._links_of(uid)), (None,))[0], self._listed_under(uid), named,
                    parsed.unit_names) or self._field_alone(match, parsed.unit_names) or self._only_like_the_named(
                        match, [link for link, _score in self._links_of(uid)], named)):
                continue
            e = self.entities[uid]  # made only for a hit: each one made stays in memory
            listed = self.name_values[match.name_idx] if match.name_idx >= 0 else ""
            # Where the text's country is another's only in name (see _country_of_name), it says nothing.
            query_country = parsed.country
            if (query_country and e.country and query_country.lower() != e.country.lower()
                    and _country_of_name(query_country, e.country, match.score, listed)):
                query_country = None
            score, note = country_adjust(match.score, query_country, e.country)
            # Another country lowers a hit in the ranking but never hides it.
            score = max(score, threshold)
            kind = match.kind or self.name_kinds[match.name_idx]
            why = f'"{match.part}" matches {kind} name "{listed}" ({match.explanation})'
            if note:
                why += f"; {note}"
            reasons = [_match_reason(match, kind, listed)]
            if query_country and e.country:
                same = query_country.lower() == e.country.lower()
                reasons.append(("same_country", {"country": e.country.upper()}) if same else
                               ("other_country", {"query_country": query_country.upper(),
                                                  "country": e.country.upper()}))
            if e.list_id == REGISTRY:
                # The registry's organisation of a name in another place is another organisation:
                # a list's entry stays as strong, as a listed company's branch abroad is still its.
                place = self._other_place_in_part(e, match)
                if place:
                    add(self._hit(e, max(score - COUNTRY_MISMATCH_PENALTY, threshold), match, kind,
                                  f"{why}; {place} in the text is a place in another country", e,
                                  [*reasons, ("other_place", {"place": place, "country": (e.country or "").upper()})]))
                else:
                    add(self._hit(e, score, match, kind, why, e, reasons))
                namesakes: list[Entity] | None = None  # looked for once, where a list entry is tied to it
                links = self._watchlist_links(uid)
                # Another organisation with the word before the unit's words stays a hit for a reviewer,
                # but brings no list entry: "CSIC-Universitat Pompeu Fabra" is not the Chinese shipbuilder.
                if links and (self._only_like_the_named(match, [uid], named) or self._field_alone(match, parsed.unit_names)
                              or (match.kind == "head" and uid not in meant.get(match.part, {uid}))):
                    links = []
                for list_uid, via, link_score in links:
                    if self._unit_of_another(match, uid, self._listed_under(list_uid), named, parsed.unit_names):
                        continue
                    entry = self.entities[list_uid]
                    target = self.entities[entry.parent] if entry.parent is not None else entry
                    how = f"registry organisation {e.name} ({e.entity_id})"
                    if via != uid:
                        how += f", whose parent or successor {self.entities[via].name} ({self.entities[via].entity_id})"
                    how += f" is tied to this list entry (name match {link_score:.2f})"
                    if target is not entry:
                        how += f" as {entry.category} {entry.name}"
                    linked = [("linked", {"organisation": e.name})]
                    if via != uid:
                        linked = [("linked_through_parent", {"organisation": e.name,
                                                             "parent": self.entities[via].name})]
                    if target is not entry:
                        linked.append(("listed_under", {"part": entry.name, "entity": target.name}))
                    listed_score = score
                    if namesakes is None:
                        elsewhere = None if parsed.country else self._namesake_elsewhere(match, uid, e.country, best)
                        namesakes = [elsewhere] if elsewhere is not None else []
                    if namesakes:
                        listed_score = min(score, NAMESAKE_SCORE)
                        linked.append(("namesake_elsewhere", _organisation(namesakes[0])))
                    add(self._hit(target, listed_score, match, kind, why + "; " + how, e, reasons + linked))
            else:
                tied = e.links[0][0] if e.links else None
                registry = self.entities[tied] if tied is not None else None
                target = self.entities[e.parent] if e.parent is not None else e
                if target is not e:
                    why += f"; {e.category} {e.name} is listed under {target.name}"
                    reasons = reasons + [("listed_under", {"part": e.name, "entity": target.name})]
                # Another organisation the words name as well: the entry is for a reviewer to confirm.
                if (other := self._registry_namesake(match, uid)) is not None:
                    why += f"; {match.part} is the official name of {other.name}, not tied to this entry"
                    code = "namesake_official"
                elif (other := self._inside_another_name(match, tied, named)) is not None:
                    why += f"; {match.part} is the full name of {other.name}, not tied to this entry"
                    code = "inside_another_name"
                elif not parsed.country and (other := self._namesake_elsewhere(match, tied, e.country, best)) is not None:
                    why += f"; {other.name} in another country has the same name"
                    code = "namesake_elsewhere"
                if other is not None:
                    score = min(score, NAMESAKE_SCORE)
                    reasons = reasons + [(code, {"text": match.part, **_organisation(other)})]
                add(self._hit(target, score, match, kind, why, registry, reasons))
                # The registry organisation an entry is tied to is named as well by the list's own way of
                # writing its name: "Chinese Academy of Engineering Physics" (ASPI, the Entity List) is
                # the registry's China Academy of Engineering Physics, which people choose as a partner.
                if (registry is not None and target is e and match.kind is None and match.at_least(EXACT_NAME)
                        and score >= STRONG_SCORE):
                    add(self._hit(registry, score, match, kind, f"{why}; the list entry {e.name} is tied to it",
                                  registry, [*reasons, ("named_by_list", {"text": match.part})]))
        for hit in hits.values():
            hit.strength = _strength(hit, parsed.country)
        # Of equal scores, an organisation's own name before another's alias of it: "University
        # College London" is UCL's official name and only an alias of UCL Australia; then the name
        # that covers more of the text: "Culturgest - Fundação Caixa Geral de Depósitos" before the
        # bank whose name is written out in it.
        # A record the registry keeps only for history comes after a living organisation of the same
        # name: "University of the Pacific" is the one in Lima, not the closed one in Santiago.
        # Before all of these, of the names the same words match equally, one the text writes letter
        # for letter comes before those it only translates to: "Open Universiteit" is the Dutch Open
        # University's own name, and the Open University in Milton Keynes only once translated.
        translated = _translated_only(hits.values())
        ordered = sorted(hits.values(), key=lambda h: (-h.score, h.list_id != REGISTRY, id(h) in translated,
                                                       h.matched_kind != "official",
                                                       h.status in HISTORICAL, -len(nm.token_tuple(h.query_part)),
                                                       h.list_id, h.entity_id))
        return ordered[:limit]

    def _hit(self, e: Entity, score: float, match: _Match, kind: str, why: str, registry: Entity | None,
             reasons: list[tuple[str, dict]]) -> Hit:
        if registry is None and e.list_id != REGISTRY and e.links:
            registry = self.entities[e.links[0][0]]
        about = self.lists.get(e.list_id, {})
        version = about.get("version_date")
        if e.status in HISTORICAL:
            reasons = [*reasons, (f"registry_{e.status}", {})]
        return Hit(
            status=e.status,
            reasons=reasons,
            reason_listed=e.reason,
            list_date=version.isoformat() if version else None,
            source_url=e.source_ref if (e.source_ref or "").startswith("http") else about.get("url"),
            score=round(float(score), 4),
            list_id=e.list_id,
            entity_id=e.entity_id,
            listed_name=e.name,
            matched_name=self.name_values[match.name_idx],
            matched_kind=kind,
            query_part=match.part,
            explanation=why,
            registry_id=registry.entity_id if registry is not None else None,
            registry_name=registry.name if registry is not None else None,
            country=e.country,
            risk_level=e.risk_level,
        )

    def _watchlist_links(self, uid: int) -> list[tuple[int, int, float]]:
        """List entries tied to a registry organisation or to one of its ancestors."""
        out, seen, frontier = [], {uid}, [uid]
        for _depth in range(4):
            nxt = []
            for reg in frontier:
                for list_uid, score in self.entities[reg].links:
                    out.append((list_uid, reg, score))
                for p in self.entities[reg].registry_parents:
                    if p not in seen:
                        seen.add(p)
                        nxt.append(p)
            frontier = nxt
        return out


# What may follow a university's own word in the name of one of its units: "Harvard Medical School",
# "Yale Stem Cell Center", "McGill Centre for Microbiome Research", "Rutgers Cancer Institute of New
# Jersey". Not another university or college ("Chengdu Sport University", "Boston College"), a hospital
# ("Tufts Medical Center"), a company, a foundation or a government's body.
_HEAD_UNIT_KINDS = frozenset({"school", "faculty", "department", "institute", "center", "laboratory", "museum",
                              "library", "observatory"})
# ... of which only these are a university's alone, so that a city's word may begin them: "Wake Forest
# School of Medicine", but "Qingdao Institute of Marine Geology" and "Oxford Centre for Human Brain
# Activity" are the city's institute and centre, whichever university bears its name.
_UNIVERSITY_ONLY_UNITS = frozenset({"school", "faculty", "department"})
# Words that make a unit a public body's: "Wuhan National Lab for Optoelectronics", "Guangzhou Key
# Laboratory of ...", "Salisbury District Hospital".
_PUBLIC_BODY_WORDS = frozenset("national key state provincial municipal district regional federal".split())


def _a_universitys_unit(rest: tuple[str, ...], in_a_city: bool) -> bool:
    """Whether the words after a university's own word read as one of its units (see _HEAD_UNIT_KINDS)."""
    kinds = {nm.org_class(t) for t in rest} - {None}
    if (not kinds or not kinds <= _HEAD_UNIT_KINDS or not _PUBLIC_BODY_WORDS.isdisjoint(rest)
            or any(a == "medical" and b == "center" for a, b in itertools.pairwise(rest))):
        return False
    return not in_a_city or nm.org_class(rest[0]) in (None, *_UNIVERSITY_ONLY_UNITS)


# A university named only by its word before a school's ("head") may well be the university,
# but on its own it is no more than a possible hit on the lists that name the university.
_WEAK_KINDS = frozenset({"acronym", "derived acronym", "head"})
_UNIVERSITY_CLASSES = frozenset({"university", "college"})
_LINK_WORDS = frozenset("of at and the in for from de des du la le di del della van voor und fur zu et".split())


def _token_words(words: list[str], toks: tuple[str, ...]) -> list[int]:
    """For each token, the written word it comes from, words and tokens aligned by walking both as
    _name_starts does."""
    word_of, t = [max(len(words) - 1, 0)] * len(toks), 0
    for w, word in enumerate(words):
        if t >= len(toks):
            break
        own = nm.token_tuple(word)
        if not own:
            continue
        step = len(own) if own[:1] == toks[t : t + 1] else 1
        for j in range(t, min(t + step, len(toks))):
            word_of[j] = w
        t += step
    return word_of


def _glued_to_first(piece: str) -> set[int]:
    """The tokens a hyphen glues to the text's first word, where that is no acronym: "Salem" of
    "Winston-Salem State University", not "Institute" of "CSIR-Institute". Further on a hyphen may
    part two names as a dash does ("National Centre for Biological Sciences-Tata Institute of
    Fundamental Research")."""
    first = piece.split(maxsplit=1)[0] if piece.strip() else ""
    before = _HYPHENS.split(first, maxsplit=1)[0]
    if before == first or (len(before) > 1 and before.isupper()):
        return set()
    return set(range(1, len(nm.token_tuple(first))))


def _country_of_name(query_country: str | None, country: str | None, score: float, name: str) -> bool:
    """Whether the country the text names is no other than the one of the organisation a name of
    which it matched: the same, one a territory of the other ("Huawei Cloud Hong Kong" is the Entity
    List's entry in China by that name), or, where the text is that very name, a country or capital
    that is a word of the name ("Instituto Superior Tecnológico Japón" is in Ecuador, "Clínica Santa
    Sofía" in Venezuela)."""
    if not query_country or not country:
        return True
    one, other = query_country.lower(), country.lower()
    if one == other or is_territory_of(one, other) or is_territory_of(other, one):
        return True
    return score >= EXACT_NAME and _names_the_country(name, one)


def _names_the_country(name: str, country: str) -> bool:
    """Whether words of a name name the country, or a capital of it (as affiliation.country_of reads)."""
    words = name.replace(",", " ").replace("(", " ").replace(")", " ").split()
    return any((territory_code(" ".join(words[i : i + n])) or "").split("-")[0] == country
               for n in (1, 2, 3) for i in range(len(words) - n + 1))


def _company_in_a_units_field(match: _Match, unit_names: frozenset[str]) -> bool:
    """Whether a company is matched only by the words a unit's name ends in, which say what the unit
    works on: the "Key Laboratory of Space Precision Measurement Technology" is no "Measurement
    Incorporated" trading as "Measurement Technology"."""
    return match.part in unit_names and match.reason is not None and match.reason[0] in _BRAND_REASONS


_BRAND_REASONS = frozenset({"brand_trades_as", "brand_head"})


# Words that make another place of the place after them, or another of the organisation named after
# them: "Southeast Missouri State University" is no Missouri State University, "West Virginia Wesleyan
# College" no Virginia Wesleyan, "Central South University" no South University, and "The Second
# Xiangya Hospital" another hospital than the Xiangya Hospital.
_ANOTHER_AFTER = frozenset(
    "north south east west northern southern eastern western northeast northeastern northwest northwestern "
    "southeast southeastern southwest southwestern central new greater upper lower national "
    "first second third fourth fifth sixth seventh eighth ninth tenth".split())


def _placed_after(toks: Sequence[str]) -> set[int]:
    """The tokens a word of _ANOTHER_AFTER stands just before."""
    return {i for i in range(1, len(toks)) if toks[i - 1] in _ANOTHER_AFTER}


def _wordless(words: Sequence[str]) -> int:
    """How many of the written words have no token of their own ("of", "the", "de")."""
    return sum(1 for word in words if not nm.token_tuple(word))


_HYPHENS = re.compile(r"[-‐‑–—]")


def _name_starts(words: list[str], toks: tuple[str, ...], acronyms: list[bool]) -> set[int]:
    """Token positions where a name may begin: the first, and each after a linking word or an acronym.
    Words and tokens are aligned by walking both: stopwords have no token of their own."""
    starts, t = {0}, 0
    after_link = False
    for word, acronym in zip(words, acronyms, strict=True):
        if t >= len(toks):
            break
        if word in _LINK_WORDS and (t == 0 or word != toks[t]):
            after_link = True
            continue
        own = nm.token_tuple(word)
        if not own:  # a word no name counts, as "e" and "y" ("and"): it links as "and" does
            after_link = True
            continue
        if after_link:
            starts.add(t)
        # An acronym ends what came before it: "CREOP Université de Limoges".
        after_link = acronym
        t += len(own) if own[:1] == toks[t : t + 1] else 1
    return starts


def _match_reason(match: _Match, kind: str, listed: str) -> tuple[str, dict]:
    """What matched, as explain.py words it."""
    params = {"text": match.part, "name": listed}
    if match.reason is not None:
        return match.reason[0], {**params, **match.reason[1]}
    if kind in ("acronym", "derived acronym", "domain", "short", "head"):
        return {"acronym": "acronym", "derived acronym": "initials", "domain": "domain",
                "short": "short_name", "head": "head"}[kind], params
    if isinstance(match.detail, str):  # a name spelled out inside a longer part
        return "spelled_out", params
    if match.score >= EXACT_NAME:
        return "same_name", params
    if isinstance(match.detail, Comparison) and Conflict.ONE_WORD_SLIP in match.detail.kinds:
        return "one_slip_from", params
    if isinstance(match.detail, Comparison) and Conflict.KNOWN_WORD_SLIP in match.detail.kinds:
        return "slip_makes_another_word", params
    return "close_name", {**params, "score": f"{match.score:.2f}"}


def _strength(hit: Hit, query_country: str | None) -> str:
    if hit.matched_kind in _WEAK_KINDS or hit.score < STRONG_SCORE:
        return "possible"
    if not _country_of_name(query_country, hit.country, hit.score, hit.matched_name):
        return "possible"
    return "strong"


def _translated_only(hits: Iterable[Hit]) -> set[int]:
    """The hits (by id) whose words another hit of the same words and score matches as written."""
    written: set[tuple[float, str]] = set()
    unwritten: list[Hit] = []
    for h in hits:
        if nm.to_ascii(h.matched_name) == nm.to_ascii(h.query_part):
            written.add((h.score, h.query_part))
        else:
            unwritten.append(h)
    return {id(h) for h in unwritten if (h.score, h.query_part) in written} if written else set()


def _organisation(other: Entity) -> dict[str, str]:
    """Another organisation as a reason names it."""
    return {"organisation": other.name, "country": (other.country or "").upper()}


def _slipped_name(comparison: Comparison) -> bool:
    """Whether the text is the listed name with no more than slips in its words: each word of either
    matched one of the other, in the same order, and none only as its start ("NOVA" is no slip for
    "NOVAMath")."""
    return (not comparison.query_only and not comparison.result_only and not comparison.kinds
            and all(credit >= SLIP_CREDIT for _q, _r, credit in comparison.pairs))


# The kinds of name a place after a text's first part may be: the organisation's own name, never another
# of its names (_hits).
_PLACE_NAMES_ITS_OWN = frozenset({"official", "translated", "former"})


def _slipped_into_another_word(match: _Match, names_a_place: Callable[[str], bool]) -> bool:
    """Whether ``match`` is of a name the text writes word for word, in its order, but for one word
    that is another word a slip from the listed one, not by a letter struck for another nor between a
    place's words (_known_slips): "Norwegian University of Ife Sciences", not the "University of Bonn"
    for "Bond University", Hunan Normal University for "Henan Normal University" nor the Indiana
    Institute of Technology for "Indian Institute of Technology"."""
    detail = match.detail
    if not (isinstance(detail, Comparison) and detail.kinds == [Conflict.KNOWN_WORD_SLIP] and not detail.query_only
            and not detail.result_only):
        return False
    slipped = [(q, r) for q, r, credit in detail.pairs if credit < 1.0]
    return (len(slipped) == 1 and not struck_for_another(*slipped[0])
            and not any(names_a_place(w) for w in slipped[0]))


def _another_first_word(part_words: tuple[str, ...], name_words: list[str]) -> bool:
    """Whether a part is a name with a word before it that makes another of it: "National Sun Yat-sen
    University" is in Kaohsiung, not the Sun Yat-sen University in Guangzhou, as "Southeast Missouri
    State University" is no Missouri State University (_ANOTHER_AFTER)."""
    return len(part_words) == len(name_words) + 1 and part_words[0] in _ANOTHER_AFTER and list(part_words[1:]) == name_words


def _slip_of_a_part(match: _Match, parsed: ParsedQuery) -> bool:
    """Whether ``match`` is a word one slip from a name of one word, in a text that says more or that
    writes the word as an acronym. The text "Levdvel" may mean the company Levvel; a part of a longer
    text so close to a name is a street's, a person's or a unit's name, and an acronym with a slip
    another's acronym ("KAIST" is no "KARST", "CIRE" no "CIRED")."""
    if not isinstance(match.detail, Comparison) or Conflict.ONE_WORD_SLIP not in match.detail.kinds:
        return False
    return _acronym_query(match.part) or not all(p == match.part or p.startswith(match.part + ", ")
                                                  for p in parsed.parts)


def _search_words(text: str, toks: list[str] | tuple[str, ...],
                  vowelled: Callable[[str], list[str]] | None = None,
                  unknown: Callable[[str], list[str]] | None = None) -> list[str]:
    """Words for the candidate search. A name in Chinese characters also offers its
    syllable pairs, the way pinyin is written in words ("bei jing" → "beijing"); a name in
    Arabic or Persian script the listed words its words may be without their vowels
    ("shryf" → "sharif", "shareef"). A German word with its umlauts spelled out also offers itself
    as the marks fold ("wuerzburg" → "wurzburg"), so that either spelling finds the other; a word
    no name has, the listed words a typist's slip away ("tsinghau" → "tsinghua", "lymhoma" →
    "lymphoma") or that it begins ("environm" → "environmental"): a slip or an abbreviation leaves
    a word few of the trigrams the search goes by."""
    if len(toks) > 1 and nm.has_han(text):
        return list(toks) + [a + b for a, b in zip(toks, toks[1:], strict=False)]
    if vowelled is not None and nm.has_arabic(text):
        return list(toks) + [w for tok in toks for w in vowelled(tok)]
    words = list(toks) + [folded for tok in toks if len(tok) > 5 and (folded := nm.without_spelled_umlauts(tok)) != tok]
    return words if unknown is None else words + [w for tok in toks for w in unknown(tok)]


def _acronym_query(part: str) -> bool:
    # "Ltd" or "Inc" left alone by a split is a legal form, not an organisation's acronym.
    return (
        (nm.looks_like_acronym(part) or _MIXED_CASE_ACRONYM.fullmatch(part) is not None)
        and not nm.is_legal_form(nm.acronym_key(part))
        and nm.acronym_key(part) not in _NOT_ACRONYMS
    )


_NOT_ACRONYMS: frozenset[str] = nm.word_lists()["not_acronyms"]
# An acronym of two or three words in capitals that a list or the registry gives as such: "CEA DAM", "IGC CDH".
_SPACED_ACRONYM = re.compile(r"[A-Z][A-Z&]{1,9}(?: [A-Z][A-Z&]{1,9}){1,2}")
_IN_CAPITALS = re.compile(r"\b[A-Z][A-Z&]+\b")
SPACED_ACRONYM_WORDS = 4  # the most words of an acronym written with spaces ("FH des BFI Wien")
# Acronyms people write in mixed case: "UvA", "TUe", "TU/e" (two capitals at least, "Yale" is none).
_MIXED_CASE_ACRONYM = re.compile(r"(?=(?:[^A-Z]*[A-Z]){2})[A-Z][A-Za-z/]{1,4}")
# An acronym before the rest of a part: "UCLA School of …", "CSIR-Institute of …".
_ACRONYM_HEAD = re.compile(r"([A-Z][A-Z&]{2,9})(?:\s+|-(?=\w))(\S.*)")
# The labels of French research units, their number dropped with the other digits ("UMR 5310", "U1163").
_UNIT_LABEL = re.compile(r"(?:umr|umrs|ums|upr|usr|uar|ur|us|u|erl|ea|fre|irl)\d*")


def load_index(path: str | Path) -> ScreeningIndex:
    """A saved index, mapped read-only: its arrays, strings and tables stay on the file's
    pages, which every process that loads the same file shares."""
    index = store.load_index(ScreeningIndex(), path, FORMAT_VERSION, Entity)
    index.path = Path(path)
    return index

