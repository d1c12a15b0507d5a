"""The assessment's web pages: parse the request, call the service, render the page."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ksdesk.assessment import forms, inputs, labels, report, service, wording
from ksdesk.errors import NotFound, ValidationFailed
from ksdesk.registry.access import COLLABORATION_READERS
from ksdesk.vocab import _
from ksdesk.web.deps import DB, CurrentUser, FormData, WebUser, say, web_roles
from ksdesk.web.navigation import crumb, crumb_text, home_crumb
from ksdesk.web.routing import Router, attempt, refused
from ksdesk.web.templating import templates

router = Router(include_in_schema=False)
Reader = Annotated[CurrentUser, Depends(web_roles(*COLLABORATION_READERS))]
BASE = "/collaborations/{collaboration_id}/assessment"

NOTICES = {
    "saved": _("The answers were saved and the assessment was run again."),
    "mitigations": _("The chosen mitigations were saved."),
    "status": _("The status of the mitigation was saved."),
    "decided": _("The decision was recorded. This version can no longer be changed."),
    "awaiting": _("The approval was recorded. It waits for a second advisor of your institution to confirm it."),
    "confirmed": _("You confirmed the approval; the collaboration's status follows it."),
    "sent_back": _("The approval was sent back; the version is a draft again."),
    "reassessed": _("The collaboration was assessed again."),
    "note": _("Your institution's note was added."),
}
LABELS = {
    "LEVEL_LABELS": labels.LEVEL_LABELS, "LEVEL_BADGE": labels.LEVEL_BADGE,
    "DECISION_LABELS": labels.DECISION_LABELS, "MITIGATION_STATUS_LABELS": labels.MITIGATION_STATUS_LABELS,
    "FLAG_LABELS": labels.FLAG_LABELS, "ANSWER_LABELS": labels.ANSWER_LABELS,
    "ASSESSMENT_STATUS_LABELS": labels.STATUS_LABELS, **wording.TEMPLATE_LABELS,
    "STRENGTH_LABELS": labels.STRENGTH_LABELS, "CHECKED_LABELS": labels.CHECKED_LABELS,
    "CATALOGUE_LABELS": labels.CATALOGUE_LABELS,
}


def _crumbs(collaboration, *rest):
    return [home_crumb(), crumb(_("Collaborations"), "/collaborations"),
            crumb_text(collaboration.title, f"/collaborations/{collaboration.id}"), *rest]


def _render(request: Request, template: str, context: dict, status_code: int = 200):
    return templates(request).render(request, template, {**LABELS, **context}, status_code=status_code)


def _translated(request: Request, errors: dict[str, str]) -> dict[str, str]:
    gettext = say(request).gettext
    return {k: gettext(v) for k, v in errors.items()}


def _page(request: Request, db, user: CurrentUser, collaboration_id: int, number: int | None = None,
          status_code: int = 200, **extra):
    collaboration = service.collaboration(db, user.principal, collaboration_id)
    stored = (service.get_version(db, user.principal, collaboration_id, number) if number is not None
              else service.latest(db, user.principal, collaboration_id))
    latest = service.latest(db, user.principal, collaboration_id)
    result = service.result_of(stored) if stored else None
    chosen = {m.mitigation_id: m for m in stored.mitigations} if stored else {}
    editable = stored is not None and not stored.decided and latest is not None and stored.id == latest.id
    context = {
        "c": collaboration, "a": stored, "result": result, "chosen": chosen,
        "is_latest": stored is not None and latest is not None and stored.id == latest.id,
        "can_assess": service.can_assess(user.principal) and service.leads(user.principal, collaboration),
        "can_note": service.can_assess(user.principal), "editable": editable,
        "notes": service.notes(db, user.principal, collaboration_id),
        "institution_names": _institution_names(db),
        "blockers": service.approval_blockers(stored) if editable and stored is not None else {},
        "questions_by_id": {q.id: q for q in inputs.parsed(inputs.current_rule_set(db)).questionnaire},
        "flags": service.open_flags(db, user.principal, collaboration_id),
        "versions": service.versions(db, user.principal, collaboration_id),
        "catalogue": inputs.catalogues(db).mitigations,
        "current_rule_set": inputs.current_rule_set(db),
        "QUESTION_LABELS": wording.question_labels(inputs.parsed(inputs.current_rule_set(db))),
        "notice": NOTICES.get(request.query_params.get("notice", "")),
        "breadcrumbs": _crumbs(collaboration, crumb(_("Assessment"))),
        **extra,
    }
    return _render(request, "assessment/assessment.html", context, status_code)


def _institution_names(db) -> dict[int, str]:
    from sqlalchemy import select

    from ksdesk.registry.models import Institution, Organisation

    return dict(db.execute(select(Institution.id, Organisation.name)
                           .join(Organisation, Institution.organisation_id == Organisation.id)).all())


@router.get(BASE)
def assessment_page(request: Request, db: DB, user: Reader, collaboration_id: int):
    return _page(request, db, user, collaboration_id)


@router.get(BASE + "/versions/{number}")
def assessment_version(request: Request, db: DB, user: Reader, collaboration_id: int, number: int):
    return _page(request, db, user, collaboration_id, number)


# ---------------------------------------------------------------- questionnaire


def _questionnaire(request, db, user, collaboration_id, values, errors=None, status_code=200):
    collaboration = service.collaboration(db, user.principal, collaboration_id)
    rule_version = inputs.current_rule_set(db)
    rules = inputs.parsed(rule_version)
    return _render(request, "assessment/questionnaire.html", {
        "c": collaboration, "rules": rules, "rule_version": rule_version, "questions": forms.questions(rules),
        "values": values, "form_errors": errors or {},
        "breadcrumbs": _crumbs(collaboration, crumb(_("Assessment"), f"/collaborations/{collaboration_id}/assessment"),
                               crumb(_("Questionnaire"))),
    }, status_code)


def _require_assessor(user: CurrentUser, db, collaboration_id: int) -> None:
    found = service.collaboration(db, user.principal, collaboration_id)
    if not service.can_assess(user.principal) or not service.leads(user.principal, found):
        raise NotFound("the page was not found", code="page_not_found")


@router.get(BASE + "/questionnaire")
def questionnaire(request: Request, db: DB, user: Reader, collaboration_id: int):
    _require_assessor(user, db, collaboration_id)
    last = service.latest(db, user.principal, collaboration_id)
    rules = inputs.parsed(inputs.current_rule_set(db))
    return _questionnaire(request, db, user, collaboration_id, forms.answer_values(rules, last.answers if last else {}))


@router.post(BASE + "/questionnaire")
def questionnaire_save(request: Request, db: DB, user: Reader, collaboration_id: int, form: FormData):
    _require_assessor(user, db, collaboration_id)
    rules = inputs.parsed(inputs.current_rule_set(db))
    answers, errors, values = forms.parse_answers(rules, form)
    if not errors:
        try:
            with attempt(db):
                service.save_answers(db, user.principal, collaboration_id, answers)
                return RedirectResponse(f"/collaborations/{collaboration_id}/assessment?notice=saved", status_code=303)
        except ValidationFailed as exc:
            return refused(_questionnaire(request, db, user, collaboration_id, values, say(request).service(exc), 422))
    return _questionnaire(request, db, user, collaboration_id, values, _translated(request, errors), 422)


# ---------------------------------------------------------------- mitigations, decision, re-assessment


@router.post(BASE + "/mitigations")
def mitigations_choose(request: Request, db: DB, user: Reader, collaboration_id: int, form: FormData):
    _require_assessor(user, db, collaboration_id)
    chosen = [str(v) for v in form.getlist("mitigation")] if hasattr(form, "getlist") else []
    try:
        with attempt(db):
            service.choose_mitigations(db, user.principal, collaboration_id, chosen)
    except ValidationFailed:
        return refused(_page(request, db, user, collaboration_id, status_code=422,
                     form_errors=_translated(request, {"mitigations": _("These mitigations cannot be chosen now.")})))
    return RedirectResponse(f"/collaborations/{collaboration_id}/assessment?notice=mitigations#mitigations",
                            status_code=303)


@router.post(BASE + "/mitigations/{mitigation_id}")
def mitigation_status(request: Request, db: DB, user: Reader, collaboration_id: int, mitigation_id: str,
                      form: FormData):
    _require_assessor(user, db, collaboration_id)
    field = f"status-{mitigation_id}"
    try:
        with attempt(db):
            service.set_mitigation_status(db, user.principal, collaboration_id, mitigation_id,
                                          str(form.get("status", "")), str(form.get("note", "")))
    except ValidationFailed:
        return refused(_page(request, db, user, collaboration_id, status_code=422,
                     form_errors=_translated(request, {field: _("Choose one of the options.")})))
    return RedirectResponse(f"/collaborations/{collaboration_id}/assessment?notice=status#mitigations",
                            status_code=303)


@router.post(BASE + "/decision")
def decision(request: Request, db: DB, user: Reader, collaboration_id: int, form: FormData):
    _require_assessor(user, db, collaboration_id)
    values = {k: str(form.get(k, "")) for k in ("decision", "reasons", "question_text", "override_reason", "confirm")}
    try:
        with attempt(db):
            service.decide(db, user.principal, collaboration_id, values["decision"], values["reasons"],
                           values["question_text"] or None, values["override_reason"] or None,
                           confirmed=bool(values["confirm"]))
    except ValidationFailed as exc:
        words = say(request)
        errors = words.service(exc)
        if any(k.startswith(("subject", "text", "topics", "asker")) for k in exc.field_errors):
            # The question to the desk is refused by the desk's own rules, field by field.
            errors = {"question_text": words.gettext(
                _("The question to the desk was not accepted: write at least a few sentences."))}
        return refused(_page(request, db, user, collaboration_id, status_code=422, values=values, form_errors=errors))
    latest = service.latest(db, user.principal, collaboration_id)
    notice = "awaiting" if latest is not None and latest.awaiting else "decided"
    return RedirectResponse(f"/collaborations/{collaboration_id}/assessment?notice={notice}", status_code=303)


@router.post(BASE + "/confirmation")
def confirmation(request: Request, db: DB, user: Reader, collaboration_id: int, form: FormData):
    """The second advisor confirms a high-risk approval, or sends it back with a reason."""
    _require_assessor(user, db, collaboration_id)
    values = {k: str(form.get(k, "")) for k in ("confirmation", "confirmation_reason")}
    if values["confirmation"] not in ("confirm", "send_back"):
        return refused(_page(request, db, user, collaboration_id, status_code=422, values=values,
                             form_errors=_translated(request, {"confirmation": _("Choose one of the options.")})))
    confirm = values["confirmation"] == "confirm"
    try:
        with attempt(db):
            service.confirm_decision(db, user.principal, collaboration_id, confirm,
                                     values["confirmation_reason"] or None)
    except ValidationFailed as exc:
        errors = {"confirmation_reason" if k == "reason" else k: v for k, v in say(request).service(exc).items()}
        return refused(_page(request, db, user, collaboration_id, status_code=422, values=values, form_errors=errors))
    return RedirectResponse(f"/collaborations/{collaboration_id}/assessment?notice="
                            f"{'confirmed' if confirm else 'sent_back'}#decision", status_code=303)


@router.post(BASE + "/notes")
def add_note(request: Request, db: DB, user: Reader, collaboration_id: int, form: FormData):
    service.collaboration(db, user.principal, collaboration_id)
    if not service.can_assess(user.principal):
        raise NotFound("the page was not found", code="page_not_found")
    values = {"note": str(form.get("note", ""))}
    try:
        with attempt(db):
            service.add_note(db, user.principal, collaboration_id, values["note"])
    except ValidationFailed as exc:
        errors = {"note" if k == "text" else k: v for k, v in say(request).service(exc).items()}
        return refused(_page(request, db, user, collaboration_id, status_code=422, values=values, form_errors=errors))
    return RedirectResponse(f"/collaborations/{collaboration_id}/assessment?notice=note#notes", status_code=303)


@router.post(BASE + "/reassess")
def reassess(request: Request, db: DB, user: Reader, collaboration_id: int, form: FormData):
    _require_assessor(user, db, collaboration_id)
    service.reassess(db, user.principal, collaboration_id)
    return RedirectResponse(f"/collaborations/{collaboration_id}/assessment?notice=reassessed", status_code=303)


# ---------------------------------------------------------------- what-if


def _what_if(request: Request, db, user: CurrentUser, collaboration_id: int, form):
    collaboration = service.collaboration(db, user.principal, collaboration_id)
    rules = inputs.parsed(inputs.current_rule_set(db))
    last = service.latest(db, user.principal, collaboration_id)
    saved = last.answers if last else {}
    record = service.collaboration_record(collaboration)
    errors: dict[str, str] = {}
    result, values = None, forms.answer_values(rules, saved)
    values["state_share"] = f"{forms.state_share(record):g}"
    values["facilities_provider"] = record.get("facilities_provider") or ""
    if form is not None:
        answers, errors, values = forms.parse_answers(rules, form)
        share, share_error = forms.parse_share(str(form.get("state_share", "")))
        values["state_share"] = str(form.get("state_share", ""))
        values["facilities_provider"] = str(form.get("facilities_provider", ""))
        if share_error:
            errors["state_share"] = share_error
        if not errors:
            changes = {q.id: answers.get(q.id) for q in forms.questions(rules)}
            collab_changes: dict[str, Any] = {}
            if share is not None and share != forms.state_share(record):
                collab_changes["funding"] = forms.funding_with_state_share(record, share)
            if values["facilities_provider"] in ("dutch_institution", "partner", "shared", "none"):
                collab_changes["facilities_provider"] = values["facilities_provider"]
            result = service.what_if_for(db, user.principal, collaboration_id, changes, collab_changes)
    return _render(request, "assessment/what_if.html", {
        "c": collaboration, "questions": forms.questions(rules), "values": values,
        "form_errors": _translated(request, errors), "w": result,
        "QUESTION_LABELS": wording.question_labels(rules),
        "breadcrumbs": _crumbs(collaboration, crumb(_("Assessment"), f"/collaborations/{collaboration_id}/assessment"),
                               crumb(_("What if?"))),
    }, 422 if errors else 200)


@router.get(BASE + "/what-if")
def what_if_page(request: Request, db: DB, user: Reader, collaboration_id: int):
    return _what_if(request, db, user, collaboration_id, None)


@router.post(BASE + "/what-if")
def what_if_run(request: Request, db: DB, user: Reader, collaboration_id: int, form: FormData):
    # Nothing is stored: the transaction of this request changes no row.
    return _what_if(request, db, user, collaboration_id, form)


# ---------------------------------------------------------------- report


@router.get(BASE + "/versions/{number}/report")
def report_html(request: Request, db: DB, user: Reader, collaboration_id: int, number: int, print: int = 0):
    if print:
        # Exactly the HTML the PDF is made from, for checking and for printing from the browser.
        return HTMLResponse(report.render_print_html(request, db, user, collaboration_id, number))
    return report.html_response(request, db, user, collaboration_id, number)


@router.get(BASE + "/versions/{number}/report.pdf")
def report_pdf(request: Request, db: DB, user: Reader, collaboration_id: int, number: int):
    pdf = report.pdf(request, db, user, collaboration_id, number)
    return Response(pdf, media_type="application/pdf", headers={
        "content-disposition": f'attachment; filename="assessment-{collaboration_id}-v{number}.pdf"'})


# ---------------------------------------------------------------- sources of the assessment


@router.get("/assessment/sources")
def sources(request: Request, db: DB, user: WebUser):
    rule_version = inputs.current_rule_set(db)
    cats = inputs.catalogues(db)
    return _render(request, "assessment/sources.html", {
        "rule_version": rule_version, "rules": inputs.parsed(rule_version), "catalogues": cats,
        "country_sources": inputs.country_indicator_sources(db), "country_edition": inputs.country_edition_label(db),
        "countries": countries_rows(db, request),
        "breadcrumbs": [home_crumb(), crumb(_("Assessment sources"))],
    })


def countries_rows(db, request: Request) -> list[dict]:
    from ksdesk.registry import service as registry
    from ksdesk.web.deps import language

    lang = language(request)
    indicators = inputs.country_indicators(db)
    return [{"code": c.code, "name": c.name(lang), "ikt": c.ikt_standing, "notes": c.notes,
             **{k: indicators.get(c.code, {}).get(k) for k in ("fh_status", "fh_total", "vdem_academic_freedom")}}
            for c in sorted(registry.list_countries(db), key=lambda c: c.name(lang))]
