"""Error messages shown to people, in their language.

Pydantic and the services speak English, aimed at developers and API clients. A form shows the
same errors translated: pydantic errors by their type, service messages by the patterns below.
A message that is not recognised is shown as is in English and as a general sentence in Dutch,
so a Dutch page never mixes in an English sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from ksdesk.errors import ValidationFailed
from ksdesk.vocab import _

Gettext = Callable[[str], str]

GENERIC_FIELD = _("This value is not valid.")

# Pydantic error types → the sentence a person reads.
PYDANTIC_TYPES = {
    "missing": _("This field is required."),
    "string_type": _("This field is required."),
    "enum": _("Choose one of the options."),
    "literal_error": _("Choose one of the options."),
    "int_parsing": _("Enter a whole number."),
    "int_type": _("Enter a whole number."),
    "int_from_float": _("Enter a whole number."),
    "float_parsing": _("Enter a number, e.g. 25 or 12.5."),
    "float_type": _("Enter a number, e.g. 25 or 12.5."),
    "bool_parsing": _("Choose yes or no."),
    "date_parsing": _("Enter a date as YYYY-MM-DD, e.g. 2026-03-01."),
    "date_from_datetime_parsing": _("Enter a date as YYYY-MM-DD, e.g. 2026-03-01."),
    "date_type": _("Enter a date as YYYY-MM-DD, e.g. 2026-03-01."),
    "list_type": _("This value is not valid."),
    "dict_type": _("This value is not valid."),
    "model_type": _("This value is not valid."),
}

# Service and validator messages: (pattern, message id); named groups fill the placeholders.
PATTERNS: list[tuple[re.Pattern, str]] = [
    (re.compile(p, re.IGNORECASE), m)
    for p, m in (
        (r"use a two-letter ISO 3166 country code.*", _("Use a two-letter country code, e.g. NL.")),
        (r"too many failed sign-in attempts.*",
         _("Too many failed sign-in attempts. Try again in an hour, or ask an administrator.")),
        (r"unknown country code (?P<code>\S+)", _("Unknown country code %(code)s.")),
        (r"unknown country (?P<code>\S+)", _("Unknown country code %(code)s.")),
        (r"unknown organisation (?P<id>\S+)", _("No organisation with number %(id)s.")),
        (r"a ROR id has nine characters.*", _("A ROR id has nine characters, e.g. https://ror.org/027bh9e22.")),
        (r"(?P<ror>\S+) belongs to organisation (?P<id>\d+) \((?P<name>.*)\)",
         _("This ROR id already belongs to %(name)s (number %(id)s).")),
        (r"an organisation cannot be its own parent", _("An organisation cannot be its own parent.")),
        (r"a name cannot be blank", _("A name cannot be blank.")),
        (r"the end date lies before the start date", _("The end date lies before the start date.")),
        (r"funding shares add up to (?P<total>[\d.]+)%.*", _("The funding shares add up to %(total)s%%; at most 100%% is possible.")),
        (r"an organisation is listed as partner more than once", _("An organisation is listed as partner more than once.")),
        (r"unknown agreement items.*", _("This value is not valid.")),
        (r"each entry has at most 200 characters", _("Each entry has at most 200 characters.")),
        (r"not your institution", _("You can only register collaborations of your own institution.")),
        (r"cannot be changed", _("This cannot be changed.")),
        (r"name the registering institution", _("Choose the registering institution.")),
        (r"unknown institution", _("Unknown institution.")),
        (r"\S+ needs a reason", _("Give a reason for this step.")),
        (r"cannot \S+ a collaboration that is \S+; allowed: .*", _("This step is not possible in the current status.")),
        (r"a password needs at least (?P<n>\d+) characters", _("A password needs at least %(n)s characters.")),
        (r"a name is required", _("Enter a name.")),
        (r"language must be nl or en", _("Choose Dutch or English.")),
        (r"unknown role .*", _("Choose one of the options.")),
        (r"a \S+ belongs to an institution", _("Choose the institution this person works for.")),
        (r"no institution .*", _("Unknown institution.")),
        (r"a \S+ does not belong to an institution", _("This role does not belong to an institution; leave it empty.")),
        (r"a ministry liaison needs one of .*", _("Choose the ministry of this liaison.")),
        (r"only a ministry liaison has a ministry", _("Only a ministry liaison has a ministry; leave it empty.")),
        (r"a user with e-mail (?P<email>\S+) already exists", _("A user with e-mail address %(email)s already exists.")),
        (r"(the|an) (email|e-mail) address .*", _("Enter a valid e-mail address, e.g. name@example.org.")),
        (r"there must be something .*@.*|the part after the @-sign .*|an email address .*",
         _("Enter a valid e-mail address, e.g. name@example.org.")),
        (r"no organisation found called (?P<name>.*)", _("No organisation found called “%(name)s”.")),
        (r"several organisations are called (?P<name>.*?); (?P<choices>.*)",
         _("Several organisations are called “%(name)s”: %(choices)s. Enter the number, e.g. #12.")),
    )
]


def translate(message: str, gettext: Gettext, language: str) -> str:
    text = message.strip()
    if text.lower().startswith("value error, "):
        text = text[len("value error, "):]
    translated = gettext(text)
    if translated != text:
        return translated
    for pattern, msgid in PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            return gettext(msgid) % match.groupdict()
    if language == "en":
        return text[:1].upper() + text[1:]
    return gettext(GENERIC_FIELD)


def pydantic_message(error: Mapping[str, Any], tr: Gettext, language: str) -> str:
    # "tr", not "gettext": the message ids are the dictionary values above, not these arguments.
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "string_too_short":
        if ctx.get("min_length") == 1:
            return tr(PYDANTIC_TYPES["missing"])
        return tr(_("Use at least %(n)s characters.")) % {"n": ctx.get("min_length")}
    if kind == "string_too_long":
        return tr(_("Use at most %(n)s characters.")) % {"n": ctx.get("max_length")}
    if kind == "too_long":
        return tr(_("Too many entries: at most %(n)s.")) % {"n": ctx.get("max_length")}
    if kind in ("greater_than_equal", "greater_than"):
        return tr(_("Enter a number of at least %(n)s.")) % {"n": ctx.get("ge", ctx.get("gt"))}
    if kind in ("less_than_equal", "less_than"):
        return tr(_("Enter a number of at most %(n)s.")) % {"n": ctx.get("le", ctx.get("lt"))}
    if kind in PYDANTIC_TYPES:
        return tr(PYDANTIC_TYPES[kind])
    if kind == "value_error" and "error" in ctx:
        return translate(str(ctx["error"]), tr, language)
    return translate(error.get("msg", ""), tr, language)


def field_key(loc: tuple) -> str:
    """("body", "partners", 0, "role") → "partners.0.role": the key forms and the API share."""
    parts = [str(p) for p in loc if p not in ("body", "query", "path")]
    return ".".join(parts) or "__all__"


def pydantic_errors(exc: ValidationError, gettext: Gettext, language: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    for error in exc.errors():
        errors.setdefault(field_key(error["loc"]), pydantic_message(error, gettext, language))
    return errors


def service_errors(exc: ValidationFailed, gettext: Gettext, language: str) -> dict[str, str]:
    return {field: translate(message, gettext, language) for field, message in exc.field_errors.items()}


def _identity(text: str) -> str:
    return text


def english_errors(errors: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """The API's per-field messages: plain English, without pydantic's "Value error, " prefix."""
    out: dict[str, str] = {}
    for error in errors:
        out.setdefault(field_key(error["loc"]), pydantic_message(error, _identity, "en"))
    return out


class Say:
    """The message functions for one language, handed to form parsers and views."""

    def __init__(self, language: str, gettext: Gettext):
        self.language = language
        self.gettext = gettext

    def text(self, message: str) -> str:
        return translate(message, self.gettext, self.language)

    def pydantic(self, exc: ValidationError) -> dict[str, str]:
        return pydantic_errors(exc, self.gettext, self.language)

    def service(self, exc: ValidationFailed) -> dict[str, str]:
        return service_errors(exc, self.gettext, self.language)
