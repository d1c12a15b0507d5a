"""The registry's JSON API (/api/v1): the same operations and the same scoping as the web pages."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Response

from ksdesk.registry import history, io, service
from ksdesk.registry.access import COLLABORATION_READERS
from ksdesk.registry.schemas import (
    CollaborationCreate,
    CollaborationPageRead,
    CollaborationRead,
    CollaborationTransitionCreate,
    CollaborationUpdate,
    CountryRead,
    HistoryEntryRead,
    InstitutionRead,
    OrganisationCreate,
    OrganisationPageRead,
    OrganisationRead,
    OrganisationUpdate,
)
from ksdesk.web.deps import DB, ApiUser, CurrentUser, api_roles
from ksdesk.web.routing import Router

router = Router(tags=["registry"])
CollaborationUser = Annotated[CurrentUser, Depends(api_roles(*COLLABORATION_READERS))]
PageNumber = Annotated[int, Query(ge=1, le=100000, description="1-based page number")]
PageSize = Annotated[int, Query(ge=1, le=200, description="items per page")]


def _history(events, who: history.Editors) -> list[HistoryEntryRead]:
    return [
        HistoryEntryRead(at=e.at, actor=who(e), action=e.action, reason=e.reason, before=e.before, after=e.after)
        for e in events
    ]


# ---------------------------------------------------------------- reference data


@router.get("/institutions", response_model=list[InstitutionRead])
def institutions(db: DB, user: ApiUser):
    return [
        InstitutionRead(id=i.id, short_name=i.short_name, name=i.name, kind=i.kind, organisation_id=i.organisation_id)
        for i in service.list_institutions(db)
    ]


@router.get("/countries", response_model=list[CountryRead])
def countries(db: DB, user: ApiUser):
    return [CountryRead.model_validate(c, from_attributes=True) for c in service.list_countries(db)]


# ---------------------------------------------------------------- organisations


@router.get("/organisations", response_model=OrganisationPageRead)
def organisation_list(
    db: DB, user: ApiUser, q: str | None = None, country: str | None = None,
    type: str | None = Query(default=None, description="organisation type code, e.g. university"),
    page: PageNumber = 1, page_size: PageSize = 25,
):
    items, total = service.list_organisations(db, q=q, country=country, org_type=type, page=page, page_size=page_size)
    return OrganisationPageRead(total=total, page=page, page_size=page_size,
                            items=[service.organisation_read(db, o) for o in items])


@router.get("/organisations/{organisation_id}", response_model=OrganisationRead)
def organisation_get(db: DB, user: ApiUser, organisation_id: int):
    return service.organisation_read(db, service.get_organisation(db, organisation_id))


@router.post("/organisations", response_model=OrganisationRead, status_code=201)
def organisation_create(db: DB, user: ApiUser, data: OrganisationCreate):
    return service.organisation_read(db, service.create_organisation(db, user.principal, data))


@router.put("/organisations/{organisation_id}", response_model=OrganisationRead)
def organisation_update(db: DB, user: ApiUser, organisation_id: int, data: OrganisationUpdate):
    return service.organisation_read(db, service.update_organisation(db, user.principal, organisation_id, data))


@router.get("/organisations/{organisation_id}/history", response_model=list[HistoryEntryRead])
def organisation_history(db: DB, user: ApiUser, organisation_id: int):
    events = service.organisation_history(db, organisation_id)
    return _history(events, history.editors(db, events, user.principal))


# ---------------------------------------------------------------- collaborations


@router.get("/collaborations", response_model=CollaborationPageRead)
def collaboration_list(
    db: DB, user: CollaborationUser, q: str | None = None, status: str | None = None, form: str | None = None,
    country: str | None = None, page: PageNumber = 1, page_size: PageSize = 25,
):
    items, total = service.list_collaborations(
        db, user.principal, q=q, status=status, form=form, country=country, page=page, page_size=page_size
    )
    return CollaborationPageRead(total=total, page=page, page_size=page_size,
                             items=[service.collaboration_read(c) for c in items])


@router.get("/collaborations/export", response_class=Response,
            responses={200: {"content": {"text/csv": {}, "application/json": {}}}})
def collaboration_export(db: DB, user: CollaborationUser,
                         format: Annotated[str, Query(pattern="^(csv|json)$")] = "json"):
    body = io.export_collaborations(db, user.principal, format)
    media = "text/csv; charset=utf-8" if format == "csv" else "application/json"
    return Response(body, media_type=media)


@router.get("/collaborations/{collaboration_id}", response_model=CollaborationRead)
def collaboration_get(db: DB, user: CollaborationUser, collaboration_id: int):
    return service.collaboration_read(service.get_collaboration(db, user.principal, collaboration_id))


@router.post("/collaborations", response_model=CollaborationRead, status_code=201)
def collaboration_create(db: DB, user: CollaborationUser, data: CollaborationCreate):
    return service.collaboration_read(service.create_collaboration(db, user.principal, data))


@router.put("/collaborations/{collaboration_id}", response_model=CollaborationRead)
def collaboration_update(db: DB, user: CollaborationUser, collaboration_id: int, data: CollaborationUpdate):
    return service.collaboration_read(service.update_collaboration(db, user.principal, collaboration_id, data))


@router.post("/collaborations/{collaboration_id}/transitions", response_model=CollaborationRead)
def collaboration_transition(db: DB, user: CollaborationUser, collaboration_id: int, data: CollaborationTransitionCreate):
    collaboration = service.transition_collaboration(db, user.principal, collaboration_id, data.action, data.reason)
    return service.collaboration_read(collaboration)


@router.get("/collaborations/{collaboration_id}/history", response_model=list[HistoryEntryRead])
def collaboration_history(db: DB, user: CollaborationUser, collaboration_id: int):
    events = service.collaboration_history(db, user.principal, collaboration_id)
    return _history(events, history.editors(db, events))
