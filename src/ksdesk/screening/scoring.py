"""Compare two names word by word and explain the result (pure, no index).

The score is weighted by how rare each word is (IDF over every indexed name), so that
"Nanjing" counts for much more than "University". It is mostly how much of the *listed*
name the query covers, partly how much of the query the listed name explains: the
affiliation parser has already cut departments, cities and countries into parts of their
own, so a rare word left over in the same part is more often a different organisation
("Tervuren Institute for Complex Systems") than noise. Four conflicts mark look-alikes
and cut the score: both sides keep distinct unmatched name words (a swapped place or
proper name), different organisation types ("Institute" vs "University"), different
numbers ("Fourth" vs "Third"), or a word inserted inside the name ("Yamagata National
University").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from rapidfuzz.distance import OSA

from ksdesk.screening.names import LEGAL_FORMS as _LEGAL
from ksdesk.screening.names import consonants, expansions, skeleton, without_spelled_umlauts, word_lists

# Tuned on bench/data/screening_quality.jsonl (bench/screening_quality.py).
RESULT_WEIGHT = 0.55  # share of the score from covering the listed name
QUERY_WEIGHT = 0.45  # share from explaining the query
SUBSTITUTION_FACTOR = 0.75
INSERTION_FACTOR = 0.85
CLASS_CONFLICT_FACTOR = 0.7
NUMBER_CONFLICT_FACTOR = 0.6
LEGAL_FORM_WEIGHT = 0.2  # "Ltd" and "Co" say almost nothing about identity
COUNTRY_MISMATCH_PENALTY = 0.1
REORDERED_CAP = 0.95  # the same words in another order are close, never the same name ...
REORDERED_STEP = 0.005  # ... and below the cap just below the same score in the text's order
NUMBER_LEFT_OUT_CAP = 0.88  # a listed name's number the query does not say: which one is meant is open
UNVOWELLED_MIN = 3  # consonants a word written without vowels needs to be read as a listed word
SLIP_CREDIT = 0.9  # a word no name has, one slip of a typist from a listed word: nearly that word
ONE_WORD_SLIP_CREDIT = 0.85  # ... the whole text, one slip from a name of one word: a name possibly meant
ONE_WORD_SLIP_MIN = 5  # letters each needs: shorter, one slip makes another name as often ("Lyon", "Lion")
KNOWN_WORD_SLIP_SCORE = 0.89  # the most a name scores whose word the text writes as another word, a slip away

_ORDINALS = {
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
}


class Conflict(StrEnum):
    """What marks a look-alike, beside the sentence that explains it: code matches on these,
    never on the wording of ``Comparison.conflicts``."""

    INSERTED_WORDS = "inserted_words"
    REORDERED = "reordered"
    REORDERED_AND_ADDED = "reordered_and_added"
    MISSING_CHARACTERS = "missing_characters"
    DIFFERENT_TYPE = "different_type"
    DIFFERENT_NUMBERS = "different_numbers"
    NUMBER_LEFT_OUT = "number_left_out"
    DIFFERENT_NAME_WORDS = "different_name_words"
    OFFICIAL_NAME_DIFFERS = "official_name_differs"
    ONE_WORD_SLIP = "one_word_slip"
    KNOWN_WORD_SLIP = "known_word_slip"


@dataclass
class Comparison:
    score: float
    result_coverage: float
    query_coverage: float
    pairs: list[tuple[str, str, float]] = field(default_factory=list)  # (query word, listed word, credit)
    query_only: list[str] = field(default_factory=list)
    result_only: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)  # the sentences people read
    kinds: list[Conflict] = field(default_factory=list)  # the same conflicts, typed, in the same order

    def explain(self) -> str:
        parts = []
        exact = [q for q, r, c in self.pairs if c >= 1.0 and q == r]
        close = [f"{q}~{r}" for q, r, c in self.pairs if not (c >= 1.0 and q == r)]
        if exact:
            parts.append("same words: " + ", ".join(exact))
        if close:
            parts.append("close words: " + ", ".join(close))
        if self.result_only:
            parts.append("listed name also has: " + ", ".join(self.result_only))
        if self.query_only:
            parts.append("query also has: " + ", ".join(self.query_only))
        parts.extend(self.conflicts)
        return "; ".join(parts)


_CLASSES: dict[str, str] = word_lists()["org_classes"]
_QUALIFIERS: frozenset[str] = word_lists()["qualifiers"]


def _is_number(word: str) -> bool:
    return word in _ORDINALS or word.isdigit()


def _name_word(word: str) -> bool:
    """A word of the name proper: no organisation type, legal form or number."""
    return word not in _CLASSES and word not in _LEGAL and not (word in _ORDINALS or word.isdigit())


def _umlauts_spelled_out(written: str, other: str) -> bool:
    """German writes "ü" as "ue" without the letter: "Wuerzburg" is "Würzburg", which reads
    "wurzburg" once its marks are gone; "Goettingen" is "Göttingen"."""
    return len(other) >= 5 and len(written) > len(other) and without_spelled_umlauts(written) == other


# The same pairs of words come back with every candidate name of a batch: on 3,000 real
# affiliations six in ten calls are answered from here (seven in ten with eight times as
# many pairs remembered, which cost every server process some 1.5 MB more for 1 % less
# CPU time: a call not answered here takes 2 µs).
@lru_cache(maxsize=1 << 12)
def word_credit(q: str, r: str, unvowelled: bool = False, unknown: bool = False) -> float:
    """How far two words are the same word: 1 equal, less for a typo or abbreviation, 0 not.
    ``unvowelled``: the query was written in Arabic or Persian script, which leaves out
    short vowels, so a listed word with the same consonants is the same word. ``unknown``: no
    listed name has the query's word, so one slip from a listed word is a typist's, not another
    word's ("University of Ghna" is of Ghana, where "Henan" is no "Hunan")."""
    if q == r or r in expansions(q) or q in expansions(r):  # "technol" is technology and technological
        return 1.0
    if _is_number(q) or _is_number(r):
        # A word no name has, a slip from an ordinal, is that ordinal: "The Frst People's Hospital".
        if unknown and r in _ORDINALS and not _is_number(q) and OSA.distance(q, r, score_cutoff=1) == 1:
            return SLIP_CREDIT
        return 0.0
    sq, sr = skeleton(q), skeleton(r)
    # Of a word of three letters or fewer the sound says little: "KTH" is not "KT".
    if (sq == sr and min(len(q), len(r)) > 3) or _umlauts_spelled_out(q, r) or _umlauts_spelled_out(r, q):
        return 0.9
    # Only where the query left vowels out: "hunan" is not "henan" in any script.
    if unvowelled and len(cq := consonants(q)) >= UNVOWELLED_MIN and cq == (cr := consonants(r)) \
            and len(q) - len(cq) < len(r) - len(cr):
        return 0.9
    lq, lr = len(q), len(r)
    # A letter left out of a word of four: "Robert Kch Institute".
    if unknown and lq == 3 and lr == 4 and OSA.distance(q, r, score_cutoff=1) == 1:
        return SLIP_CREDIT
    # The query abbreviates a word a reader would recognise: "Aeronaut" for "Aeronautics".
    # Never the other way round: "Waterlooville" is not "Waterloo".
    if lq >= 4 and lr - lq >= 2 and r.startswith(q):
        return 0.8
    n = lq if lq > lr else lr
    # Sounds alike spelled alike can shorten one word more than the other ("sch" is "s"): a slip in
    # "Demenzforschung" is still a slip, though the skeletons' lengths differ by three.
    if (lq if lq < lr else lr) < 4 or (abs(len(sq) - len(sr)) > 2 and abs(lq - lr) > 2):
        return 0.0
    max_edits = 1 if n <= 8 else 2
    d = OSA.distance(q, r, score_cutoff=max_edits)
    # A single edit in a short word more often makes another word (Hunan/Henan) than a typo.
    credit = max(0.0, 1.0 - 1.5 * d / n) if d <= max_edits else 0.0
    if unknown and d == 1:
        return max(credit, SLIP_CREDIT)
    if credit < 0.9:
        d = OSA.distance(sq, sr, score_cutoff=max_edits)
        if d <= max_edits:
            credit = max(credit, 0.9 - 1.5 * d / n)
    return credit


def _one_slip_apart(word: str, listed: str) -> bool:
    """A text of one word no name has, a typist's slip from a listed word of a name: "Levdvel" for the
    company Levvel, "Olptica" for Optica. As written, a slip in a word that is a whole name makes another
    name as often as it is one ("UNSAM" is no "UNSAN"): possibly that name, never surely."""
    return (len(word) >= ONE_WORD_SLIP_MIN and len(listed) >= ONE_WORD_SLIP_MIN and word.isalpha()
            and OSA.distance(word, listed, score_cutoff=1) == 1)


def _weights(words: list[str], idf: dict[str, float], default: float) -> list[float]:
    get = idf.get
    # A single letter is an initial ("N. E. Bauman") or a stray letter: next to no identity.
    return [get(w, default) * LEGAL_FORM_WEIGHT if w in _LEGAL or len(w) == 1 else get(w, default) for w in words]


def _concat_matches(
    left: list[str], right: list[str], lused: list[bool], rused: list[bool], skip: set[str]
) -> list[tuple[int, list[int]]]:
    """A word on one side written as several on the other: "guofang" = "guo fang"."""
    found = []
    for i, word in enumerate(left):
        if lused[i] or len(word) < 4 or word in skip:
            continue
        for start in range(len(right)):
            if rused[start] or not word.startswith(right[start]):
                continue
            acc, j = right[start], start
            while len(acc) < len(word) and j + 1 < len(right) and not rused[j + 1]:
                j += 1
                acc += right[j]
            if acc == word and j > start:
                found.append((i, list(range(start, j + 1))))
                lused[i] = True
                for k in range(start, j + 1):
                    rused[k] = True
                break
    return found


def compare(
    query: list[str] | tuple[str, ...],
    result: list[str] | tuple[str, ...],
    idf: dict[str, float],
    default_idf: float = 10.0,
    strict_query: bool = False,
    unvowelled: bool = False,
    known_slips: bool = False,
) -> Comparison:
    """Align the words of a query with those of one listed name and score the alignment.

    ``strict_query`` is for names written in Chinese characters: their pinyin syllables
    are parts of the name itself, never the department or city an affiliation adds, so
    syllables the listed name lacks mean another organisation ("国防科技大学" is not
    "国防大学"). ``known_slips``: a word names have may be a slip from the listed word, as a
    word no name has is ("Ife" for "Life"); such a name is at most possible (KNOWN_WORD_SLIP_SCORE).
    """
    q, r = list(query), list(result)
    qused, rused = [False] * len(q), [False] * len(r)
    credit_q, credit_r = [0.0] * len(q), [0.0] * len(r)
    pairs: list[tuple[str, str, float]] = []
    partner: dict[int, int] = {}  # query word → the listed word it matched
    # Pinyin written in words ("Shiyanshi") against syllables ("shi yan shi") first, so
    # that a syllable equal to a whole query word is not taken before its neighbours.
    rset, qset = set(r), set(q)
    if any(len(w) >= 4 and w not in rset for w in q) or any(len(w) >= 4 and w not in qset for w in r):
        for i, js in _concat_matches(q, r, qused, rused, skip=rset):
            credit_q[i] = 1.0
            for j in js:
                credit_r[j] = 1.0
            pairs.append((q[i], " ".join(r[j] for j in js), 1.0))
            partner[i] = js[0]
        for j, is_ in _concat_matches(r, q, rused, qused, skip=qset):
            credit_r[j] = 1.0
            for i in is_:
                credit_q[i] = 1.0
            pairs.append((" ".join(q[i] for i in is_), r[j], 1.0))
            for i in is_:
                partner[i] = j
    positions: dict[str, list[int]] = {}
    for j, w in enumerate(r):
        if not rused[j]:
            positions.setdefault(w, []).append(j)
    for i, w in enumerate(q):
        slots = None if qused[i] else positions.get(w)
        if slots:
            j = slots.pop(0)
            qused[i] = rused[j] = True
            credit_q[i] = credit_r[j] = 1.0
            pairs.append((w, w, 1.0))
            partner[i] = j
    one_word_slips: set[tuple[str, str]] = set()
    if not all(qused) and not all(rused):
        # A name of one word is read as written: "UNSAM" is no slip for the alias "UNSAN".
        several = len(q) > 1 and len(r) > 1
        candidates = []
        for i, qw in enumerate(q):
            if qused[i]:
                continue
            for j, rw in enumerate(r):
                if not rused[j]:
                    c = word_credit(qw, rw, unvowelled, several and (known_slips or qw not in idf))
                    if len(q) == 1 and c < ONE_WORD_SLIP_CREDIT and qw not in idf and _one_slip_apart(qw, rw):
                        c = ONE_WORD_SLIP_CREDIT
                        one_word_slips.add((qw, rw))
                    if c > 0:
                        candidates.append((c, i, j))
        for c, i, j in sorted(candidates, reverse=True):
            if not qused[i] and not rused[j]:
                qused[i] = rused[j] = True
                credit_q[i] = credit_r[j] = c
                pairs.append((q[i], r[j], c))
                partner[i] = j
    wq = _weights(q, idf, default_idf)
    wr = _weights(r, idf, default_idf)
    total_q, total_r = sum(wq) or 1.0, sum(wr) or 1.0
    qc = sum(c * w for c, w in zip(credit_q, wq, strict=True)) / total_q
    rc = sum(c * w for c, w in zip(credit_r, wr, strict=True)) / total_r
    score = RESULT_WEIGHT * rc + QUERY_WEIGHT * qc
    q_only = [w for w, used in zip(q, qused, strict=True) if not used]
    r_only = [w for w, used in zip(r, rused, strict=True) if not used]
    conflicts: list[str] = []
    kinds: list[Conflict] = []
    for qw, rw, c in pairs:
        if c == ONE_WORD_SLIP_CREDIT and (qw, rw) in one_word_slips:
            conflicts.append(f"one word, a slip from the listed word: {qw}~{rw}")
            kinds.append(Conflict.ONE_WORD_SLIP)
    # Words an affiliation adds (department, city) come before or after the name; a word
    # inside it ("Yamagata National University") makes it another name.
    used_at = [i for i, used in enumerate(qused) if used]
    if used_at and len(used_at) >= 2:
        inside = [q[i] for i in range(used_at[0] + 1, used_at[-1])
                  if not qused[i] and q[i] not in _LEGAL and len(q[i]) > 1]
        if inside:
            score *= INSERTION_FACTOR
            conflicts.append("query adds words inside the name: " + " ".join(inside))
            kinds.append(Conflict.INSERTED_WORDS)
    # So does a word just before it that says which of a place's universities it is: "National Tsing
    # Hua University" (Hsinchu) is not Tsinghua University (Beijing).
    before = used_at[0] - 1 if used_at else -1
    if before >= 0 and q[before] in _QUALIFIERS and q[before] not in r and any(w in _CLASSES for w in r):
        score *= INSERTION_FACTOR
        conflicts.append("query adds a word before the name: " + q[before])
        kinds.append(Conflict.INSERTED_WORDS)
    # Rearranged words are a legitimate variant ("Tokyo University"); rearranged words
    # plus a name word more ("National University of Defense Technology" against
    # "National Defense University") are another name.
    order = [partner[i] for i in sorted(partner)]
    reordered = any(b < a for a, b in zip(order, order[1:], strict=False))
    if reordered:
        # 1.0 is kept for the same name: "Victoria University" is not "University of Victoria". Below
        # the cap, the same words in another order still rank just below those in the text's order:
        # "Meical Research Institute" is the Medical Research Institute before the Institute for
        # Medical Research.
        score = REORDERED_CAP if score > REORDERED_CAP else score - REORDERED_STEP
        conflicts.append("the same words in another order")
        kinds.append(Conflict.REORDERED)
        added = [w for w in q_only if _name_word(w) and len(w) > 1]
        # A kind of organisation the listed name does not say at all is added too: "Institute of
        # System Engineering" is not the firm "Engineering System", where "University of Tokyo"
        # is "Tokyo University".
        if not any(w in _CLASSES for w in r):
            added += [w for w in q_only if w in _CLASSES]
        # The listed name may add one before the kind of organisation both name: "University of
        # North Carolina" is not "North Carolina State University", nor "University of Michigan"
        # "Michigan State University" (where "Enrico Fermi Center for Study and Research" is the
        # "Research Center Enrico Fermi").
        listed_adds = [w for j, w in enumerate(r[:-1]) if not rused[j] and rused[j + 1] and r[j + 1] in _CLASSES
                       and _name_word(w) and len(w) > 1]
        if added or listed_adds:
            score *= INSERTION_FACTOR
            conflicts.append("words in another order, and " + "; ".join(
                ([("the query adds: " + " ".join(added))] if added else [])
                + ([("the listed name adds: " + " ".join(listed_adds))] if listed_adds else [])))
            kinds.append(Conflict.REORDERED_AND_ADDED)
    else:
        # So does a word the listed name has inside, before the kind of organisation both end in: "Kim
        # Il Sung Military University" is not Kim Il Sung University, nor "Harbin Engineering
        # University" a "Harbin University". Before a field that follows the kind it is often a word
        # of one of several ways to write one name ("Mannheim [Technical] University of Applied
        # Sciences", "Leibniz-[Forschungs]institut für Molekulare Pharmakologie").
        last = len(r) - 1
        adds_inside = [r[last - 1]] if (last >= 2 and rused[last] and r[last] in _CLASSES and not rused[last - 1]
                                        and any(rused[: last - 1]) and _name_word(r[last - 1])
                                        and len(r[last - 1]) > 1) else []
        if adds_inside:
            score *= INSERTION_FACTOR
            conflicts.append("the listed name adds words inside the name: " + " ".join(adds_inside))
            kinds.append(Conflict.INSERTED_WORDS)
    if strict_query and q_only:
        score = min(score, (rc + qc) / 2) * SUBSTITUTION_FACTOR
        conflicts.append("characters the listed name lacks: " + " ".join(q_only))
        kinds.append(Conflict.MISSING_CHARACTERS)
    # "NWO-I" (the NWO's institutes) is not the "NWO", nor "Université Lyon 1" the "Université Lyon":
    # a number that the listed name has and the query leaves out tells one organisation from another.
    if score > NUMBER_LEFT_OUT_CAP and any(_is_number(w) for w in r_only) and not any(_is_number(w) for w in q_only):
        score = NUMBER_LEFT_OUT_CAP
        conflicts.append("the listed name's number is left out: " + " ".join(w for w in r_only if _is_number(w)))
        kinds.append(Conflict.NUMBER_LEFT_OUT)
    if q_only and r_only:
        q_classes = {_CLASSES[w] for w in q_only if w in _CLASSES}
        r_classes = {_CLASSES[w] for w in r_only if w in _CLASSES}
        if q_classes and r_classes and not (q_classes & r_classes):
            score *= CLASS_CONFLICT_FACTOR
            conflicts.append(
                "different organisation type: " + "/".join(sorted(q_classes)) + " vs " + "/".join(sorted(r_classes))
            )
            kinds.append(Conflict.DIFFERENT_TYPE)
        if any(_is_number(w) for w in q_only) and any(_is_number(w) for w in r_only):
            score *= NUMBER_CONFLICT_FACTOR
            conflicts.append("different numbers")
            kinds.append(Conflict.DIFFERENT_NUMBERS)
        q_names = [w for w in q_only if _name_word(w)]
        r_names = [w for w in r_only if _name_word(w)]
        if q_names and r_names:
            score *= SUBSTITUTION_FACTOR
            conflicts.append("different name words: " + " ".join(q_names) + " vs " + " ".join(r_names))
            kinds.append(Conflict.DIFFERENT_NAME_WORDS)
    slipped_known = [f"{qw}~{rw}" for qw, rw, c in pairs if known_slips and c > 0 and qw != rw and qw in idf
                     and word_credit(qw, rw, unvowelled) < c]
    if slipped_known:
        conflicts.append("another word of the same letters but for a slip: " + ", ".join(slipped_known))
        kinds.append(Conflict.KNOWN_WORD_SLIP)
        score = min(score, KNOWN_WORD_SLIP_SCORE)
    return Comparison(score, rc, qc, pairs, q_only, r_only, conflicts, kinds)


class Ceiling:
    """For one query and many listed names, a score :func:`compare` cannot exceed, found for a
    fraction of its cost: on real affiliations nine in ten candidate names score below 0.7, and
    the search need not compare them word by word to know it.

    Every credit is at most 1 and every conflict only lowers the score, so the score is at most
    what it would be if each word that *could* be credited counted in full. A word could be
    credited only if some word on the other side is the same, has the same skeleton, is the same
    with its umlauts spelled out, holds it or is held in it (a prefix, syllables of a concatenated
    word), or is within two edits of it or of its skeleton: a superset of what
    :func:`word_credit` and the concatenation rule accept. The sums are taken in compare's order
    over the same weights, so the ceiling is never below the score even in floating point.
    Not for queries in Arabic or Persian script, where a word without vowels matches more. With
    ``known_slips``, for :func:`compare`'s of the same name."""

    def __init__(self, query: list[str] | tuple[str, ...], idf: dict[str, float], default_idf: float = 10.0,
                 known_slips: bool = False) -> None:
        self._idf, self._default, self._known_slips = idf, default_idf, known_slips
        self._words = [(w, skeleton(w), 1 << i) for i, w in enumerate(query)]
        # The same with their lengths, read for every listed word compared (_partners_of).
        self._measured = [(w, s, bit, len(w), len(s)) for w, s, bit in self._words]
        self._long = [(w, bit) for w, _, bit in self._words if len(w) >= 4]
        self._joined = " ".join(query)
        self._query_weights = _weights(list(query), idf, default_idf)
        self._query_total = sum(self._query_weights) or 1.0
        self._same: dict[str, int] = {}  # a word → the query words (bits) it equals, by skeleton ...
        self._same_skeleton: dict[str, int] = {}
        self._folded: dict[str, int] = {}  # ... or once their umlauts are read without their marks
        for w, s, bit in self._words:
            self._same[w] = self._same.get(w, 0) | bit
            self._same_skeleton[s] = self._same_skeleton.get(s, 0) | bit
            f = without_spelled_umlauts(w)
            self._folded[f] = self._folded.get(f, 0) | bit
        self._partners: dict[str, int] = {}  # a listed word → the query words that could credit it
        self._weight: dict[str, float] = {}
        self._query_share: dict[int, float] = {}  # query words credited → their share of the query

    def _partners_of(self, r: str) -> int:
        sr = skeleton(r)
        found = (self._same.get(r, 0) | self._same_skeleton.get(sr, 0) | self._folded.get(r, 0)
                 | self._same.get(without_spelled_umlauts(r), 0))
        lr = len(r)
        if lr >= 4:
            lsr = len(sr)
            distance = OSA.distance
            for q, sq, bit, lq, lsq in self._measured:
                if found & bit:
                    continue
                if q in r or (lq == 3 and lr == 4 and (self._known_slips or q not in self._idf)
                                              and distance(q, r, score_cutoff=1) <= 1) or (
                        lq >= 4 and (r in q
                                     or (-2 <= lq - lr <= 2 and distance(q, r, score_cutoff=2) <= 2)
                                     or (-2 <= lsq - lsr <= 2 and distance(sq, sr, score_cutoff=2) <= 2))):
                    found |= bit
        elif r in self._joined:  # a short word is credited only as a syllable of a longer one
            for q, bit in self._long:
                if r in q:
                    found |= bit
        self._partners[r] = found
        return found

    def _weight_of(self, w: str) -> float:
        weight = self._idf.get(w, self._default)
        if w in _LEGAL or len(w) == 1:  # as _weights weighs it
            weight = weight * LEGAL_FORM_WEIGHT
        self._weight[w] = weight
        return weight

    def _share_of(self, covered: int) -> float:
        credited = 0.0
        for i, weight in enumerate(self._query_weights):
            if covered >> i & 1:
                credited += weight
        share = self._query_share[covered] = credited / self._query_total
        return share

    def score(self, result: list[str] | tuple[str, ...]) -> float:
        """At least ``compare(query, result, idf, default_idf).score``."""
        known, partners = self._weight, self._partners
        total = credited = 0.0
        covered = 0
        for w in result:
            weight = known[w] if w in known else self._weight_of(w)
            found = partners[w] if w in partners else self._partners_of(w)
            total += weight
            if found:
                credited += weight
                covered |= found
        share = self._query_share[covered] if covered in self._query_share else self._share_of(covered)
        return RESULT_WEIGHT * (credited / (total or 1.0)) + QUERY_WEIGHT * share


def country_adjust(score: float, query_country: str | None, result_country: str | None) -> tuple[float, str | None]:
    """A country is a signal: a mismatch lowers the score but never hides the hit."""
    if not query_country or not result_country:
        return score, None
    if query_country == result_country:
        # No bonus: a score of 1.0 stays reserved for the same name.
        return score, f"same country ({result_country.upper()})"
    return max(
        0.0, score - COUNTRY_MISMATCH_PENALTY
    ), f"country differs ({query_country.upper()} vs {result_country.upper()})"
