"""The desk's pages for askers: the public contact form, asking from inside the app, one's own
questions, and the public knowledge base. Officers', liaisons' and admins' pages are siblings."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse

from ksdesk.accounts.principal import SYSTEM
from ksdesk.country_names import names_in, options_in
from ksdesk.desk import access, follow_link, forms, knowledge, ratelimit, service
from ksdesk.desk.intake import PostedQuestion
from ksdesk.desk.render import render, sign, signature_ok
from ksdesk.errors import NotFound, TooManyRequests, ValidationFailed
from ksdesk.registry import service as registry
from ksdesk.vocab import _
from ksdesk.web.deps import DB, CurrentUser, FormData, LoginRequired, MaybeWebUser, language, say, web_roles
from ksdesk.web.navigation import crumb, crumb_text, home_crumb
from ksdesk.web.routing import Router, attempt, refused

router = Router(include_in_schema=False)
Asker = Annotated[CurrentUser, Depends(web_roles(*access.ASKER_ROLES))]
RECEIVED = "received"

NOTICES = {"sent": _("Your message was sent to the desk.")}


def _crumbs(user, *rest) -> list[dict]:
    return ([home_crumb()] if user else []) + list(rest)


# The list of collaborations to link a question to shows at most this many; the form says so
# when there are more.
COLLABORATIONS_LISTED = 200


def _collaborations(db, user: CurrentUser | None) -> tuple[list, int]:
    if user is None:
        return [], 0
    return registry.list_collaborations(db, user.principal, page_size=COLLABORATIONS_LISTED)


def _form_page(request: Request, db, user: CurrentUser | None, values: dict, errors: dict | None = None,
               message: str | None = None, status_code: int = 200):
    signed_in = user is not None
    collaborations, collaborations_total = _collaborations(db, user)
    return render(request, "desk/contact.html", {
        "signed_in": signed_in,
        "action": "/desk/ask" if signed_in else "/desk/contact",
        "values": values,
        "form_errors": errors or {},
        "message": message,
        "institutions": sorted(registry.list_institutions(db), key=lambda i: i.name),
        "countries": options_in(language(request)),
        "collaborations": collaborations,
        "collaborations_total": collaborations_total,
        "breadcrumbs": _crumbs(user, crumb(_("Ask the desk"))),
    }, status_code=status_code)


def _blank() -> dict:
    return {"asker_role": "researcher", "topics": [], "countries": []}


def _submit(request: Request, db, user: CurrentUser | None, posted):
    if posted.too_large:
        return _form_page(request, db, user, _blank(), {"text": say(request).gettext(
            _("Your message is too long to be received. Shorten the question to at most 20,000 characters."))},
            message=_("The question was not sent."), status_code=413)
    form = posted.form
    if user is None and ratelimit.honeypot_tripped(form, forms.HONEYPOT):
        # What a bot sees must not tell it that it was caught: the same page, nothing stored.
        return render(request, "desk/received.html", {"reference": None, "due_at": None,
                                                     "breadcrumbs": []})
    words = say(request)
    state = forms.parse_question(form, language(request), words, signed_in=user is not None)
    message = _("The question was not sent. Correct the fields below.")
    if state.data is not None:
        try:
            with attempt(db):
                question = service.submit_question(
                    db, state.data, principal=user.principal if user else None,
                    client_address=None if user else (request.client.host if request.client else "unknown"),
                )
        except ValidationFailed as exc:
            state.errors = forms.in_order(words.service(exc))
        except TooManyRequests:
            return refused(_form_page(request, db, user, state.values, {"form": words.gettext(_(
                "You have sent too many questions in a short time. Nothing was stored. Please try again in "
                "an hour, or e-mail the contact point directly."))}, message=_("The question was not sent."),
                status_code=429))
        else:
            if user is not None:
                return RedirectResponse(f"/desk/my-questions/{question.reference}?notice={RECEIVED}",
                                        status_code=303)
            token = sign(question.reference, RECEIVED)
            return RedirectResponse(f"/desk/contact/received/{question.reference}?s={token}", status_code=303)
    return refused(_form_page(request, db, user, state.values, state.errors, message=message, status_code=422))


# ---------------------------------------------------------------- the public contact form


@router.get("/desk/contact")
def contact_form(request: Request, db: DB, user: MaybeWebUser):
    if user is not None and user.role in access.ASKER_ROLES:
        return RedirectResponse("/desk/ask", status_code=303)
    return _form_page(request, db, None, _blank())


@router.post("/desk/contact")
def contact_submit(request: Request, db: DB, posted: PostedQuestion):
    return _submit(request, db, None, posted)


@router.get("/desk/contact/received/{reference}")
def contact_received(request: Request, db: DB, user: MaybeWebUser, reference: str, s: str = ""):
    # Only the signed link from the form's own redirect shows the page: references are guessable.
    if not signature_ok(reference, RECEIVED, s):
        raise NotFound("the page was not found", code="page_not_found")
    question = service.get_question_by_reference(db, SYSTEM, reference)
    return render(request, "desk/received.html", {"reference": question.reference, "due_at": question.due_at,
                                                 "breadcrumbs": []})


# ---------------------------------------------------------------- signed-in askers


@router.get("/desk/ask")
def ask_form(request: Request, db: DB, user: Asker):
    return _form_page(request, db, user, _blank())


@router.post("/desk/ask")
def ask_submit(request: Request, db: DB, user: MaybeWebUser, posted: PostedQuestion):
    # Not the Asker dependency: it would read the body before its size is checked. PostedQuestion
    # checks the size, then CSRF; then the role, as Asker does.
    if user is None:
        raise LoginRequired("sign in to continue", code="sign_in_required")
    if user.role not in access.ASKER_ROLES:
        raise NotFound("the page was not found", code="page_not_found")
    return _submit(request, db, user, posted)


@router.get("/desk/my-questions")
def my_questions(request: Request, db: DB, user: Asker):
    return render(request, "desk/my_questions.html", {
        "items": service.list_my_questions(db, user.principal),
        "breadcrumbs": [home_crumb(), crumb(_("My questions"))],
    })


def _my_question_page(request, db, user, reference, *, values=None, errors=None, status_code=200):
    question = service.get_my_question(db, user.principal, reference)
    notice = request.query_params.get("notice", "")
    return render(request, "desk/my_question.html", {
        "q": question,
        "country_names": names_in(language(request)),
        "just_received": notice == RECEIVED,
        "notice": NOTICES.get(notice),
        "values": values or {},
        "form_errors": errors or {},
        "message_action": f"/desk/my-questions/{question.reference}/messages",
        "follow_token": None,
        "breadcrumbs": [home_crumb(), crumb(_("My questions"), "/desk/my-questions"),
                        crumb_text(question.reference)],
    }, status_code=status_code)


@router.get("/desk/my-questions/{reference}")
def my_question(request: Request, db: DB, user: Asker, reference: str):
    return _my_question_page(request, db, user, reference)


@router.post("/desk/my-questions/{reference}/messages")
def my_question_message(request: Request, db: DB, user: Asker, reference: str, form: FormData):
    body = str(form.get("body", ""))
    try:
        with attempt(db):
            question = service.get_my_question(db, user.principal, reference)
            service.add_asker_message(db, user.principal, reference, body)
    except ValidationFailed as exc:
        return refused(_my_question_page(request, db, user, reference, values={"body": body},
                                 errors=say(request).service(exc), status_code=422))
    return RedirectResponse(f"/desk/my-questions/{question.reference}?notice=sent", status_code=303)


# ---------------------------------------------------------------- the signed follow link (no account)


def _follow_page(request: Request, db, reference: str, token: str, *, values=None, errors=None, status_code=200):
    state = follow_link.check(reference.upper(), token)
    if state is follow_link.LinkState.EXPIRED:
        # A genuine link past its time: say so, and how to reach the question another way.
        return render(request, "desk/follow_expired.html", {"reference": reference.upper(), "breadcrumbs": []},
                      status_code=410)
    question = service.get_followed_question(db, reference, token)
    notice = request.query_params.get("notice", "")
    return render(request, "desk/my_question.html", {
        "q": question,
        "country_names": names_in(language(request)),
        "just_received": False,
        "notice": NOTICES.get(notice),
        "values": values or {},
        "form_errors": errors or {},
        "message_action": f"/desk/follow/{question.reference}/messages",
        "follow_token": token,
        "breadcrumbs": [],
    }, status_code=status_code)


@router.get("/desk/follow/{reference}")
def follow(request: Request, db: DB, reference: str, t: str = ""):
    return _follow_page(request, db, reference, t)


@router.post("/desk/follow/{reference}/messages")
def follow_message(request: Request, db: DB, reference: str, form: FormData):
    token, body = str(form.get("t", "")), str(form.get("body", ""))
    if follow_link.check(reference.upper(), token) is not follow_link.LinkState.VALID:
        return _follow_page(request, db, reference, token)
    try:
        with attempt(db):
            service.add_followed_message(db, reference, token, body)
    except ValidationFailed as exc:
        return refused(_follow_page(request, db, reference, token, values={"body": body},
                                    errors=say(request).service(exc), status_code=422))
    return RedirectResponse(f"/desk/follow/{reference.upper()}?t={token}&notice=sent", status_code=303)


# ---------------------------------------------------------------- the knowledge base


@router.get("/desk/faq")
def faq(request: Request, db: DB, user: MaybeWebUser, q: str = ""):
    query = q.strip()
    try:
        hits = knowledge.search_faq(db, query) if query else []
    except ValidationFailed as exc:
        # Too long a search is refused and shown again with the reason, never cut short silently.
        return refused(render(request, "desk/faq.html", {
            "values": {"q": query}, "form_errors": say(request).service(exc), "hits": [],
            "entries": knowledge.list_faq(db), "searched": False,
            "breadcrumbs": _crumbs(user, crumb(_("Knowledge base"))),
        }, status_code=422))
    entries = [] if query else knowledge.list_faq(db)
    return render(request, "desk/faq.html", {
        "values": {"q": query}, "hits": hits, "entries": entries, "searched": bool(query),
        "breadcrumbs": _crumbs(user, crumb(_("Knowledge base"))),
    })


@router.get("/desk/faq/{entry_id}")
def faq_entry(request: Request, db: DB, user: MaybeWebUser, entry_id: int):
    entry = knowledge.get_faq(db, entry_id)
    return render(request, "desk/faq_entry.html", {
        "entry": entry,
        "breadcrumbs": _crumbs(user, crumb(_("Knowledge base"), "/desk/faq"), crumb_text(entry.title)),
    })
