"""Personal data of other people in a question: the desk advises on collaborations, it does not
investigate persons. A question that seems to hold a CV, a passport or citizen service number, a
date of birth or other people's addresses is held back once with a warning to the asker; sent
anyway, it carries a note for the officer. Plain text matching: it warns, it never decides.

The signs are meant to be precise rather than eager, in Dutch and English text:

- a citizen service number (BSN) is nine digits, written alone or as ``1234.56.782``, that pass
  the eleven-test (elfproef) and stand near a word that names it (BSN, burgerservicenummer,
  sofinummer, citizen service number, social security number); digits inside a longer token
  (a UUID, a reference such as ``KS-2026-123456782``, a phone number) never count, nor does the
  word without a number ("do we need his BSN?");
- a passport or identity-card number is six to nine letters and digits (at least one digit) near
  a word that names the document ("passport number NX1234567", "paspoortnummer: NW3F4K7L2");
- a CV is "CV"/"cv"/"cv's" or "curriculum vitae"/"résumé" as whole words: not "cv-ketel", not a
  company's "C.V." or "Jansen Beheer CV" (a limited partnership), not inside other words, not the
  verb "resume";
- a date of birth is a date (``1-5-1990``, ``1990-05-01``, ``1 May 1990``, ``1 mei 1990``) right
  after a word that says it is one ("born on", "date of birth", "geboren op", "geboortedatum");
- an e-mail address other than the asker's own.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ksdesk.vocab import _

# ----------------------------------------------------------------------------- citizen number

# Nine digits, alone or grouped 4-2-3 / 3-3-3 with dots or spaces, not part of a longer token.
_NINE_DIGITS = re.compile(r"(?<![\w/#.+-])(\d{4}[. ]\d{2}[. ]\d{3}|\d{3}[. ]\d{3}[. ]\d{3}|\d{9})(?![\w/-]|\.\d)")
_BSN_WORDS = re.compile(r"\b(bsn|burgerservicenummers?|sofi-?nummers?|citizen service numbers?|"
                        r"social security numbers?|national identification numbers?)\b", re.IGNORECASE)


def elfproef(digits: str) -> bool:
    """The Dutch eleven-test for a citizen service number: weights 9..2 and -1 sum to a multiple of 11."""
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - int(digits[8])
    return total % 11 == 0


def _citizen_numbers(text: str) -> list[str]:
    found = []
    for match in _NINE_DIGITS.finditer(text):
        digits = re.sub(r"\D", "", match.group(1))
        if elfproef(digits) and _near(text, match, _BSN_WORDS, before=60, after=30):
            found.append(digits)
    return found


# ----------------------------------------------------------------------------- passport

_DOCUMENT_NUMBER = re.compile(r"(?<![\w-])(?=[A-Z0-9]{0,8}\d)[A-Z0-9]{6,9}(?![\w-])")
_DOCUMENT_WORDS = re.compile(r"\b(passports?|passport numbers?|paspoort(?:en|nummers?)?|identity cards?|"
                             r"id cards?|id-kaart(?:en)?|identiteitskaart(?:en)?|identiteitsbewijs|"
                             r"document ?numbers?|documentnummers?)\b", re.IGNORECASE)


def _passport_numbers(text: str) -> list[str]:
    return [m.group(0) for m in _DOCUMENT_NUMBER.finditer(text)
            if _near(text, m, _DOCUMENT_WORDS, before=40, after=0)]


# ----------------------------------------------------------------------------- CV

_CV = re.compile(r"(?<![\w.-])(cv|CV|Cv)(?:'s|s)?(?![\w-])")
_CV_WORDS = re.compile(r"\b(curriculum vitae|curricula vitae|résumé|résumés)(?![\w-])", re.IGNORECASE)
_CAPITALISED_WORD_BEFORE = re.compile(r"\b([A-Z][\w&]*)\s+$")
# Capitalised words that start a sentence before a real CV ("Her CV is attached", "Zijn CV ...").
_SENTENCE_STARTS = frozenset(
    "A An The This That His Her Their My Our Your Its See Attached Enclosed Please Find Also New Full "
    "De Het Een Dit Dat Zijn Haar Hun Mijn Ons Onze Uw Jouw Zie Bijgevoegd Hierbij Ook Nieuw Volledig".split())


def _cvs(text: str) -> list[str]:
    found = [m.group(0) for m in _CV_WORDS.finditer(text)]
    for match in _CV.finditer(text):
        if match.group(1) == "CV":
            # "Jansen Beheer CV": a limited partnership (commanditaire vennootschap), not a CV.
            before = _CAPITALISED_WORD_BEFORE.search(text[max(0, match.start() - 40):match.start()])
            if before and before.group(1) not in _SENTENCE_STARTS:
                continue
        found.append(match.group(0))
    return found


# ----------------------------------------------------------------------------- date of birth

_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
           "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|"
           "januari|februari|maart|mei|juni|juli|augustus|oktober|okt|mrt")
_DATE = (r"(?:\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})|\d{4}-\d{1,2}-\d{1,2}|"
         rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\.?\s+\d{{4}}|(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})")
_BIRTH_DATE = re.compile(
    r"\b(?:dates? of birth|d\.?o\.?b\.?|born(?: on)?|birth ?date|birthday|geboortedatum|geboren(?: op)?|"
    r"geb\.)\W{0,5}(?:[^\s\d]+\s+){0,3}?" + _DATE + r"(?!\d)",
    re.IGNORECASE)


def _birth_dates(text: str) -> list[str]:
    return [m.group(0) for m in _BIRTH_DATE.finditer(text)]


# ----------------------------------------------------------------------------- e-mail

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _emails(text: str) -> list[str]:
    return [m.group(0) for m in _EMAIL.finditer(text)]


# ----------------------------------------------------------------------------- helpers


def _near(text: str, match: re.Match[str], words: re.Pattern[str], *, before: int, after: int) -> bool:
    window = text[max(0, match.start() - before):match.start()] + " " + text[match.end():match.end() + after]
    return bool(words.search(window))


# code → (what finds it, what the asker and the officer read)
SIGNS: dict[str, tuple[Callable[[str], list[str]], str]] = {
    "cv": (_cvs, _("a CV or curriculum vitae")),
    "passport": (_passport_numbers, _("a passport or identity card")),
    "citizen_number": (_citizen_numbers, _("a citizen service number")),
    "birth_date": (_birth_dates, _("a date of birth")),
    "email": (_emails, _("someone's e-mail address")),
}


def signs_of_personal_data(text: str, *, own_email: str | None = None) -> list[str]:
    """The codes of the signs found in ``text`` (the asker's own address does not count)."""
    found = []
    for code, (find, _label) in SIGNS.items():
        matches = find(text or "")
        if code == "email" and own_email:
            matches = [m for m in matches if m.lower() != own_email.lower()]
        if matches:
            found.append(code)
    return found


def labels(codes: list[str]) -> list[str]:
    return [SIGNS[code][1] for code in codes if code in SIGNS]
