"""The primary navigation: only what the signed-in role can use is offered.

Each domain declares its own entries (its navigation.py) with the roles that may use them; the
app factory collects them (app.navigation) and the page template shows them in their order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ksdesk.vocab import Role, _


@dataclass(frozen=True)
class NavEntry:
    """One entry of the menu: ``roles`` None means every signed-in person. ``position`` orders the
    menu across domains."""

    position: int
    id: str
    label: str
    href: str
    roles: frozenset[Role] | None = None


@dataclass(frozen=True)
class NavItem:
    id: str
    label: str
    href: str
    current: bool


def main_navigation(entries: Iterable[NavEntry], user, path: str) -> list[NavItem]:
    if user is None:
        return []
    shown = sorted((e for e in entries if e.roles is None or user.role in e.roles), key=lambda e: e.position)
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
