"""The assessment in the JSON API: the same operations and rules as the web pages."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Body, Depends, Request

from ksdesk.assessment import contract, inputs, service
from ksdesk.assessment.schemas import (
    AnswersUpdate,
    ConfirmationCreate,
    DecisionCreate,
    MitigationStatusUpdate,
    MitigationsUpdate,
    NoteCreate,
    WhatIfCreate,
)
from ksdesk.vocab import Role
from ksdesk.web.deps import DB, ApiUser, CurrentUser, api_roles
from ksdesk.web.routing import Router

router = Router(tags=["assessment"])
BASE = "/collaborations/{collaboration_id}/assessment"
ApiAdmin = Annotated[CurrentUser, Depends(api_roles(Role.ADMIN))]


def _current(db, user, collaboration_id: int) -> dict:
    stored = service.latest(db, user.principal, collaboration_id)
    flags = service.open_flags(db, user.principal, collaboration_id)
    if stored is None:
        # Not assessed yet: what the rules say now, marked as not stored.
        out = contract.as_json(service.preview(db, user.principal, collaboration_id, {}), None, flags)
        out["assessment"] = None
        return out
    return contract.as_json(service.result_of(stored), stored, flags)


@router.get(BASE, summary="The latest assessment (or, if none is stored, what the rules give now)")
def get_assessment(db: DB, user: ApiUser, collaboration_id: int):
    return _current(db, user, collaboration_id)


@router.post(BASE + "/answers", summary="Save questionnaire answers and assess again")
def post_answers(db: DB, user: ApiUser, collaboration_id: int, body: AnswersUpdate):
    stored = service.save_answers(db, user.principal, collaboration_id, body.answers)
    return contract.as_json(service.result_of(stored), stored)


@router.post(BASE + "/mitigations", summary="Choose the mitigations of the open version")
def post_mitigations(db: DB, user: ApiUser, collaboration_id: int, body: MitigationsUpdate):
    stored = service.choose_mitigations(db, user.principal, collaboration_id, body.mitigations)
    return contract.version_json(stored)


@router.post(BASE + "/mitigations/{mitigation_id}", summary="Track a chosen mitigation")
def post_mitigation_status(db: DB, user: ApiUser, collaboration_id: int, mitigation_id: str, body: MitigationStatusUpdate):
    chosen = service.set_mitigation_status(db, user.principal, collaboration_id, mitigation_id, body.status, body.note)
    return {"id": chosen.mitigation_id, "status": chosen.status, "note": chosen.note}


@router.post(BASE + "/decision", summary="Record the advisor's decision; the version becomes immutable")
def post_decision(db: DB, user: ApiUser, collaboration_id: int, body: DecisionCreate):
    stored = service.decide(db, user.principal, collaboration_id, body.decision, body.reasons, body.question_text,
                            body.override_reason)
    return contract.version_json(stored)


@router.post(BASE + "/confirmation",
             summary="A second advisor confirms a high-risk approval (four eyes), or sends it back to draft")
def post_confirmation(db: DB, user: ApiUser, collaboration_id: int, body: ConfirmationCreate):
    stored = service.confirm_decision(db, user.principal, collaboration_id, body.confirm, body.reason)
    return contract.version_json(stored)


@router.get(BASE + "/notes", summary="The notes of the institutions taking part")
def get_notes(db: DB, user: ApiUser, collaboration_id: int):
    return [_note_json(n) for n in service.notes(db, user.principal, collaboration_id)]


@router.post(BASE + "/notes", summary="Add your institution's note (lead or participating institution)")
def post_note(db: DB, user: ApiUser, collaboration_id: int, body: NoteCreate):
    return _note_json(service.add_note(db, user.principal, collaboration_id, body.text))


def _note_json(note) -> dict:
    return {"id": note.id, "institution_id": note.institution_id, "text": note.text, "created_by": note.created_by,
            "created_at": note.created_at.isoformat()}


@router.get(BASE + "/versions", summary="Every version, newest first")
def get_versions(db: DB, user: ApiUser, collaboration_id: int):
    return [contract.version_json(v) for v in service.versions(db, user.principal, collaboration_id)]


@router.get(BASE + "/versions/{number}", summary="One version with its result")
def get_version(db: DB, user: ApiUser, collaboration_id: int, number: int):
    stored = service.get_version(db, user.principal, collaboration_id, number)
    return contract.as_json(service.result_of(stored), stored)


def _what_if_json(result) -> dict:
    return {
        "changes": [c.model_dump() for c in result.changes],
        "opportunities_gained": result.opportunities_gained, "opportunities_lost": result.opportunities_lost,
        "mitigations_added": result.mitigations_added, "mitigations_dropped": result.mitigations_dropped,
        "before": result.before.levels(), "after": result.after.levels(),
        "stored": False,
    }


@router.post(BASE + "/what-if", summary="Which levels change with other answers or facts; nothing is stored")
def post_what_if(db: DB, user: ApiUser, collaboration_id: int, body: WhatIfCreate):
    return _what_if_json(service.what_if_for(db, user.principal, collaboration_id, body.answers, body.collaboration))


@router.get(BASE + "/what-if", summary="As POST, with answers as query parameters (?dual_use=yes)")
def get_what_if(request: Request, db: DB, user: ApiUser, collaboration_id: int):
    answers: dict[str, Any] = {}
    for key, value in request.query_params.items():
        try:
            answers[key] = float(value) if value.replace(".", "", 1).isdigit() else value
        except ValueError:
            answers[key] = value
    return _what_if_json(service.what_if_for(db, user.principal, collaboration_id, answers))


@router.get("/rule-sets", summary="Every rule-set version (administrators)")
def get_rule_sets(db: DB, user: ApiAdmin):
    return [{"number": v.number, "version": v.label, "name": v.name, "in_force": v.is_current,
             "uploaded_at": v.uploaded_at.isoformat(), "uploaded_by": v.uploaded_by}
            for v in inputs.rule_set_versions(db)]


@router.post("/rule-sets", summary="Upload a rule set (YAML text in the body); a broken one is refused")
def post_rule_set(db: DB, user: ApiAdmin, text: str = Body(..., media_type="application/yaml")):
    version = inputs.upload_rule_set(db, user.principal, text)
    return {"number": version.number, "version": version.label, "in_force": True}


@router.get("/rule-sets/{number}", summary="One rule-set version with its YAML text (administrators)")
def get_rule_set(db: DB, user: ApiAdmin, number: int):
    version = inputs.get_rule_set_version(db, number)
    return {"number": version.number, "version": version.label, "name": version.name, "text": version.text,
            "in_force": version.is_current}


@router.get("/catalogues", summary="Every catalogue with the edition in force (administrators)")
def get_catalogues(db: DB, user: ApiAdmin):
    return [{"id": row["id"], "file": row["filename"], "title": row["title"], "edition": row["edition"],
             "entries": row["size"], "version": row["version"].number if row["version"] else None,
             "uploaded_at": row["version"].uploaded_at.isoformat() if row["version"] else None,
             "uploaded_by": row["version"].uploaded_by if row["version"] else None}
            for row in inputs.catalogue_overview(db)]


@router.get("/catalogues/{catalogue_id}", summary="The file in force of one catalogue (administrators)")
def get_catalogue(db: DB, user: ApiAdmin, catalogue_id: str):
    return {"id": catalogue_id, "text": inputs.current_catalogue_text(db, catalogue_id)}


@router.post("/catalogues/{catalogue_id}",
             summary="Upload a new edition of a catalogue (the file's text in the body, sent as text/plain or "
                     "application/yaml); a broken one is refused")
def post_catalogue(db: DB, user: ApiAdmin, catalogue_id: str, text: str = Body(..., media_type="text/plain")):
    version = inputs.upload_catalogue(db, user.principal, catalogue_id, text)
    return {"id": version.catalogue, "version": version.number, "edition": version.edition, "in_force": True}
