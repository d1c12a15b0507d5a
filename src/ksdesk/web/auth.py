"""Signing in and out, and the API tokens a person makes for themselves."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse

from ksdesk.accounts import service as accounts
from ksdesk.accounts import throttle
from ksdesk.settings import get_settings
from ksdesk.vocab import _
from ksdesk.web.deps import DB, SESSION_COOKIE, FormData, MaybeWebUser, WebUser, csrf_protect
from ksdesk.web.navigation import crumb, home_crumb
from ksdesk.web.routing import Router
from ksdesk.web.templating import set_cookie, templates

router = Router(include_in_schema=False)
CsrfChecked = Annotated[None, Depends(csrf_protect)]


def safe_next(target: str | None) -> str:
    """Only a path on this site: an open redirect would make the sign-in page a phishing tool."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


@router.get("/login")
def login_form(request: Request, user: MaybeWebUser, next: str = "/"):
    if user is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return templates(request).render(request, "login.html", {"next": safe_next(next), "values": {}})


@router.post("/login")
def login(request: Request, db: DB, user: MaybeWebUser, _csrf: CsrfChecked, form: FormData):
    email = str(form.get("email", "")).strip()
    password = str(form.get("password", ""))
    target = safe_next(str(form.get("next", "/")))
    client = request.client.host if request.client else None
    if email:
        throttle.check(db, email, client)
    found = accounts.authenticate(db, email, password) if email and password else None
    if found is None:
        if email and password:
            throttle.record_failure(db, email, client)
        errors = {}
        if not email:
            errors["email"] = _("Enter your e-mail address.")
        if not password:
            errors["password"] = _("Enter your password.")
        if not errors:
            errors["email"] = _("The e-mail address or password is not correct.")
        return templates(request).render(
            request, "login.html", {"next": target, "values": {"email": email}, "form_errors": errors},
            status_code=400,
        )
    throttle.record_success(db, email, client)
    # Whatever session this browser had ends here; the new one gets a new id.
    accounts.end_web_session(db, request.cookies.get(SESSION_COOKIE))
    token, _session = accounts.start_web_session(db, found, get_settings().session_hours)
    response = RedirectResponse(target, status_code=303)
    set_cookie(response, SESSION_COOKIE, token, max_age=get_settings().session_hours * 3600)
    return response


@router.post("/logout")
def logout(request: Request, db: DB, user: WebUser):
    accounts.end_web_session(db, user.session_token)
    response = RedirectResponse("/login?signed_out=1", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/", secure=get_settings().cookie_secure, httponly=True,
                           samesite="lax")
    return response


def _tokens_page(request: Request, db, user, status_code: int = 200, **context):
    rows = accounts.list_api_tokens(db, user.principal.user_id)
    return templates(request).render(
        request, "account/tokens.html",
        {"tokens": rows, "breadcrumbs": [home_crumb(), crumb(_("API tokens"))], "values": {}, **context},
        status_code=status_code,
    )


@router.get("/account/tokens")
def tokens(request: Request, db: DB, user: WebUser):
    return _tokens_page(request, db, user)


@router.post("/account/tokens")
def create_token(request: Request, db: DB, user: WebUser, form: FormData):
    name = str(form.get("name", "")).strip()
    if not name or len(name) > 100:
        errors = {"name": _("Give the token a name of at most 100 characters.")}
        return _tokens_page(request, db, user, form_errors=errors, values={"name": name}, status_code=400)
    assert user.principal.user_id is not None  # a signed-in person, never the system
    owner = accounts.get_user(db, user.principal.user_id)
    token = accounts.create_api_token(db, user.principal, owner, name)
    return _tokens_page(request, db, user, new_token=token, new_token_name=name)


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(request: Request, db: DB, user: WebUser, token_id: int):
    accounts.revoke_api_token(db, user.principal, token_id)
    return RedirectResponse("/account/tokens?revoked=1", status_code=303)
