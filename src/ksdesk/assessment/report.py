"""The assessment report a board signs off: one template, as a web page and as a PDF."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from fastapi import Request

from ksdesk.assessment import inputs, labels, service, wording
from ksdesk.vocab import _
from ksdesk.web.deps import CurrentUser, language
from ksdesk.web.navigation import crumb, crumb_text, home_crumb
from ksdesk.web.templating import templates

CSS = Path(__file__).resolve().parent / "report.css"


def _context(db, user: CurrentUser, collaboration_id: int, number: int) -> dict:
    collaboration = service.collaboration(db, user.principal, collaboration_id)
    stored = service.get_version(db, user.principal, collaboration_id, number)
    return {
        "c": collaboration, "a": stored, "result": service.result_of(stored),
        "hits": stored.inputs.get("screening_hits", []), "country_edition": stored.inputs.get("country_indicators"),
        "catalogue": inputs.catalogues(db).mitigations,
        "LEVEL_LABELS": labels.LEVEL_LABELS, "LEVEL_BADGE": labels.LEVEL_BADGE,
        "DECISION_LABELS": labels.DECISION_LABELS, "MITIGATION_STATUS_LABELS": labels.MITIGATION_STATUS_LABELS,
        "ANSWER_LABELS": labels.ANSWER_LABELS, "ASSESSMENT_STATUS_LABELS": labels.STATUS_LABELS,
        "FLAG_LABELS": labels.FLAG_LABELS, **wording.TEMPLATE_LABELS,
        "QUESTION_LABELS": wording.question_labels(inputs.parsed(inputs.current_rule_set(db))),
    "STRENGTH_LABELS": labels.STRENGTH_LABELS, "CHECKED_LABELS": labels.CHECKED_LABELS,
    "CATALOGUE_LABELS": labels.CATALOGUE_LABELS,
    }


def html_response(request: Request, db, user: CurrentUser, collaboration_id: int, number: int):
    context = _context(db, user, collaboration_id, number)
    c = context["c"]
    context["breadcrumbs"] = [
        home_crumb(), crumb(_("Collaborations"), "/collaborations"), crumb_text(c.title, f"/collaborations/{c.id}"),
        crumb(_("Assessment"), f"/collaborations/{c.id}/assessment"), crumb(_("Report")),
    ]
    return templates(request).render(request, "assessment/report.html", context)


def render_print_html(request: Request, db, user: CurrentUser, collaboration_id: int, number: int) -> str:
    """The HTML that becomes the PDF: the report without the site around it."""
    env = templates(request).environments[language(request)]
    context = _context(db, user, collaboration_id, number)
    return env.get_template("assessment/report_print.html").render(
        {**context, "request": request, "user": user, "csrf_token": "", "form_errors": {}, "values": {}})


def pdf(request: Request, db, user: CurrentUser, collaboration_id: int, number: int) -> bytes:
    return pdf_from_html(render_print_html(request, db, user, collaboration_id, number))


def pdf_from_html(html: str) -> bytes:
    from weasyprint import CSS as WeasyCSS
    from weasyprint import HTML

    # No base_url: the report has no external resources, and must fetch nothing.
    return HTML(string=html).write_pdf(stylesheets=[WeasyCSS(string=_css())])


@lru_cache(maxsize=1)
def _css() -> str:
    return CSS.read_text(encoding="utf-8")
