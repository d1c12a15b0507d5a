"""Numbers in a URL that no database column can hold are refused before any query runs.

SQLite and PostgreSQL store ids and page numbers as 64-bit integers; a larger number would
reach the driver and fail there as a server error. One app-wide check covers every route,
whichever part of the system adds it.
"""

from __future__ import annotations

from fastapi import Request

from ksdesk.errors import NotFound, ValidationFailed

LARGEST = 2**63 - 1


def _too_large(value: str) -> bool:
    text = value.strip().lstrip("+-")
    return text.isdigit() and len(text) >= 19 and int(text) > LARGEST


def bounded_numbers(request: Request) -> None:
    for name, value in request.path_params.items():
        if isinstance(value, str) and _too_large(value):
            raise NotFound(f"{name} {value[:30]} not found")
    for name, value in request.query_params.multi_items():
        if _too_large(value):
            raise ValidationFailed(f"{name} is too large", field_errors={name: "the number is too large"})
