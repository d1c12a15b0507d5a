"""The screening's entries in the menu."""

from ksdesk.screening.service import SCREENERS
from ksdesk.vocab import _
from ksdesk.web.navigation import NavEntry

NAVIGATION = (
    NavEntry(40, "nav-screening", _("Screening"), "/screening", SCREENERS),
)
