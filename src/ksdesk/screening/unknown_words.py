"""Words no listed name has, read as the listed words they may stand for.

A typist's slip ("Tsinghau", "Ecooetrol"), a word's start as Web of Science abbreviates it
("Environm"), a kind word misspelt ("Cntre") or a word of a name in Arabic or Persian script
written without its vowels leaves a word few of the trigrams the candidate search goes by. These
rules give the search the listed words such a word may be. The index (index.py) is built on this
class; a saved index holds its tables (store.py), which every process maps from one file.
"""

from __future__ import annotations

import bisect
import string
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from typing import Any

from rapidfuzz.distance import OSA

from ksdesk.screening import names as nm
from ksdesk.screening.affiliation import country_of, names_a_place
from ksdesk.screening.scoring import UNVOWELLED_MIN

VOWELLED_WORDS = 3  # listed words searched for each word of a name in Arabic or Persian script
SLIP_MIN = 3  # letters a word no name has needs to be searched as the listed words a typist's slip away ...
SLIPPED_WORDS = 5  # ... as this many listed words at most
SLIPPED_KNOWN_WORDS = 3  # a word names have too, where a text finds nothing: this many listed words a slip away
FAR_KEY_MIN = 5  # letters a word needs to be read with a key struck far from the one meant ...
FAR_KEY_RARITY = 1.0  # ... one a key far from the one meant makes if at most this much rarer (word weight)
UNKNOWN_WORDS_KEPT = 20_000  # the words no name has whose readings a process keeps (a few MB at most)
SPELLING_MIN = 4  # letters of a way names write a word that a word no name has may be one slip from ("GmbH")
COMPLETED_MIN = 4  # letters a word no name has needs to be searched as the listed words it begins ...
COMPLETED_WORDS = 2  # ... as this many of them at most ...
COMPLETIONS_READ = 400  # ... of the first this many in alphabetical order


class UnknownWords:
    """The readings, over the index's word weights."""

    idf: Any
    default_idf: float
    name_values: Any
    places: Any

    def _words_by_consonants(self) -> Mapping[str, list[str]]:
        """Listed words by their consonants. A saved index holds the table (store.py): built
        here it took each process some 25 MB on its first query in Arabic or Persian script."""
        table = self.__dict__.get("_by_consonants")
        if table is None:
            table = {}
            for listed in self.idf:
                if len(listed) > 3 and listed.isalpha():
                    table.setdefault(nm.consonants(listed), []).append(listed)
            self.__dict__["_by_consonants"] = table
        return table

    def _vowelled(self, word: str) -> list[str]:
        """The listed words that are ``word`` without its vowels, those in most names first (a few)."""
        table = self._words_by_consonants()
        key = nm.consonants(word)
        if len(key) < UNVOWELLED_MIN:
            return []
        found = sorted(table.get(key, ()), key=lambda w: (self.idf.get(w, self.default_idf), w))
        return [w for w in found if w != word][:VOWELLED_WORDS]

    def _words_by_letters(self) -> Mapping[str, list[str]]:
        """Listed words by their letters in alphabetical order: "tsinghua" and a typist's
        "tsinghau" have the same. A saved index holds the table (store.py), as it does the words
        by their consonants."""
        table = self.__dict__.get("_by_letters")
        if table is None:
            table = {}
            for listed in self.idf:
                if len(listed) > SLIP_MIN and listed.isalpha():
                    table.setdefault(_letters(listed), []).append(listed)
            self.__dict__["_by_letters"] = table
        return table

    def _spellings_by_letters(self) -> Mapping[str, Sequence[str]]:
        """The ways names write a word that tokenising reads as another ("akademia", "centros",
        "universitesi", "gmbh": academy, center, university, a legal form), each as "spelling reading…",
        by the spelling's letters in alphabetical order. A saved index holds the table (store.py)."""
        table = self.__dict__.get("_spellings")
        if table is None:
            table = {}
            seen: set[str] = set()
            for value in self.name_values:
                for word in nm.to_ascii(value).split():
                    if word in seen or len(word) < SPELLING_MIN or not word.isalpha() or word in self.idf:
                        continue
                    seen.add(word)
                    reading = nm.read_after_a_name(word)
                    if reading and reading != (word,):
                        table.setdefault(_letters(word), []).append(" ".join((word, *reading)))
            self.__dict__["_spellings"] = table
        return table

    def _query_tokens(self, part: str) -> list[str]:
        """The words of a query part, a word no name has read as the kind word it slipped from
        ("Cntre", "Zentru", "Sagnté") or as a word one slip from a way names write one ("Akadema",
        "Cenrtos"): tokenising corrects only longer words and swaps, as it must not make a name's own
        word ("Entre Ríos") into another; here only a word no name has is."""
        words = nm.tokens(part)
        if all(w in self.idf or len(w) < nm.SWAP_MIN_LENGTH or not w.isalpha() for w in words):
            return words
        return [read for w in words for read in
                ((w,) if w in self.idf or len(w) < nm.SWAP_MIN_LENGTH or not w.isalpha() else self._read_slipped(w))]

    def _read_slipped(self, word: str) -> tuple[str, ...]:
        """``word``, which no name has, as the kind word it slipped from, or the reading of a way names
        write a word it is one slip from, where every such way reads the same; else ``word`` itself.
        Kept for the next query, as the readings of unknown words are."""
        return self._kept("_read_slips", word, self._read_slipped_now)

    def _read_slipped_now(self, word: str) -> tuple[str, ...]:
        found = nm.kind_word_slipped(word)
        if found != (word,):
            return found
        spellings = [entry.split() for entry in _one_slip_from(word, self._spellings_by_letters())
                     if OSA.distance(word, entry.split(" ", 1)[0], score_cutoff=1) <= 1]
        readings = {tuple(reading) for _spelling, *reading in spellings}
        # A listed word a key beside away before a spelling a far key away: "Centrql" is "Central", not
        # the Romanian "Centrul".
        if len(readings) == 1 and not (all(_struck_far(word, spelling) for spelling, *_ in spellings)
                                       and any(not _struck_far(word, w) for w in self._slipped(word))):
            return readings.pop()
        return found

    def _kept(self, table: str, word: str, read: Callable[[str], Any]) -> Any:
        """``read(word)``, kept for the next query in ``table``: the same words recur from string to
        string (streets, people's names, a publisher's way of writing a word), and a slip is looked for
        some 150 ways. A few MB at most (UNKNOWN_WORDS_KEPT words a table)."""
        known = self.__dict__.setdefault(table, {})
        found = known.get(word)
        if found is None:
            if len(known) >= UNKNOWN_WORDS_KEPT:
                known.clear()
            found = known[word] = read(word)
        return found

    def _sorted_words(self) -> Sequence[str]:
        """The listed words long enough to be abbreviated, in alphabetical order. A saved index
        holds the list (store.py), as it does the words by their letters."""
        words = self.__dict__.get("_sorted")
        if words is None:
            words = self.__dict__["_sorted"] = sorted(w for w in self.idf if len(w) >= COMPLETED_MIN + 2 and w.isalpha())
        return words

    def _completed(self, word: str) -> list[str]:
        """The listed words ``word``, a word no name has or a stem of the abbreviations table, is the
        start of: an abbreviation as Web of Science writes them ("Environm", "Biochem", "Phys"), which
        the scorer reads as the start of the word but which has too few of its trigrams to find it.
        Those in most names first, a few; or the words the table says one stands for ("Technol")."""
        if stands_for := nm.expansions(word):
            return list(stands_for)
        if len(word) < COMPLETED_MIN or not word.isalpha() or (word in self.idf and not nm.is_stem(word)):
            return []
        words = self._sorted_words()
        at = bisect.bisect_left(words, word)
        found = []
        for i in range(at, min(at + COMPLETIONS_READ, len(words))):
            if not (listed := words[i]).startswith(word):
                break
            found.append(listed)
        return sorted(found, key=lambda w: (self.idf.get(w, self.default_idf), w))[:COMPLETED_WORDS]

    def _unknown_word(self, word: str) -> list[str]:
        """The listed words a word no name has may stand for: a typist's slip from one, or its start.
        Kept for the next query (_kept)."""
        return self._kept("_unknown_words", word, lambda w: self._slipped(w) + self._completed(w))

    def _known_slips(self, word: str) -> list[str]:
        """The listed words a slip from ``word``, which names have as well, searched where a text finds
        nothing (a few); kept for the next query (_kept). Not a letter struck for another: between two
        words names have, that makes another name more often than a slip does ("Henan" and "Hunan",
        "Jikei" and "Jimei"). Nor a place's or a people's word, which is a name of its own: "Indian" is
        no "Indiana", nor "Heart" "Herat"."""
        return self._kept("_known_slips_of", word, lambda w: [] if self._names_a_place(w) else [
            listed for listed in self._slipped(w, known=True)
            if not struck_for_another(w, listed) and not self._names_a_place(listed)][:SLIPPED_KNOWN_WORDS])

    def _names_a_place(self, word: str) -> bool:
        """Whether ``word`` is a city of the registry's, a capital, a country or its people ("Indian")."""
        return word in self.places or country_of(word) is not None or names_a_place(word)

    def _slipped(self, word: str, known: bool = False) -> list[str]:
        """The listed words one slip of a typist away from ``word``, a word no name has: two letters
        swapped ("Tsinghau"), one left out ("Ghna", "Lymhoma"), one struck as well ("Univerrsity") or
        for another ("Ecooetrol", "Oharma", "Heaith"), a vowel for another ("Arizina"). Those in most
        names first, a few. With ``known``, of a word names have as well: a slip that made another
        word ("Norwegian University of Ife Sciences"), looked for only where nothing else is found."""
        if len(word) < SLIP_MIN or (word in self.idf and not known) or not word.isalpha():
            return []
        found = _one_slip_from(word, self._words_by_letters())
        if len(skeleton := nm.consonants(word)) >= UNVOWELLED_MIN:
            found.update(self._words_by_consonants().get(skeleton, ()))
        near = sorted((listed for listed in found if listed != word and OSA.distance(word, listed, score_cutoff=1) <= 1),
                      key=lambda w: (self.idf.get(w, self.default_idf), w))
        # A key far from the one meant is struck less often than the other slips, and every word searched
        # for weighs on the search: such a word is searched for only where it is about as common as the
        # commonest the other slips make, or commoner ("heaith" is "health" as well as "heath",
        # "colkmbia" "columbia" as well as "colombia"; "economiccs" is "economics", not "economicos"
        # too), after them, so that a short word's commoner neighbours ("axis" for "agis") leave room
        # for "aegis".
        close = [w for w in near if not _struck_far(word, w)]
        rarest = self.idf.get(close[0], self.default_idf) + FAR_KEY_RARITY if close else float("inf")
        return (close + [w for w in near if _struck_far(word, w) and self.idf.get(w, self.default_idf) < rarest]
                )[:SLIPPED_WORDS]


def _one_slip_from(word: str, by_letters: Mapping[str, Sequence[str]]) -> set[str]:
    """The words of ``by_letters`` (words by their letters in alphabetical order) whose letters are
    those of ``word`` with at most one slip: two swapped (the same letters), one left out, one struck
    as well, or one struck instead of another; in a word of five letters or more not only a key beside
    it: typists strike one a row away ("Heaith"), and a word is read with a letter of another language's
    spelling ("Akadémla"). Each is a lookup, some 150 a word; the caller checks the order of the letters."""
    # A saved index's table answers without remembering (store.KeyLists.probe).
    probe = getattr(by_letters, "probe", None) or (lambda key: by_letters.get(key, ()))
    return {found for key in _one_slip_keys(word) for found in probe(key)}


@lru_cache(maxsize=32)
def _one_slip_keys(word: str) -> frozenset[str]:
    """The letters in alphabetical order of the words one slip from ``word`` (_one_slip_from), made
    once for the listed words and the ways names write a word, both looked up for a word no name has
    one after the other (a few kept: each word's some 150 keys are some 10 kB)."""
    letters = _letters(word)
    keys = {letters}
    keys.update(letters[:i] + letters[i + 1 :] for i in range(len(letters)))
    for letter in string.ascii_lowercase:
        at = bisect.bisect(letters, letter)
        keys.add(letters[:at] + letter + letters[at:])
    # A letter struck for another: any other in a word of five letters or more, one beside it on the
    # keyboard in a shorter one, which one struck far from it makes another word as often as not.
    for i, removed in enumerate(letters):
        if i and letters[i - 1] == removed:
            continue
        base = letters[:i] + letters[i + 1 :]
        for letter in string.ascii_lowercase if len(word) >= FAR_KEY_MIN else _BESIDE.get(removed, ""):
            if letter != removed:
                at = bisect.bisect(base, letter)
                keys.add(base[:at] + letter + base[at:])
    return frozenset(keys)


def struck_for_another(word: str, listed: str) -> bool:
    """Whether ``word`` is ``listed`` with one letter struck for another (not two swapped)."""
    return len(word) == len(listed) and sum(a != b for a, b in zip(word, listed, strict=True)) == 1


def _struck_far(word: str, listed: str) -> bool:
    """Whether ``word`` is ``listed`` with one letter struck for another not beside it on the keyboard."""
    if len(word) != len(listed):
        return False
    differ = [(a, b) for a, b in zip(word, listed, strict=True) if a != b]
    return len(differ) == 1 and differ[0][0] not in _BESIDE.get(differ[0][1], "")


def _letters(word: str) -> str:
    return "".join(sorted(word))


def _keys_beside() -> dict[str, str]:
    """Each letter's neighbours on a QWERTY keyboard, whose rows are set off half a key."""
    rows = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
    beside: dict[str, str] = {}
    for r, row in enumerate(rows):
        for i, letter in enumerate(row):
            near = [row[j] for j in (i - 1, i + 1) if 0 <= j < len(row)]
            if r > 0:
                near += [rows[r - 1][j] for j in (i, i + 1) if j < len(rows[r - 1])]
            if r + 1 < len(rows):
                near += [rows[r + 1][j] for j in (i - 1, i) if 0 <= j < len(rows[r + 1])]
            beside[letter] = "".join(near)
    return beside


_BESIDE = _keys_beside()
