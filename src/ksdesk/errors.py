"""One exception family for the whole system; each carries the HTTP status it maps to."""

from __future__ import annotations


class KsdeskError(Exception):
    status_code = 400
    code = "bad_request"

    def __init__(self, message: str, *, field_errors: dict[str, str] | None = None):
        super().__init__(message)
        self.message = message
        self.field_errors = field_errors or {}


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
