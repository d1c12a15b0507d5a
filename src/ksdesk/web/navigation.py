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
    if user.role in (Role.RESEARCHER, Role.ADVISOR, Role.DESK_OFFICER, Role.ADMIN):
        items.append(("nav-screening", _("Screening"), "/screening"))
    if user.role is Role.ADMIN:
        items.append(("nav-users", _("Users"), "/admin/users"))
        items.append(("nav-institutions", _("Institutions"), "/admin/institutions"))
        items.append(("nav-rule-sets", _("Rule sets"), "/admin/rule-sets"))
        items.append(("nav-catalogues", _("Catalogues"), "/admin/catalogues"))
    if user.role in (Role.RESEARCHER, Role.ADVISOR):
        items.append(("nav-my-questions", _("My questions"), "/desk/my-questions"))
    if user.role is Role.DESK_OFFICER:
        items.append(("nav-desk-queue", _("Question queue"), "/desk/queue"))
    if user.role is Role.MINISTRY_LIAISON:
        items.append(("nav-desk-coordination", _("Requests for advice"), "/desk/coordination"))
    if user.role in (Role.ANALYST, Role.ADMIN):
        items.append(("nav-desk-figures", _("Desk figures"), "/desk/figures"))
    if user.role is Role.ADMIN:
        items.append(("nav-desk-closure-days", _("Desk closure days"), "/desk/closure-days"))
    if user.role in (Role.ADVISOR, Role.ANALYST, Role.ADMIN):
        items.append(("nav-portfolio", _("Portfolio"), "/portfolio"))
    if user.role is Role.DESK_OFFICER:
        items.append(("nav-portfolio-desk", _("Desk charts"), "/portfolio/desk"))
    items.append(("nav-desk-faq", _("Knowledge base"), "/desk/faq"))
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
