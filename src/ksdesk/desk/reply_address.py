"""The signed reply address of a question: ``<local>+<reference>.<signature>@<domain>``.

Every e-mail to an asker carries it as Reply-To, so that ksdesk mail-in can thread the answer onto
the right question however the subject was changed; the signature means nobody can make one up
for somebody else's question.
"""

from __future__ import annotations

import hashlib
import hmac
from email.utils import parseaddr

from ksdesk.settings import get_settings, secret_key

_LENGTH = 16


def _signature(reference: str) -> str:
    return hmac.new(secret_key().encode(), f"reply:{reference}".encode(), hashlib.sha256).hexdigest()[:_LENGTH]


def desk_address() -> tuple[str, str]:
    """(local part, domain) of the desk's own address."""
    local, _, domain = parseaddr(get_settings().mail_from)[1].partition("@")
    return local, domain.lower()


def reply_address(reference: str) -> str:
    local, domain = desk_address()
    return f"{local}+{reference}.{_signature(reference)}@{domain}"


def signed_reference(recipients: list[str]) -> tuple[str | None, bool]:
    """(reference, whether its signature is right) of the first plus-address among ``recipients``."""
    for recipient in recipients:
        local = parseaddr(recipient)[1].partition("@")[0]
        _, plus, tag = local.partition("+")
        if not plus:
            continue
        reference, _, signature = tag.rpartition(".")
        reference = reference.upper()
        return reference, hmac.compare_digest(_signature(reference), signature)
    return None, False


def accepts_recipient(address: str) -> bool:
    """Whether the desk takes mail for ``address`` at all (its own domain); anything else is refused."""
    return parseaddr(address)[1].lower().rpartition("@")[2] == desk_address()[1]
