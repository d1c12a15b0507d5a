"""Loads the demo data; running it twice changes nothing the second time."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from ksdesk.accounts import service as accounts
from ksdesk.accounts.models import User
from ksdesk.accounts.principal import SYSTEM, Principal
from ksdesk.registry import service as registry
from ksdesk.registry.countries import sync_country_profiles
from ksdesk.registry.models import Collaboration, Institution, Organisation
from ksdesk.registry.schemas import CollaborationCreate, OrganisationCreate


@dataclass
class DemoReport:
    organisations: int = 0
    institutions: int = 0
    users: int = 0
    collaborations: int = 0
    logins: list[tuple[str, str, str]] = field(default_factory=list)


def demo_data() -> dict:
    return yaml.safe_load(resources.files("ksdesk.demo").joinpath("demo_data.yaml").read_text("utf-8"))


def find_organisation(session: Session, spec: dict) -> Organisation | None:
    if spec.get("ror"):
        found = registry.get_organisation_by_ror(session, "https://ror.org/" + spec["ror"])
        if found is not None:
            return found
    return session.scalar(
        select(Organisation).where(Organisation.name == spec["name"], Organisation.country_code == spec["country"])
    )


def _organisations(session: Session, data: dict, report: DemoReport) -> dict[str, Organisation]:
    by_key: dict[str, Organisation] = {}
    for spec in data["organisations"] + data.get("assessment_organisations", []):
        organisation = find_organisation(session, spec)
        if organisation is None:
            create = OrganisationCreate(
                name=spec["name"],
                ror_id=spec.get("ror"),
                country_code=spec["country"],
                org_type=spec["type"],
                city=spec.get("city"),
                names=spec.get("names", []),
                parent_ids=[by_key[p].id for p in spec.get("parents", [])],
            )
            organisation = registry.create_organisation(session, SYSTEM, create)
            report.organisations += 1
        by_key[spec["key"]] = organisation
    return by_key


def _institutions(session: Session, data: dict, orgs: dict[str, Organisation], report: DemoReport) -> None:
    for spec in data["institutions"]:
        exists = session.scalar(select(Institution).where(Institution.short_name == spec["short_name"]))
        if exists is None:
            registry.create_institution(session, SYSTEM, orgs[spec["organisation"]], spec["short_name"], spec["kind"])
            report.institutions += 1


def _users(session: Session, data: dict, report: DemoReport) -> None:
    hashed = None  # every demo account has the one password: hashed once, when a first one is missing
    for spec in data["users"]:
        exists = session.scalar(select(User).where(User.email == spec["email"]))
        if exists is None:
            hashed = hashed or accounts.hash_password(data["password"])
            accounts.create_user(
                session,
                SYSTEM,
                email=spec["email"],
                name=spec["name"],
                password=data["password"],
                password_hash=hashed,
                role=spec["role"],
                institution_short_name=spec.get("institution"),
                ministry=spec.get("ministry"),
                language=spec.get("language", "nl"),
            )
            report.users += 1
        report.logins.append((spec["role"], spec["email"], data["password"]))


def _collaborations(session: Session, data: dict, orgs: dict[str, Organisation], report: DemoReport) -> None:
    for spec in data["collaborations"]:
        institution = registry.get_institution_by_short_name(session, spec["institution"])
        exists = session.scalar(
            select(Collaboration).where(
                Collaboration.title == spec["title"], Collaboration.institution_id == institution.id
            )
        )
        if exists is not None:
            continue
        registrant = Principal.for_user(accounts.get_user_by_email(session, spec["registered_by"]))
        create = CollaborationCreate(
            title=spec["title"],
            description=spec.get("description"),
            form=spec["form"],
            start_date=spec.get("start_date"),
            end_date=spec.get("end_date"),
            research_fields=spec.get("research_fields", []),
            technology_areas=spec.get("technology_areas", []),
            facilities_provider=spec.get("facilities_provider", "dutch_institution"),
            agreements=spec.get("agreements", {}),
            partners=[{"organisation_id": orgs[p["org"]].id, "role": p["role"]} for p in spec.get("partners", [])],
            funding=[
                {"funder_name": orgs[f["funder"]].name, "organisation_id": orgs[f["funder"]].id,
                 "share_percent": f["share"], "foreign_state": f.get("foreign_state", False)}
                for f in spec.get("funding", [])
            ],
            exchanges=[
                {"direction": e["direction"], "country_code": e["country"], "year": e["year"], "people": e["people"]}
                for e in spec.get("exchanges", [])
            ],
            participating_institutions=[registry.get_institution_by_short_name(session, short).id
                                        for short in spec.get("participants", [])],
        )
        collaboration = registry.create_collaboration(session, registrant, create)
        advisor = _advisor_of(session, institution)
        for step in spec.get("steps", []):
            action, reason = (next(iter(step.items())) if isinstance(step, dict) else (step, None))
            actor = registrant if action == "submit" else advisor
            registry.transition_collaboration(session, actor, collaboration.id, action, reason)
        report.collaborations += 1


def _advisor_of(session: Session, institution: Institution) -> Principal:
    advisor = session.scalar(
        select(User).where(User.institution_id == institution.id, User.role == "advisor").order_by(User.id)
    )
    return Principal.for_user(advisor) if advisor else SYSTEM


def load_demo(session: Session) -> DemoReport:
    report = DemoReport()
    sync_country_profiles(session)
    data = demo_data()
    orgs = _organisations(session, data, report)
    _institutions(session, data, orgs, report)
    _users(session, data, report)
    _collaborations(session, data, orgs, report)
    session.flush()
    return report
