"""Cut a free-text affiliation into the parts that may name an organisation.

"College of Computer, National University of Defense Technology, Changsha 410073, China"
becomes the parts "College of Computer", "National University of Defense Technology",
"Changsha", their adjacent pairs, the whole string, and the country CN. E-mail domains
are kept apart: a registry organisation can be recognised by its web domain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rigour.territories import lookup_territory

from ksdesk.screening.names import email_domains, org_class, tokens

# A comma before a legal form ("Co., Ltd.", "Acme, Inc.") is part of the name.
_SPLIT = re.compile(
    r"\s*(?:,(?!\s*(?:ltd|inc|llc|plc|co|corp|gmbh|s\.?a|ag|limited|jsc|ojsc|pjsc)\b\.?)|[;|()\[\]{}\n\t（），；]|\s[-–—/]\s|\s/|/\s)\s*",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"\S+@\S+")
# Postcodes and street numbers: digit runs, "D-80333", and British "OX1 3PU".
_POSTCODE = re.compile(r"\b(?:[A-Z]{1,2}-?)?\d[\d\- ]{2,}\d\b|\b\d{3,}\b|\b[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}\b")
_MAX_PARTS = 8
# Words that open the sub-unit part of an affiliation written without commas:
# "Department of Physics Tsinghua University", "Tsinghua University School of Medicine".
_UNIT_WORDS = frozenset(
    ["department", "dept", "dep", "school", "faculty", "fac", "division", "div", "college", "coll"]
    + ["section", "unit", "chair", "group", "lab", "laboratory", "key"]
)


def _unit_splits(part: str) -> list[str]:
    words = part.split()
    if len(words) < 4:
        return []
    lowered = [w.lower().strip(".") for w in words]
    out = []
    if lowered[0] in _UNIT_WORDS:
        # Where the unit's name ends is unknown: offer the name from each of a few places.
        out += [" ".join(words[i:]) for i in range(2, min(6, len(words) - 1))]
    # A unit after the organisation: only when what comes before already says what kind
    # of organisation it is ("Tsinghua University | School of Medicine"); "Sacred Heart
    # College of Iriga" is one name.
    for i in range(2, len(words) - 1):
        if lowered[i] in _TRAILING_UNIT_WORDS and any(org_class(nm_key) for w in lowered[:i] for nm_key in tokens(w)):
            out.append(" ".join(words[:i]))
            break
    return out


_TRAILING_UNIT_WORDS = frozenset("department dept faculty school division section chair laboratory lab".split())


@dataclass
class ParsedQuery:
    text: str
    parts: list[str]
    country: str | None = None
    domains: list[str] = field(default_factory=list)


def _country(part: str) -> str | None:
    if len(part) > 40:
        return None
    territory = lookup_territory(part)
    return territory.code.split("-")[0] if territory else None


def parse(text: str, country: str | None = None) -> ParsedQuery:
    domains = email_domains(text)
    cleaned = _EMAIL.sub(" ", text)
    raw = [p.strip(" .:-") for p in _SPLIT.split(cleaned)]
    raw = [_POSTCODE.sub(" ", p).strip(" .:-") for p in raw]
    raw = [" ".join(p.split()) for p in raw if p and any(c.isalpha() for c in p)]
    detected = country.lower() if country else None
    # Affiliations end with the country; only trailing parts are read as countries so
    # that "China" inside "China Academy of Space Technology" stays a name word.
    while len(raw) > 1:
        code = _country(raw[-1])
        if not code:
            break
        detected = detected or code
        raw.pop()
    # The whole string (for names with commas: "Animal, Santé, Territoires, Risques et
    # Ecosystèmes"), then each part and each adjacent pair.
    parts: list[str] = [", ".join(raw)] if raw else []
    for i in range(len(raw) if len(raw) > 1 else 0):
        parts.append(raw[i])
        if i + 1 < len(raw):
            parts.append(raw[i] + ", " + raw[i + 1])
    for p in list(raw):
        parts.extend(_unit_splits(p))
    seen: set[str] = set()
    unique = [p for p in parts if not (p.lower() in seen or seen.add(p.lower()))]
    if len(unique) > _MAX_PARTS:
        # The whole string, then single parts, then pairs.
        singles = [p for p in unique[1:] if ", " not in p]
        unique = ([unique[0]] + singles + [p for p in unique[1:] if ", " in p])[:_MAX_PARTS]
    return ParsedQuery(text=text, parts=unique, country=detected, domains=domains)
