"""Country profiles for every ISO 3166 country, with EU/EEA membership and IKT standing."""

from __future__ import annotations

import pycountry
from sqlalchemy import select
from sqlalchemy.orm import Session

from ksdesk.country_names import USER_ASSIGNED, iso_names
from ksdesk.registry.models import CountryProfile
from ksdesk.vocab import IktStanding

EU_MEMBERS = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()
)
EEA_MEMBERS = EU_MEMBERS | {"IS", "LI", "NO"}

# The IKT letter (section 4 on countries): the countries where the government concentrates its effort.
IKT_FOCUS = frozenset("DE FR GB BR CN IN ID JP ZA KR".split())
# Named as like-minded or as logical partners: Belgium (Flanders), the Nordic countries,
# Austria, Italy, the US and the other Anglo-Saxon countries, Switzerland and Israel.
IKT_LIKE_MINDED = frozenset("BE DK SE NO FI IS AT IT US CA AU NZ CH IL".split())
# Activities phased out: Turkey, Mexico, Russia and Vietnam.
IKT_PHASE_OUT = frozenset("TR MX RU VN".split())

# The national threat assessment (Dreigingsbeeld Statelijke Actoren, NCTV/AIVD/MIVD 2022) names
# these states as the main threat to Dutch knowledge security. The Dutch approach is
# country-neutral; this list only adds weight where the country data alone would not.
STATE_ACTOR_THREAT = frozenset("CN RU IR KP".split())

_IKT = "International Knowledge and Talent Strategy (letter to parliament), §4: "
IKT_NOTES = {
    "CH": _IKT + "possibly a focus country (presence via the embassy network under study).",
    "IL": _IKT + "possibly a focus country (presence via the embassy network under study).",
    "RU": _IKT + "the NESO office stays open longer than announced; people-to-people contacts to be safeguarded.",
}


def ikt_standing(code: str) -> IktStanding:
    if code in IKT_FOCUS:
        return IktStanding.FOCUS
    if code in IKT_PHASE_OUT:
        return IktStanding.PHASE_OUT
    if code in IKT_LIKE_MINDED:
        return IktStanding.LIKE_MINDED
    return IktStanding.OTHER


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
