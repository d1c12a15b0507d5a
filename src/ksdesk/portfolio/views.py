"""The portfolio's web pages and downloads: parse the filter, call the service, render or export."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import urlencode

from fastapi import Depends, Request
from fastapi.responses import Response
from sqlalchemy import select

from ksdesk.country_names import options_in
from ksdesk.desk.figures import FIGURE_READERS
from ksdesk.errors import NotFound, Refusal, ValidationFailed
from ksdesk.portfolio import charts, export, labels, scope, service, worldmap
from ksdesk.portfolio.figures import Figure
from ksdesk.portfolio.scope import PORTFOLIO_READERS, PortfolioFilter, validate
from ksdesk.registry.models import CountryProfile
from ksdesk.vocab import Role, _
from ksdesk.web.deps import DB, CurrentUser, language, say, web_roles
from ksdesk.web.navigation import crumb, home_crumb
from ksdesk.web.routing import Router
from ksdesk.web.templating import templates

router = Router(include_in_schema=False)
MAP = "map"
PortfolioUser = Annotated[CurrentUser, Depends(web_roles(*PORTFOLIO_READERS))]
DeskFiguresUser = Annotated[CurrentUser, Depends(web_roles(*FIGURE_READERS))]

CHART_DESCRIPTION = {
    "bar": _("Bar chart with the value at the end of each bar. The table below the chart gives every value."),
    "bars": _("Bar chart with one bar per series and the value at the end of each bar. The table below the "
              "chart gives every value."),
    "line": _("Line chart with one line per series and the values at the points. The table below the chart "
              "gives every value."),
    "map": _("World map in which darker countries have more collaborations. The table below the map gives "
             "every value."),
}


def _int(value: str | None, key: str, errors: dict[str, Refusal]) -> int | None:
    if value is None or not value.strip():
        return None
    try:
        return int(value.strip())
    except ValueError:
        errors[key] = Refusal("int_parsing", "enter a whole number")
        return None


def parse_filter(request: Request, db, user: CurrentUser | None) -> PortfolioFilter:
    q = request.query_params
    errors: dict[str, Refusal] = {}
    f = PortfolioFilter(
        institution_id=_int(q.get("institution"), "institution", errors),
        country=q.get("country") or None,
        year_from=_int(q.get("from"), "from", errors),
        year_to=_int(q.get("to"), "to", errors),
        form=q.get("form") or None,
    )
    if errors:
        raise ValidationFailed("the filter could not be applied", code="filter_refused", field_errors=errors)
    codes = set(db.scalars(select(CountryProfile.code)))
    return validate(f, codes)


def _query(f: PortfolioFilter) -> str:
    params = f.query()
    return "?" + urlencode(params) if params else ""


def _chart(figure: Figure, gettext) -> object:
    return charts.render(figure, title=figure.title, description=gettext(CHART_DESCRIPTION[figure.kind]),
                         unit=figure.unit)


def _values(request: Request) -> dict[str, str]:
    q = request.query_params
    return {k: q.get(k, "") for k in ("institution", "country", "from", "to", "form")}


def _options(db, request: Request) -> list[tuple[str, str]]:
    # The Netherlands is home, never a partner country.
    return options_in(language(request), without=frozenset({"NL"}))


@router.get("/portfolio")
def portfolio_page(request: Request, db: DB, user: PortfolioUser):
    words = say(request)
    context: dict = {
        "values": _values(request), "countries": _options(db, request),
        "institutions": service.institutions(db) if user.role is not Role.ADVISOR else [],
        "breadcrumbs": [home_crumb(), crumb(_("Portfolio"))],
        "overview": None, "charts": {}, "query": "", "map": None,
        "can_see_desk": user.has_role(*FIGURE_READERS),
    }
    try:
        f = parse_filter(request, db, user)
        scope.fixed_period(user.principal, f)
    except ValidationFailed as exc:
        context["form_errors"] = words.service(exc)
        return templates(request).render(request, "portfolio/overview.html", context, status_code=422)
    overview = service.overview(db, user.principal, f, language=language(request), gettext=words.gettext)
    by_country = overview.figure("by-country")
    translate = words.gettext
    context.update({
        "overview": overview,
        "query": _query(overview.scope.filter),
        "charts": {fig.id: _chart(fig, words.gettext) for fig in overview.figures
                   if not fig.empty},
        "map": worldmap.render(
            {c.key: cells[0] for c, cells in by_country.rows},
            {c.key: c.label for c in by_country.categories},
            element_id="chart-map", title=translate(labels.TITLES[MAP]),
            description=words.gettext(CHART_DESCRIPTION[MAP]),
            legend_title=words.gettext(_("Collaborations")), no_data_label=words.gettext(_("None")),
        ),
        "institution_name": _institution_name(db, overview.scope.filter.institution_id, language(request)),
    })
    return templates(request).render(request, "portfolio/overview.html", context)


def _institution_name(db, institution_id: int | None, lang: str) -> str | None:
    if institution_id is None:
        return None
    match = next((i for i in service.institutions(db) if i.id == institution_id), None)
    if match is None:
        raise NotFound("the page was not found", code="page_not_found")
    return match.name_in(lang)


def _download(body: str, name: str, fmt: str) -> Response:
    media = "text/csv; charset=utf-8" if fmt == "csv" else "application/json"
    return Response(body, media_type=media, headers={"content-disposition": f'attachment; filename="{name}.{fmt}"'})


@router.get("/portfolio/export.{fmt}")
def portfolio_export(request: Request, db: DB, user: PortfolioUser, fmt: str):
    if fmt not in ("csv", "json"):
        raise NotFound("the page was not found", code="page_not_found")
    words = say(request)
    f = parse_filter(request, db, user)
    overview = service.overview(db, user.principal, f, language=language(request), gettext=words.gettext)
    body = export.overview_csv(overview, words.gettext) if fmt == "csv" else export.overview_json(overview)
    return _download(body, "portfolio", fmt)


@router.get("/portfolio/charts/{figure_id}.csv")
def portfolio_chart_csv(request: Request, db: DB, user: PortfolioUser, figure_id: str):
    words = say(request)
    f = parse_filter(request, db, user)
    overview = service.overview(db, user.principal, f, language=language(request), gettext=words.gettext)
    figure = next((x for x in overview.figures if x.id == figure_id), None)
    if figure is None:
        raise NotFound("the page was not found", code="page_not_found")
    return _download(export.figure_csv(figure, words.gettext), f"portfolio-{figure_id}", "csv")


def _desk_figures(request: Request, db, user: CurrentUser):
    words = say(request)
    f = parse_filter(request, db, user)
    return f, service.desk(db, user.principal, f, gettext=words.gettext, today=date.today())


@router.get("/portfolio/desk")
def desk_page(request: Request, db: DB, user: DeskFiguresUser):
    words = say(request)
    context: dict = {
        "values": _values(request), "breadcrumbs": [home_crumb(), crumb(_("Desk charts"))],
        "figures": [], "charts": {}, "query": "",
        "can_see_portfolio": user.has_role(*PORTFOLIO_READERS),
    }
    try:
        f, figures = _desk_figures(request, db, user)
    except ValidationFailed as exc:
        context["form_errors"] = words.service(exc)
        return templates(request).render(request, "portfolio/desk.html", context, status_code=422)
    context.update({
        "figures": figures, "query": _query(f),
        "charts": {fig.id: _chart(fig, words.gettext) for fig in figures if not fig.empty},
    })
    return templates(request).render(request, "portfolio/desk.html", context)


@router.get("/portfolio/desk/charts/{figure_id}.csv")
def desk_chart_csv(request: Request, db: DB, user: DeskFiguresUser, figure_id: str):
    words = say(request)
    _f, figures = _desk_figures(request, db, user)
    figure = next((x for x in figures if x.id == figure_id), None)
    if figure is None:
        raise NotFound("the page was not found", code="page_not_found")
    return _download(export.figure_csv(figure, words.gettext), f"desk-{figure_id}", "csv")
