"""Closure days (administrators) and the desk's figures (desk, analysts, administrators)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse

from ksdesk.desk import deadlines, figures, policy
from ksdesk.desk.render import render
from ksdesk.desk.vocab import HOLIDAY_LABELS
from ksdesk.errors import NotFound, ValidationFailed
from ksdesk.notifications.service import desk_officers
from ksdesk.vocab import Role, _
from ksdesk.web.deps import DB, CurrentUser, FormData, say, web_roles
from ksdesk.web.navigation import crumb, home_crumb
from ksdesk.web.routing import Router, attempt, refused

router = Router(include_in_schema=False)
Admin = Annotated[CurrentUser, Depends(web_roles(Role.ADMIN))]
FigureReader = Annotated[CurrentUser, Depends(web_roles(*figures.FIGURE_READERS))]

NOTICES = {"added": _("The closure day was added; open questions got new deadlines where needed."),
           "removed": _("The closure day was removed; open questions got new deadlines where needed."),
           "holidays": _("The holiday choices were saved; open questions got new deadlines where needed.")}
HOLIDAY_OPTIONS = [("default", _("As the holiday calendar says")), ("closed", _("The desk is closed")),
                   ("works", _("The desk works"))]
HOLIDAY_DEFAULTS = {"closed": _("Without a decision: closed"),
                    "lustrum": _("Without a decision: closed only every fifth year (2025, 2030, ...)")}


def _closure_page(request, db, *, values=None, errors=None, status_code=200, holidays_refused=False):
    holidays = deadlines.holiday_overview(db, deadlines.amsterdam_today().year)
    for holiday in holidays:
        holiday["label"] = HOLIDAY_LABELS[holiday["code"]]
        holiday["by_default"] = HOLIDAY_DEFAULTS[holiday["by_default"]]
    shown = {f"holiday-{h['code']}": h["choice"] for h in holidays}
    return render(request, "desk/closure_days.html", {
        "days": deadlines.list_closure_days(db, from_day=deadlines.amsterdam_today().replace(month=1, day=1)),
        "holidays": holidays, "holiday_options": [(v, say(request).gettext(t)) for v, t in HOLIDAY_OPTIONS],
        "values": {**shown, **(values or {})}, "form_errors": errors or {},
        "message": _("The closure day was not added. Correct the fields below.") if errors and not holidays_refused
        else None,
        "holiday_message": _("The holiday choices were not saved. Correct the fields below.") if holidays_refused
        else None,
        "notice": None if errors else NOTICES.get(request.query_params.get("notice", "")),
        "breadcrumbs": [home_crumb(), crumb(_("Desk closure days"))],
    }, status_code=status_code)


@router.get("/desk/closure-days")
def closure_days(request: Request, db: DB, user: Admin):
    return _closure_page(request, db)


@router.post("/desk/closure-days")
def closure_day_add(request: Request, db: DB, user: Admin, form: FormData):
    confirm_past = str(form.get("confirm_past", "")) == "on"
    values: dict[str, object] = {"day": str(form.get("day", "")).strip(), "reason": str(form.get("reason", "")),
                                 "confirm_past": confirm_past}
    words = say(request)
    try:
        day = date.fromisoformat(str(values["day"]))
    except ValueError:
        return _closure_page(request, db, values=values, status_code=422, errors={
            "day": words.gettext(_("Enter a date as YYYY-MM-DD, e.g. 2026-03-01."))})
    try:
        with attempt(db):
            deadlines.add_closure_day(db, user.principal, day, str(values["reason"]),
                                      confirm_past=confirm_past)
    except ValidationFailed as exc:
        return refused(_closure_page(request, db, values=values, errors=words.service(exc), status_code=422))
    return RedirectResponse("/desk/closure-days?notice=added", status_code=303)


@router.post("/desk/closure-days/{day}/remove")
def closure_day_remove(request: Request, db: DB, user: Admin, day: str):
    try:
        parsed = date.fromisoformat(day)
    except ValueError as exc:
        raise NotFound("the page was not found", code="page_not_found") from exc
    deadlines.remove_closure_day(db, user.principal, parsed)
    return RedirectResponse("/desk/closure-days?notice=removed", status_code=303)


@router.post("/desk/holidays")
def holiday_choices_save(request: Request, db: DB, user: Admin, form: FormData):
    choices = {key.removeprefix("holiday-"): str(value) for key, value in form.multi_items()
               if key.startswith("holiday-")}
    try:
        with attempt(db):
            deadlines.save_holiday_choices(db, user.principal, choices)
    except ValidationFailed as exc:
        errors = {f"holiday-{k}": v for k, v in say(request).service(exc).items()}
        return refused(_closure_page(request, db, values={f"holiday-{k}": v for k, v in choices.items()},
                                     errors=errors, status_code=422, holidays_refused=True))
    return RedirectResponse("/desk/closure-days?notice=holidays", status_code=303)


def _ministries_page(request, db, *, values=None, errors=None, status_code=200):
    days = policy.ministry_days(db)
    lead = policy.desk_lead(db)
    return render(request, "desk/ministries.html", {
        "days": days,
        "officers": [(str(u.id), u.name) for u in desk_officers(db)],
        "values": values or {**{f"days-{k}": str(v) for k, v in days.items()}, "lead": str(lead.id) if lead else ""},
        "form_errors": errors or {},
        "message": _("The settings were not saved. Correct the fields below.") if errors else None,
        "notice": None if errors else (_("The settings were saved.") if request.query_params.get("notice") else None),
        "breadcrumbs": [home_crumb(), crumb(_("Ministries and escalation"))],
    }, status_code=status_code)


@router.get("/desk/ministries")
def ministries(request: Request, db: DB, user: Admin):
    return _ministries_page(request, db)


@router.post("/desk/ministries")
def ministries_save(request: Request, db: DB, user: Admin, form: FormData):
    values = {key: str(form.get(key, "")) for key in form.keys()}
    lead = values.get("lead", "").strip()
    try:
        with attempt(db):
            policy.set_ministry_days(db, user.principal, {k.removeprefix("days-"): v for k, v in values.items()
                                                          if k.startswith("days-")})
            policy.set_desk_lead(db, user.principal, int(lead) if lead.isdigit() else None)
    except ValidationFailed as exc:
        return refused(_ministries_page(request, db, values=values, errors=say(request).service(exc),
                                        status_code=422))
    return RedirectResponse("/desk/ministries?notice=saved", status_code=303)


def _retention_page(request, db, *, values=None, errors=None, status_code=200):
    months = policy.retention_months(db)
    return render(request, "desk/retention.html", {
        "kinds": policy.RETENTION_KINDS,
        "values": values or {f"months-{k}": str(v) for k, v in months.items()},
        "form_errors": errors or {},
        "message": _("The settings were not saved. Correct the fields below.") if errors else None,
        "notice": None if errors else (_("The settings were saved.") if request.query_params.get("notice") else None),
        "breadcrumbs": [home_crumb(), crumb(_("Retention of personal data"))],
    }, status_code=status_code)


@router.get("/desk/retention")
def retention_terms(request: Request, db: DB, user: Admin):
    return _retention_page(request, db)


@router.post("/desk/retention")
def retention_save(request: Request, db: DB, user: Admin, form: FormData):
    values = {key: str(form.get(key, "")) for key in form.keys()}
    try:
        with attempt(db):
            policy.set_retention_months(db, user.principal, {k.removeprefix("months-"): v for k, v in values.items()
                                                             if k.startswith("months-")})
    except ValidationFailed as exc:
        return refused(_retention_page(request, db, values=values, errors=say(request).service(exc),
                                       status_code=422))
    return RedirectResponse("/desk/retention?notice=saved", status_code=303)


def _month(value: str, fallback: date) -> date:
    try:
        year, month = (int(part) for part in value.split("-"))
        return date(year, month, 1)
    except (ValueError, TypeError):
        return fallback


@router.get("/desk/figures")
def desk_figures(request: Request, db: DB, user: FigureReader, first: str = "", last: str = ""):
    today = deadlines.amsterdam_today()
    default_first = date(today.year - 1 if today.month < 12 else today.year, today.month % 12 + 1, 1)
    start, end = _month(first, default_first), _month(last, today.replace(day=1))
    if end < start or (end.year - start.year) * 12 + end.month - start.month > 60:
        start, end = default_first, today.replace(day=1)
    rows = figures.monthly_figures(db, user.principal, start, end)
    return render(request, "desk/figures.html", {
        "rows": rows,
        "officers": figures.officer_figures(db, user.principal, start, end)
        if user.principal.has_role(*figures.OFFICER_FIGURE_READERS) else None,
        "ministries": figures.ministry_figures(db, user.principal, start, end),
        "tags": figures.tag_figures(db, user.principal, start, end)
        if user.principal.has_role(*figures.OFFICER_FIGURE_READERS) else None,
        "values": {"first": start.strftime("%Y-%m"), "last": end.strftime("%Y-%m")},
        "breadcrumbs": [home_crumb(), crumb(_("Desk figures"))],
    })
