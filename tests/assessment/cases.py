"""Collaborations to assess: the cases named in the source documents and three typical ones.

Shaped like CollaborationRead (the registry's output). Funding shares and people exchanged in
the Rathenau and Erasmus cases follow the demo data and are illustrative.
"""

from __future__ import annotations

ALL_AGREED = {k: True for k in ("research_goals", "organisation_management", "publication",
                                "intellectual_property", "confidential_data", "termination")}


def partner(oid: int, name: str, country: str, role: str = "partner") -> dict:
    return {"organisation_id": oid, "name": name, "country_code": country, "ror_id": None, "role": role}


def collaboration(**fields) -> dict:
    base = {
        "id": 1,
        "title": "",
        "form": "joint_research",
        "technology_areas": [],
        "research_fields": [],
        "facilities_provider": "dutch_institution",
        "agreements": dict(ALL_AGREED),
        "partners": [],
        "countries": [],
        "funding": [],
        "exchanges": [],
    }
    base.update(fields)
    return base


DEFENCE_UNIVERSITY = collaboration(
    id=101,
    title="Hypersonic flow control",
    form="joint_research",
    technology_areas=["Hypersonics", "Quantum sensing"],
    facilities_provider="partner",
    partners=[partner(7, "National University of Defense Technology", "CN")],
    funding=[
        {"funder_name": "National University of Defense Technology", "share_percent": 80, "foreign_state": True, "organisation_id": 7},
        {"funder_name": "Leiden University", "share_percent": 20, "foreign_state": False},
    ],
    agreements={**ALL_AGREED, "publication": False, "termination": False},
)
NUDT_HIT = {
    "list_id": "aspi-unitracker",
    "list_title": "ASPI China Defence Universities Tracker",
    "entity_id": "aspi-unitracker:nudt",
    "listed_name": "National University of Defense Technology",
    "matched_name": "NUDT",
    "partner": "National University of Defense Technology",
    "score": 0.98,
    "risk_level": "very high",  # as screening's risk_levels.yaml spells it
    "decision": "true_match",
}

DATA_SHARING = collaboration(
    id=102,
    title="Mobility data for urban planning",
    form="joint_research",
    technology_areas=["Urban planning"],
    partners=[partner(8, "Tehran Urban Research Institute", "IR")],
)

JOINT_DEGREE = collaboration(
    id=103,
    title="Joint master in European law",
    form="joint_degree",
    facilities_provider="shared",
    partners=[partner(9, "KU Leuven", "BE")],
    funding=[{"funder_name": "Leiden University", "share_percent": 100, "foreign_state": False}],
    exchanges=[
        {"direction": "in", "country_code": "BE", "year": 2025, "people": 10, "category": "student"},
        {"direction": "out", "country_code": "BE", "year": 2025, "people": 8, "category": "student"},
    ],
)

ARCNL = collaboration(
    id=104,
    title="ARCNL — Advanced Research Center for Nanolithography",
    form="strategic_partnership",
    technology_areas=["Semiconductors and lithography", "Advanced materials"],
    facilities_provider="shared",
    partners=[
        partner(20, "Advanced Research Center for Nanolithography", "NL", "host"),
        partner(21, "ASML (Netherlands)", "NL", "industry_partner"),
        partner(22, "Vrije Universiteit Amsterdam", "NL"),
        partner(23, "Dutch Research Council", "NL", "funder"),
    ],
    funding=[
        {"funder_name": "ASML", "share_percent": 50, "foreign_state": False, "organisation_id": 21},
        {"funder_name": "NWO", "share_percent": 30, "foreign_state": False, "organisation_id": 23},
        {"funder_name": "UvA", "share_percent": 10, "foreign_state": False},
        {"funder_name": "VU", "share_percent": 10, "foreign_state": False, "organisation_id": 22},
    ],
)

DELTA_LAB = collaboration(
    id=105,
    title="DELTA Lab — Deep Learning Technologies Amsterdam",
    form="strategic_partnership",
    technology_areas=["Artificial intelligence", "Autonomous systems"],
    partners=[partner(30, "DELTA Lab", "NL", "host"), partner(31, "Robert Bosch (Germany)", "DE", "industry_partner")],
    funding=[
        {"funder_name": "Bosch", "share_percent": 60, "foreign_state": False, "organisation_id": 31},
        {"funder_name": "UvA", "share_percent": 40, "foreign_state": False},
    ],
    agreements={**ALL_AGREED, "confidential_data": False},
    exchanges=[
        {"direction": "out", "country_code": "DE", "year": 2024, "people": 2, "category": "researcher"},
        {"direction": "in", "country_code": "DE", "year": 2024, "people": 3, "category": "researcher"},
    ],
)

CHEMELOT = collaboration(
    id=106,
    title="Chemelot InSciTe — Chemelot Institute for Science and Technology",
    form="pps",
    technology_areas=["Advanced materials", "Biotechnology"],
    facilities_provider="shared",
    partners=[
        partner(40, "Chemelot Institute for Science and Technology", "NL", "host"),
        partner(41, "DSM (Netherlands)", "NL", "industry_partner"),
        partner(42, "Maastricht University Medical Centre", "NL"),
        partner(43, "Eindhoven University of Technology", "NL"),
        partner(44, "Province of Limburg", "NL", "funder"),
    ],
    funding=[
        {"funder_name": "DSM", "share_percent": 35, "foreign_state": False, "organisation_id": 41},
        {"funder_name": "Province of Limburg", "share_percent": 40, "foreign_state": False, "organisation_id": 44},
        {"funder_name": "UM", "share_percent": 15, "foreign_state": False},
        {"funder_name": "TU/e", "share_percent": 10, "foreign_state": False, "organisation_id": 43},
    ],
    agreements={**ALL_AGREED, "termination": False},
)

ERASMUS_MUNDUS = collaboration(
    id=107,
    title="Erasmus Mundus joint master in Asian and Middle Eastern heritage",
    form="joint_degree",
    research_fields=["Humanities", "Heritage studies"],
    facilities_provider="shared",
    partners=[
        partner(50, "Erasmus Mundus", "BE", "funder"),
        partner(51, "University of Bologna", "IT"),
        partner(52, "KU Leuven", "BE"),
        partner(53, "Universitas Gadjah Mada", "ID"),
    ],
    funding=[
        {"funder_name": "Erasmus Mundus", "share_percent": 80, "foreign_state": False, "organisation_id": 50},
        {"funder_name": "Leiden University", "share_percent": 20, "foreign_state": False},
    ],
    agreements={**ALL_AGREED, "confidential_data": False},
    exchanges=[
        {"direction": "in", "country_code": "IT", "year": 2024, "people": 6, "category": "student"},
        {"direction": "in", "country_code": "ID", "year": 2024, "people": 8, "category": "student"},
        {"direction": "out", "country_code": "IT", "year": 2024, "people": 5, "category": "student"},
        {"direction": "out", "country_code": "ID", "year": 2025, "people": 4, "category": "student"},
        {"direction": "in", "country_code": "BE", "year": 2025, "people": 3, "category": "student"},
    ],
)


def run(collab: dict, answers: dict | None = None, hits=()):
    """Assess with the default rule set, catalogues and country indicators."""
    from ksdesk.assessment import assess, load_catalogues, load_country_indicators, load_default_rule_set

    return assess(collab, answers or {}, list(hits), load_country_indicators(), load_catalogues(), load_default_rule_set())


def factors(theme_result) -> dict[str, str]:
    """factor id → highest level it gave in one theme."""
    from ksdesk.assessment.levels import highest

    out: dict[str, str] = {}
    for r in theme_result.reasons:
        out[r.factor] = highest([out.get(r.factor, "low"), r.level])
    return out
