"""One handler per kind of error: an HTML page for people, JSON for API clients."""

from __future__ import annotations

import logging
from typing import cast
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ExceptionHandler

from ksdesk.errors import Forbidden, KsdeskError, NotFound, TooManyRequests, Unauthenticated, ValidationFailed
from ksdesk.reasons import TEXTS
from ksdesk.vocab import _
from ksdesk.web import i18n, messages
from ksdesk.web.deps import LoginRequired, language
from ksdesk.web.security import HEADERS

log = logging.getLogger(__name__)

TITLES = {
    400: _("The request could not be processed"),
    401: _("Sign in to continue"),
    403: _("Not allowed"),
    404: _("Page not found"),
    405: _("Not allowed"),
    409: _("Changed by someone else"),
    413: _("Too large to send"),
    422: _("Check what you entered"),
    429: _("Too many attempts"),
    500: _("Something went wrong"),
}

GENERIC = {
    404: TEXTS["not_found"],
    403: TEXTS["forbidden"],
    409: TEXTS["conflict"],
    500: _("An unexpected error occurred. Nothing was changed. Please try again later."),
}


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _json(status: int, detail: str, code: str, errors: dict[str, str] | None = None,
          error_codes: dict[str, str] | None = None, headers: dict[str, str] | None = None) -> JSONResponse:
    body = {"detail": detail, "code": code, "errors": errors or {}, "error_codes": error_codes or {}}
    return JSONResponse(body, status_code=status, headers=headers)


def error_page(request: Request, status: int, exc: KsdeskError | None = None) -> Response:
    templates = request.app.state.templates
    lang = language(request)
    plain = i18n.translations(lang).gettext
    text = messages.Say(lang, plain).error(exc) if exc else plain(GENERIC.get(status, GENERIC[500]))
    title = plain(TITLES.get(status, TITLES[500]))
    return templates.render(
        request, "error.html", {"title": title, "message": text, "status": status}, status_code=status
    )


async def ksdesk_error(request: Request, exc: KsdeskError) -> Response:
    response = _ksdesk_error(request, exc)
    retry_after = exc.params.get("retry_after")
    if isinstance(exc, TooManyRequests) and isinstance(retry_after, int):
        response.headers["Retry-After"] = str(retry_after)
    return response


def _ksdesk_error(request: Request, exc: KsdeskError) -> Response:
    if is_api(request):
        headers = {"WWW-Authenticate": "Bearer"} if isinstance(exc, Unauthenticated) else None
        return _json(exc.status_code, exc.message, exc.code,
                     {k: r.message for k, r in exc.field_errors.items()},
                     {k: r.code for k, r in exc.field_errors.items()}, headers)
    if isinstance(exc, LoginRequired) or isinstance(exc, Unauthenticated):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
    return error_page(request, exc.status_code, exc)


async def validation_error(request: Request, exc: RequestValidationError) -> Response:
    if is_api(request):
        errors, codes = messages.english_errors(exc.errors())
        return _json(422, "the request is not valid; see errors per field", ValidationFailed.code, errors, codes)
    if any(error["loc"] and error["loc"][0] == "path" for error in exc.errors()):
        return error_page(request, 404)
    return error_page(request, 400)


async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
    if is_api(request):
        return _json(exc.status_code, str(exc.detail), _HTTP_CODES.get(exc.status_code, "http_error"),
                     headers=getattr(exc, "headers", None))
    return error_page(request, exc.status_code)


async def unexpected_error(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    response = (_json(500, "internal error; nothing was changed", "internal_error") if is_api(request)
                else error_page(request, 500))
    # This handler runs outside the middleware stack, so it adds the security headers itself.
    response.headers.update(HEADERS)
    return response


# Errors the framework raises itself (no route, wrong method) get codes of the same family.
_HTTP_CODES = {404: NotFound.code, 405: "method_not_allowed", 401: Unauthenticated.code, 403: Forbidden.code}


def install(app: FastAPI) -> None:
    app.add_exception_handler(KsdeskError, cast(ExceptionHandler, ksdesk_error))
    app.add_exception_handler(RequestValidationError, cast(ExceptionHandler, validation_error))
    app.add_exception_handler(StarletteHTTPException, cast(ExceptionHandler, http_error))
    app.add_exception_handler(Exception, unexpected_error)
