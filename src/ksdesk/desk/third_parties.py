"""Personal data of other people in a question: the desk advises on collaborations, it does not
investigate persons. A question that seems to hold a CV, a passport or citizen service number, a
date of birth or other people's addresses is held back once with a warning to the asker; sent
anyway, it carries a note for the officer. Plain text matching: it warns, it never decides."""

from __future__ import annotations

import re

from ksdesk.vocab import _

# code → (what matches, what the asker and the officer read)
SIGNS: dict[str, tuple[re.Pattern[str], str]] = {
    "cv": (re.compile(r"\b(curriculum vitae|cv|résumé|resume|levensloop)\b", re.IGNORECASE),
           _("a CV or curriculum vitae")),
    "passport": (re.compile(r"\b(passport|paspoort|identity card|identiteitskaart|id-kaart)\b|"
                            r"\b[A-Z]{2}[A-Z0-9]{6}[0-9]\b", re.IGNORECASE), _("a passport or identity card")),
    "citizen_number": (re.compile(r"\b(bsn|burgerservicenummer|social security number)\b|(?<!\d)\d{9}(?!\d)",
                                  re.IGNORECASE), _("a citizen service number")),
    "birth_date": (re.compile(r"\b(date of birth|born on|geboortedatum|geboren op)\b", re.IGNORECASE),
                   _("a date of birth")),
    "email": (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), _("someone's e-mail address")),
}


def signs_of_personal_data(text: str, *, own_email: str | None = None) -> list[str]:
    """The codes of the signs found in ``text`` (the asker's own address does not count)."""
    found = []
    for code, (pattern, _label) in SIGNS.items():
        matches = [m.group(0) for m in pattern.finditer(text or "")]
        if code == "email" and own_email:
            matches = [m for m in matches if m.lower() != own_email.lower()]
        if matches:
            found.append(code)
    return found


def labels(codes: list[str]) -> list[str]:
    return [SIGNS[code][1] for code in codes if code in SIGNS]
