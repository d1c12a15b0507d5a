"""The contact form as an HTML form: from posted fields to a QuestionCreate, errors per field.

Pydantic's own errors are translated by their type (ksdesk.web.messages), so a Dutch page shows
Dutch sentences; the service's own checks come back as ValidationFailed and are translated there.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import ValidationError

from ksdesk.desk import service
from ksdesk.desk.schemas import QuestionCreate
from ksdesk.errors import Refusal
from ksdesk.vocab import _
from ksdesk.web.messages import Say

# In the order they appear on the page, so the error summary follows the form.
FIELD_ORDER = ("asker_name", "asker_email", "asker_role", "institution_id", "institution_name", "subject",
               "text", "topics", "countries", "collaboration_id", "personal_data_confirmed", "consent", "body")
HONEYPOT = "website"
TOPICS_REQUIRED = _("Choose at least one topic.")
# Far above the longest text the service accepts (20,000 characters, several bytes each once
# encoded), far below what would make parsing the form itself a burden.
MAX_BODY_BYTES = 256 * 1024


@dataclass
class FormState:
    values: dict
    errors: dict[str, str] = field(default_factory=dict)
    data: QuestionCreate | None = None


def _text(form, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _list(form, name: str) -> list[str]:
    getlist = getattr(form, "getlist", None)
    raw = getlist(name) if getlist else form.get(name) or []
    if isinstance(raw, str):
        raw = [raw]
    return [v.strip() for v in raw if isinstance(v, str) and v.strip()]


def _int_or_none(value: object) -> int | str | None:
    if not value:
        return None
    text = str(value)
    return int(text) if text.isdigit() else text


def in_order(errors: dict[str, str]) -> dict[str, str]:
    known = {k: errors[k] for k in FIELD_ORDER if k in errors}
    return {**known, **{k: v for k, v in errors.items() if k not in known}}


def parse_question(form, language: str, words: Say, *, signed_in: bool) -> FormState:
    values = {
        "asker_name": _text(form, "asker_name"),
        "asker_email": _text(form, "asker_email"),
        "asker_role": _text(form, "asker_role") or "researcher",
        "institution_id": _text(form, "institution_id"),
        "institution_name": _text(form, "institution_name"),
        "subject": _text(form, "subject"),
        "text": _text(form, "text"),
        "topics": _list(form, "topics"),
        "countries": _list(form, "countries"),
        "collaboration_id": _text(form, "collaboration_id"),
        "consent": bool(_text(form, "consent")),
        "personal_data_confirmed": bool(_text(form, "personal_data_confirmed")),
    }
    state = FormState(values=values)
    payload = {
        **{k: values[k] for k in ("asker_name", "asker_email", "asker_role", "subject", "text", "topics",
                                  "countries", "consent", "personal_data_confirmed")},
        "language": language,
        "institution_id": None if signed_in else _int_or_none(values["institution_id"]),
        "institution_name": None if signed_in else values["institution_name"] or None,
        "collaboration_id": _int_or_none(values["collaboration_id"]) if signed_in else None,
    }
    try:
        state.data = QuestionCreate.model_validate(payload)
    except ValidationError as exc:
        # "topics.0" and "countries.2" belong to the group of fields, not to one box.
        errors = {key.split(".")[0]: message for key, message in reversed(words.pydantic(exc).items())}
        if "topics" in errors:
            errors["topics"] = words.gettext(TOPICS_REQUIRED)
        for key, message in _service_checks(values, signed_in).items():
            errors.setdefault(key, words.refusal(message))
        state.errors = in_order(errors)
    return state


def _service_checks(values: dict, signed_in: bool) -> dict[str, Refusal]:
    """The service's own simple checks (same reasons), so one round shows every problem at once."""
    problems: dict[str, Refusal] = {}
    if not signed_in:
        if not values["asker_name"]:
            problems["asker_name"] = service.ASKER_NAME_REQUIRED
        if not values["asker_email"]:
            problems["asker_email"] = service.ASKER_EMAIL_REQUIRED
        if not values["institution_id"] and not values["institution_name"]:
            problems["institution_name"] = service.INSTITUTION_NAME_REQUIRED
    if not values["consent"]:
        problems["consent"] = service.CONSENT_REQUIRED
    return problems
