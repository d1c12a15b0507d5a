"""The registry's web pages: parse the request, call the service, render the page."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request
from fastapi.responses import RedirectResponse, Response

from ksdesk.country_names import names_in
from ksdesk.errors import Conflict, Forbidden, NotFound, ValidationFailed
from ksdesk.registry import access, forms, history, io, listing, service
from ksdesk.registry.access import COLLABORATION_READERS
from ksdesk.registry.labels import FIELD_LABELS, TRANSITION_LABELS
from ksdesk.screening import listings
from ksdesk.screening import panel as screening_panel
from ksdesk.screening.labels import LEVEL_LABELS
from ksdesk.settings import get_settings
from ksdesk.vocab import _
from ksdesk.web import i18n
from ksdesk.web.deps import DB, CurrentUser, FormData, WebUser, language, say, web_roles
from ksdesk.web.navigation import crumb, crumb_text, home_crumb
from ksdesk.web.pagination import Pagination
from ksdesk.web.routing import Router, attempt, refused
from ksdesk.web.templating import templates

router = Router(include_in_schema=False)
# Collaborations exist only for their institution's researchers and advisors.
CollaborationUser = Annotated[CurrentUser, Depends(web_roles(*COLLABORATION_READERS))]
PageNumber = Annotated[int, Query(ge=1, le=100000)]

# Messages after a redirect, by a fixed key (never text from the URL).
NOTICES = {
    "created": _("The record was saved."),
    "saved": _("Your changes were saved."),
    "transition": _("The status was changed."),
}


def _page_size(request: Request) -> int:
    return get_settings().page_size


def _countries(db, request: Request) -> list:
    lang = language(request)
    return sorted(service.list_countries(db), key=lambda c: c.name(lang))


def _date_formatter(request: Request):
    lang = language(request)
    return lambda value: i18n.format_date(value, lang)


def _notice(request: Request) -> str | None:
    return NOTICES.get(request.query_params.get("notice", ""))


# ---------------------------------------------------------------- organisations


# The longest name the type-ahead looks up; a longer one is refused as a bad request, never cut.
MAX_SUGGEST = 200


@router.get("/organisations/suggest")
def organisation_suggestions(db: DB, user: WebUser, q: Annotated[str, Query(max_length=MAX_SUGGEST)] = ""):
    """Up to ten organisations whose name holds what was typed, for the type-ahead of the forms."""
    text = q.strip()
    if len(text) < 2:
        return {"suggestions": []}
    items, _total = service.list_organisations(db, q=text, page_size=10)
    return {"suggestions": [{"id": o.id, "value": forms.organisation_reference(o),
                             "label": o.name + (f" ({o.country_code})" if o.country_code else "")} for o in items]}


@router.get("/organisations")
def organisation_list(
    request: Request, db: DB, user: WebUser, q: str = "", country: str = "", type: str = "", page: PageNumber = 1
):
    size = _page_size(request)
    items, total = service.list_organisations(
        db, q=q or None, country=country or None, org_type=type or None, page=page, page_size=size
    )
    return templates(request).render(request, "registry/organisation_list.html", {
        "items": items, "pagination": Pagination(page, size, total),
        "values": {"q": q, "country": country, "type": type},
        "countries": _countries(db, request), "country_names": names_in(language(request)),
        "can_create": access.can_create_organisation(user.principal),
        "breadcrumbs": [home_crumb(), crumb(_("Organisations"))],
    })


def _organisation_form(request, db, user, state, organisation=None, status_code=200, message=None):
    title = _("Edit organisation") if organisation else _("New organisation")
    crumbs = [home_crumb(), crumb(_("Organisations"), "/organisations")]
    if organisation:
        crumbs.append(crumb_text(organisation.name, f"/organisations/{organisation.id}"))
    crumbs.append(crumb(title))
    return templates(request).render(request, "registry/organisation_form.html", {
        "state": state, "organisation": organisation, "title": title, "message": message,
        "values": state.values, "form_errors": state.errors, "countries": _countries(db, request),
        "breadcrumbs": crumbs,
    }, status_code=status_code)


@router.get("/organisations/new")
def organisation_new(request: Request, db: DB, user: WebUser):
    if not access.can_create_organisation(user.principal):
        raise Forbidden("your role does not allow this", code="role_not_allowed")
    return _organisation_form(request, db, user, forms.blank_organisation())


def _save_organisation(request, db, user: CurrentUser, form, organisation=None):
    state = forms.organisation_submission(form)
    words = say(request)
    parsed = forms.parse_organisation(db, state, words)
    if parsed.data is not None:
        try:
            with attempt(db):
                if organisation is None:
                    saved = service.create_organisation(db, user.principal, parsed.data)
                else:
                    saved = service.update_organisation(db, user.principal, organisation.id, parsed.data)
                return RedirectResponse(f"/organisations/{saved.id}?notice={'saved' if organisation else 'created'}",
                                        status_code=303)
        except ValidationFailed as exc:
            parsed.errors = parsed.remap(words.service(exc))
    state.errors = forms.in_form_order(parsed.errors, forms.ORGANISATION_ORDER)
    return refused(_organisation_form(request, db, user, state, organisation, status_code=422,
                                      message=_("The organisation was not saved. Correct the fields below.")))


@router.post("/organisations/new")
def organisation_create(request: Request, db: DB, user: WebUser, form: FormData):
    if not access.can_create_organisation(user.principal):
        raise Forbidden("your role does not allow this", code="role_not_allowed")
    return _save_organisation(request, db, user, form)


@router.get("/organisations/{organisation_id}")
def organisation_detail(request: Request, db: DB, user: WebUser, organisation_id: int):
    organisation = service.get_organisation(db, organisation_id)
    parent_ids, child_ids = service.relations(db, organisation_id)
    related = service.organisations_by_ids(db, parent_ids + child_ids)
    words = say(request)
    return templates(request).render(request, "registry/organisation_detail.html", {
        "organisation": organisation,
        "parents": [related[i] for i in parent_ids if i in related],
        "children": [related[i] for i in child_ids if i in related],
        "listings": listings.listings_of(db, organisation_id), "LEVEL_LABELS": LEVEL_LABELS,
        "country_names": names_in(language(request)),
        "history": _organisation_history(db, user.principal, organisation_id, words.gettext, request),
        "can_edit": access.can_edit_organisation(user.principal),
        "notice": _notice(request),
        "breadcrumbs": [home_crumb(), crumb(_("Organisations"), "/organisations"), crumb_text(organisation.name)],
    })


def _organisation_history(db, principal, organisation_id: int, gettext, request: Request) -> list[history.Entry]:
    events = service.organisation_history(db, organisation_id)
    return history.describe(events, gettext, _date_formatter(request), history.editors(db, events, principal))


@router.get("/organisations/{organisation_id}/edit")
def organisation_edit(request: Request, db: DB, user: WebUser, organisation_id: int):
    organisation = service.get_organisation(db, organisation_id)
    if not access.can_edit_organisation(user.principal):
        raise Forbidden("your role does not allow this", code="role_not_allowed")
    parent_ids, _children = service.relations(db, organisation_id)
    parents = list(service.organisations_by_ids(db, parent_ids).values())
    return _organisation_form(request, db, user, forms.organisation_values(organisation, parents), organisation)


@router.post("/organisations/{organisation_id}/edit")
def organisation_update(request: Request, db: DB, user: WebUser, organisation_id: int, form: FormData):
    organisation = service.get_organisation(db, organisation_id)
    if not access.can_edit_organisation(user.principal):
        raise Forbidden("your role does not allow this", code="role_not_allowed")
    return _save_organisation(request, db, user, form, organisation)


# ---------------------------------------------------------------- collaborations


@router.get("/collaborations")
def collaboration_list(
    request: Request, db: DB, user: CollaborationUser, q: str = "", status: str = "", form: str = "",
    country: str = "", risk: str = "", institution: str = "", sort: str = "-updated", page: PageNumber = 1,
):
    size = _page_size(request)
    # Who sees more than one institution's collaborations (through taking part) can filter by institution.
    institutions = service.institutions_in_scope(db, user.principal)
    institutions = institutions if len(institutions) > 1 else []
    items, total = service.list_collaborations(
        db, user.principal, q=q or None, status=status or None, form=form or None, country=country or None,
        risk=risk or None, institution_id=int(institution) if institution.isdigit() else None,
        sort=sort, page=page, page_size=size,
    )
    return templates(request).render(request, "registry/collaboration_list.html", {
        "items": items, "pagination": Pagination(page, size, total),
        "levels": listing.levels_of(db, (c.id for c in items)), "sort": sort,
        "RISK_LEVEL_LABELS": listing.RISK_LEVEL_LABELS, "RISK_BADGE": listing.RISK_BADGE,
        "values": {"q": q, "status": status, "form": form, "country": country, "risk": risk,
                   "institution": institution},
        "institutions": institutions,
        "countries": _countries(db, request), "country_names": names_in(language(request)),
        "breadcrumbs": [home_crumb(), crumb(_("Collaborations"))],
    })


@router.get("/collaborations/export.{fmt}")
def collaboration_export(db: DB, user: CollaborationUser, fmt: str):
    if fmt not in ("csv", "json"):
        raise NotFound("the page was not found", code="page_not_found")
    body = io.export_collaborations(db, user.principal, fmt)
    media = "text/csv; charset=utf-8" if fmt == "csv" else "application/json"
    return Response(body, media_type=media,
                    headers={"content-disposition": f'attachment; filename="collaborations.{fmt}"'})


def _collaboration_form(request, db, user, state, collaboration=None, status_code=200, message=None):
    title = _("Edit collaboration") if collaboration else _("Register a collaboration")
    crumbs = [home_crumb(), crumb(_("Collaborations"), "/collaborations")]
    if collaboration:
        crumbs.append(crumb_text(collaboration.title, f"/collaborations/{collaboration.id}"))
    crumbs.append(crumb(title))
    return templates(request).render(request, "registry/collaboration_form.html", {
        "state": state, "collaboration": collaboration, "title": title, "message": message,
        "values": state.values, "form_errors": state.errors, "countries": _countries(db, request),
        "breadcrumbs": crumbs,
    }, status_code=status_code)


def _save_collaboration(request, db, user: CurrentUser, form, collaboration=None):
    state = forms.collaboration_submission(form)
    words = say(request)
    parsed = forms.parse_collaboration(db, state, words)
    message = _("The collaboration was not saved. Correct the fields below.")
    status_code = 422
    if parsed.data is not None:
        try:
            with attempt(db):
                if collaboration is None:
                    data = parsed.data.model_copy(update={"version": None})
                    saved = service.create_collaboration(db, user.principal, data)
                else:
                    saved = service.update_collaboration(db, user.principal, collaboration.id, parsed.data)
                notice = "saved" if collaboration else "created"
                return RedirectResponse(f"/collaborations/{saved.id}?notice={notice}", status_code=303)
        except ValidationFailed as exc:
            parsed.errors = parsed.remap(words.service(exc))
        except Conflict:
            message = _("Someone else changed this collaboration while you were editing. Your changes "
                        "were not saved. Open the collaboration again to see the current version.")
            parsed.errors = {"version": words.gettext(_("Changed by someone else"))}
            status_code = 409
    state.errors = forms.in_form_order(parsed.errors, forms.COLLABORATION_ORDER)
    if collaboration is not None:
        collaboration = service.get_collaboration(db, user.principal, collaboration.id)
    return refused(_collaboration_form(request, db, user, state, collaboration, status_code=status_code,
                                       message=message))


@router.get("/collaborations/new")
def collaboration_new(request: Request, db: DB, user: CollaborationUser):
    return _collaboration_form(request, db, user, forms.blank_collaboration())


@router.post("/collaborations/new")
def collaboration_create(request: Request, db: DB, user: CollaborationUser, form: FormData):
    return _save_collaboration(request, db, user, form)


def _detail_page(request: Request, db, user: CurrentUser, collaboration_id: int, status_code: int = 200, **extra):
    collaboration = service.get_collaboration(db, user.principal, collaboration_id)
    words = say(request)
    events = service.collaboration_history(db, user.principal, collaboration_id)
    context = {
        "c": collaboration,
        "transitions": service.available_transitions(user.principal, collaboration),
        "transition_labels": TRANSITION_LABELS,
        "field_labels": FIELD_LABELS,
        "can_edit": access.can_edit_collaboration(user.principal, collaboration),
        "history": history.describe(events, words.gettext, _date_formatter(request), history.editors(db, events)),
        "country_names": names_in(language(request)),
        "notice": _notice(request),
        "values": {},
        "breadcrumbs": [home_crumb(), crumb(_("Collaborations"), "/collaborations"),
                        crumb_text(collaboration.title)],
        **screening_panel.collaboration_context(request, db, user, collaboration),
        **extra,
    }
    return templates(request).render(request, "registry/collaboration_detail.html", context, status_code=status_code)


@router.get("/collaborations/{collaboration_id}")
def collaboration_detail(request: Request, db: DB, user: CollaborationUser, collaboration_id: int):
    return _detail_page(request, db, user, collaboration_id)


@router.get("/collaborations/{collaboration_id}/edit")
def collaboration_edit(request: Request, db: DB, user: CollaborationUser, collaboration_id: int):
    collaboration = service.get_collaboration(db, user.principal, collaboration_id)
    if not access.can_edit_collaboration(user.principal, collaboration):
        raise Forbidden("this collaboration cannot be changed by you in its current status", code="collaboration_locked")
    return _collaboration_form(request, db, user, forms.collaboration_values(collaboration), collaboration)


@router.post("/collaborations/{collaboration_id}/edit")
def collaboration_update(request: Request, db: DB, user: CollaborationUser, collaboration_id: int, form: FormData):
    collaboration = service.get_collaboration(db, user.principal, collaboration_id)
    if not access.can_edit_collaboration(user.principal, collaboration):
        raise Forbidden("this collaboration cannot be changed by you in its current status", code="collaboration_locked")
    return _save_collaboration(request, db, user, form, collaboration)


@router.post("/collaborations/{collaboration_id}/transition")
def collaboration_transition(request: Request, db: DB, user: CollaborationUser, collaboration_id: int,
                             form: FormData):
    action = str(form.get("action", ""))
    reason = str(form.get("reason", "")).strip() or None
    try:
        with attempt(db):
            service.transition_collaboration(db, user.principal, collaboration_id, action, reason)
    except ValidationFailed as exc:
        words = say(request)
        action_error = exc.field_errors.get("action")
        problem = words.refusal(action_error) if action_error else words.error(exc)
        # The error belongs to the reason field of the button that was pressed.
        return refused(_detail_page(request, db, user, collaboration_id, status_code=422, notice=None,
                            form_errors={f"reason-{action}": problem}, values={f"reason-{action}": reason or ""}))
    return RedirectResponse(f"/collaborations/{collaboration_id}?notice=transition", status_code=303)
