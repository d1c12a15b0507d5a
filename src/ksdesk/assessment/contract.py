"""The JSON shape of an assessment, shared by the CLI and the API."""

from __future__ import annotations

from ksdesk.assessment.models import Assessment
from ksdesk.assessment.result import AssessmentResult


def as_json(result: AssessmentResult, stored: Assessment | None = None, flags=()) -> dict:
    data = result.to_dict()
    out = {
        "collaboration": data["collaboration"],
        "rule_set_version": data["rule_set_version"],
        "themes": {name: {"level": t["level"], "reasons": t["reasons"], "escalations": t["escalations"],
                          "checked": t.get("checked", [])}
                   for name, t in data["themes"].items()},
        "partnership": {"level": data["partnership"]["level"], "reasons": data["partnership"]["reasons"],
                        "escalations": data["partnership"]["escalations"],
                        "checked": data["partnership"].get("checked", [])},
        "opportunities": data["opportunities"],
        "mitigations": data["mitigations"],
        "missing": data["missing"],
        # Possible watchlist matches nobody has settled: they set no level, they are listed.
        "to_review": data.get("to_review", []),
        "completeness": data.get("completeness"),
    }
    if stored is not None:
        out["assessment"] = version_json(stored)
    out["reassessment_needed"] = [{"reason": f.reason, "detail": f.detail, "raised_at": f.raised_at.isoformat()}
                                  for f in flags]
    return out


def version_json(stored: Assessment) -> dict:
    return {
        "number": stored.number, "status": stored.status, "rule_set_version": stored.rule_set_label,
        "answers": stored.answers, "decision": stored.decision, "decision_reasons": stored.decision_reasons,
        "decided_by": stored.decided_by, "decided_at": stored.decided_at.isoformat() if stored.decided_at else None,
        "confirmed_by": stored.confirmed_by,
        "confirmed_at": stored.confirmed_at.isoformat() if stored.confirmed_at else None,
        "desk_question_id": stored.desk_question_id, "created_at": stored.created_at.isoformat(),
        "updated_at": stored.updated_at.isoformat(),
        "chosen_mitigations": [{"id": m.mitigation_id, "status": m.status, "note": m.note} for m in stored.mitigations],
    }
