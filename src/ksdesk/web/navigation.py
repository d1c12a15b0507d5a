"""The primary navigation: only what the signed-in role can use is offered."""

from __future__ import annotations

from dataclasses import dataclass

from ksdesk.registry.access import COLLABORATION_READERS
from ksdesk.vocab import Role, _


@dataclass(frozen=True)
class NavItem:
    id: str
    label: str
    href: str
    current: bool


def main_navigation(user, path: str) -> list[NavItem]:
    if user is None:
        return []
    items = [("nav-home", _("Home"), "/")]
    if user.role in COLLABORATION_READERS:
        items.append(("nav-collaborations", _("Collaborations"), "/collaborations"))
    items.append(("nav-organisations", _("Organisations"), "/organisations"))
    if user.role is Role.ADMIN:
        items.append(("nav-users", _("Users"), "/admin/users"))
        items.append(("nav-institutions", _("Institutions"), "/admin/institutions"))
    items.append(("nav-tokens", _("API tokens"), "/account/tokens"))
    return [
        NavItem(id_, label, href, path == href if href == "/" else path == href or path.startswith(href + "/"))
        for id_, label, href in items
    ]


def crumb(label: str, href: str | None = None) -> dict:
    """A breadcrumb whose label is a message id, translated when rendered."""
    return {"label": label, "href": href, "translate": True}


def crumb_text(text: str, href: str | None = None) -> dict:
    """A breadcrumb showing data (an organisation's name), never translated."""
    return {"label": text, "href": href, "translate": False}


def home_crumb() -> dict:
    return crumb(_("Home"), "/")
