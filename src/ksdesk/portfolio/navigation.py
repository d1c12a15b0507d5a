"""The portfolio's entries in the menu."""

from ksdesk.portfolio.scope import PORTFOLIO_READERS
from ksdesk.vocab import Role, _
from ksdesk.web.navigation import NavEntry

NAVIGATION = (
    NavEntry(140, "nav-portfolio", _("Portfolio"), "/portfolio", PORTFOLIO_READERS),
    NavEntry(150, "nav-portfolio-desk", _("Desk charts"), "/portfolio/desk", frozenset({Role.DESK_OFFICER})),
)
