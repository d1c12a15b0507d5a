"""Numbers in a URL that no database column can hold are refused before any query runs.

Ids are INTEGER columns (32 bits on PostgreSQL); a larger number would reach the driver and
fail there as a server error. One app-wide check covers every route, whichever part of the
system adds it.
"""

from __future__ import annotations

from fastapi import Request

from ksdesk.errors import NotFound, ValidationFailed
from ksdesk.types import LARGEST_ID


def _too_large(value: str) -> bool:
    text = value.strip().lstrip("+-")
    return text.isdigit() and len(text) >= 10 and int(text) > LARGEST_ID


async def bounded_numbers(request: Request) -> None:
    # A coroutine: it runs before every route, and does no I/O that would need a worker thread.
    for name, value in request.path_params.items():
        if isinstance(value, str) and _too_large(value):
            raise NotFound(f"{name} {value[:30]} not found")
    for name, value in request.query_params.multi_items():
        if _too_large(value):
            raise ValidationFailed.of_field(name, "number_too_large", "the number is too large")
