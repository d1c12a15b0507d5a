"""One exception family for the whole system.

Every refusal carries a stable ``code`` and the ``params`` its sentence needs, beside an English
``message`` for API clients, logs and the command line. People read the sentence of the code
(``ksdesk.reasons``), translated: nothing depends on the wording of a message. A refusal of
single fields carries one ``Refusal`` (code, message, params) per field.

Each class carries the HTTP status it maps to and a default code for refusals that need no
sentence of their own (a page that is not found is not found, whatever the object).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Self

from pydantic import ValidationError


@dataclass(frozen=True)
class Refusal:
    """Why one value was refused: a stable code, the values its sentence needs, and the English
    message API clients read."""

    code: str
    message: str
    params: Mapping[str, Any] = field(default_factory=dict)


class KsdeskError(Exception):
    status_code = 400
    code = "bad_request"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        params: Mapping[str, Any] | None = None,
        field_errors: Mapping[str, Refusal] | None = None,
    ):
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.params: dict[str, Any] = dict(params or {})
        self.field_errors: dict[str, Refusal] = dict(field_errors or {})

    @classmethod
    def of_field(cls, name: str, code: str, message: str, **params: Any) -> Self:
        """A refusal of one field, for which the whole request is refused with the same reason."""
        return cls(message, code=code, params=params, field_errors={name: Refusal(code, message, params)})

    @property
    def refusal(self) -> Refusal:
        return Refusal(self.code, self.message, self.params)


class NotFound(KsdeskError):
    """Also raised for objects outside the caller's scope, so their existence does not leak."""

    status_code = 404
    code = "not_found"


class Forbidden(KsdeskError):
    status_code = 403
    code = "forbidden"


class Unauthenticated(KsdeskError):
    status_code = 401
    code = "unauthenticated"


class ValidationFailed(KsdeskError):
    status_code = 422
    code = "validation_failed"


class Conflict(KsdeskError):
    status_code = 409
    code = "conflict"


class TooManyRequests(KsdeskError):
    status_code = 429
    code = "too_many_requests"


def field_key(loc: Sequence[str | int]) -> str:
    """("body", "partners", 0, "role") → "partners.0.role": the key forms and the API share."""
    parts = [str(p) for p in loc if p not in ("body", "query", "path")]
    return ".".join(parts)


# Pydantic's limits, under the one name the sentences use.
_LIMITS = ("min_length", "max_length", "ge", "gt", "le", "lt")


def refusal_of_error(error: Mapping[str, Any]) -> Refusal:
    """One of pydantic's errors as a reason: its type is the code (a validator's own refusal raises
    PydanticCustomError with a code of ksdesk.reasons), its context the parameters."""
    params = {k: v for k, v in (error.get("ctx") or {}).items() if isinstance(v, (str, int, float))}
    limit = next((params[k] for k in _LIMITS if k in params), None)
    if limit is not None:
        params["n"] = limit
    code = error["type"]
    if code == "string_too_short" and limit == 1:
        code = "missing"
    return Refusal(code, str(error.get("msg", "")).removeprefix("Value error, "), params)


def refusals_of(exc: ValidationError, whole: str = "__all__") -> dict[str, Refusal]:
    """Pydantic's refusals as reasons, one per field (the first)."""
    out: dict[str, Refusal] = {}
    for error in exc.errors():
        out.setdefault(field_key(error["loc"]) or whole, refusal_of_error(error))
    return out
