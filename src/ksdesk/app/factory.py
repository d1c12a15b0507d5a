"""The web application and JSON API in one ASGI app: the kit (web/) with every domain's routes."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy.orm import Session, sessionmaker

from ksdesk.accounts import api as accounts_api
from ksdesk.accounts.token_use import TokenUse
from ksdesk.app import admin, home
from ksdesk.app.navigation import MENU
from ksdesk.assessment import admin_views as assessment_admin_views
from ksdesk.assessment import api as assessment_api
from ksdesk.assessment import views as assessment_views
from ksdesk.db import make_engine
from ksdesk.desk import admin_views as desk_admin_views
from ksdesk.desk import api as desk_api
from ksdesk.desk import liaison_views, officer_views
from ksdesk.desk import views as desk_views
from ksdesk.desk.calendar import load_public_holidays
from ksdesk.notifications import views as notification_views
from ksdesk.portfolio import views as portfolio_views
from ksdesk.registry import api as registry_api
from ksdesk.registry import views as registry_views
from ksdesk.screening import api as screening_api
from ksdesk.screening import uploads as screening_uploads
from ksdesk.screening import views as screening_views
from ksdesk.settings import get_settings
from ksdesk.sources import views as source_views
from ksdesk.web import assets, auth, handlers, limits, throttling
from ksdesk.web.api_docs import document_errors
from ksdesk.web.bounds import bounded_numbers, clean_text
from ksdesk.web.dispatch import route_by_path_first
from ksdesk.web.security import SecurityHeaders
from ksdesk.web.templating import Templates
from ksdesk.wiring import install

API_DESCRIPTION = """The Knowledge Security Desk's JSON API.

Authenticate with `Authorization: Bearer <token>`; create a token on the *API tokens* page of the
web application. You see and change exactly what you may see and change in the web application:
objects outside your scope answer 404. Errors are `{"detail": message, "code": code, "errors": {field: message},
"error_codes": {field: code}}`: the codes are stable, the messages (English) may be reworded.
"""

# The pages, in the order their routes are matched.
WEB_ROUTERS = (
    auth.router, home.router, registry_views.router, admin.router, screening_views.router,
    desk_views.router, officer_views.router, liaison_views.router, desk_admin_views.router,
    portfolio_views.router, assessment_views.router, assessment_admin_views.router, notification_views.router,
    source_views.router,
)
# The packages whose `templates` folder holds the pages above (beside the kit's own).
TEMPLATE_PACKAGES = (
    "ksdesk.app", "ksdesk.registry", "ksdesk.screening", "ksdesk.desk", "ksdesk.portfolio", "ksdesk.assessment",
    "ksdesk.notifications", "ksdesk.sources",
)
# The JSON API under /api/v1.
API_ROUTERS = (accounts_api.router, registry_api.router, screening_api.router, desk_api.router, assessment_api.router)
UPLOADS = {**screening_uploads.UPLOADS}


def create_app(session_factory: sessionmaker[Session] | None = None, *, lifespan: Any = None,
               rate_limits: tuple[throttling.Rule, ...] = throttling.RULES) -> FastAPI:
    session_factory = install(session_factory or make_engine(get_settings().database_url))

    # The interactive /docs page loads its scripts from a CDN, which the CSP (rightly) forbids;
    # the OpenAPI description itself is served for any client or viewer one runs locally.
    app = FastAPI(
        title="Knowledge Security Desk API",
        version="1",
        description=API_DESCRIPTION,
        openapi_url="/api/v1/openapi.json",
        docs_url=None,
        redoc_url=None,
        dependencies=[Depends(bounded_numbers), Depends(clean_text)],
        lifespan=lifespan,
    )
    app.state.session_factory = session_factory
    app.state.token_use = TokenUse()
    app.state.templates = Templates(MENU, TEMPLATE_PACKAGES)
    # Every deadline computed this year or next needs these; deadlines near 31 December, both.
    this_year = date.today().year
    load_public_holidays((this_year, this_year + 1))

    handlers.install(app)
    # Outermost: even a refused oversized request gets the security headers; a flood is refused
    # before its body is read.
    app.add_middleware(limits.BodyLimit, uploads=UPLOADS)
    if rate_limits:
        app.add_middleware(throttling.RateLimits, storage_url=get_settings().rate_limit_url, rules=rate_limits)
    app.add_middleware(SecurityHeaders)

    app.include_router(assets.router)
    app.mount("/static", StaticFiles(directory=assets.STATIC_DIR), name="static")
    for router in WEB_ROUTERS:
        app.include_router(router)
    for router in API_ROUTERS:
        app.include_router(router, prefix="/api/v1")
    # Last: every API route, whichever module added it, documents its error answers.
    document_errors(app)
    route_by_path_first(app)
    return app
