"""The desk officers' pages: the queue, one question with everything done to it, search, templates."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Query, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import select

from ksdesk.accounts.models import User
from ksdesk.accounts.names import names_of
from ksdesk.country_names import names_in
from ksdesk.desk import coordination, inbound, knowledge, mail, messages, queue, service, tags
from ksdesk.desk.events import EVENT_LABELS
from ksdesk.desk.render import render
from ksdesk.desk.vocab import OPEN_STATUSES, Audience, QuestionStatus
from ksdesk.errors import Conflict, NotFound, ValidationFailed
from ksdesk.settings import get_settings
from ksdesk.vocab import Ministry, Role, _
from ksdesk.web.deps import DB, CurrentUser, FormData, language, say, web_roles
from ksdesk.web.navigation import crumb, crumb_text, home_crumb
from ksdesk.web.pagination import Pagination
from ksdesk.web.routing import Router, attempt, refused

router = Router(include_in_schema=False)
Officer = Annotated[CurrentUser, Depends(web_roles(Role.DESK_OFFICER))]
PageNumber = Annotated[int, Query(ge=1, le=100000)]

NOTICES = {
    "assigned": _("The assignment was saved."),
    "bulk_assigned": _("The selected questions were assigned."),
    "status": _("The status was changed."),
    "paused": _("The clock is stopped until the asker replies."),
    "resumed": _("The clock runs again."),
    "coordination": _("The ministries were asked for advice."),
    "reply": _("The reply was saved and will be e-mailed to the asker."),
    "note": _("The internal note was saved."),
    "resent": _("The e-mail was put back in the queue to be sent."),
    "published": _("The entry was published in the knowledge base."),
    "template": _("The template was saved."),
    "tagged": _("The tag was added."),
    "untagged": _("The tag was removed."),
}
CONFLICT = _("Someone else changed this question in the meantime. Nothing was saved. Look at the current "
             "version below and make your change again.")


def _notice(request: Request) -> str | None:
    return NOTICES.get(request.query_params.get("notice", ""))


def _version(form) -> int | None:
    value = str(form.get("version", "")).strip()
    return int(value) if value.isdigit() else None


def active_officers(db) -> list[User]:
    return list(db.scalars(select(User).where(User.role == Role.DESK_OFFICER.value, User.active.is_(True))
                           .order_by(User.name)))


# ---------------------------------------------------------------- the queue


def _queue_page(request: Request, db, user: CurrentUser, status: str = "", assigned: str = "", deadline: str = "",
                page: int = 1, tag: str = "", *, errors: dict | None = None, values: dict | None = None,
                status_code: int = 200):
    size = get_settings().page_size
    statuses = [s.value for s in QuestionStatus]
    wanted = tags.normalise(tag)
    assigned_to = {"me": user.principal.user_id, "none": "none"}.get(assigned)
    items, total = queue.list_queue(
        db, user.principal, status=status if status in statuses else None, assigned_to=assigned_to,
        overdue=deadline == "overdue", due_soon=deadline == "due_soon", tag=wanted or None, page=page,
        page_size=size,
    )
    # A tag asked for that no question carries any longer stays chosen, with nothing found.
    in_use = tags.tags_in_use(db, user.principal)
    if wanted and wanted not in dict(in_use):
        in_use.append((wanted, 0))
    return render(request, "desk/queue.html", {
        "items": items, "pagination": Pagination(page, size, total),
        "counts": queue.queue_counts(db, user.principal),
        "officer_options": [("me", say(request).gettext(_("Me"))),
                            *((str(o.id), o.name) for o in active_officers(db)),
                            ("none", say(request).gettext(_("Nobody")))],
        "tag_options": [(t, f"{t} ({n})") for t, n in in_use],
        "values": {"status": status, "assigned": assigned, "deadline": deadline, "tag": wanted,
                   **(values or {})},
        "form_errors": errors or {},
        "message": _("Nothing was assigned. Correct the marked field.") if errors else None,
        "notice": None if errors else _notice(request),
        "open_statuses": [s.value for s in OPEN_STATUSES],
        "breadcrumbs": [home_crumb(), crumb(_("Question queue"))],
    }, status_code=status_code)


@router.get("/desk/queue")
def queue_page(request: Request, db: DB, user: Officer, status: str = "", assigned: str = "",
               deadline: str = "", page: PageNumber = 1, tag: Annotated[str, Query(max_length=100)] = ""):
    return _queue_page(request, db, user, status, assigned, deadline, page, tag)


@router.post("/desk/queue/assign")
def queue_assign(request: Request, db: DB, user: Officer, form: FormData):
    ids = [int(str(v)) for v in form.getlist("question_id") if str(v).isdigit()]
    raw = str(form.get("bulk-officer_id", "")).strip()
    officer_id = user.principal.user_id if raw == "me" else (int(raw) if raw.isdigit() else None)
    try:
        with attempt(db):
            if raw not in ("me", "none") and officer_id is None:
                raise ValidationFailed.of_field("officer_id", "officer_unknown", "not an active desk officer")
            service.assign_many(db, user.principal, ids, officer_id)
    except ValidationFailed as exc:
        errors = {f"bulk-{k}": v for k, v in say(request).service(exc).items()}
        return refused(_queue_page(request, db, user, errors=errors, values={"bulk-officer_id": raw},
                                   status_code=422))
    return RedirectResponse("/desk/queue?notice=bulk_assigned", status_code=303)


# ---------------------------------------------------------------- one question


def _detail(request: Request, db, user: CurrentUser, question_id: int, *, status_code: int = 200,
            errors: dict | None = None, values: dict | None = None, message: str | None = None):
    detail = service.question_detail(db, user.principal, question_id)
    question = detail.question
    values = dict(values or {})
    template_id = request.query_params.get("template", "")
    if template_id.isdigit() and "reply-body" not in values:
        values["reply-body"] = messages.render_template(db, user.principal, int(template_id), question_id)
        values["reply-template_id"] = template_id
    asked = {r.ministry for r in question.coordination if r.status != "withdrawn"}
    now, soon = _now_and_soon(db)
    warning = queue.warning_for(question, now, soon)
    return render(request, "desk/question.html", {
        "q": question, "detail": detail, "warning": warning, "now": now,
        "stalled_mail": {m.id for m in detail.outbox if mail.stalled(m, now)},
        "stalled_minutes": get_settings().stalled_after_minutes,
        "EVENT_LABELS": EVENT_LABELS, "actor_names": names_of(db, (e.actor_id for e in detail.history)),
        "officers": active_officers(db),
        "tags": tags.tags_of(db, question.id), "tags_in_use": tags.tags_in_use(db, user.principal),
        "templates": messages.list_templates(db, user.principal),
        "similar": knowledge.similar_answers(db, user.principal, question_id),
        "ministries_left": [m.value for m in Ministry if m.value not in asked],
        "is_open": question.status in OPEN_STATUSES,
        "institution": question.institution_id and _institution_name(db, question.institution_id, language(request)),
        "country_names": names_in(language(request)),
        "public_messages": [m for m in detail.messages if m.audience == Audience.PUBLIC.value],
        "internal_notes": [m for m in detail.messages if m.audience == Audience.INTERNAL.value],
        "notice": None if errors or message else _notice(request),
        "message": message,
        "values": values, "form_errors": errors or {},
        "breadcrumbs": [home_crumb(), crumb(_("Question queue"), "/desk/queue"), crumb_text(question.reference)],
    }, status_code=status_code)


def _now_and_soon(db):
    from ksdesk.db import utcnow

    now = utcnow()
    return now, queue.due_soon_threshold(db, now)


def _institution_name(db, institution_id: int, lang: str) -> str | None:
    from ksdesk.registry.models import Institution

    institution = db.get(Institution, institution_id)
    return institution.name_in(lang) if institution else None


def _act(request: Request, db, user: CurrentUser, question_id: int, prefix: str, notice: str, values: dict, do):
    """Runs one officer action; on bad input the page comes back with the errors under the form used."""
    try:
        with attempt(db):
            do()
    except ValidationFailed as exc:
        errors = {f"{prefix}-{k}": v for k, v in say(request).service(exc).items()}
        return refused(_detail(request, db, user, question_id, status_code=422, errors=errors,
                       values={f"{prefix}-{k}": v for k, v in values.items()},
                       message=_("Nothing was saved. Correct the marked field.")))
    except Conflict:
        return refused(_detail(request, db, user, question_id, status_code=409, errors={f"{prefix}-version": say(
            request).gettext(_("Changed by someone else"))}, message=CONFLICT))
    return RedirectResponse(f"/desk/questions/{question_id}?notice={notice}#{prefix}", status_code=303)


@router.get("/desk/questions/{question_id}")
def question_page(request: Request, db: DB, user: Officer, question_id: int):
    return _detail(request, db, user, question_id)


@router.post("/desk/questions/{question_id}/assign")
def question_assign(request: Request, db: DB, user: Officer, question_id: int, form: FormData):
    raw = str(form.get("officer_id") or form.get("assign-officer_id") or "").strip()
    officer_id = user.principal.user_id if raw == "me" else (int(raw) if raw.isdigit() else None)
    return _act(request, db, user, question_id, "assign", "assigned", {"officer_id": raw},
                lambda: service.assign(db, user.principal, question_id, officer_id, expected_version=_version(form)))


@router.post("/desk/questions/{question_id}/status")
def question_status(request: Request, db: DB, user: Officer, question_id: int, form: FormData):
    action = str(form.get("action", ""))
    reason = str(form.get(f"status-{action}-reason") or form.get("reason") or "").strip() or None
    return _act(request, db, user, question_id, f"status-{action}", "status", {"reason": reason or ""},
                lambda: service.transition(db, user.principal, question_id, action, reason=reason,
                                           expected_version=_version(form)))


@router.post("/desk/questions/{question_id}/pause")
def question_pause(request: Request, db: DB, user: Officer, question_id: int, form: FormData):
    reason = str(form.get("pause-reason", ""))
    return _act(request, db, user, question_id, "pause", "paused", {"reason": reason},
                lambda: service.pause_for_asker(db, user.principal, question_id, reason,
                                                expected_version=_version(form)))


@router.post("/desk/questions/{question_id}/resume")
def question_resume(request: Request, db: DB, user: Officer, question_id: int, form: FormData):
    return _act(request, db, user, question_id, "pause", "resumed", {},
                lambda: service.resume(db, user.principal, question_id, note=str(form.get("note", "")) or None,
                                       expected_version=_version(form)))


@router.post("/desk/questions/{question_id}/coordination")
def question_coordinate(request: Request, db: DB, user: Officer, question_id: int, form: FormData):
    ministries = [str(m) for m in form.getlist("coordination-ministries")]
    note = str(form.get("coordination-note", ""))
    return _act(request, db, user, question_id, "coordination", "coordination",
                {"ministries": ministries, "note": note},
                lambda: coordination.request_coordination(db, user.principal, question_id, ministries, note,
                                                          expected_version=_version(form)))


@router.post("/desk/questions/{question_id}/reply")
def question_reply(request: Request, db: DB, user: Officer, question_id: int, form: FormData):
    body = str(form.get("reply-body", ""))
    template = str(form.get("template_id", ""))
    final = form.get("interim") is None
    return _act(request, db, user, question_id, "reply", "reply", {"body": body, "template_id": template},
                lambda: messages.add_reply(db, user.principal, question_id, body, mark_answered=final,
                                           template_id=int(template) if template.isdigit() else None,
                                           expected_version=_version(form)))


@router.post("/desk/questions/{question_id}/notes")
def question_note(request: Request, db: DB, user: Officer, question_id: int, form: FormData):
    body = str(form.get("note-body", ""))
    return _act(request, db, user, question_id, "note", "note", {"body": body},
                lambda: messages.add_internal_note(db, user.principal, question_id, body))


@router.post("/desk/questions/{question_id}/tags")
def question_tag(request: Request, db: DB, user: Officer, question_id: int, form: FormData):
    tag = str(form.get("tags-tag", ""))
    return _act(request, db, user, question_id, "tags", "tagged", {"tag": tag},
                lambda: tags.add_tag(db, user.principal, question_id, tag))


@router.post("/desk/questions/{question_id}/tags/remove")
def question_untag(request: Request, db: DB, user: Officer, question_id: int, form: FormData):
    tag = str(form.get("tag", ""))
    return _act(request, db, user, question_id, "tags", "untagged", {},
                lambda: tags.remove_tag(db, user.principal, question_id, tag))


@router.post("/desk/questions/{question_id}/outbox/resend")
def question_resend(request: Request, db: DB, user: Officer, question_id: int, form: FormData):
    service.get_question(db, user.principal, question_id)
    raw = str(form.get("outbox_id", ""))
    mails = {m.id for m in mail.list_outbox(db, user.principal, question_id=question_id)}
    if not raw.isdigit() or int(raw) not in mails:
        raise NotFound("the page was not found", code="page_not_found")
    mail.resend_failed(db, user.principal, [int(raw)])
    return RedirectResponse(f"/desk/questions/{question_id}?notice=resent#outbox", status_code=303)


# ---------------------------------------------------------------- knowledge base


def _publish_page(request, db, user, question_id: int, values: dict, errors=None, status_code=200):
    question = service.get_question(db, user.principal, question_id)
    return render(request, "desk/publish.html", {
        "q": question, "values": values, "form_errors": errors or {},
        "message": _("The entry was not published. Correct the fields below.") if errors else None,
        "breadcrumbs": [home_crumb(), crumb(_("Question queue"), "/desk/queue"),
                        crumb_text(question.reference, f"/desk/questions/{question.id}"),
                        crumb(_("Publish in the knowledge base"))],
    }, status_code=status_code)


@router.get("/desk/questions/{question_id}/publish")
def publish_form(request: Request, db: DB, user: Officer, question_id: int):
    question = service.get_question(db, user.principal, question_id)
    replies = messages.public_messages(db, question_id)
    desk_replies = [m.body for m in replies if m.author_kind == "desk"]
    return _publish_page(request, db, user, question_id, {
        "title": question.subject, "question": question.text, "answer": desk_replies[-1] if desk_replies else "",
        "language": question.language,
    })


@router.post("/desk/questions/{question_id}/publish")
def publish_submit(request: Request, db: DB, user: Officer, question_id: int, form: FormData):
    values = {k: str(form.get(k, "")) for k in ("title", "question", "answer", "language")}
    try:
        with attempt(db):
            entry = knowledge.publish_faq(db, user.principal, source_question_id=question_id, **values)
    except ValidationFailed as exc:
        return refused(_publish_page(request, db, user, question_id, values, say(request).service(exc), status_code=422))
    return RedirectResponse(f"/desk/faq/{entry.id}", status_code=303)


@router.get("/desk/search")
def desk_search(request: Request, db: DB, user: Officer, q: str = ""):
    query = q.strip()
    breadcrumbs = [home_crumb(), crumb(_("Question queue"), "/desk/queue"), crumb(_("Search earlier answers"))]
    try:
        hits = knowledge.search_desk(db, user.principal, query) if query else []
    except ValidationFailed as exc:
        # Too long a search is refused and shown again with the reason, never cut short silently.
        return refused(render(request, "desk/search.html", {
            "values": {"q": query}, "form_errors": say(request).service(exc), "hits": [], "searched": False,
            "breadcrumbs": breadcrumbs,
        }, status_code=422))
    return render(request, "desk/search.html", {
        "values": {"q": query}, "hits": hits, "searched": bool(query), "breadcrumbs": breadcrumbs,
    })


# ---------------------------------------------------------------- reply templates


def _templates_page(request, db, user, *, values=None, errors=None, editing=None, status_code=200):
    return render(request, "desk/templates.html", {
        "templates": messages.list_templates(db, user.principal, include_inactive=True),
        "editing": editing, "values": values or {"language": "nl", "active": True}, "form_errors": errors or {},
        "message": _("The template was not saved. Correct the fields below.") if errors else None,
        "notice": _notice(request),
        "placeholders": messages.TEMPLATE_PLACEHOLDERS,
        "breadcrumbs": [home_crumb(), crumb(_("Question queue"), "/desk/queue"), crumb(_("Reply templates"))],
    }, status_code=status_code)


@router.get("/desk/templates")
def templates_page(request: Request, db: DB, user: Officer, edit: int | None = None):
    editing = None
    values = None
    if edit is not None:
        editing = next((t for t in messages.list_templates(db, user.principal, include_inactive=True)
                        if t.id == edit), None)
        if editing is None:
            raise NotFound("the page was not found", code="page_not_found")
        values = {"name": editing.name, "language": editing.language, "body": editing.body,
                  "active": editing.active}
    return _templates_page(request, db, user, values=values, editing=editing)


@router.post("/desk/templates")
def templates_save(request: Request, db: DB, user: Officer, form: FormData):
    values: dict[str, Any] = {k: str(form.get(k, "")) for k in ("name", "language", "body")}
    values["active"] = form.get("active") is not None
    raw_id = str(form.get("template_id", ""))
    template_id = int(raw_id) if raw_id.isdigit() else None
    try:
        with attempt(db):
            messages.save_template(db, user.principal, template_id=template_id, **values)
    except ValidationFailed as exc:
        editing = next((t for t in messages.list_templates(db, user.principal, include_inactive=True)
                        if t.id == template_id), None)
        return refused(_templates_page(request, db, user, values=values, errors=say(request).service(exc),
                               editing=editing, status_code=422))
    return RedirectResponse("/desk/templates?notice=template", status_code=303)


# ---------------------------------------------------------------- mail that came in


@router.get("/desk/mail-in")
def mail_in(request: Request, db: DB, user: Officer):
    return render(request, "desk/mail_in.html", {
        "items": inbound.list_inbound(db, user.principal),
        "REASON_LABELS": inbound.REASON_LABELS,
        "breadcrumbs": [home_crumb(), crumb(_("Question queue"), "/desk/queue"), crumb(_("Mail received"))],
    })
