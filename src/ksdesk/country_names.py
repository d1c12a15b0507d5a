"""A country's name in English and in Dutch, from the ISO 3166 data that pycountry ships.

The one source of country names: the country profiles are filled from it (registry.countries),
and the pure assessment engine names countries from it; pages read the profiles
(registry.service.country_names).
"""

from __future__ import annotations

import gettext
from functools import lru_cache

import pycountry


@lru_cache(maxsize=1)
def _dutch() -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["nl"], fallback=True)


def iso_names(code: str) -> dict[str, str] | None:
    """{"en": ..., "nl": ...} for a two-letter code; None for a code ISO 3166 does not know."""
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return None
    return {"en": getattr(country, "common_name", None) or country.name, "nl": _dutch().gettext(country.name)}
