"""Country profiles for every ISO 3166 country, with EU/EEA membership and IKT standing."""

from __future__ import annotations

import pycountry
from sqlalchemy import select
from sqlalchemy.orm import Session

from ksdesk.country_names import USER_ASSIGNED, iso_names
from ksdesk.registry import standing
from ksdesk.registry.models import CountryProfile
from ksdesk.vocab import IktStanding

EU_MEMBERS = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()
)
EEA_MEMBERS = EU_MEMBERS | {"IS", "LI", "NO"}

_IKT = "International Knowledge and Talent Strategy (letter to parliament), §4: "
IKT_NOTES = {
    "CH": _IKT + "possibly a focus country (presence via the embassy network under study).",
    "IL": _IKT + "possibly a focus country (presence via the embassy network under study).",
    "RU": _IKT + "the NESO office stays open longer than announced; people-to-people contacts to be safeguarded.",
}


def ikt_standing(code: str) -> IktStanding:
    """The standing as shipped (country_standing.yaml); an edition of the country data may change it."""
    return standing.shipped().ikt_standing(code)


def apply_standing(session: Session, standings: dict[str, str]) -> None:
    """The profiles take the IKT standing of a newly loaded edition of the country data (code → standing)."""
    for profile in session.scalars(select(CountryProfile)):
        profile.ikt_standing = standings.get(profile.code, profile.ikt_standing)


def sync_country_profiles(session: Session) -> int:
    """Creates a profile for every ISO 3166 country that has none; keeps edited notes.

    Returns how many profiles were added.
    """
    existing = set(session.scalars(select(CountryProfile.code)))
    added = 0
    for country in pycountry.countries:
        if country.alpha_2 in existing:
            continue
        names = iso_names(country.alpha_2) or {"en": country.name, "nl": country.name}
        session.add(
            CountryProfile(
                code=country.alpha_2,
                alpha3=country.alpha_3,
                name_en=names["en"],
                name_nl=names["nl"],
                eu_member=country.alpha_2 in EU_MEMBERS,
                eea_member=country.alpha_2 in EEA_MEMBERS,
                ikt_standing=ikt_standing(country.alpha_2).value,
                notes=IKT_NOTES.get(country.alpha_2),
            )
        )
        added += 1
    for code, (alpha3, name_en, name_nl) in USER_ASSIGNED.items():
        if code not in existing:
            session.add(CountryProfile(code=code, alpha3=alpha3, name_en=name_en, name_nl=name_nl,
                                       ikt_standing=ikt_standing(code).value))
            added += 1
    session.flush()
    return added
