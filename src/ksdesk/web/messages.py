"""Error messages shown to people, in their language.

Every refusal carries a code (ksdesk.errors); the sentence of that code (ksdesk.reasons) is
translated and its placeholders filled with the refusal's parameters. Pydantic's errors are
coded by their type, so a form shows the same sentences whichever layer refused the value.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from babel.numbers import format_decimal
from pydantic import ValidationError

from ksdesk.errors import KsdeskError, Refusal, field_key, refusal_of_error
from ksdesk.reasons import text_of

Gettext = Callable[[str], str]


class _Params(dict[str, Any]):
    # A sentence never fails for want of a value: a missing one is left out.
    def __missing__(self, key: str) -> str:
        return ""


def sentence(code: str, params: Mapping[str, Any], gettext: Gettext) -> str:
    return gettext(text_of(code)) % _Params(params)


def _identity(text: str) -> str:
    return text


def english_errors(errors: Sequence[Mapping[str, Any]]) -> tuple[dict[str, str], dict[str, str]]:
    """The API's per-field messages (English sentences) and codes of a request that was not valid."""
    messages: dict[str, str] = {}
    codes: dict[str, str] = {}
    for error in errors:
        key = field_key(error["loc"]) or "__all__"
        if key not in messages:
            refusal = refusal_of_error(error)
            messages[key] = sentence(refusal.code, refusal.params, _identity)
            codes[key] = refusal.code
    return messages, codes


class Say:
    """The message functions for one language, handed to form parsers and views."""

    def __init__(self, language: str, gettext: Gettext):
        self.language = language
        self.gettext = gettext

    def _numbers(self, params: Mapping[str, Any]) -> dict[str, Any]:
        # A fraction in the reader's notation: 100,5 in Dutch, 100.5 in English.
        return {k: format_decimal(v, locale=self.language) if isinstance(v, float) else v for k, v in params.items()}

    def refusal(self, refusal: Refusal) -> str:
        return sentence(refusal.code, self._numbers(refusal.params), self.gettext)

    def error(self, exc: KsdeskError) -> str:
        """The sentence of a refusal as a whole."""
        return sentence(exc.code, self._numbers(exc.params), self.gettext)

    def service(self, exc: KsdeskError) -> dict[str, str]:
        """A refusal's sentence per field."""
        return {name: self.refusal(refusal) for name, refusal in exc.field_errors.items()}

    def pydantic(self, exc: ValidationError) -> dict[str, str]:
        out: dict[str, str] = {}
        for error in exc.errors():
            out.setdefault(field_key(error["loc"]) or "__all__", self.refusal(refusal_of_error(error)))
        return out

