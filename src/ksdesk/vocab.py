"""Controlled vocabularies of the domain.

Each value is stored as its code; the English label is the gettext message id, so the
web app shows it in Dutch or English from the same catalogue.
"""

from __future__ import annotations

from enum import StrEnum


def _(text: str) -> str:
    """Marks a label for extraction; translated when rendered."""
    return text


class Role(StrEnum):
    RESEARCHER = "researcher"
    ADVISOR = "advisor"
    DESK_OFFICER = "desk_officer"
    MINISTRY_LIAISON = "ministry_liaison"
    ANALYST = "analyst"
    ADMIN = "admin"


ROLE_LABELS = {
    Role.RESEARCHER: _("Researcher"),
    Role.ADVISOR: _("Knowledge-security advisor"),
    Role.DESK_OFFICER: _("Desk officer"),
    Role.MINISTRY_LIAISON: _("Ministry liaison"),
    Role.ANALYST: _("Policy analyst"),
    Role.ADMIN: _("Administrator"),
}

# Roles whose users belong to one Dutch knowledge institution.
INSTITUTION_ROLES = frozenset({Role.RESEARCHER, Role.ADVISOR})


class Ministry(StrEnum):
    """The seven ministries that commission the national contact point (the contact point's own page)."""

    BZK = "bzk"
    BZ = "bz"
    DEF = "def"
    EZK = "ezk"
    JENV = "jenv"
    LVVN = "lvvn"
    OCW = "ocw"


MINISTRY_LABELS = {
    Ministry.BZK: _("Ministry of the Interior and Kingdom Relations"),
    Ministry.BZ: _("Ministry of Foreign Affairs"),
    Ministry.DEF: _("Ministry of Defence"),
    Ministry.EZK: _("Ministry of Economic Affairs and Climate Policy"),
    Ministry.JENV: _("Ministry of Justice and Security"),
    Ministry.LVVN: _("Ministry of Agriculture, Fisheries, Food Security and Nature"),
    Ministry.OCW: _("Ministry of Education, Culture and Science"),
}


class NameKind(StrEnum):
    OFFICIAL = "official"
    ALIAS = "alias"
    ACRONYM = "acronym"
    FORMER = "former"
    TRANSLATED = "translated"


NAME_KIND_LABELS = {
    NameKind.OFFICIAL: _("Official name"),
    NameKind.ALIAS: _("Alias"),
    NameKind.ACRONYM: _("Acronym"),
    NameKind.FORMER: _("Former name"),
    NameKind.TRANSLATED: _("Translated name"),
}


class OrganisationType(StrEnum):
    UNIVERSITY = "university"
    UNIVERSITY_OF_APPLIED_SCIENCES = "applied_sciences"
    MEDICAL_CENTRE = "medical_centre"
    RESEARCH_INSTITUTE = "institute"
    COMPANY = "company"
    FUNDER = "funder"
    GOVERNMENT = "government"
    FACILITY = "facility"
    NETWORK = "network"
    NONPROFIT = "nonprofit"
    OTHER = "other"


ORGANISATION_TYPE_LABELS = {
    OrganisationType.UNIVERSITY: _("University"),
    OrganisationType.UNIVERSITY_OF_APPLIED_SCIENCES: _("University of applied sciences"),
    OrganisationType.MEDICAL_CENTRE: _("University medical centre"),
    OrganisationType.RESEARCH_INSTITUTE: _("Research institute"),
    OrganisationType.COMPANY: _("Company"),
    OrganisationType.FUNDER: _("Funder"),
    OrganisationType.GOVERNMENT: _("Government body"),
    OrganisationType.FACILITY: _("Facility"),
    OrganisationType.NETWORK: _("Network or consortium"),
    OrganisationType.NONPROFIT: _("Non-profit organisation"),
    OrganisationType.OTHER: _("Other"),
}

# ROR's record types, mapped onto ours when the registry is imported.
ROR_TYPE_MAP = {
    "education": OrganisationType.UNIVERSITY,
    "healthcare": OrganisationType.MEDICAL_CENTRE,
    "company": OrganisationType.COMPANY,
    "funder": OrganisationType.FUNDER,
    "government": OrganisationType.GOVERNMENT,
    "facility": OrganisationType.FACILITY,
    "nonprofit": OrganisationType.NONPROFIT,
    "archive": OrganisationType.RESEARCH_INSTITUTE,
    "other": OrganisationType.OTHER,
}
# And back, for the screening engine, which weighs an organisation's kind as ROR writes it (its choice
# was trained on ROR's records): a research institute entered by hand is what ROR calls a facility.
ROR_TYPE_OF: dict[str, str] = {
    OrganisationType.UNIVERSITY: "education",
    OrganisationType.UNIVERSITY_OF_APPLIED_SCIENCES: "education",
    OrganisationType.MEDICAL_CENTRE: "healthcare",
    OrganisationType.RESEARCH_INSTITUTE: "facility",
    OrganisationType.COMPANY: "company",
    OrganisationType.FUNDER: "funder",
    OrganisationType.GOVERNMENT: "government",
    OrganisationType.FACILITY: "facility",
    OrganisationType.NETWORK: "other",
    OrganisationType.NONPROFIT: "nonprofit",
    OrganisationType.OTHER: "other",
}


class CollaborationForm(StrEnum):
    JOINT_RESEARCH = "joint_research"
    STRATEGIC_PARTNERSHIP = "strategic_partnership"
    PPS = "pps"
    EXCHANGE = "exchange"
    JOINT_DEGREE = "joint_degree"
    E_LEARNING = "e_learning"
    INTENSIVE_COURSE = "intensive_course"
    NETWORK_MEMBERSHIP = "network_membership"
    INSTITUTE_ABROAD = "institute_abroad"
    VISITOR_PROGRAMME = "visitor_programme"


FORM_LABELS = {
    CollaborationForm.JOINT_RESEARCH: _("Joint research project"),
    CollaborationForm.STRATEGIC_PARTNERSHIP: _("Strategic partnership / joint lab"),
    CollaborationForm.PPS: _("Public-private partnership"),
    CollaborationForm.EXCHANGE: _("Student or staff exchange"),
    CollaborationForm.JOINT_DEGREE: _("Joint degree"),
    CollaborationForm.E_LEARNING: _("E-learning"),
    CollaborationForm.INTENSIVE_COURSE: _("Intensive course"),
    CollaborationForm.NETWORK_MEMBERSHIP: _("Network membership"),
    CollaborationForm.INSTITUTE_ABROAD: _("Institute abroad"),
    CollaborationForm.VISITOR_PROGRAMME: _("Visitor programme"),
}


class CollaborationStatus(StrEnum):
    DRAFT = "draft"
    UNDER_REVIEW = "under_review"
    APPROVED = "approved"
    APPROVED_WITH_CONDITIONS = "approved_with_conditions"
    DECLINED = "declined"
    ACTIVE = "active"
    ENDED = "ended"


STATUS_LABELS = {
    CollaborationStatus.DRAFT: _("Draft"),
    CollaborationStatus.UNDER_REVIEW: _("Under review"),
    CollaborationStatus.APPROVED: _("Approved"),
    CollaborationStatus.APPROVED_WITH_CONDITIONS: _("Approved with conditions"),
    CollaborationStatus.DECLINED: _("Declined"),
    CollaborationStatus.ACTIVE: _("Active"),
    CollaborationStatus.ENDED: _("Ended"),
}


class PartnerRole(StrEnum):
    COORDINATOR = "coordinator"
    PARTNER = "partner"
    INDUSTRY_PARTNER = "industry_partner"
    FUNDER = "funder"
    HOST = "host"
    MEMBER = "member"
    ASSOCIATE = "associate"


PARTNER_ROLE_LABELS = {
    PartnerRole.COORDINATOR: _("Coordinator"),
    PartnerRole.PARTNER: _("Partner"),
    PartnerRole.INDUSTRY_PARTNER: _("Industry partner"),
    PartnerRole.FUNDER: _("Funder"),
    PartnerRole.HOST: _("Host"),
    PartnerRole.MEMBER: _("Network member"),
    PartnerRole.ASSOCIATE: _("Associate partner"),
}


class FacilitiesProvider(StrEnum):
    DUTCH_INSTITUTION = "dutch_institution"
    PARTNER = "partner"
    SHARED = "shared"
    NONE = "none"


FACILITIES_LABELS = {
    FacilitiesProvider.DUTCH_INSTITUTION: _("The Dutch institution"),
    FacilitiesProvider.PARTNER: _("The foreign partner"),
    FacilitiesProvider.SHARED: _("Shared"),
    FacilitiesProvider.NONE: _("No facilities involved"),
}


class ExchangeDirection(StrEnum):
    INCOMING = "in"
    OUTGOING = "out"


DIRECTION_LABELS = {
    ExchangeDirection.INCOMING: _("Incoming"),
    ExchangeDirection.OUTGOING: _("Outgoing"),
}

# The Rathenau Institute's checklist: what partners must agree up front.
AGREEMENT_ITEMS = {
    "research_goals": _("Research goals"),
    "organisation_management": _("Organisation and management"),
    "publication": _("Publication of results"),
    "intellectual_property": _("Intellectual property"),
    "confidential_data": _("Confidential data and information"),
    "termination": _("Termination"),
}


class IktStanding(StrEnum):
    """The IKT letter (section 4 on countries): the International Knowledge and Talent Strategy's country choice."""

    FOCUS = "focus"
    LIKE_MINDED = "like_minded"
    PHASE_OUT = "phase_out"
    OTHER = "other"


IKT_LABELS = {
    IktStanding.FOCUS: _("IKT focus country"),
    IktStanding.LIKE_MINDED: _("Like-minded partner"),
    IktStanding.PHASE_OUT: _("Phase-out country"),
    IktStanding.OTHER: _("Other"),
}
