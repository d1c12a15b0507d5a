"""Administration of the assessment's inputs: rule-set versions, catalogue editions and country notes (administrators only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse, Response

from ksdesk.assessment import inputs
from ksdesk.assessment.catalogues import CATALOGUE_FILES
from ksdesk.errors import Refusal, ValidationFailed
from ksdesk.reasons import TEXTS
from ksdesk.vocab import Role, _
from ksdesk.web.deps import DB, CurrentUser, FormData, say, web_roles
from ksdesk.web.navigation import crumb, crumb_text, home_crumb
from ksdesk.web.routing import Router, attempt, refused
from ksdesk.web.templating import templates

router = Router(prefix="/admin", include_in_schema=False)
Admin = Annotated[CurrentUser, Depends(web_roles(Role.ADMIN))]
MAX_RULES = 2_000_000
MAX_CATALOGUE = 5_000_000


def _worded(words, coded: list[dict] | None) -> list[str]:
    """The problems of a rule set or a catalogue in the reader's language: the line, the field, the
    coded reason (a code without a sentence of its own keeps the English it came with)."""
    out = []
    for p in coded or []:
        text = p["text"]
        if p["code"] in TEXTS:
            text = words.refusal(Refusal(p["code"], p["text"], p["params"]))
        if p["where"]:
            text = f"{p['where']}: {text}"
        out.append(words.gettext(_("line %(n)s: %(problem)s")) % {"n": p["line"], "problem": text}
                   if p["line"] else text)
    return out


def _rule_sets(request: Request, db, values=None, errors=None, problems=None, status_code=200):
    return templates(request).render(request, "assessment/rule_sets.html", {
        "versions": inputs.rule_set_versions(db), "values": values or {}, "form_errors": errors or {},
        "problems": problems or [],
        "notice": _("The new rule set is in force.") if request.query_params.get("notice") == "uploaded" else None,
        "breadcrumbs": [home_crumb(), crumb(_("Rule sets"))],
    }, status_code=status_code)


@router.get("/rule-sets")
def rule_sets(request: Request, db: DB, user: Admin):
    return _rule_sets(request, db)


@router.post("/rule-sets")
def rule_set_upload(request: Request, db: DB, user: Admin, form: FormData):
    upload = form.get("file")
    text = str(form.get("rules", "") or "")
    if upload is not None and hasattr(upload, "file"):
        raw = upload.file.read(MAX_RULES + 1)
        if raw:
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                return _rule_sets(request, db, errors={"file": _("The file is not UTF-8 text.")}, status_code=422)
    if not text.strip():
        return _rule_sets(request, db, errors={"file": _("Choose a rule-set file (YAML) or paste its text.")},
                          status_code=422)
    try:
        with attempt(db):
            inputs.upload_rule_set(db, user.principal, text)
    except ValidationFailed as exc:
        problems = _worded(say(request), exc.params.get("coded")) or exc.params.get("problems") or [exc.message]
        return refused(_rule_sets(request, db, values={"rules": text}, problems=problems, status_code=422,
                          errors={"file": _("The rule set was refused; the rule set in force stays. See the problems below.")}))
    return RedirectResponse("/admin/rule-sets?notice=uploaded", status_code=303)


@router.get("/rule-sets/{number}")
def rule_set_show(request: Request, db: DB, user: Admin, number: int):
    version = inputs.get_rule_set_version(db, number)
    return templates(request).render(request, "assessment/rule_set.html", {
        "version": version,
        "breadcrumbs": [home_crumb(), crumb(_("Rule sets"), "/admin/rule-sets"), crumb_text(version.label)],
    })


@router.get("/rule-sets/{number}/rules.yaml")
def rule_set_download(db: DB, user: Admin, number: int):
    version = inputs.get_rule_set_version(db, number)
    return Response(version.text, media_type="application/yaml; charset=utf-8",
                    headers={"content-disposition": f'attachment; filename="rules-{version.number}.yaml"'})


def _catalogues(request: Request, db, selected=None, values=None, errors=None, problems=None, status_code=200):
    notice = request.query_params.get("notice")
    values = {"catalogue": selected or request.query_params.get("catalogue") or "", **(values or {})}
    rows = inputs.catalogue_overview(db)
    mitigations = say(request).gettext(_("Mitigation measures"))
    return templates(request).render(request, "assessment/catalogues.html", {
        "rows": rows, "values": values, "form_errors": errors or {}, "problems": problems or [],
        "options": [(row["id"], f'{row["title"] or mitigations} ({row["filename"]})') for row in rows],
        "notice": _("The new edition of the catalogue is in force.") if notice == "uploaded" else None,
        "breadcrumbs": [home_crumb(), crumb(_("Catalogues"))],
    }, status_code=status_code)


@router.get("/catalogues")
def catalogues(request: Request, db: DB, user: Admin):
    return _catalogues(request, db)


@router.post("/catalogues")
def catalogue_upload(request: Request, db: DB, user: Admin, form: FormData):
    catalogue_id = str(form.get("catalogue", "") or "")
    upload = form.get("file")
    text = str(form.get("text", "") or "")
    if catalogue_id not in CATALOGUE_FILES:
        return _catalogues(request, db, values={"text": text}, status_code=422,
                           errors={"catalogue": _("Choose the catalogue this file is an edition of.")})
    if upload is not None and hasattr(upload, "file"):
        raw = upload.file.read(MAX_CATALOGUE + 1)
        if len(raw) > MAX_CATALOGUE:
            return _catalogues(request, db, catalogue_id, status_code=422,
                               errors={"file": _("The file is too large.")})
        if raw:
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                return _catalogues(request, db, catalogue_id, errors={"file": _("The file is not UTF-8 text.")},
                                   status_code=422)
    if not text.strip():
        return _catalogues(request, db, catalogue_id, status_code=422,
                           errors={"file": _("Choose a catalogue file or paste its text.")})
    try:
        with attempt(db):
            inputs.upload_catalogue(db, user.principal, catalogue_id, text)
    except ValidationFailed as exc:
        problems = _worded(say(request), exc.params.get("coded")) or exc.params.get("problems") or [exc.message]
        return refused(_catalogues(request, db, catalogue_id, values={"text": text}, problems=problems, status_code=422,
                           errors={"file": _("The catalogue was refused; the edition in force stays. See the problems below.")}))
    return RedirectResponse("/admin/catalogues?notice=uploaded", status_code=303)


@router.get("/catalogues/{catalogue_id}/current")
def catalogue_download(db: DB, user: Admin, catalogue_id: str):
    text = inputs.current_catalogue_text(db, catalogue_id)
    filename = CATALOGUE_FILES[catalogue_id]
    media = "application/json" if filename.endswith(".json") else "application/yaml"
    return Response(text, media_type=f"{media}; charset=utf-8",
                    headers={"content-disposition": f'attachment; filename="{filename}"'})


@router.get("/countries/{code}/notes")
def country_notes(request: Request, db: DB, user: Admin, code: str):
    country = inputs.get_country(db, code)
    return _country_form(request, country, {"notes": country.notes or ""})


def _country_form(request, country, values, errors=None, status_code=200):
    return templates(request).render(request, "assessment/country_notes.html", {
        "country": country, "values": values, "form_errors": errors or {},
        "breadcrumbs": [home_crumb(), crumb(_("Assessment sources"), "/assessment/sources"), crumb_text(country.code)],
    }, status_code=status_code)


@router.post("/countries/{code}/notes")
def country_notes_save(request: Request, db: DB, user: Admin, code: str, form: FormData):
    country = inputs.get_country(db, code)
    notes = str(form.get("notes", ""))
    if len(notes) > 4000:
        return _country_form(request, country, {"notes": notes}, {"notes": _("Use at most 4000 characters.")}, 422)
    inputs.set_country_notes(db, user.principal, code, notes)
    return RedirectResponse(f"/assessment/sources#country-{country.code}", status_code=303)
