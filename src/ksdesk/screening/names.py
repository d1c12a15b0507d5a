"""Normalise organisation names into comparable forms.

Every name, indexed or queried, goes through the same steps: transliteration to ASCII
(pinyin for Chinese characters, rigour for Cyrillic, Greek and the other admitted
scripts, a letter-folding pass for Arabic and Persian), case folding, punctuation to
spaces, abbreviations and foreign organisation-type words to one English form, legal
forms to rigour's generic form, and stopwords out.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from rapidfuzz import process
from rapidfuzz.distance import OSA
from rigour._core import extract_org_types as _extract_org_types
from rigour.text.normalize import Cleanup, Normalize
from rigour.text.translit import ascii_text

from ksdesk.screening import pinyin


@lru_cache(maxsize=1)
def word_lists() -> dict[str, Any]:
    with resources.files(__package__).joinpath("name_words.yaml").open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    for words in ("stopwords", "legal_forms", "generic_legal_forms", "short_legal_forms", "not_acronyms",
                  "place_synonyms", "trade_words", "company_part_words", "qualifiers"):
        data[words] = frozenset(data[words])
    abbreviations = {k.rstrip("."): v for k, v in data["abbreviations"].items()}
    data["expansions"] = {k: tuple(v) for k, v in abbreviations.items() if isinstance(v, list)}
    data["abbreviations"] = {k: k if isinstance(v, list) else v for k, v in abbreviations.items()}
    data["stems"] = frozenset(k for k, v in data["abbreviations"].items() if k == v)
    return data


def is_stem(word: str) -> bool:
    """An abbreviation that stands for several words ("tech": technical, technology) or for the
    start of a word ("phys")."""
    return word in word_lists()["stems"]


def expansions(word: str) -> tuple[str, ...]:
    """The words an abbreviation of several stands for: "technol" is technology and technological."""
    found: tuple[str, ...] = word_lists()["expansions"].get(word, ())
    return found


_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
# Arabic and Persian keyboards and code pages write the same name with different
# letters (Persian yeh vs Arabic yeh, keheh vs kaf, ta marbuta vs heh, hamza seats),
# and short vowels are optional; fold them before transliterating.
_ARABIC_FOLD = str.maketrans(
    {
        "ي": "ی",
        "ى": "ی",
        "ئ": "ی",
        "ك": "ک",
        "ة": "ه",
        "ۀ": "ه",
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ؤ": "و",
        "ء": "",
        "ـ": "",
        "\u200c": " ",
    }
)
_ARABIC_MARKS = re.compile(r"[\u064b-\u065f\u0670\u06d6-\u06ed]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_EMAIL = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")


def has_han(text: str) -> bool:
    return bool(_HAN.search(text))


def has_arabic(text: str) -> bool:
    return bool(_ARABIC.search(text))


_VOWELS = re.compile(r"(?<=.)[aeiouyw]+")


@lru_cache(maxsize=100_000)
def consonants(word: str) -> str:
    """A word as Arabic and Persian script write it: without its vowels after the first
    letter ("sharif" and "shryf" are "shrf"; "tehran" and "thran" are "thrn"). Its letters
    are kept as written: "thran" is not "turin"."""
    return _VOWELS.sub("", word)


def _pinyin(run: str) -> str:
    return " " + " ".join(pinyin.syllables(run)) + " "


# Latin letters that do not decompose into a base letter and a mark.
_LATIN_EXTRA = str.maketrans(
    {
        "ß": "ss",
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ı": "i",
        "þ": "th",
        "ð": "d",
    }
)


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_LATIN_EXTRA))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=200_000)
def to_ascii(text: str) -> str:
    """Transliterate any script to lower-case ASCII words separated by single spaces."""
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        # Accented Latin is the common case and needs no transliteration table.
        stripped = _strip_marks(text)
        if stripped.isascii():
            text = stripped
    if _HAN.search(text):
        text = _HAN_RUN.sub(lambda m: _pinyin(m.group(0)), text)
    arabic = bool(_ARABIC.search(text))
    if arabic:
        text = _ARABIC_MARKS.sub("", text.translate(_ARABIC_FOLD))
    if "&" in text:
        # Letters joined by "&" are one word, as people read them: "A&F" in "Zhejiang A&F University"
        # is no article and a letter, nor "A&T" in "North Carolina A&T State University" nothing.
        text = _LETTERS_AND_LETTERS.sub(lambda m: f" {m.group(1)}and{m.group(2)} ", text)
    text = text.replace("&", " and ").replace("'", "").replace("’", "")
    if "*" in text or "∗" in text:
        text = _STARRED.sub("", text)
    if not text.isascii():
        text = " ".join(word if word.isascii() else _ascii_word(word) for word in text.split(" "))
        if arabic:
            # ain and hamza come out as "?"; dropping them keeps the word whole.
            text = text.replace("?", "")
    return _NON_ALNUM.sub(" ", text.lower()).strip()


_LETTERS_AND_LETTERS = re.compile(r"(?<![^\W\d_])([^\W\d_]{1,2})\s*&\s*([^\W\d_]{1,2})(?![^\W\d_])")


# A star inside a name is one word, not a letter and a word: "A*STAR", "A(∗)STAR" (Singapore's agency).
_STARRED = re.compile(r"(?<=[^\W\d_])\s*(?:\(\s*[*∗]\s*\)|[*∗])\s*(?=[^\W\d_])")


@lru_cache(maxsize=50_000)
def _ascii_word(word: str) -> str:
    """One word through the transliteration tables, which read words alone: a string with one
    "ß" or "–" in it no longer sends all of it through them, and the same words recur from
    string to string. Nine times faster on the shipped registry's and lists' names, with the
    same words for every one of them."""
    return ascii_text(word)


# "The 34th Research Institute" is institute 34, not a typo of the "14th": an ordinal is its number.
_ORDINAL_DIGITS = re.compile(r"(\d+)(?:st|nd|rd|th)")


@lru_cache(maxsize=200_000)
def _canonical_word(word: str) -> str:
    # Cached per word: correcting a typo compares the word with every kind word of its length.
    if ordinal := _ORDINAL_DIGITS.fullmatch(word):
        return ordinal.group(1)
    lists = word_lists()
    word = _spelled(word, lists)
    word = lists["abbreviations"].get(word, word)
    word = lists["synonyms"].get(word, word)
    return str(lists["translations"].get(word, word))


TYPO_MIN_LENGTH = 7  # shorter words are too often another word one letter away (Hunan/Henan) ...
SWAP_MIN_LENGTH = 5  # ... but not two of its letters swapped


def _spelled(word: str, lists: dict[str, Any]) -> str:
    """A kind word with a typo or two letters swapped ("Laboartoire", "Sceinces", "Cetnre") read as
    the word it misspells, before the synonyms make it English. Only the organisation-kind
    words of name_words.yaml are corrected, never a name: a name is matched as written."""
    if len(word) < SWAP_MIN_LENGTH or any(word in lists[kind] for kind in ("synonyms", "abbreviations", "translations")):
        return word
    known = _kind_words(id(lists))
    if word in known["all"] or word in known["swappable"]:
        return word
    # Two letters swapped, in a word of any length: "Cetnre" is "Centre", "Clinci" "Clinic". Nothing
    # else in a shorter word, nor in the kinds of organisation: "Cooperation" is no "Corporation".
    swapped = [w for w in known["by_letters"].get("".join(sorted(word)), ()) if OSA.distance(word, w) == 1]
    if swapped:
        return swapped[0] if len({_kind_meant(w, lists) for w in swapped}) == 1 else word
    if len(word) < TYPO_MIN_LENGTH:
        return word
    limit = 1 if len(word) <= 8 else 2
    best, best_distance, tied = word, limit + 1, False
    for length in range(len(word) - limit, len(word) + limit + 1):
        for candidate in known.get(length, ()):
            # A typist gets the first letter right (or adds one before it, as an elided "l'" does), and
            # two letters struck for others make another word more often than a typo: "Mechanical" is
            # no "Technical", "Radiation" no "Aviation", "Formation" no "Fondation".
            if candidate[0] != word[0] and not (word[0] in "ld" and word[1:3] == candidate[:2]):
                continue
            d = OSA.distance(word, candidate, score_cutoff=limit)
            if d == 2 and length == len(word) and sorted(word) != sorted(candidate):
                continue
            if d < best_distance:
                best, best_distance, tied = candidate, d, False
            elif d == best_distance and _kind_meant(candidate, lists) != _kind_meant(best, lists):
                tied = True
    if tied or best_distance > limit:
        return word
    # A place's word is a name: only its spellings in another script's transliteration ("Rossiiskoi",
    # "Rossiyskoy") are the same word, never a word a consonant away ("Mordovsky" is no "Moskovsky").
    if lists["synonyms"].get(best, best) in lists["place_synonyms"] and _NOT_CONSONANTS.sub("", word) != \
            _NOT_CONSONANTS.sub("", best):
        return word
    return best


_NOT_CONSONANTS = re.compile(r"[aeiouy]")


@lru_cache(maxsize=4096)
def kind_word_slipped(word: str) -> tuple[str, ...]:
    """The kind word one slip from ``word`` (a word no name has: the caller knows), read as
    tokenising reads it, or ``word`` itself where none or several of another meaning are."""
    lists = word_lists()
    near = [found for found, _score, _i in process.extract(
        word, _kind_words(id(lists))["swappable_list"], scorer=OSA.distance, score_cutoff=1, limit=None)
        if abs(len(found) - len(word)) <= 1]
    if not near or len({_kind_meant(w, lists) for w in near}) > 1:
        return (word,)
    return token_tuple(near[0]) or (word,)


def _kind_meant(word: str, lists: dict[str, Any]) -> str:
    """The English kind word a kind word reads as: "autonoma" and "autonome" are one, and so are
    "centre" (a spelling the abbreviations table reads) and "centro"."""
    word = lists["abbreviations"].get(word, word)
    word = lists["synonyms"].get(word, word)
    return str(lists["translations"].get(word, word))


@lru_cache(maxsize=4)
def _kind_words(_lists_id: int) -> dict[Any, Any]:
    lists = word_lists()
    # The translated words too: "Autnoma" in "Universidad Nacional Autnoma de México" is "Autónoma".
    words = {w for w in [*lists["synonyms"], *lists["synonyms"].values(), *lists["translations"]]
             if " " not in w and w.isalpha()}
    # Words two swapped letters still tell: the kinds of organisation, and the long spellings the
    # abbreviations table reads as another ("centre", "defence"), not its short forms.
    swappable = words | {w for w in [*lists["org_classes"], *lists["abbreviations"]]
                         if len(w) >= SWAP_MIN_LENGTH and w.isalpha()}
    by_letters: dict[str, list[str]] = {}
    for w in sorted(swappable):
        by_letters.setdefault("".join(sorted(w)), []).append(w)
    by_length: dict[Any, Any] = {"all": frozenset(words), "swappable": frozenset(swappable), "by_letters": by_letters,
                                 "swappable_list": sorted(w for w in swappable if len(w) >= SWAP_MIN_LENGTH)}
    for w in sorted(words):
        if len(w) >= TYPO_MIN_LENGTH - 2:
            by_length.setdefault(len(w), []).append(w)
    return by_length


def tokens(text: str) -> list[str]:
    """The comparable words of a name, in their original order."""
    return list(token_tuple(text))


def read_after_a_name(word: str) -> tuple[str, ...]:
    """How tokenising reads ``word`` after a name's first word: a legal form alone is a name ("AO"),
    after one the generic form it is ("VRVis GmbH": "llc")."""
    reading = token_tuple(f"the {word}")
    return reading[1:] if reading[:1] == ("the",) else reading


# A Roman numeral written as one, in capitals after a space or a hyphen: "Université Bordeaux-I",
# "Paris XI", "NWO-I". Never an initial ("imeni V. N. Karazina", "V.Stefanika") nor a letter before
# a hyphen ("X-ray").
_ROMAN = re.compile(r"(?<=[\s\-–])(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})(?![\w'’.\-–])")
_LOWER_ROMAN = re.compile(r"(?<=[\s\-–])(?=[ivx]{3}|ii\b)x{0,3}(?:ix|iv|v?i{0,3})(?![\w'’.\-–])")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}


def _roman_value(numeral: str) -> int:
    values = [_ROMAN_VALUES[c] for c in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def with_arabic_numerals(text: str) -> str:
    """Roman numerals as digits: "Université Paris I" is "Université Paris 1", and so is not the
    "Université Paris" that dropping "i" as the Catalan "and" would leave. In a text in capitals a
    lone "I" between words may be that "and" ("INSTITUT DE CIENCIA I TECNOLOGIA"); glued to the
    word before it or ending the text it is still a numeral ("UNIVERSITE PARIS-I")."""
    if not any(c in text for c in "IVX"):
        # A text in small letters writes them small: "hospital universitari joan xxiii". Not "xi" or
        # "vi", which are words (pinyin, Italian), nor any numeral of one letter.
        return _LOWER_ROMAN.sub(lambda m: str(_roman_value(m.group(0).upper())), text) \
            if not any(c.isupper() for c in text) and _LOWER_ROMAN.search(text) else text
    capitals = not any(c.islower() for c in text)

    def digits(m: re.Match[str]) -> str:
        numeral = m.group(0)
        if not numeral or (capitals and numeral == "I" and text[m.start() - 1].isspace()
                           and text[m.end():].strip(" .,;)")):
            return numeral
        return str(_roman_value(numeral))

    return _ROMAN.sub(digits, text)


# "U.S." and "U.K." (or "U S" as Web of Science writes them) are the one word "US" and "UK", which
# the abbreviations table reads as their country, not two letters; "U.S.A." stays as it is.
_SPACED_COUNTRY = re.compile(r"\bu ([sk])\b(?! [a-z]\b)")


@lru_cache(maxsize=200_000)
def token_tuple(text: str) -> tuple[str, ...]:
    """:func:`tokens` as a cached tuple: names recur across lists and queries."""
    lists = word_lists()
    folded = to_ascii(with_arabic_numerals(text))
    if not folded:
        return ()
    if "u " in folded:
        folded = _SPACED_COUNTRY.sub(r"u\1", folded)
    han = has_han(text)
    if not han:
        folded = _legal_forms(folded)
    # Pinyin syllables such as "da" and "de" look like stopwords but are name parts, in characters
    # and in pinyin written out ("Xi An Li Gong Da Xue").
    stopwords = frozenset() if han or _written_pinyin(folded) else lists["stopwords"]
    out = []
    for word in folded.split():
        word = _canonical_word(word)
        for part in word.split():
            if part not in stopwords:
                out.append(part)
    return tuple(out)


# A toneless pinyin syllable: an initial, then a final.
_PINYIN_SYLLABLE = re.compile(
    r"(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?"
    r"(?:a|o|e|ai|ei|ao|ou|an|en|ang|eng|ong|er|i|ia|ie|iao|iu|ian|in|iang|ing|iong|u|ua|uo|uai|ui|uan|un|uang|v|ve|ue)"
)
PINYIN_MIN_WORDS = 3  # "Da Nang" and "Li An" may be other languages' words; "Xi An Li Gong Da Xue" is not


def _written_pinyin(folded: str) -> bool:
    words = folded.split()
    return len(words) >= PINYIN_MIN_WORDS and all(len(w) <= 6 and _PINYIN_SYLLABLE.fullmatch(w) for w in words)


# rigour knows the world's legal forms; its generic form lets "Co., Ltd." and "Company
# Limited" meet. Only company forms are taken (name_words.yaml): rigour also reads "National
# Association" as a bank's form and a lone "yu" as one, which would erase name words.
def _legal_forms(folded: str) -> str:
    found = legal_form_matches(folded)
    if not found:
        return folded
    lists = word_lists()
    generic, short = lists["generic_legal_forms"], lists["short_legal_forms"]
    for matched, target in found:
        # A name that is only a form's letters is that name: "AO" is a company's, not any "JSC".
        if target in generic and (len(matched) > 2 or matched in short) and matched != folded.strip():
            folded = re.sub(rf"(?<!\w){re.escape(matched)}(?!\w)", target, folded)
    # "Company Limited" is "Co., Ltd." spelled out.
    return _COMPANY_LIMITED.sub(r"\1", folded)


def legal_form_matches(folded: str) -> list[tuple[str, str]]:
    """rigour's ``rigour.names.extract_org_types(folded, generic=True)``: (matched text, generic form).

    Called on rigour's compiled core as that function calls it, with its default arguments:
    importing rigour.names would also load rigour's language tables, some 2 MB of private memory
    in every process, that screening never reads."""
    return _extract_org_types(folded, int(Normalize.CASEFOLD), int(Cleanup.Noop), True)


_COMPANY_LIMITED = re.compile(r"\b(?:company|co|corporation|corp)\s+(llc|jsc|plc)\b")


def org_class(word: str) -> str | None:
    found = word_lists()["org_classes"].get(word)
    return str(found) if found is not None else None


def is_legal_form(word: str) -> bool:
    return word in LEGAL_FORMS


LEGAL_FORMS: frozenset[str] = word_lists()["legal_forms"]


def is_trade_word(word: str) -> bool:
    """A word that says what a company trades as (a legal form, "Group", "Technologies"), not who it is."""
    return word in TRADE_WORDS or word in LEGAL_FORMS


def is_company_word(word: str) -> bool:
    """A trade word, or a word that says which part of a company is meant ("Research", "Division",
    letters joined by "&": "Samsung C&T", "Samsung R&D")."""
    return word in COMPANY_PART_WORDS or is_trade_word(word) or _JOINED_LETTERS.fullmatch(word) is not None


_JOINED_LETTERS = re.compile(r"[a-z]{1,2}and[a-z]{1,2}")  # as to_ascii writes "C&T"


TRADE_WORDS: frozenset[str] = word_lists()["trade_words"]
COMPANY_PART_WORDS: frozenset[str] = word_lists()["company_part_words"]


def key(text: str) -> str:
    """Words joined by spaces: equal keys mean equal names for screening purposes."""
    return " ".join(token_tuple(text))


def sorted_key(text: str) -> str:
    """Word-order-insensitive key: "Defense Technology National University" == NUDT's."""
    return " ".join(sorted(token_tuple(text)))


def squashed(text: str) -> str:
    """Key without spaces, so that "Guofang Keji Daxue" and "guo fang ke ji da xue" meet."""
    return "".join(token_tuple(text))


def derived_acronyms(text: str) -> list[str]:
    """Acronyms a reader would make from the name: initials of the significant words.

    Two forms: with organisation-type and legal-form words (NUDT, BIT) and, for long
    names, with "of"-style stopwords kept (as in "UoM").
    """
    lists = word_lists()
    folded = to_ascii(text).split()
    if has_han(text) or len(folded) < 2:
        return []
    significant = [w for w in folded if w not in lists["stopwords"] and not w.isdigit()]
    if len(significant) < 2:
        return []
    out = ["".join(w[0] for w in significant)]
    with_stops = "".join(w[0] for w in folded if not w.isdigit() and w not in {"the", "and"})
    if with_stops != out[0]:
        out.append(with_stops)
    return [a for a in out if 3 <= len(a) <= 10]


_ACRONYM_MARKS = str.maketrans("", "", ".-&/*∗")


def looks_like_acronym(text: str) -> bool:
    """A single short word written as an acronym: "NUDT", "B.U.A.A.", "kaist"."""
    stripped = text.strip()
    # "IPN/UNLA": two acronyms a slash joins are written as one; "A*STAR" with its star.
    compact = stripped.translate(_ACRONYM_MARKS)
    if " " in compact or not (2 <= len(compact) <= 10) or not compact.isalnum():
        return False
    if has_han(compact):
        return False
    letters = [c for c in compact if c.isalpha()]
    if not letters:
        return False
    return compact.isupper() or "." in stripped or not any(c in "aeiou" for c in compact.lower())


def acronym_key(text: str) -> str:
    return _NON_ALNUM.sub("", to_ascii(text))


def email_domains(text: str) -> list[str]:
    return [m.group(1).lower() for m in _EMAIL.finditer(text)]


@dataclass(frozen=True)
class NameForms:
    """The forms of one name that the index stores and the scorer compares."""

    original: str
    tokens: tuple[str, ...]
    key: str
    squashed: str
    acronyms: tuple[str, ...]


def forms(text: str) -> NameForms:
    toks = token_tuple(text)
    return NameForms(
        original=text,
        tokens=toks,
        key=" ".join(toks),
        squashed="".join(toks),
        acronyms=tuple(derived_acronyms(text)),
    )


# Romanisations of one Cyrillic, Greek or Arabic name differ in how they spell the same
# sound: kh/h, ts/c, -iy/-yy/-y, yi/i, ph/f. The skeleton spells them one way so that
# "Kharkivskiy natsionalniy" and "Kharkivskyi natsionalnyi" meet.
_SKELETON_RULES = [
    ("shch", "s"),
    ("dzh", "j"),
    ("sch", "s"),
    ("tch", "c"),
    ("kh", "h"),
    ("zh", "z"),
    ("ch", "c"),
    ("sh", "s"),
    ("ts", "c"),
    ("tz", "c"),
    ("ph", "f"),
    ("th", "t"),
    ("ck", "k"),
    ("dj", "j"),
    ("w", "v"),
    ("q", "k"),
    ("x", "ks"),
    ("j", "i"),
    ("y", "i"),
]
_SPELLED_UMLAUT = re.compile(r"(?<=[a-z])([aou])e")


def without_spelled_umlauts(word: str) -> str:
    """A German word as its umlauts read without their marks: "wuerzburg" and "goettingen" are
    "wurzburg" and "gottingen", as "Würzburg" and "Göttingen" fold to ASCII."""
    if "ae" not in word and "oe" not in word and "ue" not in word:  # most words: no pattern to run
        return word
    return _SPELLED_UMLAUT.sub(r"\1", word)


_SKELETON_RE = re.compile("|".join(re.escape(a) for a, _ in _SKELETON_RULES))
_SKELETON_MAP = dict(_SKELETON_RULES)
_REPEATS = re.compile(r"(.)\1+")


@lru_cache(maxsize=500_000)
def skeleton(word: str) -> str:
    out = _SKELETON_RE.sub(lambda m: _SKELETON_MAP[m.group(0)], word)
    return _REPEATS.sub(r"\1", out)


def forget_names() -> None:
    """Empties the caches of normalised names and words. An index build fills them with the names of
    the whole registry and every list, some 130 MB, which a process that goes on screening seldom
    meets again: its queries fill them anew. Every cached function answers the same either way."""
    for cached in (to_ascii, _ascii_word, _canonical_word, token_tuple, consonants, skeleton):
        cached.cache_clear()
