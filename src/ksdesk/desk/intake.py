"""Reading a posted question safely: the size is checked before anything is parsed, then CSRF."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from starlette.datastructures import FormData
from starlette.requests import ClientDisconnect

from ksdesk.desk.forms import MAX_BODY_BYTES
from ksdesk.errors import KsdeskError
from ksdesk.web import csrf
from ksdesk.web.bounds import check_text
from ksdesk.web.deps import CurrentUser, optional_web_user


class ClientGone(KsdeskError):
    """The sender hung up before the form arrived: nothing to store and no one to answer."""

    code = "client_gone"


@dataclass
class Posted:
    form: FormData | None  # None when the body was too large to read
    too_large: bool = False


async def _read_capped(request: Request) -> bool:
    """Reads the body into the request, or stops at the cap; True when it fitted."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > MAX_BODY_BYTES):
        return False
    chunks, size = [], 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > MAX_BODY_BYTES:
                return False
            chunks.append(chunk)
    except ClientDisconnect as exc:
        raise ClientGone("the form was not received completely") from exc
    # Starlette parses the form from this cached body, so nothing is read twice.
    request._body = b"".join(chunks)
    return True


async def posted_question(
    request: Request, user: Annotated[CurrentUser | None, Depends(optional_web_user)]
) -> Posted:
    if not await _read_capped(request):
        return Posted(form=None, too_large=True)
    await csrf.verify(request, signed_in_token=user.csrf_token if user else None)
    form = await request.form()
    check_text(form.multi_items())
    return Posted(form=form)


PostedQuestion = Annotated[Posted, Depends(posted_question)]
