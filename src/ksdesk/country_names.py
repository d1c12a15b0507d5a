"""A country's name in English and in Dutch, from the ISO 3166 data that pycountry ships.

The one source of country names: the country profiles are filled from it (registry.countries),
the pure assessment engine names countries from it, and pages show its names in the reader's
language (``names_in``, ``options_in``); the other way, a name as lists and spreadsheets print it
is read as its code here too (``code_of_name``).
"""

from __future__ import annotations

import gettext
from functools import lru_cache

# Codes in use that ISO 3166 has not (yet) assigned; ROR records Kosovo as XK.
USER_ASSIGNED = {"XK": ("XKX", "Kosovo", "Kosovo")}


@lru_cache(maxsize=1)
def _iso():
    """pycountry, imported on first use: its tables cost a process some 40 ms to import, and most
    that import this module (``ksdesk screen``) name no country in most of what they print."""
    import pycountry

    return pycountry


@lru_cache(maxsize=1)
def _dutch() -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", _iso().LOCALES_DIR, languages=["nl"], fallback=True)


def iso_names(code: str) -> dict[str, str] | None:
    """{"en": ..., "nl": ...} for a two-letter code; None for a code ISO 3166 does not know."""
    if code in USER_ASSIGNED:
        _alpha3, name_en, name_nl = USER_ASSIGNED[code]
        return {"en": name_en, "nl": name_nl}
    country = _iso().countries.get(alpha_2=code)
    if country is None:
        return None
    return {"en": getattr(country, "common_name", None) or country.name, "nl": _dutch().gettext(country.name)}


def country_code(value: str | None) -> str | None:
    """The two-letter code a list gives, in capitals, if ISO 3166 (or a code in use, such as XK) knows it.

    Anything else, such as a historical code like "suhh" (the Soviet Union), gives None: no country
    rather than a wrong one.
    """
    code = (value or "").strip().upper()
    return code if len(code) == 2 and iso_names(code) is not None else None


def code_of_name(name: str | None) -> str | None:
    """A country as people and lists write it ("NL", "nl", "Netherlands", "People's Republic of China")
    as its two-letter code in capitals; a territory as the code of its country; None if unknown."""
    name = (name or "").strip()
    if not name:
        return None
    if len(name) == 2 and name.isalpha():
        return name.upper()
    # rigour's territory tables take a tenth of a second to import: only for a name to read, not
    # for every process that names a country (``ksdesk screen`` explains its hits with names).
    from rigour.territories import lookup_territory

    territory = lookup_territory(name)
    return territory.code.split("-")[0].upper() if territory else None


def names_of(code: str) -> dict[str, str]:
    """{"en": ..., "nl": ...} for a code; the code itself in both languages where ISO 3166 has no name."""
    return iso_names(code) or {"en": code, "nl": code}


@lru_cache(maxsize=2)
def _names(key: str) -> dict[str, str]:
    codes = [country.alpha_2 for country in _iso().countries] + list(USER_ASSIGNED)
    return {code: names_of(code)[key] for code in codes}


def name_in(code: str | None, language: str) -> str:
    """One country's name in the language (Dutch for "nl", else English), for a code in any case."""
    if not code:
        return "—"
    return names_of(code.upper())["nl" if language == "nl" else "en"]


def with_country_names(params: dict, language: str) -> dict:
    """A message's parameters with the country codes among them (those named "country" or
    "…_country") as the countries' names, so that no sentence reads "Same country: CN"."""
    return {key: name_in(value, language) if (key == "country" or key.endswith("_country")) and value else value
            for key, value in params.items()}


def names_in(language: str) -> dict[str, str]:
    """Every country's name in the language (Dutch for "nl", else English), by its code."""
    return dict(_names("nl" if language == "nl" else "en"))


def options_in(language: str, *, without: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    """(code, name) of every country but those ``without``, in the order of their names."""
    return sorted(((code, name) for code, name in names_in(language).items() if code not in without),
                  key=lambda item: item[1])
