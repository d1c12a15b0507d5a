"""The question status workflow: received → in progress → coordinating → answered → closed."""

from __future__ import annotations

from dataclasses import dataclass

from ksdesk.desk.vocab import QuestionStatus as S
from ksdesk.errors import Refusal


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[S]
    target: S
    reason_required: bool = False


def _t(action: str, sources: set[S], target: S, reason: bool = False) -> Transition:
    return Transition(action, frozenset(sources), target, reason)


# Coordinating is entered by requesting coordination (coordination.request_coordination) and
# answered by sending a public reply (messages.add_reply), so the actions a desk officer picks
# by hand are the remaining ones.
TRANSITIONS: tuple[Transition, ...] = (
    _t("start", {S.RECEIVED}, S.IN_PROGRESS),
    _t("coordinate", {S.RECEIVED, S.IN_PROGRESS}, S.COORDINATING),
    _t("end_coordination", {S.COORDINATING}, S.IN_PROGRESS),
    _t("answer", {S.RECEIVED, S.IN_PROGRESS, S.COORDINATING}, S.ANSWERED),
    _t("close", {S.ANSWERED}, S.CLOSED),
    _t("reopen", {S.ANSWERED, S.CLOSED}, S.IN_PROGRESS, reason=True),
)
MANUAL_ACTIONS = frozenset({"start", "end_coordination", "close", "reopen"})


class TransitionError(ValueError):
    """A step that is not possible now, with the reason why (see ksdesk.errors)."""

    def __init__(self, refusal: Refusal):
        super().__init__(refusal.message)
        self.refusal = refusal


def available(status: str, *, manual_only: bool = True) -> list[Transition]:
    return [t for t in TRANSITIONS if status in t.sources and (not manual_only or t.action in MANUAL_ACTIONS)]


def find(status: str, action: str, reason: str | None) -> Transition:
    for transition in TRANSITIONS:
        if transition.action == action and status in transition.sources:
            if transition.reason_required and not (reason and reason.strip()):
                raise TransitionError(Refusal("step_needs_reason", f"{action} needs a reason", {"action": action}))
            return transition
    allowed = ", ".join(t.action for t in available(status, manual_only=False)) or "none"
    raise TransitionError(Refusal("step_not_possible", f"cannot {action} a question that is {status}; allowed: {allowed}",
                                 {"action": action, "status": status}))
