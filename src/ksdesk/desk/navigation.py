"""The desk's entries in the menu."""

from ksdesk.desk.access import ASKER_ROLES, DESK_ROLES, LIAISON_ROLES
from ksdesk.vocab import Role, _
from ksdesk.web.navigation import PUBLIC, NavEntry

NAVIGATION = (
    NavEntry(90, "nav-my-questions", _("My questions"), "/desk/my-questions", ASKER_ROLES),
    NavEntry(100, "nav-desk-queue", _("Question queue"), "/desk/queue", DESK_ROLES),
    NavEntry(105, "nav-desk-mail-in", _("Mail received"), "/desk/mail-in", DESK_ROLES),
    NavEntry(110, "nav-desk-coordination", _("Requests for advice"), "/desk/coordination", LIAISON_ROLES),
    # Desk officers see the same figures as charts, under the portfolio.
    NavEntry(120, "nav-desk-figures", _("Desk figures"), "/desk/figures", frozenset({Role.ANALYST, Role.ADMIN})),
    NavEntry(130, "nav-desk-closure-days", _("Desk closure days"), "/desk/closure-days", frozenset({Role.ADMIN})),
    NavEntry(135, "nav-desk-ministries", _("Ministries and escalation"), "/desk/ministries", frozenset({Role.ADMIN})),
    NavEntry(137, "nav-desk-retention", _("Retention of personal data"), "/desk/retention", frozenset({Role.ADMIN})),
    NavEntry(160, "nav-desk-faq", _("Knowledge base"), "/desk/faq", audience=PUBLIC),
)
