"""The collaboration status workflow: which transitions exist and who may make them.

draft → under review → approved / approved with conditions / declined → active → ended,
with the way back a reviewer needs: return a submission to draft, reopen a declined one; and
what a re-assessment needs: conditions added to an approval, an approval or a running
collaboration declined.
"""

from __future__ import annotations

from dataclasses import dataclass

from ksdesk.errors import Refusal
from ksdesk.vocab import CollaborationStatus as S
from ksdesk.vocab import Role


@dataclass(frozen=True)
class Transition:
    action: str
    source: S
    target: S
    roles: frozenset[Role]
    reason_required: bool = False
    label: str = ""


def _t(action: str, source: S, target: S, roles: set[Role], reason: bool, label: str) -> Transition:
    return Transition(action, source, target, frozenset(roles), reason, label)


TRANSITIONS: tuple[Transition, ...] = (
    _t("submit", S.DRAFT, S.UNDER_REVIEW, {Role.RESEARCHER, Role.ADVISOR}, False, "Submit for review"),
    _t("approve", S.UNDER_REVIEW, S.APPROVED, {Role.ADVISOR}, False, "Approve"),
    _t("approve_with_conditions", S.UNDER_REVIEW, S.APPROVED_WITH_CONDITIONS, {Role.ADVISOR}, True,
       "Approve with conditions"),
    _t("decline", S.UNDER_REVIEW, S.DECLINED, {Role.ADVISOR}, True, "Decline"),
    _t("return", S.UNDER_REVIEW, S.DRAFT, {Role.ADVISOR}, True, "Return to draft"),
    _t("reopen", S.DECLINED, S.DRAFT, {Role.RESEARCHER, Role.ADVISOR}, False, "Reopen as draft"),
    _t("activate", S.APPROVED, S.ACTIVE, {Role.ADVISOR}, False, "Start (make active)"),
    _t("activate", S.APPROVED_WITH_CONDITIONS, S.ACTIVE, {Role.ADVISOR}, False, "Start (make active)"),
    _t("end", S.ACTIVE, S.ENDED, {Role.ADVISOR}, False, "End"),
    # A re-assessment may tighten or stop what was approved before.
    _t("approve_with_conditions", S.APPROVED, S.APPROVED_WITH_CONDITIONS, {Role.ADVISOR}, True,
       "Approve with conditions"),
    _t("decline", S.APPROVED, S.DECLINED, {Role.ADVISOR}, True, "Decline"),
    _t("decline", S.APPROVED_WITH_CONDITIONS, S.DECLINED, {Role.ADVISOR}, True, "Decline"),
    _t("decline", S.ACTIVE, S.DECLINED, {Role.ADVISOR}, True, "Decline"),
)

# A researcher may still change what they registered until it is being reviewed.
EDITABLE_BY_RESEARCHER = frozenset({S.DRAFT})
EDITABLE = frozenset({S.DRAFT, S.UNDER_REVIEW, S.APPROVED, S.APPROVED_WITH_CONDITIONS, S.ACTIVE})


class TransitionError(ValueError):
    """A step that is not possible now, with the reason why (see ksdesk.errors)."""

    def __init__(self, refusal: Refusal):
        super().__init__(refusal.message)
        self.refusal = refusal


def available(status: str, role: Role | None) -> list[Transition]:
    """Transitions from this status that this role may make (None = the system)."""
    return [t for t in TRANSITIONS if t.source == status and (role is None or role in t.roles)]


def find(status: str, action: str, role: Role | None, reason: str | None) -> Transition:
    candidates = [t for t in TRANSITIONS if t.source == status and t.action == action]
    if not candidates:
        allowed = ", ".join(t.action for t in TRANSITIONS if t.source == status) or "none"
        raise TransitionError(Refusal("step_not_possible",
                                     f"cannot {action} a collaboration that is {status}; allowed: {allowed}",
                                     {"action": action, "status": status}))
    transition = candidates[0]
    if role is not None and role not in transition.roles:
        raise PermissionError(f"a {role.value} may not {action} a collaboration")
    if transition.reason_required and not (reason and reason.strip()):
        raise TransitionError(Refusal("step_needs_reason", f"{action} needs a reason", {"action": action}))
    return transition
