"""Numbers in a URL that no database column can hold are refused before any query runs.

Ids are INTEGER columns (32 bits on PostgreSQL); a larger number would reach the driver and
fail there as a server error. One app-wide check covers every route, whichever part of the
system adds it.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator

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


# Control characters (tab, line feed and carriage return are text) and the bidirectional
# embeddings, overrides and isolates, which make a title read differently from what it holds. A
# NUL was stored on SQLite and failed on PostgreSQL, so a SQLite backup could not move across.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
_JSON = "application/json"


def _invisible_only(value: str) -> bool:
    """Only format characters (zero-width space, joiner, byte-order mark) and spaces: a field that
    looks empty but is not."""
    return (any(unicodedata.category(c) == "Cf" for c in value)
            and all(c.isspace() or unicodedata.category(c) == "Cf" for c in value))


def check_text(items: Iterable[tuple[str, object]]) -> None:
    """Refuses the first text value holding a control character or only invisible characters."""
    for name, value in items:
        if not isinstance(value, str):
            continue
        if _FORBIDDEN.search(value):
            raise ValidationFailed.of_field(
                name, "text_control_characters",
                f"{name} holds a control character or a direction override; remove it")
        if _invisible_only(value):
            raise ValidationFailed.of_field(
                name, "text_invisible_only", f"{name} holds only invisible characters; write text or leave it empty")


def _json_strings(data: object) -> Iterator[tuple[str, object]]:
    """Every key and string value of a JSON document with its dotted path, without recursion."""
    stack: list[tuple[str, object]] = [("", data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                child = f"{path}.{key}" if path else str(key)
                yield child, key
                stack.append((child, item))
        elif isinstance(value, list):
            stack.extend((f"{path}.{i}" if path else str(i), item) for i, item in enumerate(value))
        else:
            yield path, value


async def clean_text(request: Request) -> None:
    """Every query parameter and every string of a JSON body is checked before any route runs;
    forms are checked where they are read (web.deps.form_data)."""
    check_text(request.query_params.multi_items())
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if request.method in ("POST", "PUT", "PATCH") and content_type == _JSON:
        try:
            data = json.loads(await request.body())  # cached: the route reads the same bytes
        except (ValueError, RecursionError):
            return  # the route's own parsing answers it
        check_text(_json_strings(data))
