"""The assessment's entries in the menu: its rule sets and catalogues, for administrators."""

from ksdesk.assessment.inputs import EDITORS
from ksdesk.vocab import _
from ksdesk.web.navigation import NavEntry

NAVIGATION = (
    NavEntry(70, "nav-rule-sets", _("Rule sets"), "/admin/rule-sets", EDITORS),
    NavEntry(80, "nav-catalogues", _("Catalogues"), "/admin/catalogues", EDITORS),
)
