"""What goes in and out of the registry: validated shapes shared by web, API, CLI and import."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from ksdesk.types import RecordId
from ksdesk.vocab import (
    AGREEMENT_ITEMS,
    CollaborationForm,
    CollaborationStatus,
    ExchangeDirection,
    FacilitiesProvider,
    NameKind,
    OrganisationType,
    PartnerRole,
)

Text300 = Field(min_length=1, max_length=300)


def _country(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    value = value.strip().upper()
    if len(value) != 2 or not value.isalpha():
        raise PydanticCustomError("country_code_format", "use a two-letter ISO 3166 country code, e.g. NL")
    return value


class OrganisationNameCreate(BaseModel):
    value: str = Field(min_length=1, max_length=500)
    kind: NameKind = NameKind.ALIAS
    language: str | None = Field(default=None, max_length=8)
    script: str | None = Field(default=None, max_length=8)

    @field_validator("value")
    @classmethod
    def _strip(cls, v: str) -> str:
        v = " ".join(v.split())
        if not v:
            raise PydanticCustomError("name_blank", "a name cannot be blank")
        return v


class OrganisationCreate(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=500)
    country_code: str | None = None
    org_type: OrganisationType = OrganisationType.OTHER
    city: str | None = Field(default=None, max_length=200)
    website: str | None = Field(default=None, max_length=500)
    ror_id: str | None = Field(default=None, max_length=64)
    established: int | None = Field(default=None, ge=800, le=2100)
    description: str | None = Field(default=None, max_length=5000)
    names: list[OrganisationNameCreate] = Field(default_factory=list, max_length=200)
    parent_ids: list[RecordId] = Field(default_factory=list, max_length=50)

    _country = field_validator("country_code")(classmethod(lambda cls, v: _country(v)))

    @field_validator("website")
    @classmethod
    def _website(cls, v: str | None) -> str | None:
        """Only a web address: it is shown as a link, and a javascript: or data: one would run in
        the browser of whoever clicks it."""
        if not v:
            return None
        parts = urlsplit(v)
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(
                c.isspace() or ord(c) < 32 or ord(c) == 127 for c in v):
            raise PydanticCustomError("website_format", "a web address starting with https:// or http://")
        return v

    @field_validator("ror_id")
    @classmethod
    def _ror(cls, v: str | None) -> str | None:
        if not v:
            return None
        v = v.strip()
        if not v.startswith("https://ror.org/"):
            v = "https://ror.org/" + v.rsplit("/", 1)[-1]
        if len(v) != len("https://ror.org/") + 9:
            raise PydanticCustomError("ror_id_format", "a ROR id has nine characters, e.g. https://ror.org/027bh9e22")
        return v


class OrganisationUpdate(OrganisationCreate):
    pass


class OrganisationNameRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    value: str
    kind: str
    language: str | None
    script: str | None


class OrganisationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    name: str
    country_code: str | None
    org_type: str
    city: str | None
    website: str | None
    ror_id: str | None
    established: int | None
    description: str | None
    names: list[OrganisationNameRead]
    parent_ids: list[int] = []
    child_ids: list[int] = []


class PartnerCreate(BaseModel):
    organisation_id: RecordId
    role: PartnerRole = PartnerRole.PARTNER


class FundingCreate(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)
    funder_name: str = Field(min_length=1, max_length=300)
    share_percent: float = Field(ge=0, le=100)
    foreign_state: bool = False
    organisation_id: RecordId | None = None


class ExchangeCreate(BaseModel):
    direction: ExchangeDirection
    country_code: str
    year: int = Field(ge=1950, le=2100)
    people: int = Field(ge=0, le=100000)
    category: str = Field(default="researcher", max_length=32)

    _country = field_validator("country_code")(classmethod(lambda cls, v: _country(v)))


class CollaborationCreate(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    title: str = Text300
    description: str | None = Field(default=None, max_length=20000)
    form: CollaborationForm
    institution_id: RecordId | None = Field(
        default=None, description="The registering Dutch institution; a user's own institution when omitted."
    )
    contact_name: str | None = Field(default=None, max_length=200)
    start_date: date | None = None
    end_date: date | None = None
    research_fields: list[str] = Field(default_factory=list, max_length=50)
    technology_areas: list[str] = Field(default_factory=list, max_length=50)
    facilities_provider: FacilitiesProvider = FacilitiesProvider.DUTCH_INSTITUTION
    data_arrangements: str | None = Field(default=None, max_length=5000)
    ip_arrangements: str | None = Field(default=None, max_length=5000)
    agreements: dict[str, bool] = Field(default_factory=dict)
    partners: list[PartnerCreate] = Field(default_factory=list, max_length=500)
    countries: list[str] = Field(default_factory=list, max_length=250)
    participating_institutions: list[RecordId] = Field(
        default_factory=list, max_length=50,
        description="Other Dutch institutions taking part; their advisors see the collaboration and add a note.")
    funding: list[FundingCreate] = Field(default_factory=list, max_length=100)
    exchanges: list[ExchangeCreate] = Field(default_factory=list, max_length=1000)

    @field_validator("research_fields", "technology_areas")
    @classmethod
    def _tags(cls, values: list[str]) -> list[str]:
        cleaned = []
        for v in values:
            v = " ".join(v.split())
            if len(v) > 200:
                raise PydanticCustomError("entry_too_long", "each entry has at most {n} characters", {"n": 200})
            if v and v not in cleaned:
                cleaned.append(v)
        return cleaned

    @field_validator("countries")
    @classmethod
    def _countries(cls, values: list[str]) -> list[str]:
        return sorted({code for v in values if v and v.strip() and (code := _country(v))})

    @field_validator("agreements")
    @classmethod
    def _agreements(cls, values: dict[str, bool]) -> dict[str, bool]:
        unknown = set(values) - set(AGREEMENT_ITEMS)
        if unknown:
            raise PydanticCustomError("agreement_item_unknown", "unknown agreement items: {items}",
                                      {"items": ", ".join(sorted(unknown))})
        return {k: bool(values.get(k, False)) for k in AGREEMENT_ITEMS}

    # Cross-field checks are field validators (not one model validator) so that each error
    # carries the field it belongs to: forms show it beside that field, the API names it.
    @field_validator("end_date")
    @classmethod
    def _end_after_start(cls, end: date | None, info: ValidationInfo) -> date | None:
        start = info.data.get("start_date")
        if start and end and end < start:
            raise PydanticCustomError("end_before_start", "the end date lies before the start date")
        return end

    @field_validator("partners")
    @classmethod
    def _partners_once(cls, partners: list[PartnerCreate]) -> list[PartnerCreate]:
        ids = [p.organisation_id for p in partners]
        if len(ids) != len(set(ids)):
            raise PydanticCustomError("partner_twice", "an organisation is listed as partner more than once")
        return partners

    @field_validator("funding")
    @classmethod
    def _shares_at_most_100(cls, funding: list[FundingCreate]) -> list[FundingCreate]:
        total = sum(f.share_percent for f in funding)
        if total > 100.0001:
            raise PydanticCustomError("funding_over_100", "funding shares add up to {total}%, more than 100%",
                                      {"total": int(total) if total == int(total) else round(total, 2)})
        return funding


class CollaborationUpdate(CollaborationCreate):
    version: int | None = Field(
        default=None, description="The version you edited; a stale version is refused with 409."
    )


class CollaborationTransitionCreate(BaseModel):
    action: str = Field(min_length=1, max_length=40)
    reason: str | None = Field(default=None, max_length=5000)


class PartnerRead(BaseModel):
    organisation_id: int
    name: str
    country_code: str | None
    ror_id: str | None
    role: str


class TransitionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    from_status: str
    to_status: str
    actor_label: str
    at: datetime
    reason: str | None


class CollaborationRead(BaseModel):
    id: int
    title: str
    description: str | None
    form: CollaborationForm
    status: CollaborationStatus
    institution_id: int
    institution: str
    contact_name: str | None
    start_date: date | None
    end_date: date | None
    research_fields: list[str]
    technology_areas: list[str]
    facilities_provider: str
    data_arrangements: str | None
    ip_arrangements: str | None
    agreements: dict[str, bool]
    partners: list[PartnerRead]
    countries: list[str]
    participating_institutions: list[int] = Field(default_factory=list)
    funding: list[FundingCreate]
    exchanges: list[ExchangeCreate]
    transitions: list[TransitionRead]
    created_at: datetime
    updated_at: datetime
    version: int


class OrganisationPageRead(BaseModel):
    total: int
    page: int
    page_size: int
    items: list[OrganisationRead]


class CollaborationPageRead(BaseModel):
    total: int
    page: int
    page_size: int
    items: list[CollaborationRead]


class InstitutionRead(BaseModel):
    id: int
    short_name: str
    name: str
    kind: str
    organisation_id: int


class CountryRead(BaseModel):
    code: str
    alpha3: str
    name_en: str
    name_nl: str
    eu_member: bool
    eea_member: bool
    ikt_standing: str


class HistoryEntryRead(BaseModel):
    at: datetime
    actor: str
    action: str
    reason: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
