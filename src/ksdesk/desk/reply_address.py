"""The signed reply address of a question: ``<local>+<reference>.<signature>@<domain>``.

Every e-mail to an asker carries it as Reply-To, so that ksdesk mail-in can thread the answer onto
the right question however the subject was changed; the signature means nobody can make one up
for somebody else's question. A ministry's liaisons get one of their own on the notices that ask
for its advice, ``<local>+<reference>.<ministry>.<signature>@<domain>``: what they mail to it is
their ministry's advice (desk.inbound), and its signature covers the ministry too.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from email.utils import parseaddr

from ksdesk.settings import get_settings, secret_key

_LENGTH = 16


def _signature(reference: str, ministry: str | None = None) -> str:
    signed = f"reply:{reference}" if ministry is None else f"reply:{reference}:{ministry}"
    return hmac.new(secret_key().encode(), signed.encode(), hashlib.sha256).hexdigest()[:_LENGTH]


@dataclass(frozen=True)
class ReplyTarget:
    """What a plus-address names: the question, the ministry answering (None: the asker), and
    whether its signature is right."""

    reference: str
    ministry: str | None
    signed: bool


def desk_address() -> tuple[str, str]:
    """(local part, domain) of the desk's own address."""
    local, _, domain = parseaddr(get_settings().mail_from)[1].partition("@")
    return local, domain.lower()


def reply_address(reference: str) -> str:
    local, domain = desk_address()
    return f"{local}+{reference}.{_signature(reference)}@{domain}"


def ministry_reply_address(reference: str, ministry: str) -> str:
    local, domain = desk_address()
    return f"{local}+{reference}.{ministry}.{_signature(reference, ministry)}@{domain}"


def reply_target(recipients: list[str]) -> ReplyTarget | None:
    """What the first plus-address among ``recipients`` names; None when there is none."""
    for recipient in recipients:
        local = parseaddr(recipient)[1].partition("@")[0]
        _, plus, tag = local.partition("+")
        if not plus:
            continue
        named, _, signature = tag.rpartition(".")
        reference, dot, ministry = named.partition(".")
        reference = reference.upper()
        answering = ministry.lower() if dot else None
        return ReplyTarget(reference, answering, hmac.compare_digest(_signature(reference, answering), signature))
    return None


def accepts_recipient(address: str) -> bool:
    """Whether the desk takes mail for ``address`` at all (its own domain); anything else is refused."""
    return parseaddr(address)[1].lower().rpartition("@")[2] == desk_address()[1]
