"""Administration: users, institutions and sign-in attempts (administrators only; others get "not found")."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse

from ksdesk.accounts import service as accounts
from ksdesk.accounts import throttle
from ksdesk.assessment import service as assessments
from ksdesk.errors import Conflict, ValidationFailed
from ksdesk.registry import service as registry
from ksdesk.vocab import Role, _
from ksdesk.web.deps import DB, CurrentUser, FormData, say, web_roles
from ksdesk.web.navigation import crumb, crumb_text, home_crumb
from ksdesk.web.routing import Router, attempt, refused
from ksdesk.web.templating import templates

router = Router(prefix="/admin", include_in_schema=False)
Admin = Annotated[CurrentUser, Depends(web_roles(Role.ADMIN))]
USER_FIELDS = ("email", "name", "role", "institution", "ministry", "language")
EDIT_FIELDS = ("name", "role", "institution", "ministry", "language")
NOTICES = {
    "created": _("The user was created."),
    "saved": _("The changes to the user were saved."),
    "deactivated": _("The user was deactivated: they can no longer sign in, their sessions ended and their API "
                     "tokens were revoked."),
    "reactivated": _("The user was reactivated and can sign in again."),
}


@router.get("/users")
def users(request: Request, db: DB, user: Admin):
    return templates(request).render(request, "admin/users.html", {
        "users": accounts.list_users(db, user.principal),
        "notice": NOTICES.get(request.query_params.get("notice") or ""),
        "breadcrumbs": [home_crumb(), crumb(_("Users"))],
    })


def _user_form(request, db, values, errors=None, status_code=200):
    return templates(request).render(request, "admin/user_form.html", {
        "values": values, "form_errors": errors or {}, "institutions": registry.list_institutions(db),
        "breadcrumbs": [home_crumb(), crumb(_("Users"), "/admin/users"), crumb(_("New user"))],
    }, status_code=status_code)


@router.get("/users/new")
def user_new(request: Request, db: DB, user: Admin):
    return _user_form(request, db, {"role": "researcher", "language": "nl"})


@router.post("/users/new")
def user_create(request: Request, db: DB, user: Admin, form: FormData):
    values = {k: str(form.get(k, "")).strip() for k in USER_FIELDS}
    try:
        with attempt(db):
            accounts.create_user(
                db, user.principal, email=values["email"], name=values["name"], password=str(form.get("password", "")),
                role=values["role"], institution_short_name=values["institution"] or None,
                ministry=values["ministry"] or None, language=values["language"] or "nl",
            )
    except ValidationFailed as exc:
        return refused(_user_form(request, db, values, say(request).service(exc), status_code=422))
    return RedirectResponse("/admin/users?notice=created", status_code=303)


def _edit_form(request, db, shown, values, errors=None, status_code=200):
    return templates(request).render(request, "admin/user_edit.html", {
        "shown": shown, "values": values, "form_errors": errors or {},
        "institutions": registry.list_institutions(db),
        "notice": NOTICES.get(request.query_params.get("notice") or ""),
        "breadcrumbs": [home_crumb(), crumb(_("Users"), "/admin/users"), crumb_text(shown.name)],
    }, status_code=status_code)


def _stored_values(shown) -> dict[str, str]:
    return {"name": shown.name, "role": shown.role, "institution": shown.institution.short_name if shown.institution else "",
            "ministry": shown.ministry or "", "language": shown.language}


@router.get("/users/{user_id}")
def user_edit(request: Request, db: DB, user: Admin, user_id: int):
    shown = accounts.get_user(db, user_id)
    return _edit_form(request, db, shown, _stored_values(shown))


@router.post("/users/{user_id}")
def user_update(request: Request, db: DB, user: Admin, user_id: int, form: FormData):
    shown = accounts.get_user(db, user_id)
    values = {k: str(form.get(k, "")).strip() for k in EDIT_FIELDS}
    try:
        with attempt(db):
            accounts.update_user(db, user.principal, user_id, name=values["name"], role=values["role"],
                                 institution_short_name=values["institution"] or None,
                                 ministry=values["ministry"] or None, language=values["language"])
    except ValidationFailed as exc:
        db.refresh(shown)
        return refused(_edit_form(request, db, shown, values, say(request).service(exc), status_code=422))
    return RedirectResponse(f"/admin/users/{user_id}?notice=saved", status_code=303)


def _set_active(request: Request, db, user, user_id: int, active: bool):
    shown = accounts.get_user(db, user_id)
    try:
        with attempt(db):
            accounts.set_user_active(db, user.principal, user_id, active)
    except Conflict as exc:
        # The refusal is shown beside the button that was pressed.
        return refused(_edit_form(request, db, shown, _stored_values(shown), {"account": say(request).error(exc)},
                                  status_code=exc.status_code))
    notice = "reactivated" if active else "deactivated"
    return RedirectResponse(f"/admin/users/{user_id}?notice={notice}", status_code=303)


@router.post("/users/{user_id}/deactivate")
def user_deactivate(request: Request, db: DB, user: Admin, user_id: int):
    return _set_active(request, db, user, user_id, False)


@router.post("/users/{user_id}/reactivate")
def user_reactivate(request: Request, db: DB, user: Admin, user_id: int):
    return _set_active(request, db, user, user_id, True)


@router.get("/institutions")
def institutions(request: Request, db: DB, user: Admin):
    return templates(request).render(request, "admin/institutions.html", {
        "institutions": registry.list_institutions(db),
        "saved": request.query_params.get("notice") == "four_eyes",
        "breadcrumbs": [home_crumb(), crumb(_("Institutions"))],
    })


@router.get("/sign-ins")
def sign_ins(request: Request, db: DB, user: Admin):
    return templates(request).render(request, "admin/sign_ins.html", {
        "attempts": throttle.recent(db),
        "breadcrumbs": [home_crumb(), crumb(_("Sign-in attempts"))],
    })


@router.post("/institutions/{institution_id}/four-eyes")
def four_eyes(request: Request, db: DB, user: Admin, institution_id: int, form: FormData):
    """Turns four eyes on or off: a high-risk approval then waits for a second advisor of the institution."""
    with attempt(db):
        assessments.set_four_eyes(db, user.principal, institution_id, str(form.get("four_eyes", "")) == "on")
    return RedirectResponse("/admin/institutions?notice=four_eyes", status_code=303)
