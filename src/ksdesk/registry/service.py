"""The registry's operations: the only place that queries or changes organisations and collaborations."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ksdesk import audit
from ksdesk.accounts.names import name_of
from ksdesk.accounts.principal import Principal
from ksdesk.db import utcnow
from ksdesk.errors import Conflict, Forbidden, NotFound, Refusal, ValidationFailed
from ksdesk.notifications import service as notices
from ksdesk.notifications.kinds import Kind as Notice
from ksdesk.registry import access, listing, workflow
from ksdesk.registry.models import (
    Collaboration,
    CollaborationCountry,
    CollaborationParticipant,
    CollaborationPartner,
    CountryProfile,
    FundingSource,
    Institution,
    Organisation,
    OrganisationName,
    OrganisationRelation,
    PersonExchange,
    StatusTransition,
)
from ksdesk.registry.schemas import (
    CollaborationCreate,
    CollaborationRead,
    CollaborationUpdate,
    ExchangeCreate,
    FundingCreate,
    OrganisationCreate,
    OrganisationRead,
    OrganisationUpdate,
    PartnerRead,
    TransitionRead,
)
from ksdesk.vocab import CollaborationStatus, NameKind, Role

HOME_COUNTRY = "NL"


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


# ---------------------------------------------------------------- organisations


def list_organisations(
    session: Session,
    *,
    q: str | None = None,
    country: str | None = None,
    org_type: str | None = None,
    page: int = 1,
    page_size: int = 25,
) -> tuple[list[Organisation], int]:
    stmt = select(Organisation)
    if q:
        matching = select(OrganisationName.organisation_id).where(
            OrganisationName.value.ilike(_like(q.strip()), escape="\\")
        )
        stmt = stmt.where(or_(Organisation.name.ilike(_like(q.strip()), escape="\\"), Organisation.id.in_(matching)))
    if country:
        stmt = stmt.where(Organisation.country_code == country.upper())
    if org_type:
        stmt = stmt.where(Organisation.org_type == org_type)
    total = session.scalar(select(func.count()).select_from(stmt.subquery()))
    rows = session.scalars(
        stmt.order_by(Organisation.name, Organisation.id).offset((page - 1) * page_size).limit(page_size)
    )
    return list(rows), total or 0


def get_organisation(session: Session, organisation_id: int) -> Organisation:
    organisation = session.get(Organisation, organisation_id)
    if organisation is None:
        raise NotFound(f"organisation {organisation_id} not found", code="organisation_not_found",
                       params={"id": organisation_id})
    return organisation


def find_organisations_by_name(session: Session, name: str, limit: int = 10) -> list[Organisation]:
    """Organisations whose official name or any other name is exactly this (ignoring case)."""
    wanted = " ".join(name.split()).lower()
    by_other_name = select(OrganisationName.organisation_id).where(func.lower(OrganisationName.value) == wanted)
    stmt = (
        select(Organisation)
        .where(or_(func.lower(Organisation.name) == wanted, Organisation.id.in_(by_other_name)))
        .order_by(Organisation.name, Organisation.id)
        .limit(limit)
    )
    return list(session.scalars(stmt))


def organisations_by_ids(session: Session, ids: list[int]) -> dict[int, Organisation]:
    if not ids:
        return {}
    return {o.id: o for o in session.scalars(select(Organisation).where(Organisation.id.in_(ids)))}


def get_organisation_by_ror(session: Session, ror_id: str) -> Organisation | None:
    return session.scalar(select(Organisation).where(Organisation.ror_id == ror_id))


def relations(session: Session, organisation_id: int) -> tuple[list[int], list[int]]:
    parents = session.scalars(
        select(OrganisationRelation.parent_id).where(OrganisationRelation.child_id == organisation_id)
    )
    children = session.scalars(
        select(OrganisationRelation.child_id).where(OrganisationRelation.parent_id == organisation_id)
    )
    return sorted(parents), sorted(children)


def organisation_read(session: Session, organisation: Organisation) -> OrganisationRead:
    parents, children = relations(session, organisation.id)
    read = OrganisationRead.model_validate(organisation)
    return read.model_copy(update={"parent_ids": parents, "child_ids": children})


def _organisation_snapshot(session: Session, organisation: Organisation) -> dict:
    return organisation_read(session, organisation).model_dump(exclude={"id"})


def _check_country(session: Session, code: str | None, field: str) -> None:
    if code and session.get(CountryProfile, code) is None:
        raise ValidationFailed(f"unknown country {code}", code="country_unknown", params={"code": code},
                               field_errors={field: Refusal("country_unknown", f"unknown country code {code}", {"code": code})})


def _apply_organisation(session: Session, organisation: Organisation, data: OrganisationCreate) -> None:
    _check_country(session, data.country_code, "country_code")
    if data.ror_id:
        other = get_organisation_by_ror(session, data.ror_id)
        if other is not None and other.id != organisation.id:
            params = {"ror": data.ror_id, "id": other.id, "name": other.name}
            raise ValidationFailed("ROR id already registered", code="ror_id_taken", params=params, field_errors={
                "ror_id": Refusal("ror_id_taken", f"{data.ror_id} belongs to organisation {other.id} ({other.name})",
                                 params)})
    for field in ("name", "country_code", "org_type", "city", "website", "ror_id", "established", "description"):
        setattr(organisation, field, getattr(data, field))
    wanted: list[tuple[str, str, str | None, str | None]] = [(data.name, NameKind.OFFICIAL.value, None, None)]
    for name in data.names:
        key = (name.value, name.kind.value, name.language, name.script)
        if (key[0], key[1]) not in {(w[0], w[1]) for w in wanted}:
            wanted.append(key)
    # Rows that stay are kept, not replaced: the unit of work inserts before it deletes, so a
    # replacement with the same (value, kind) would collide with the unique constraint.
    existing = {(n.value, n.kind): n for n in organisation.names}
    names = []
    for value, kind, language, script in wanted:
        row = existing.get((value, kind)) or OrganisationName(value=value, kind=kind)
        row.language, row.script = language, script
        names.append(row)
    organisation.names = names


def _set_parents(session: Session, organisation: Organisation, parent_ids: list[int]) -> None:
    for parent_id in parent_ids:
        if parent_id == organisation.id:
            raise ValidationFailed.of_field("parent_ids", "organisation_own_parent",
                                            "an organisation cannot be its own parent")
        get_organisation(session, parent_id)
    current = {r.parent_id: r for r in session.scalars(
        select(OrganisationRelation).where(OrganisationRelation.child_id == organisation.id))}
    for parent_id, row in current.items():
        if parent_id not in parent_ids:
            session.delete(row)
    for parent_id in parent_ids:
        if parent_id not in current:
            session.add(OrganisationRelation(parent_id=parent_id, child_id=organisation.id))


def create_organisation(session: Session, actor: Principal, data: OrganisationCreate) -> Organisation:
    if not access.can_create_organisation(actor):
        raise Forbidden("your role cannot add organisations", code="role_not_allowed")
    organisation = Organisation(name=data.name)
    _apply_organisation(session, organisation, data)
    session.add(organisation)
    session.flush()
    _set_parents(session, organisation, data.parent_ids)
    session.flush()
    audit.record(session, actor, "organisation.create", "organisation", organisation.id,
                 after=_organisation_snapshot(session, organisation))
    return organisation


def update_organisation(
    session: Session, actor: Principal, organisation_id: int, data: OrganisationUpdate
) -> Organisation:
    if not access.can_edit_organisation(actor):
        raise Forbidden("your role cannot change organisations", code="role_not_allowed")
    organisation = get_organisation(session, organisation_id)
    before = _organisation_snapshot(session, organisation)
    _apply_organisation(session, organisation, data)
    _set_parents(session, organisation, data.parent_ids)
    # Names and links live in other tables; touching the row tells the screening index to rebuild.
    organisation.updated_at = utcnow()
    session.flush()
    audit.record(session, actor, "organisation.update", "organisation", organisation.id,
                 before=before, after=_organisation_snapshot(session, organisation))
    return organisation


def list_countries(session: Session) -> list[CountryProfile]:
    return list(session.scalars(select(CountryProfile).order_by(CountryProfile.code)))


def organisation_history(session: Session, organisation_id: int):
    get_organisation(session, organisation_id)
    return audit.history(session, "organisation", organisation_id)


# ---------------------------------------------------------------- institutions


def list_institutions(session: Session) -> list[Institution]:
    return list(session.scalars(select(Institution).join(Institution.organisation).order_by(Organisation.name)))


def get_institution_by_short_name(session: Session, short_name: str) -> Institution:
    institution = session.scalar(select(Institution).where(Institution.short_name == short_name))
    if institution is None:
        raise NotFound(f"no institution {short_name!r}", code="institution_unknown")
    return institution


def create_institution(
    session: Session, actor: Principal, organisation: Organisation, short_name: str, kind: str = "university"
) -> Institution:
    if not actor.has_role(Role.ADMIN):
        raise Forbidden("only an administrator can add institutions", code="role_not_allowed")
    if organisation.country_code != HOME_COUNTRY:
        raise ValidationFailed("an institution is a Dutch knowledge institution", code="institution_not_dutch",
                               field_errors={"organisation_id": Refusal(
                                   "institution_not_dutch", "the organisation is not in the Netherlands")})
    institution = Institution(organisation_id=organisation.id, short_name=short_name, kind=kind)
    session.add(institution)
    session.flush()
    audit.record(session, actor, "institution.create", "institution", institution.id,
                 after={"organisation_id": organisation.id, "short_name": short_name, "kind": kind},
                 institution_id=institution.id)
    return institution


# ---------------------------------------------------------------- collaborations


def institutions_in_scope(session: Session, principal: Principal) -> list[Institution]:
    """The institutions whose collaborations the principal sees (their own, and those their
    institution takes part in), in short-name order."""
    ids = select(Collaboration.institution_id).where(access.collaboration_scope(principal)).distinct()
    return list(session.scalars(select(Institution).where(Institution.id.in_(ids)).order_by(Institution.short_name)))


def list_collaborations(
    session: Session,
    principal: Principal,
    *,
    q: str | None = None,
    status: str | None = None,
    form: str | None = None,
    country: str | None = None,
    risk: str | None = None,
    institution_id: int | None = None,
    sort: str = "-updated",
    page: int = 1,
    page_size: int = 25,
) -> tuple[list[Collaboration], int]:
    """A page of the collaborations the principal may see. ``risk``: a level of listing.RISK_LEVELS
    or "none" (not assessed); ``institution_id``: only that institution's (within the principal's
    scope); ``sort``: one of SORT_KEYS, "-" first for descending."""
    stmt = select(Collaboration).where(access.collaboration_scope(principal))
    rank = listing.risk_rank(Collaboration.id)
    if risk and rank is not None and (risk in listing.RISK_LEVELS or risk == "none"):
        stmt = stmt.where(rank == listing.rank_of(risk))
    if q:
        pattern = _like(q.strip())
        partner_match = (
            select(CollaborationPartner.collaboration_id)
            .join(Organisation, Organisation.id == CollaborationPartner.organisation_id)
            .where(Organisation.name.ilike(pattern, escape="\\"))
        )
        stmt = stmt.where(
            or_(Collaboration.title.ilike(pattern, escape="\\"), Collaboration.id.in_(partner_match))
        )
    if status:
        stmt = stmt.where(Collaboration.status == status)
    if form:
        stmt = stmt.where(Collaboration.form == form)
    if institution_id is not None:
        stmt = stmt.where(Collaboration.institution_id == institution_id)
    if country:
        stmt = stmt.where(
            Collaboration.id.in_(
                select(CollaborationCountry.collaboration_id).where(
                    CollaborationCountry.country_code == country.upper()
                )
            )
        )
    total = session.scalar(select(func.count()).select_from(stmt.subquery()))
    key = sort.lstrip("-")
    column = {"title": func.lower(Collaboration.title), "status": Collaboration.status,
              "start": Collaboration.start_date, "updated": Collaboration.updated_at,
              "risk": rank}.get(key)
    if column is None:
        column, sort = Collaboration.updated_at, "-updated"
    order = column.desc() if sort.startswith("-") else column.asc()
    rows = session.scalars(
        stmt.order_by(order.nulls_last(), Collaboration.updated_at.desc(), Collaboration.id.desc())
        .offset((page - 1) * page_size)
        .limit(page_size)
    )
    return list(rows), total or 0


def count_collaborations_by_status(session: Session, principal: Principal) -> dict[str, int]:
    stmt = (
        select(Collaboration.status, func.count())
        .where(access.collaboration_scope(principal))
        .group_by(Collaboration.status)
    )
    return {status: count for status, count in session.execute(stmt)}


def get_collaboration(session: Session, principal: Principal, collaboration_id: int) -> Collaboration:
    collaboration = session.get(Collaboration, collaboration_id)
    if collaboration is None or not access.can_read_collaboration(principal, collaboration):
        raise NotFound(f"collaboration {collaboration_id} not found", code="collaboration_not_found")
    return collaboration


def collaboration_read(collaboration: Collaboration) -> CollaborationRead:
    return CollaborationRead(
        id=collaboration.id,
        title=collaboration.title,
        description=collaboration.description,
        form=collaboration.form,
        status=collaboration.status,
        institution_id=collaboration.institution_id,
        institution=collaboration.institution.name,
        contact_name=collaboration.contact_name,
        start_date=collaboration.start_date,
        end_date=collaboration.end_date,
        research_fields=list(collaboration.research_fields or []),
        technology_areas=list(collaboration.technology_areas or []),
        facilities_provider=collaboration.facilities_provider,
        data_arrangements=collaboration.data_arrangements,
        ip_arrangements=collaboration.ip_arrangements,
        agreements=dict(collaboration.agreements or {}),
        partners=[
            PartnerRead(
                organisation_id=p.organisation_id,
                name=p.organisation.name,
                country_code=p.organisation.country_code,
                ror_id=p.organisation.ror_id,
                role=p.role,
            )
            for p in collaboration.partners
        ],
        countries=[c.country_code for c in collaboration.countries],
        participating_institutions=collaboration.participant_ids,
        funding=[
            FundingCreate(funder_name=f.funder_name, share_percent=f.share_percent, foreign_state=f.foreign_state,
                      organisation_id=f.organisation_id)
            for f in collaboration.funding
        ],
        exchanges=[
            ExchangeCreate(direction=e.direction, country_code=e.country_code, year=e.year, people=e.people,
                       category=e.category)
            for e in collaboration.exchanges
        ],
        transitions=[TransitionRead.model_validate(t) for t in collaboration.transitions],
        created_at=collaboration.created_at,
        updated_at=collaboration.updated_at,
        version=collaboration.version,
    )


def _snapshot(collaboration: Collaboration) -> dict:
    return collaboration_read(collaboration).model_dump(
        mode="json", exclude={"transitions", "created_at", "updated_at", "version", "institution"}
    )


def _resolve_institution(session: Session, principal: Principal, requested: int | None) -> Institution:
    if principal.is_system:
        if requested is None:
            raise ValidationFailed("an institution is required", code="institution_required", field_errors={
                "institution_id": Refusal("institution_required", "name the registering institution")})
        institution = session.get(Institution, requested)
    else:
        if requested is not None and requested != principal.institution_id:
            # Not "forbidden": the other institution's existence is none of the caller's business.
            raise ValidationFailed("you can only register collaborations of your own institution",
                                   code="institution_not_yours",
                                   field_errors={"institution_id": Refusal("institution_not_yours", "not your institution")})
        institution = session.get(Institution, principal.institution_id)
    if institution is None:
        raise ValidationFailed.of_field("institution_id", "institution_unknown", "unknown institution")
    return institution


def _apply_collaboration(session: Session, collaboration: Collaboration, data: CollaborationCreate) -> None:
    errors: dict[str, Refusal] = {}
    organisations: dict[int, Organisation] = {}
    for index, partner in enumerate(data.partners):
        organisation = session.get(Organisation, partner.organisation_id)
        if organisation is None:
            errors[f"partners.{index}.organisation_id"] = Refusal(
                "organisation_unknown", f"unknown organisation {partner.organisation_id}", {"id": partner.organisation_id})
        else:
            organisations[partner.organisation_id] = organisation
    for index, funding in enumerate(data.funding):
        if funding.organisation_id is not None and session.get(Organisation, funding.organisation_id) is None:
            errors[f"funding.{index}.organisation_id"] = Refusal(
                "organisation_unknown", f"unknown organisation {funding.organisation_id}", {"id": funding.organisation_id})
    for index, institution_id in enumerate(data.participating_institutions):
        if session.get(Institution, institution_id) is None:
            errors[f"participating_institutions.{index}"] = Refusal(
                "institution_unknown", f"unknown institution {institution_id}", {"id": institution_id})
    countries = set(data.countries)
    countries |= {o.country_code for o in organisations.values() if o.country_code}
    countries |= {e.country_code for e in data.exchanges}
    countries.discard(HOME_COUNTRY)
    for code in sorted(countries):
        if session.get(CountryProfile, code) is None:
            errors["countries"] = Refusal("country_unknown", f"unknown country code {code}", {"code": code})
    if errors:
        raise ValidationFailed("the collaboration was not saved", code="collaboration_not_saved", field_errors=errors)

    for field in (
        "title", "description", "form", "contact_name", "start_date", "end_date", "research_fields",
        "technology_areas", "facilities_provider", "data_arrangements", "ip_arrangements", "agreements",
    ):
        value = getattr(data, field)
        setattr(collaboration, field, value.value if hasattr(value, "value") else value)

    existing_partners = {p.organisation_id: p for p in collaboration.partners}
    collaboration.partners = [
        _partner(existing_partners.get(p.organisation_id), p.organisation_id, p.role.value) for p in data.partners
    ]
    existing_participants = {p.institution_id: p for p in collaboration.participants}
    collaboration.participants = [
        existing_participants.get(i) or CollaborationParticipant(institution_id=i)
        for i in sorted(set(data.participating_institutions)) if i != collaboration.institution_id
    ]
    existing_countries = {c.country_code: c for c in collaboration.countries}
    collaboration.countries = [
        existing_countries.get(code) or CollaborationCountry(country_code=code) for code in sorted(countries)
    ]
    collaboration.funding = [
        FundingSource(funder_name=f.funder_name, share_percent=f.share_percent, foreign_state=f.foreign_state,
                      organisation_id=f.organisation_id)
        for f in data.funding
    ]
    collaboration.exchanges = [
        PersonExchange(direction=e.direction.value, country_code=e.country_code, year=e.year, people=e.people,
                       category=e.category)
        for e in data.exchanges
    ]


def _partner(existing: CollaborationPartner | None, organisation_id: int, role: str) -> CollaborationPartner:
    if existing is not None:
        existing.role = role
        return existing
    return CollaborationPartner(organisation_id=organisation_id, role=role)


def create_collaboration(session: Session, principal: Principal, data: CollaborationCreate) -> Collaboration:
    if not access.can_create_collaboration(principal):
        raise Forbidden("your role cannot register collaborations", code="role_not_allowed")
    institution = _resolve_institution(session, principal, data.institution_id)
    collaboration = Collaboration(
        institution_id=institution.id, created_by_id=principal.user_id, status="draft", title=data.title,
        form=data.form.value,
    )
    session.add(collaboration)
    _apply_collaboration(session, collaboration, data)
    session.flush()
    session.refresh(collaboration)
    audit.record(session, principal, "collaboration.create", "collaboration", collaboration.id,
                 after=_snapshot(collaboration), institution_id=collaboration.institution_id)
    return collaboration


def update_collaboration(
    session: Session, principal: Principal, collaboration_id: int, data: CollaborationUpdate
) -> Collaboration:
    collaboration = get_collaboration(session, principal, collaboration_id)
    if not access.can_edit_collaboration(principal, collaboration):
        raise Forbidden(f"a {collaboration.status} collaboration cannot be changed by you", code="role_not_allowed")
    if data.version is not None and data.version != collaboration.version:
        raise Conflict(
            f"collaboration {collaboration_id} was changed by someone else (version {collaboration.version}, "
            f"you edited version {data.version}); reload and apply your change again", code="changed_meanwhile"
        )
    if data.institution_id is not None and data.institution_id != collaboration.institution_id:
        raise ValidationFailed("a collaboration cannot move to another institution", code="institution_fixed",
                               field_errors={"institution_id": Refusal("institution_fixed", "cannot be changed")})
    before = _snapshot(collaboration)
    _apply_collaboration(session, collaboration, data)
    try:
        session.flush()
    except StaleDataError as exc:
        raise Conflict(f"collaboration {collaboration_id} was changed by someone else; reload",
                       code="changed_meanwhile") from exc
    session.refresh(collaboration)
    audit.record(session, principal, "collaboration.update", "collaboration", collaboration.id,
                 before=before, after=_snapshot(collaboration), institution_id=collaboration.institution_id)
    from ksdesk.assessment.flags import flag  # late: the assessment builds on the registry

    # The detail is shown beside the translated reason to every institution that sees the
    # collaboration: the person's name, never their address.
    flag(session, collaboration.id, "collaboration_edited", name_of(session, principal))
    return collaboration


def available_transitions(principal: Principal, collaboration: Collaboration) -> list[workflow.Transition]:
    if not access.can_read_collaboration(principal, collaboration) or not access.leads(principal, collaboration):
        return []
    return workflow.available(collaboration.status, principal.role)


def transition_collaboration(
    session: Session, principal: Principal, collaboration_id: int, action: str, reason: str | None,
    *, announce: bool = True,
) -> Collaboration:
    """Moves the collaboration's status; submitted for review, its advisors are told a decision waits
    (unless ``announce`` is off: a decision that passes through review on its way)."""
    collaboration = get_collaboration(session, principal, collaboration_id)
    if not access.leads(principal, collaboration):
        raise Forbidden("the lead institution moves the collaboration's status", code="role_not_allowed")
    try:
        transition = workflow.find(collaboration.status, action, principal.role, reason)
    except PermissionError as exc:
        raise Forbidden(str(exc), code="role_not_allowed") from exc
    except workflow.TransitionError as exc:
        raise ValidationFailed(str(exc), code=exc.refusal.code, params=exc.refusal.params,
                               field_errors={"action": exc.refusal}) from exc
    reason = reason.strip() if reason and reason.strip() else None
    source = collaboration.status
    collaboration.status = transition.target.value
    collaboration.transitions.append(
        StatusTransition(from_status=source, to_status=transition.target.value, actor_id=principal.user_id,
                         actor_label=principal.label, reason=reason)
    )
    try:
        session.flush()
    except StaleDataError as exc:
        raise Conflict(f"collaboration {collaboration_id} was changed by someone else; reload",
                       code="changed_meanwhile") from exc
    audit.record(session, principal, f"collaboration.{transition.action}", "collaboration", collaboration.id,
                 before={"status": source}, after={"status": collaboration.status}, reason=reason,
                 institution_id=collaboration.institution_id)
    if announce and transition.target is CollaborationStatus.UNDER_REVIEW:
        # The lead institution's advisors decide; whoever submitted it needs no notice of their own step.
        advisors = [u for u in notices.advisors_of(session, collaboration.institution_id) if u.id != principal.user_id]
        notices.notify(session, Notice.DECISION_NEEDED, advisors,
                       link=f"/collaborations/{collaboration.id}", collaboration=collaboration.title)
    return collaboration


def collaboration_history(session: Session, principal: Principal, collaboration_id: int):
    get_collaboration(session, principal, collaboration_id)
    return audit.history(session, "collaboration", collaboration_id)
