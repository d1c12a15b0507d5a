"""The menu: every domain's entries, and those of the pages above the domains."""

from ksdesk.assessment.navigation import NAVIGATION as ASSESSMENT
from ksdesk.desk.navigation import NAVIGATION as DESK
from ksdesk.portfolio.navigation import NAVIGATION as PORTFOLIO
from ksdesk.registry.navigation import NAVIGATION as REGISTRY
from ksdesk.screening.navigation import NAVIGATION as SCREENING
from ksdesk.vocab import Role, _
from ksdesk.web.navigation import PUBLIC, VISITORS, NavEntry

ADMINS = frozenset({Role.ADMIN})

APPLICATION = (
    NavEntry(10, "nav-home", _("Home"), "/", audience=PUBLIC),
    NavEntry(15, "nav-contact", _("Ask a question"), "/desk/contact", audience=VISITORS),
    NavEntry(190, "nav-login", _("Sign in"), "/login", audience=VISITORS),
    NavEntry(50, "nav-users", _("Users"), "/admin/users", ADMINS),
    NavEntry(60, "nav-institutions", _("Institutions"), "/admin/institutions", ADMINS),
    NavEntry(170, "nav-tokens", _("API tokens"), "/account/tokens"),
)

MENU: tuple[NavEntry, ...] = tuple(sorted(
    (*APPLICATION, *REGISTRY, *SCREENING, *ASSESSMENT, *DESK, *PORTFOLIO), key=lambda e: e.position
))
