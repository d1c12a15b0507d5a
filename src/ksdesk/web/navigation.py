"""The primary navigation: only what the signed-in role can use is offered.

Each domain declares its own entries (its navigation.py) with the roles that may use them; the
app factory collects them (app.navigation) and the page template shows them in their order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ksdesk.vocab import Role, _

SIGNED_IN, PUBLIC, VISITORS = "signed_in", "public", "visitors"


@dataclass(frozen=True)
class NavEntry:
    """One entry of the menu: ``roles`` None means every signed-in person. ``position`` orders the
    menu across domains. ``audience``: signed-in people only (the default), everyone (PUBLIC), or
    only visitors who are not signed in (VISITORS: the way to sign in, the public contact form)."""

    position: int
    id: str
    label: str
    href: str
    roles: frozenset[Role] | None = None
    audience: str = SIGNED_IN


@dataclass(frozen=True)
class NavItem:
    id: str
    label: str
    href: str
    current: bool


def main_navigation(entries: Iterable[NavEntry], user, path: str) -> list[NavItem]:
    if user is None:
        shown = sorted((e for e in entries if e.audience in (PUBLIC, VISITORS)), key=lambda e: e.position)
    else:
        shown = sorted((e for e in entries if e.audience != VISITORS and (e.roles is None or user.role in e.roles)),
                       key=lambda e: e.position)
    return [
        NavItem(e.id, e.label, e.href, path == e.href if e.href == "/" else path == e.href or path.startswith(e.href + "/"))
        for e in shown
    ]


def crumb(label: str, href: str | None = None) -> dict:
    """A breadcrumb whose label is a message id, translated when rendered."""
    return {"label": label, "href": href, "translate": True}


def crumb_text(text: str, href: str | None = None) -> dict:
    """A breadcrumb showing data (an organisation's name), never translated."""
    return {"label": text, "href": href, "translate": False}


def home_crumb() -> dict:
    return crumb(_("Home"), "/")
