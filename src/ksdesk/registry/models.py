"""Organisations, Dutch institutions, country profiles and registered collaborations."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ksdesk.db import Base, utcnow


class Organisation(Base):
    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(500), index=True)
    ror_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    country_code: Mapped[str | None] = mapped_column(ForeignKey("country_profile.code"), index=True)
    org_type: Mapped[str] = mapped_column(String(32), default="other")
    city: Mapped[str | None] = mapped_column(String(200))
    website: Mapped[str | None] = mapped_column(String(500))
    established: Mapped[int | None] = mapped_column(Integer)
    description: Mapped[str | None] = mapped_column(Text)
    # ROR's status of the record (active, inactive, withdrawn); none for an organisation entered here.
    ror_status: Mapped[str | None] = mapped_column(String(16))
    # What a withdrawn ROR record became: its successor took over its collaborations.
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    # The record as ROR itself describes it, which screening weighs (its choice among candidates was
    # learned from ROR's records): all its kinds in ROR's words (org_type keeps one, in the desk's),
    # the ROR ids of what it became, and its web domains. None for an organisation entered here.
    ror_types: Mapped[list | None]
    ror_successors: Mapped[list | None]
    ror_domains: Mapped[list | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    names: Mapped[list[OrganisationName]] = relationship(
        back_populates="organisation",
        cascade="all, delete-orphan",
        order_by="OrganisationName.id",
        lazy="selectin",
    )
    country: Mapped[CountryProfile | None] = relationship(lazy="joined")

    def name_in(self, language: str) -> str:
        """The name a reader knows it by: on a Dutch page a Dutch organisation's Dutch name
        (Universiteit Leiden), where the registry has one; else its registry name."""
        if language == "nl" and self.country_code == "NL":
            for name in self.names:
                if name.kind == "translated" and (name.language or "").lower().startswith("nl"):
                    return name.value
        return self.name


class OrganisationName(Base):
    __tablename__ = "organisation_name"
    __table_args__ = (UniqueConstraint("organisation_id", "value", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    value: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(16))
    language: Mapped[str | None] = mapped_column(String(8))
    script: Mapped[str | None] = mapped_column(String(8))

    organisation: Mapped[Organisation] = relationship(back_populates="names")


class OrganisationRelation(Base):
    """A parent/child link (a faculty in a university, a lab in an academy)."""

    __tablename__ = "organisation_relation"
    __table_args__ = (
        UniqueConstraint("parent_id", "child_id"),
        CheckConstraint("parent_id <> child_id", name="not_self"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)


class Institution(Base):
    """A Dutch knowledge institution whose staff use the system."""

    __tablename__ = "institution"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), unique=True)
    short_name: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[str] = mapped_column(String(32), default="university")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Four eyes: a high-risk approval waits until a second advisor of the institution confirms it.
    four_eyes: Mapped[bool] = mapped_column(default=False, server_default=false())

    organisation: Mapped[Organisation] = relationship(lazy="joined")

    @property
    def name(self) -> str:
        return self.organisation.name

    def name_in(self, language: str) -> str:
        return self.organisation.name_in(language)


class CountryProfile(Base):
    __tablename__ = "country_profile"

    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    alpha3: Mapped[str] = mapped_column(String(3), unique=True)
    name_en: Mapped[str] = mapped_column(String(200))
    name_nl: Mapped[str] = mapped_column(String(200))
    eu_member: Mapped[bool] = mapped_column(default=False)
    eea_member: Mapped[bool] = mapped_column(default=False)
    ikt_standing: Mapped[str] = mapped_column(String(16), default="other")
    notes: Mapped[str | None] = mapped_column(Text)

    def name(self, language: str) -> str:
        return self.name_nl if language == "nl" else self.name_en


class Collaboration(Base):
    __tablename__ = "collaboration"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300), index=True)
    description: Mapped[str | None] = mapped_column(Text)
    form: Mapped[str] = mapped_column(String(32), index=True)
    status: Mapped[str] = mapped_column(String(32), default="draft", index=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    contact_name: Mapped[str | None] = mapped_column(String(200))
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    research_fields: Mapped[list] = mapped_column(default=list)
    technology_areas: Mapped[list] = mapped_column(default=list)
    facilities_provider: Mapped[str] = mapped_column(String(32), default="dutch_institution")
    data_arrangements: Mapped[str | None] = mapped_column(Text)
    ip_arrangements: Mapped[str | None] = mapped_column(Text)
    # Rathenau's up-front agreement checklist: item code -> agreed?
    agreements: Mapped[dict] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # Optimistic locking: a save based on a stale copy is refused, never silently lost.
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    institution: Mapped[Institution] = relationship(lazy="joined")
    partners: Mapped[list[CollaborationPartner]] = relationship(
        back_populates="collaboration",
        cascade="all, delete-orphan",
        order_by="CollaborationPartner.id",
        lazy="selectin",
    )
    countries: Mapped[list[CollaborationCountry]] = relationship(
        cascade="all, delete-orphan", order_by="CollaborationCountry.country_code", lazy="selectin"
    )
    funding: Mapped[list[FundingSource]] = relationship(
        cascade="all, delete-orphan", order_by="FundingSource.id", lazy="selectin"
    )
    exchanges: Mapped[list[PersonExchange]] = relationship(
        cascade="all, delete-orphan", order_by="PersonExchange.id", lazy="selectin"
    )
    transitions: Mapped[list[StatusTransition]] = relationship(
        cascade="all, delete-orphan", order_by="StatusTransition.id", lazy="selectin"
    )
    # Other Dutch institutions taking part; `institution` is the lead, which registers and decides.
    participants: Mapped[list[CollaborationParticipant]] = relationship(
        cascade="all, delete-orphan", order_by="CollaborationParticipant.institution_id", lazy="selectin"
    )

    @property
    def participant_ids(self) -> list[int]:
        return [p.institution_id for p in self.participants]


class CollaborationParticipant(Base):
    """A Dutch institution that takes part in a collaboration another institution leads: its
    advisors see the collaboration and add their own assessment note."""

    __tablename__ = "collaboration_participant"

    collaboration_id: Mapped[int] = mapped_column(
        ForeignKey("collaboration.id", ondelete="CASCADE"), primary_key=True
    )
    institution_id: Mapped[int] = mapped_column(ForeignKey("institution.id"), primary_key=True, index=True)


class CollaborationPartner(Base):
    __tablename__ = "collaboration_partner"
    __table_args__ = (UniqueConstraint("collaboration_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    collaboration_id: Mapped[int] = mapped_column(ForeignKey("collaboration.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    role: Mapped[str] = mapped_column(String(32), default="partner")

    collaboration: Mapped[Collaboration] = relationship(back_populates="partners")
    organisation: Mapped[Organisation] = relationship(lazy="joined")


class CollaborationCountry(Base):
    __tablename__ = "collaboration_country"

    collaboration_id: Mapped[int] = mapped_column(
        ForeignKey("collaboration.id", ondelete="CASCADE"), primary_key=True
    )
    country_code: Mapped[str] = mapped_column(ForeignKey("country_profile.code"), primary_key=True, index=True)


class FundingSource(Base):
    __tablename__ = "funding_source"
    __table_args__ = (CheckConstraint("share_percent >= 0 AND share_percent <= 100", name="share_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    collaboration_id: Mapped[int] = mapped_column(ForeignKey("collaboration.id", ondelete="CASCADE"), index=True)
    funder_name: Mapped[str] = mapped_column(String(300))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    share_percent: Mapped[float] = mapped_column(Numeric(5, 2, asdecimal=False))
    # A foreign state or state-controlled body: the influence theme weighs this.
    foreign_state: Mapped[bool] = mapped_column(default=False)


class PersonExchange(Base):
    """People sent out or received, for the IKT's brain-circulation balance."""

    __tablename__ = "person_exchange"
    __table_args__ = (CheckConstraint("people >= 0", name="people_nonnegative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    collaboration_id: Mapped[int] = mapped_column(ForeignKey("collaboration.id", ondelete="CASCADE"), index=True)
    direction: Mapped[str] = mapped_column(String(3))
    country_code: Mapped[str] = mapped_column(ForeignKey("country_profile.code"))
    year: Mapped[int] = mapped_column(Integer)
    people: Mapped[int] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(32), default="researcher")


class StatusTransition(Base):
    __tablename__ = "status_transition"

    id: Mapped[int] = mapped_column(primary_key=True)
    collaboration_id: Mapped[int] = mapped_column(ForeignKey("collaboration.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str] = mapped_column(String(32))
    to_status: Mapped[str] = mapped_column(String(32))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    actor_label: Mapped[str] = mapped_column(String(254))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    reason: Mapped[str | None] = mapped_column(Text)

