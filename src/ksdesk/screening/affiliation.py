"""Cut a free-text affiliation into the parts that may name an organisation.

"College of Computer, National University of Defense Technology, Changsha 410073, China"
becomes the parts "College of Computer", "National University of Defense Technology",
"Changsha", their adjacent pairs, the whole string, and the country CN. E-mail domains
are kept apart: a registry organisation can be recognised by its web domain.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from ksdesk.screening.names import email_domains, is_legal_form, org_class, tokens, word_lists
from ksdesk.screening.places import is_territory_of, territory_code

# A comma before a legal form ("Co., Ltd.", "Acme, Inc.", "TRANSNEFT-DRUZHBA, AO") is part of the name.
_SPLIT = re.compile(
    r"\s*(?: {2,}|,(?!\s*(?:ltd|inc|llc|plc|co|corp|gmbh|s\.?a|ag|limited|jsc|ojsc|pjsc|cjsc|ao|oao|zao|pao|ooo|sal|eood|ood|ead|llp"
    r"|c\.a|s\.l)"
    r"\b\.?)"
    r"|[;|()\[\]{}\n\t（），；\"«»“”„]|\s[-–—/]\s|\s/|/\s)\s*",
    re.IGNORECASE,
)
# The same, but for a run of spaces: see _spaces_as_one.
_SPLIT_BUT_SPACES = re.compile(_SPLIT.pattern.replace(" {2,}|", "", 1), re.IGNORECASE)
_EMAIL = re.compile(r"\S+@\S+")
# Words that lost the space between them in a pasted string: "Peking UniversityShenzhen",
# "andTechnology", "Currently atJohnson". A short piece before a capital is part of a brand's
# or a person's name instead: "UniStarCom" is no "University", nor "MacDonald" two words.
_GLUED = re.compile(r"\S*[^\W\d_A-Z]{2}[A-Z][^\W\d_A-Z]\S*")
_GLUED_MIN_PIECE = 5
_GLUED_LINKS = frozenset("at and of de la in for the with from und et di da do du le el".split())


# An acronym glued to the name it stands for by an em dash: "INL—International Iberian Nanotechnology
# Laboratory". Words glued so are otherwise one name ("Institut Max von Laue—Paul Langevin"), as are
# an acronym and a place glued by an en dash ("UW–Madison").
_ACRONYM_DASH = re.compile(r"(?<![\w-])([A-Z]{2,8})—(?=[A-Z][^\W\d_A-Z])")


def unglued(text: str) -> str:
    """The text with words that lost the space between them apart again. The index reads each name
    so too, since a name may be written in one word: "ShanghaiTech University"."""
    return _GLUED.sub(lambda m: _unglued_word(m.group(0)), _ACRONYM_DASH.sub(r"\1 — ", text))


def _unglued_word(word: str) -> str:
    out, start = [], 0  # start: where the piece being read began
    first = True  # the first piece of a run of letters, which says whether it is a brand's one word
    for i, c in enumerate(word):
        if not c.isalpha():
            start, first = i + 1, True
        elif c.isupper() and i >= 2 and word[i - 1].islower() and word[i - 2].islower() and word[i + 1 : i + 2].islower():
            piece = word[start:i]
            if len(piece) >= _GLUED_MIN_PIECE or piece.lower() in _GLUED_LINKS:
                out.append(" ")
            elif first:
                # "UniStarCom", and "laxoSmithKline" with its first letter left out: one name in one
                # word, whose other pieces apart would be neither its name nor its words.
                return word
            start, first = i, False
        out.append(c)
    return "".join(out)
# A letter a wrong encoding lost inside a word, as "?" or "�": "Universidad Nacional Autónoma de M?xico".
# Left out, it is a typist's slip the index reads (a letter left out), not two words.
_LOST_LETTER = re.compile(r"(?<=[^\W\d_])[?\ufffd](?=[^\W\d_])")
# What people put before the organisation in a profile or a CV.
_LEADING_NOISE = re.compile(
    r"^\s*(?:(?:currently|presently|now)\s+(?:at|with)|(?:current|present|permanent)\s+(?:address|affiliation)"
    r"|(?:assistant|associate|full|visiting)?\s*professor\s+(?:at|of)|phd\s+(?:student\s+)?at)\s*[:,]?\s*",
    re.IGNORECASE,
)
# Postcodes and street numbers: digit runs, "D-80333", and British "OX1 3PU".
_POSTCODE = re.compile(r"\b(?:[A-Z]{1,2}-?)?\d[\d\- ]{2,}\d\b|\b\d{3,}\b|\b[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}\b")
# Footnote markers publishers leave in a string: "Tsinghua University 1", "1 Department of …".
# A number after a place ("Université Paris 7") is part of the name and stays.
_FOOTNOTE = re.compile(
    r"^\d{1,2}\s+(?=[A-Za-z])"
    # Not a name's number: "China Electronics Technology Group Corporation No. 28 Institute".
    r"|(?<!\bno\.)(?<!\bno)(?<!\bnr\.)(?<!\bnr)(?<!#)"
    r"\s\d{1,2}\s+(?=(?:department|dept|school|faculty|division|institute|laboratory|center|centre)\b)",
    re.IGNORECASE,
)
# "of China", "de France": the country is part of the name.
_NAME_LINK = frozenset({"of", "de", "du", "des", "di", "in", "for", "the", "der", "del", "da", "do", "and", "&",
                        "van", "von", "voor", "zu", "für", "fur", "at", "a", "à", "en", "y", "e", "und"})
_MAX_PARTS = 10
# Words that open the sub-unit part of an affiliation written without commas:
# "Department of Physics Tsinghua University", "Tsinghua University School of Medicine".
_UNIT_WORDS = frozenset(
    ["department", "departments", "dept", "dep", "school", "faculty", "fac", "division", "div", "college", "coll"]
    + ["section", "unit", "chair", "group", "lab", "laboratory", "key"]
    # The same in the languages of the strings the desk reads: "Departamento de Física Universidad
    # de Chile", "Afdeling Neurologie Universiteit Leiden", "Service de Neurologie CHU de Nantes".
    + ["departamento", "departament", "departement", "département", "dipartimento", "abteilung", "afdeling"]
    + ["vakgroep", "facultad", "faculdade", "faculté", "faculte", "facoltà", "facolta", "fakultät", "fakultat"]
    + ["faculteit", "sección", "seccion", "secção", "seção", "sezione", "unité", "unidad", "unidade", "unità"]
    + ["servicio", "service", "serviço", "servizio", "laboratoire", "laboratorio", "laboratório", "lehrstuhl"]
    + ["leerstoel", "cátedra", "catedra", "grupo", "groupe", "gruppo", "arbeitsgruppe", "onderzoeksgroep"]
)


def _unit_splits(part: str) -> tuple[list[str], list[str]]:
    """The guesses at a unit's name after the word that opens it ("Life Sciences" of "School of Life
    Sciences"), and at the organisation before a unit's word that follows it."""
    words = part.split()
    if len(words) < 4:
        return [], []
    lowered = [w.lower().strip(".") for w in words]
    unit_names: list[str] = []
    if lowered[0] in _UNIT_WORDS:
        # Where the unit's name ends is unknown: offer the name from each of a few places.
        # Never from a linking word: "and IT" of "School of Engineering and IT" is no name.
        unit_names = [" ".join(words[i:]) for i in range(2, min(6, len(words) - 1)) if lowered[i] not in _NAME_LINK]
    hosts = []
    # A unit after the organisation: only when what comes before already says what kind
    # of organisation it is ("Tsinghua University | School of Medicine"); "Sacred Heart
    # College of Iriga" is one name, and so is a research laboratory or a medical centre ("Air Force
    # Research Laboratory Information Directorate", "U.S. Army Medical Center of Excellence").
    for i in range(2, len(words) - 1):
        if (lowered[i] in _TRAILING_UNIT_WORDS and lowered[i - 1] not in _KIND_BEFORE_UNIT_WORD
                and any(org_class(nm_key) for w in lowered[:i] for nm_key in tokens(w))):
            hosts.append(" ".join(words[:i]))
            break
    return unit_names, hosts


def _campus_before_unit(before: str, part: str) -> tuple[str, str] | None:
    """A university's campus that a unit's word follows in the same part: "University of California,
    San Francisco School of Medicine" is of the university in San Francisco, which the words before
    the school name only with the university before them. Whether they are a place (not "Perelman"
    of "University of Pennsylvania, Perelman School of Medicine") only the index knows."""
    if not any(org_class(key) == "university" for w in before.lower().split() for key in tokens(w)):
        return None
    words = part.split()
    lowered = [w.lower().strip(".") for w in words]
    for i in range(1, min(len(words) - 1, _CAMPUS_WORDS + 1)):
        if lowered[i] in _TRAILING_UNIT_WORDS:
            if not words[0][:1].isupper() or any(org_class(key) for w in lowered[:i] for key in tokens(w)):
                return None
            campus = " ".join(words[:i])
            return before + ", " + campus, campus
    return None


_CAMPUS_WORDS = 3  # "San Luis Obispo"


_KIND_BEFORE_UNIT_WORD = frozenset(("research", "medical"))
_TRAILING_UNIT_WORDS = frozenset(
    "department dept faculty school division section chair laboratory lab center centre institute program programme"
    .split()
)


@dataclass
class ParsedQuery:
    text: str
    parts: list[str]
    country: str | None = None
    domains: list[str] = field(default_factory=list)
    # The acronym of a name typed with its place ("NUDT Changsha", "IPN, Mexico City", "Kiel CAU"),
    # and the place: _acronym_before_place, _acronym_after_place. With the place first, or words
    # only a place's name has after it ("UFRJ Rio de Janeiro"), the index reads it so only where the
    # words are a place it knows ("INGV Sezione di Lavagna" names a section).
    typed_acronym: str | None = None
    typed_place: str | None = None
    typed_place_first: bool = False
    typed_place_only: bool = False
    # Parts that are the acronym of the part just before them, with that part: "National Institute
    # on Aging (NIA)".
    own_acronyms: dict[str, str] = field(default_factory=dict)
    # The guesses at a unit's name inside a part that begins with a unit's word: "Life Sciences" of
    # "School of Life Sciences".
    unit_names: frozenset[str] = frozenset()
    # A university and the words after it that may be its campus, before a unit's word in the part
    # after it: ("University of California, San Francisco", "San Francisco"). The index reads them as
    # a part where the words are a city it knows (_campus_before_unit).
    campuses: tuple[tuple[str, str], ...] = ()


# Names rigour reads as a country that in affiliations are mostly something else: the
# misspelling "Columbia" (Columbia University; Columbia, Missouri) and US states.
_NOT_COUNTRIES = frozenset({"columbia", "georgia", "jersey", "new jersey", "guinea"})


_NO_PLACE = "zz"


def _country(part: str, sovereign_only: bool = False) -> str | None:
    if len(part) > 40 or part.lower().strip(". ") in _NOT_COUNTRIES:
        return None
    code = territory_code(part)
    # "Global" and "Worldwide" are rigour's territory "zz", no place: "Action Global" is a company's name.
    if code is None or code == _NO_PLACE or (sovereign_only and "-" in code):
        return None
    return code.split("-")[0]


def names_a_place(text: str) -> bool:
    """Whether a text names a country, a territory or a capital ("Berlin", "Dublin")."""
    return territory_code(text) is not None


def country_of(part: str) -> str | None:
    """The sovereign country a short text names ("Netherlands", "China"), if it names one."""
    return _country(part, sovereign_only=True)


# A name ends in a number after a place ("Université Claude Bernard Lyon 1"), hardly ever
# after one of these words; a number there is a footnote ("Tsinghua University 1").
_NOT_BEFORE_A_NUMBER = frozenset(
    "university universität université universidad universidade college institute hospital school academy sciences "
    "science center centre laboratory medicine research technology".split()
)
# Publishers set a footnote marker apart from the comma that follows it: "San Diego 3 , La Jolla".
_SPACED_MARKER = re.compile(r"(?<=[^\W\d_]) \d{1,2} +(?=,)")


# A full stop that ends a piece as a comma would: "Institute for Protein Design. University of
# Washington". Not after an abbreviation ("Dept. Applied Physics", "St. Louis", "Univ. Lille"), a
# legal form or a title.
_FULL_STOP = re.compile(r"\b([^\W\d_]{3,})\. (?=[^\W\d_])")
_NOT_ENDING_A_PIECE = frozenset(("prof", "pvt", "bros", "nos"))


def _full_stops_as_commas(text: str) -> str:
    def replace(m: re.Match[str]) -> str:
        word = m.group(1).lower()
        if (word in word_lists()["abbreviations"] or word in _NOT_ENDING_A_PIECE or is_legal_form(word)
                or not m.string[m.end()].isupper()):
            return m.group(0)
        return m.group(1) + ", "

    return _FULL_STOP.sub(replace, text) if ". " in text else text


def _without_footnote(part: str) -> str:
    words = part.split()
    if len(words) >= 2 and words[-1].isdigit() and len(words[-1]) <= 2 and words[-2].lower() in _NOT_BEFORE_A_NUMBER:
        words = words[:-1]
    return _FOOTNOTE.sub(" ", " ".join(words)).strip(" .:-")


def _numbered_name(written: str, stripped: str) -> str | None:
    """The part as written where what was read as a postcode is a number of the name: "140 Repair
    Plant JSC", "China Academy of Space Technology 502 Research Institute", "1675 Foundation": one in
    a part that says a kind of organisation or a legal form. Beside a place alone ("75005 Paris",
    "2333 CA Leiden", "Beijing 100871") a number is the postcode it looks like. A company's name
    keeps even the number a footnote marker would be: "7 Makara Phary Co., Ltd."."""
    if stripped == written:
        return None
    words = tokens(stripped)
    if any(is_legal_form(t) for t in words):
        return " ".join(written.split())
    return " ".join(_without_footnote(written).split()) if any(org_class(t) for t in words) else None


def _trailing_country(part: str) -> tuple[str | None, str | None]:
    words = part.split()
    for n in (3, 2, 1):
        if len(words) <= n or (n == 1 and not _country_word(words[-1], words[-2])):
            continue
        code = _country(" ".join(words[-n:]))
        if code:
            # "Bank of China", and "Government of North Korea", which is not "Government of North" in Korea.
            # A country's part is read as the country: "Queen's University Belfast Northern Ireland" is
            # in the United Kingdom, not in Ireland.
            return (None, None) if words[-n - 1].lower() in _NAME_LINK else (" ".join(words[:-n]), code)
    return None, None


def _country_word(word: str, before: str) -> bool:
    """Whether a word after a name, without a comma, may be its country. Two-letter codes end
    many names ("Erasmus MC" is no Monaco) and legal forms end companies' names ("Siemens AG",
    "Acme SA", "Equinor AS" are not in Antigua, Saudi Arabia or American Samoa): only a country
    written out, an abbreviation people write so ("UK", "USA", "PRC"), or a code after an
    acronym ("NWPU CN") is read."""
    folded = word.lower().strip(".")
    if folded in _SHORT_LEGAL_FORMS or all(is_legal_form(t) for t in tokens(word) or ["-"]):
        return False
    return len(folded) > 3 or folded in _COUNTRY_ABBREVIATIONS or (len(before) > 1 and before.isupper())


# The postal codes of the states of the United States, many of them also countries' codes.
_US_STATES = frozenset(
    "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK "
    "OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC".split())
_SHORT_LEGAL_FORMS = frozenset(word_lists()["short_legal_forms"]) | frozenset(word_lists()["legal_forms"])
_COUNTRY_ABBREVIATIONS = frozenset(("uk", "us", "usa", "prc", "uae", "roc", "rok"))


def _acronym_before_place(part: str) -> str | None:
    """The acronym of "NUDT Changsha", "LMU Munich", "KAIST Daejeon", "UvA Amsterdam", "UFRJ Rio de
    Janeiro": one written in capitals, or with two capitals at least, before capitalised words that
    say no kind of organisation ("UCLA School of Dentistry" names a unit, which the index reads
    itself) and no legal form ("BASF SE")."""
    words = part.split()
    if not 2 <= len(words) <= _MOST_PLACE_WORDS + 1 or not _typed_as_acronym(words[0]) \
            or not _may_be_a_place(words[1:]):
        return None
    return words[0]


def _acronym_after_place(part: str) -> str | None:
    """The acronym of "Kiel CAU", "Changsha NUDT", "China HUST", "Dar es Salaam AKU": the place first."""
    words = part.split()
    if not 2 <= len(words) <= _MOST_PLACE_WORDS + 1 or not _typed_as_acronym(words[-1]) \
            or not _may_be_a_place(words[:-1]):
        return None
    # "IEEE MTT", "CNRS IMB": an acronym before another is a host and its unit, no place.
    return None if any(w.isupper() and len(w) > 1 for w in words[:-1]) else words[-1]


_MOST_PLACE_WORDS = 4  # "Newcastle upon Tyne", "Capelle aan den IJssel"
# Words in a place's name written in small letters: "Rio de Janeiro", "Dar es Salaam", "Frankfurt am Main".
_PLACE_LINKS = frozenset("de do da dos das des del della di du la le les el es aan den der upon on sur am an im "
                         "bei".split())


def _typed_as_acronym(word: str) -> bool:
    """Capitals, or two capitals at least among small letters ("UvA"); its parts may be joined by
    hyphens and hold digits after a capital: "NIT-AP", "INFN-RM3", "L2MGC", "AASŠ"."""
    if _MIXED_CASE_ACRONYM.fullmatch(word):
        return True
    pieces = word.split("-")
    return (len(word) <= 12 and sum(c.isalpha() for c in word) >= 3
            and all(p[:1].isalpha() and p.isupper() and p.isalnum() for p in pieces))


def _may_be_a_place(words: list[str]) -> bool:
    if words[0] in _PLACE_LINKS or words[-1].lower() in _PLACE_LINKS:
        return False
    for w in words:
        if w in _PLACE_LINKS:
            continue
        letters = w.replace("'", "").replace("’", "").replace("-", "")
        if not (w[:1].isupper() and (letters.isalpha() or (w.endswith(".") and letters[:-1].isalpha()))):
            return False
    return not (any(org_class(t) or is_legal_form(t) for w in words for t in tokens(w))
                or words[0].upper() in _SHORT_LEGAL_UPPER)


_SHORT_LEGAL_UPPER = frozenset(form.upper() for form in _SHORT_LEGAL_FORMS)
# An acronym in small letters and capitals, two of them at least: "UvA", "MESuRS", "ICArEHB".
_MIXED_CASE_ACRONYM = re.compile(r"(?=(?:[^A-Z]*[A-Z]){2})[A-Z][A-Za-z]{2,7}")


def _typed_acronym(raw: list[str], read_as_country: list[str]) -> tuple[str | None, str | None, bool]:
    """The acronym and place of a text that is only those (_acronym_before_place), with or without a
    comma between them ("NUDT Changsha", "IPN, Mexico City"), or with the city read as its country
    ("UCB, Brasília, Brazil"); or the place first ("Kiel CAU", "Changsha, NUDT"), and whether it is.
    In a longer affiliation such a part is a unit ("CNRS Inserm", "IMIM PSMar")."""
    if len(raw) == 1 and " " in raw[0]:
        words = raw[0]
    elif len(raw) == 2 and (" " not in raw[0] or " " not in raw[1]):
        words = " ".join(raw)
    elif len(raw) == 1 and read_as_country and len(read_as_country[-1]) > 3:
        words = f"{raw[0]} {read_as_country[-1]}"
    else:
        return None, None, False
    if len(raw) != 2 or " " not in raw[0]:
        acronym = _acronym_before_place(words)
        if acronym:
            return acronym, words.split(maxsplit=1)[1], False
    if len(raw) != 2 or " " not in raw[1]:
        acronym = _acronym_after_place(words)
        if acronym:
            return acronym, words.rsplit(maxsplit=1)[0], True
    return None, None, False


def _own_acronym(part: str, before: str) -> bool:
    """Whether a part is the acronym of the part before it, of three letters or more."""
    return len(part) >= 3 and part.isupper() and part.isalpha() and _initials_of(part, before)


def _initials_of(acronym: str, name: str) -> bool:
    """Whether an acronym is made of the initials of a name's words, up to its last, leaving some out:
    "NIA" of "National Institute on Aging", "KIB" of "KAIST Institute for BioCentury", "BIC" of
    "McConnell Brain Imaging Centre". A text writes such an acronym after the name to use it later
    for the same one."""
    letters = [c for c in acronym.lower() if c.isalpha()]
    initials = [w[0] for w in name.lower().split() if w[:1].isalpha()]
    if not 2 <= len(letters) <= len(initials) or letters[-1] != initials[-1]:
        return False
    rest = iter(initials[:-1])
    return all(any(c == i for i in rest) for c in letters[:-1])


_STAR_IN_BRACKETS = re.compile(r"\(\s*[*∗]\s*\)")


def _slashed(part: str) -> list[str]:
    """The two organisations a slash joins where one is a name and the other an acronym: "Whitehead
    Institute/MIT". Names with a slash in them stay whole as well: "Witten/Herdecke University",
    "Dana-Farber/Harvard Cancer Center". Two acronyms ("NCI/NIH") are read together: either alone
    is weak evidence, a list's entry of another country as much as the organisation meant."""
    sides = part.split("/")
    if len(sides) != 2 or not all(any(c.isalpha() for c in side) for side in sides):
        return []
    left, right = sides[0].split(), sides[1].split()
    if not (left and right) or (sides[0].isupper() and sides[1].isupper()):
        return []
    if not any(len(w) > 1 and w.isalpha() and w.isupper() for w in (left[-1], right[0])):
        return []
    return [" ".join(left), " ".join(right)]


def _spaces_as_one(cleaned: str) -> list[str]:
    """The pieces of a text with a run of spaces in them, read with one space there too. Strings pasted
    from forms part names with two spaces ("Hong Kong University of Science and Technology  Guangzhou"),
    which is how they are read first, but as often the two spaces stand where a hyphen was:
    "Physikalisch  Meteorologisches Observatorium Davos" is the observatory's name in one piece."""
    if "  " not in cleaned.strip():
        return []
    pieces = [_without_footnote(_POSTCODE.sub(" ", p).strip(" .:-")) for p in _SPLIT_BUT_SPACES.split(cleaned)
              if "  " in p.strip()]
    return [" ".join(p.split()) for p in pieces if any(c.isalpha() for c in p)]


def parse(text: str, country: str | None = None) -> ParsedQuery:
    domains = email_domains(text)
    # Publishers' metadata carries HTML entities: 'FSEI of HPE &quot;Moscow State University&quot;'.
    cleaned = html.unescape(text) if "&" in text else text
    cleaned = _SPACED_MARKER.sub("", _EMAIL.sub(" ", cleaned))
    if "(" in cleaned:  # "A(∗)STAR" is A*STAR, no bracket
        cleaned = _STAR_IN_BRACKETS.sub("*", cleaned)
    if "?" in cleaned or "\ufffd" in cleaned:
        cleaned = _LOST_LETTER.sub("", cleaned)
    cleaned = _LEADING_NOISE.sub("", _full_stops_as_commas(unglued(cleaned)))
    written = [p.strip(" .:-") for p in _SPLIT.split(cleaned)]
    raw = [_without_footnote(_POSTCODE.sub(" ", p).strip(" .:-")) for p in written]
    numbered = [name for p, stripped in zip(written, raw, strict=True) if (name := _numbered_name(p, stripped))]
    raw = [" ".join(p.split()) for p in raw if p and any(c.isalpha() for c in p)]
    detected = country.lower() if country else None
    # Affiliations end with the country; only trailing parts are read as countries so
    # that "China" inside "China Academy of Space Technology" stays a name word.
    read_as_country: list[str] = []
    while len(raw) > 1:
        if raw[-1] in _US_STATES:
            # "St. Louis, MO" is in Missouri, not Macao, and "Stanford, CA" in California: a state's
            # code after a city is the United States where a ZIP code follows it, and otherwise
            # says no country ("Newark, DE" and "Berlin, DE" both occur).
            if re.search(rf"\b{raw[-1]}\.?,?\s+\d{{5}}\b", cleaned):
                detected = detected or "us"
            read_as_country.append(raw.pop())
            continue
        # A name's own acronym after it is no country: "Afghan Support Committee (ASC)" is not on Ascension.
        code = None if _own_acronym(raw[-1], raw[-2]) else _country(raw[-1])
        if not code:
            break
        # "Hong Kong, China" is in Hong Kong, where the registry has the University of Hong Kong.
        if detected is None or (not country and code != detected and is_territory_of(code, detected)):
            detected = code
        read_as_country.append(raw.pop())
    # "HUST China", "Zhejiang Normal University China": a country written without a comma.
    # Both readings are offered; the name without the country is the one that matches.
    alternatives: list[str] = numbered + [side for p in raw for side in _slashed(p)] + _spaces_as_one(cleaned)
    if raw:
        bare, code = _trailing_country(raw[-1])
        if bare:
            detected = detected or code
            alternatives.append(bare)
        elif (len(words := raw[-1].split()) >= 3 and words[-1].isupper() and words[-1].isalpha() and len(words[-1]) > 1
              and not " ".join(words[:-1]).isupper()):
            # A name followed by its acronym: "Swiss Federal Institute of Technology ETH". In a name
            # written in capitals the last word is a word of it: "CHONGQING UNIVERSITY OF TECHNOLOGY".
            alternatives.append(" ".join(words[:-1]))
    # The whole string (for names with commas: "Animal, Santé, Territoires, Risques et
    # Ecosystèmes"), then each part and each adjacent pair.
    # When there are more than the search takes, the last kinds are left out: pairs name
    # a university system's campus ("University of California, Davis"), where the guesses
    # at a unit's end inside one part mostly name the unit.
    singles = raw if len(raw) > 1 else []
    pairs = [raw[i] + ", " + raw[i + 1] for i in range(len(raw) - 1)]
    # A city read as its country ("Berlin", "Vienna") may still end the name before it:
    # "Technical University, Berlin", "Free University, Berlin". Codes ("MA", "USA") never do.
    if raw and read_as_country and len(read_as_country[-1]) > 3:
        pairs.append(raw[-1] + ", " + read_as_country[-1])
    parts = ([", ".join(raw)] if raw else []) + singles + alternatives + pairs
    splits = [_unit_splits(p) for p in raw]
    unit_names = [name for names, _hosts in splits for name in names]
    parts += [split for names, hosts in splits for split in names + hosts]
    campuses = tuple(found for before, p in zip(raw, raw[1:], strict=False) if (found := _campus_before_unit(before, p)))
    first: dict[str, str] = {}
    for p in parts:
        first.setdefault(p.lower(), p)
    typed, typed_place, place_first = _typed_acronym(raw, read_as_country)
    if place_first and detected is None:
        detected = _country(typed_place or "")  # "China HUST"
    place_words = (typed_place or "").split()
    place_only = place_first or len(place_words) > 2 or any(w in _PLACE_LINKS for w in place_words)
    own_acronyms = {b: a for a, b in zip(raw, raw[1:], strict=False)
                    if b.isupper() and " " not in b and _initials_of(b, a)}
    return ParsedQuery(text=text, parts=list(first.values())[:_MAX_PARTS], country=detected, domains=domains,
                       typed_acronym=typed, typed_place=typed_place, typed_place_first=place_first,
                       typed_place_only=place_only,
                       own_acronyms=own_acronyms, unit_names=frozenset(unit_names),
                       campuses=campuses)
