"""Dutch stemming for the SQLite search index: the Snowball Dutch algorithm, in plain Python.

SQLite's FTS5 ships only an English (Porter) stemmer, so Dutch text is stemmed here before it
is indexed and before it is searched; "samenwerkingen" and "samenwerking" both become
"samenwerk". PostgreSQL uses its own 'dutch' Snowball configuration, which follows the same
algorithm (https://snowballstem.org/algorithms/dutch/stemmer.html, the original version).
"""

from __future__ import annotations

import re

_VOWELS = frozenset("aeiouyè")
_ACCENTS = str.maketrans("äáëéïíöóüú", "aaeeiioouu")
_WORD = re.compile(r"\w+", re.UNICODE)


def _is_vowel(ch: str) -> bool:
    return ch in _VOWELS


def _prelude(word: str) -> str:
    chars = list(word.translate(_ACCENTS))
    if chars and chars[0] == "y":
        chars[0] = "Y"
    for i in range(1, len(chars)):
        if chars[i] == "y" and _is_vowel(chars[i - 1]):
            chars[i] = "Y"
        elif chars[i] == "i" and _is_vowel(chars[i - 1]) and i + 1 < len(chars) and _is_vowel(chars[i + 1]):
            chars[i] = "I"
    return "".join(chars)


def _region_after(word: str, start: int) -> int:
    """Start of the region after the first non-vowel that follows a vowel, searching from ``start``."""
    for i in range(start + 1, len(word)):
        if not _is_vowel(word[i]) and _is_vowel(word[i - 1]) and i - 1 >= start:
            return i + 1
    return len(word)


def _undouble(word: str) -> str:
    return word[:-1] if word.endswith(("kk", "dd", "tt")) else word


class _Stem:
    def __init__(self, word: str) -> None:
        self.word = word
        self.p1 = max(_region_after(word, 0), 3)
        self.p2 = _region_after(word, self.p1)
        self.e_found = False

    def in_r1(self, suffix: str) -> bool:
        return len(self.word) - len(suffix) >= self.p1

    def in_r2(self, suffix: str) -> bool:
        return len(self.word) - len(suffix) >= self.p2

    def before(self, suffix: str) -> str:
        return self.word[: len(self.word) - len(suffix)]

    def en_ending(self, suffix: str) -> None:
        stem = self.before(suffix)
        if self.in_r1(suffix) and stem and not _is_vowel(stem[-1]) and not stem.endswith("gem"):
            self.word = _undouble(stem)

    def e_ending(self) -> None:
        self.e_found = False
        stem = self.before("e")
        if self.word.endswith("e") and self.in_r1("e") and stem and not _is_vowel(stem[-1]):
            self.word = _undouble(stem)
            self.e_found = True

    def step1(self) -> None:
        for suffix in ("heden", "ene", "en", "se", "s"):
            if not self.word.endswith(suffix):
                continue
            stem = self.before(suffix)
            if suffix == "heden":
                if self.in_r1(suffix):
                    self.word = stem + "heid"
            elif suffix in ("ene", "en"):
                self.en_ending(suffix)
            elif self.in_r1(suffix) and stem and not _is_vowel(stem[-1]) and stem[-1] != "j":
                self.word = stem
            return  # Snowball's among: only the longest matching suffix is tried

    def step3a(self) -> None:
        if self.word.endswith("heid") and self.in_r2("heid") and not self.before("heid").endswith("c"):
            self.word = self.before("heid")
            if self.word.endswith("en"):
                self.en_ending("en")

    def step3b(self) -> None:
        for suffix in ("lijk", "baar", "end", "ing", "bar", "ig"):
            if not self.word.endswith(suffix):
                continue
            if suffix in ("end", "ing"):
                if self.in_r2(suffix):
                    self.word = self.before(suffix)
                    if self.word.endswith("ig") and self.in_r2("ig") and not self.before("ig").endswith("e"):
                        self.word = self.before("ig")
                    else:
                        self.word = _undouble(self.word)
            elif suffix == "ig":
                if self.in_r2(suffix) and not self.before(suffix).endswith("e"):
                    self.word = self.before(suffix)
            elif suffix == "lijk":
                if self.in_r2(suffix):
                    self.word = self.before(suffix)
                    self.e_ending()
            elif suffix == "baar":
                if self.in_r2(suffix):
                    self.word = self.before(suffix)
            elif suffix == "bar" and self.in_r2(suffix) and self.e_found:
                self.word = self.before(suffix)
            return

    def step4(self) -> None:
        w = self.word
        if len(w) >= 4 and not _is_vowel(w[-1]) and w[-1] != "I" and w[-3:-1] in ("aa", "ee", "oo", "uu") \
                and not _is_vowel(w[-4]):
            self.word = w[:-2] + w[-1]


def stem(word: str) -> str:
    """The Snowball Dutch stem of one lower-case word."""
    s = _Stem(_prelude(word.lower()))
    s.step1()
    s.e_ending()
    s.step3a()
    s.step3b()
    s.step4()
    return s.word.replace("I", "i").replace("Y", "y")


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def stem_text(text: str) -> str:
    """Every word of ``text`` replaced by its stem, for indexing and for queries alike."""
    return " ".join(stem(w) for w in words(text))
