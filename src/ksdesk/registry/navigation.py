"""The registry's entries in the menu."""

from ksdesk.registry.access import COLLABORATION_READERS
from ksdesk.vocab import _
from ksdesk.web.navigation import NavEntry

NAVIGATION = (
    NavEntry(20, "nav-collaborations", _("Collaborations"), "/collaborations", COLLABORATION_READERS),
    NavEntry(30, "nav-organisations", _("Organisations"), "/organisations"),
)
