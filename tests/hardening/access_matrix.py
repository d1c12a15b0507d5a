"""The access matrix: every endpoint of the web app and the API × every role × an object of the
user's own institution and of another, with the answer each cell must get.

Each endpoint states once who may use it and how far each role reaches; the cells are generated
from that. The conventions it encodes:

* out of scope is "not found" (404), never "forbidden", so nobody learns that something exists —
  a page of another role included;
* 403 only where the user sees the object anyway and may not change it (a shared organisation);
* without a session a web page sends the browser to the sign-in page ("login"); the API answers 401;
* a change that succeeds leaves a row in the audit log (only the language switch, a screening
  query and a what-if store nothing);
* a list answers every role that may use it, and filters: in the "own" cell the own side's object
  must be listed, in the "other" cell the other side's object must be missing ("hidden") — or, for
  a role with a national view, listed too ("listed");
* a collaboration another institution leads with the user's own taking part ("shared") is read by
  the participant's advisors, who add their own note; everything else on it (editing, the
  questionnaire, the measures, the decision) stays with the lead: 403, as they see it. Every
  endpoint on a collaboration, and every list of them, has a "shared" cell per role.

``python -m tests.hardening.access_matrix`` prints docs/access-matrix.md, the matrix for readers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from tests.hardening.access_scene import ENTITY_ID, LIST_CODE, LISTED, OWN, ROLES, SHARED, SIDES, Scene

OK, LOGIN = "ok", "login"
Outcome = int | str
Access = tuple[Outcome, Outcome]  # (own, other)

BOTH: Access = (OK, OK)
MINE: Access = (OK, 404)
NEITHER: Access = (404, 404)
READ_ONLY: Access = (403, 404)  # may see the own object, may not change it
SEEN_NOT_CHANGED: Access = (403, 403)  # a shared object everyone sees


@dataclass(frozen=True)
class Call:
    url: str
    json: object = None
    data: dict | None = None
    files: dict | None = None
    content: str | None = None
    content_type: str | None = None


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    request: Callable[[Scene, str, str], Call]  # (scene, role, side) → the request
    access: dict[str, Access] = field(default_factory=dict)  # roles absent: NEITHER
    public: bool = False
    ok: int = 200
    lists: Callable[[Scene, str, str], str] | None = None  # the text that shows an object of a side
    stores: bool = True  # for POST and PUT: a success changes something, so the audit log grows
    # On a collaboration another institution leads with the user's own taking part: role → answer
    # (roles absent: 404). None: the endpoint is not about one collaboration or a list of them.
    shared: dict[str, Outcome] | None = None

    @property
    def changes(self) -> bool:
        return self.method in ("POST", "PUT", "DELETE") and self.stores

    @property
    def api(self) -> bool:
        return self.path.startswith("/api/")

    def expected(self, role: str, side: str) -> Outcome:
        if role == "anonymous" and not self.public:
            return 401 if self.api else LOGIN
        own, other = self.access.get(role, BOTH if self.public else NEITHER)
        if side == SHARED:
            other = (self.shared or {}).get(role, 404)
        if self.lists is not None and own == OK:
            other = OK  # the list answers; what it may show is shows()
        outcome = own if side == OWN else other
        return self.ok if outcome == OK else outcome

    def shows(self, role: str, side: str) -> bool:
        """Whether a list must show the side's object to the role."""
        if side == SHARED:
            return (self.shared or {}).get(role) == OK
        return side == OWN or self.access.get(role, NEITHER)[1] == OK

    def describe(self, role: str, side: str) -> str:
        expected = self.expected(role, side)
        if self.lists is None or expected != self.ok:
            return str(expected)
        return f"{expected} {'listed' if self.shows(role, side) else 'hidden'}"


def everyone(access: Access = BOTH) -> dict[str, Access]:
    return {role: access for role in ROLES if role != "anonymous"}


def only(*roles: str, access: Access = BOTH) -> dict[str, Access]:
    return {role: access for role in roles}


INSTITUTION = {"researcher": MINE, "advisor": MINE}
# A participating institution's advisors read a shared collaboration and note on it; the lead changes it.
PARTICIPANT_READS: dict[str, Outcome] = {"advisor": OK}
LEAD_ONLY: dict[str, Outcome] = {"advisor": 403}
# The web pages that change an assessment are the lead's advisors' pages: to anyone else, as a page
# of another role, they do not exist (the API answers 403, as for a researcher who reads it).
LEAD_PAGE: dict[str, Outcome] = {}
SCREENERS = ("researcher", "advisor", "desk_officer", "admin")
REVIEWERS = ("advisor", "desk_officer", "admin")
ORGANISATION_EDITORS = ("advisor", "desk_officer", "admin")
FIGURE_READERS = ("desk_officer", "analyst", "admin")
PORTFOLIO_READERS = ("advisor", "analyst", "admin")
# A bulk-screening job is its creator's; an administrator sees every one.
OWN_JOBS = {**only(*SCREENERS, access=MINE), "admin": BOTH}
# Organisations are shared: every role reads them, some may add them, fewer may change them.
ADD_ORGANISATION = {**only("researcher", *ORGANISATION_EDITORS),
                    **only("ministry_liaison", "analyst", access=SEEN_NOT_CHANGED)}
CHANGE_ORGANISATION = {**only(*ORGANISATION_EDITORS),
                       **only("researcher", "ministry_liaison", "analyst", access=SEEN_NOT_CHANGED)}


# ---------------------------------------------------------------- what the requests point at

def get(url: str | Callable[[Scene, str, str], str]) -> Callable[[Scene, str, str], Call]:
    return lambda s, role, side: Call(url(s, role, side) if callable(url) else url)


def collaboration(s: Scene, role: str, side: str) -> int:
    return s.side(side).collaboration_id


def organisation(s: Scene, role: str, side: str) -> int:
    return s.side(side).organisation_id


def alert(s: Scene, role: str, side: str) -> int:
    return s.side(side).alert_id


def question(s: Scene, role: str, side: str) -> int:
    return s.side(side).question_id


def job(s: Scene, role: str, side: str) -> int:
    user = s.user_of(role, side)
    return s.job_ids.get(user or "", s.job_ids["alice" if side == OWN else "carol"])


def reference(s: Scene, role: str, side: str) -> str:
    user = s.user_of(role, side)
    return s.references.get(user or "", s.references["bob" if side == OWN else "dave"])


def token(s: Scene, role: str, side: str) -> int:
    user = s.user_of(role, side) or ("bob" if side == OWN else "dave")
    return s.token_ids[user]


def assessment(suffix: str = "", api: bool = False):
    prefix = "/api/v1" if api else ""
    return lambda s, role, side: f"{prefix}/collaborations/{collaboration(s, role, side)}/assessment{suffix}"


def awaiting(api: bool = False):
    prefix = "/api/v1" if api else ""
    return lambda s, role, side: (f"{prefix}/collaborations/{s.side(side).awaiting_collaboration_id}"
                                  "/assessment/confirmation")


def collaboration_title(s: Scene, role: str, side: str) -> str:
    return s.side(side).collaboration_title


def alert_in_json(s: Scene, role: str, side: str) -> str:
    return f'"id":{s.side(side).alert_id},'


def question_subject(s: Scene, role: str, side: str) -> str:
    return s.side(side).question_subject


def own_question_subject(s: Scene, role: str, side: str) -> str:
    return s.subjects.get(s.user_of(role, side) or "", s.subjects["bob" if side == OWN else "dave"])


def job_file(s: Scene, role: str, side: str) -> str:
    user = s.user_of(role, side)
    return s.job_files.get(user or "", s.job_files["alice" if side == OWN else "carol"])


def notice(s: Scene, role: str, side: str) -> int:
    user = s.user_of(role, side) or ("bob" if side == OWN else "dave")
    return s.notice_ids[user]


def token_name(s: Scene, role: str, side: str) -> str:
    return f"matrix token of {s.user_of(role, side) or ('bob' if side == OWN else 'dave')}"


def form(url, **fields) -> Callable[[Scene, str, str], Call]:
    """A web form post; field values may depend on the scene."""
    def make(s: Scene, role: str, side: str) -> Call:
        data = {k: (v(s, role, side) if callable(v) else v) for k, v in fields.items()}
        return Call(url(s, role, side) if callable(url) else url, data=data)
    return make


def body(url, payload) -> Callable[[Scene, str, str], Call]:
    def make(s: Scene, role: str, side: str) -> Call:
        value = payload(s, role, side) if callable(payload) else payload
        return Call(url(s, role, side) if callable(url) else url, json=value)
    return make


def desk_question(suffix: str, which: str = "question_id", api: bool = False):
    prefix = "/api/v1/desk" if api else "/desk"
    return lambda s, role, side: f"{prefix}/questions/{getattr(s.side(side), which)}{suffix}"


CONTACT_FORM = {
    "asker_name": "Jan Jansen", "asker_email": "jan.jansen@uni.example", "asker_role": "researcher",
    "language": "en", "institution_name": "Hogeschool Voorbeeld", "subject": "A partner abroad",
    "text": "We consider a collaboration with a university abroad. What should we check first?",
    "topics": "knowledge_transfer", "countries": "CN", "consent": "on",
}
QUESTION_JSON = {
    "asker_name": "Jan Jansen", "asker_email": "jan.jansen@uni.example", "asker_role": "researcher",
    "language": "en", "institution_name": "Hogeschool Voorbeeld", "subject": "A partner abroad",
    "text": "We consider a collaboration with a university abroad. What should we check first?",
    "topics": ["knowledge_transfer"], "countries": ["CN"], "consent": True,
}
NRO_CSV = "name,country,aliases\nMatrix Defence Institute,China,MDI\n"


def rule_set_text(s: Scene, role: str, side: str) -> str:
    return s.rule_set_yaml


def catalogue_text(s: Scene, role: str, side: str) -> str:
    return s.catalogue_text


def raw(url, text, content_type):
    def make(s: Scene, role: str, side: str) -> Call:
        return Call(url(s, role, side) if callable(url) else url,
                    content=text(s, role, side) if callable(text) else text, content_type=content_type)
    return make


def upload(url, file_name: str, content: str, **fields):
    def make(s: Scene, role: str, side: str) -> Call:
        return Call(url, data=dict(fields), files={"file": (file_name, content.encode(), "text/csv")})
    return make


def collaboration_edit(s: Scene, role: str, side: str) -> dict:
    return {"title": "Renamed by the access matrix", "form": "joint_research",
            "version": str(s.side(side).collaboration_version)}


# ---------------------------------------------------------------- the endpoints

E = Endpoint


def C(path: str) -> Callable[[Scene, str, str], str]:
    """A path on the side's collaboration: C("/collaborations/{id}/edit")."""
    return lambda s, role, side: path.format(id=collaboration(s, role, side))


ENDPOINTS: list[Endpoint] = [
    # signing in, the start page, language, API tokens, static files, the API description
    # a signed-in user who opens the sign-in page is sent on to the start page
    E("GET", "/login", get("/login"), everyone((303, 303)), public=True),
    E("POST", "/login", lambda s, r, d: Call("/login", data={
        "email": s.users[s.user_of(r, OWN) or "bob"].email, "password": s.password, "next": "/"}),
      public=True, ok=303),
    E("POST", "/logout", form("/logout"), everyone(), ok=303),
    # visitors get the front door, a signed-in person their own start page
    E("GET", "/", get("/"), everyone(), public=True),
    # the chosen language lives in a cookie, not in the database
    E("POST", "/language", form("/language", lang="nl", next="/"), public=True, ok=303, stores=False),
    E("GET", "/account/tokens", get("/account/tokens"), everyone(MINE), lists=token_name),
    E("POST", "/account/tokens", form("/account/tokens", name="a script"), everyone()),
    # an administrator can revoke anyone's token (a leaked one, say)
    E("POST", "/account/tokens/{token_id}/revoke", form(lambda s, r, d: f"/account/tokens/{token(s, r, d)}/revoke"),
      {**everyone(MINE), "admin": BOTH}, ok=303),
    # notices: everyone's own bell; a notice of someone else is not found
    E("GET", "/notifications", get("/notifications"), everyone()),
    E("POST", "/notifications/read", form("/notifications/read"), everyone(), ok=303),
    E("POST", "/notifications/{notice_id}/open", form(lambda s, r, d: f"/notifications/{notice(s, r, d)}/open"),
      everyone(MINE), ok=303),
    E("GET", "/notifications/settings", get("/notifications/settings"), everyone()),
    E("POST", "/notifications/settings", form("/notifications/settings", **{"question_received.app": "on"}),
      everyone(), ok=303),
    E("GET", "/static/nlds/{name}", get("/static/nlds/utrecht-components.css"), public=True),
    E("GET", "/static/{path}", get("/static/ksdesk.css"), public=True),
    E("GET", "/api/v1/openapi.json", get("/api/v1/openapi.json"), public=True),
    E("GET", "/api/v1/me", get("/api/v1/me"), everyone()),

    # administration of users and institutions
    E("GET", "/admin/users", get("/admin/users"), only("admin")),
    E("GET", "/admin/users/new", get("/admin/users/new"), only("admin")),
    E("POST", "/admin/users/new", form("/admin/users/new", name="Ivo Researcher", email="ivo@example.org",
                                      password="a-long-password-1", role="researcher", institution="UvA",
                                      ministry="", language="nl"), only("admin"), ok=303),
    E("GET", "/admin/users/{user_id}", get(lambda s, r, d: f"/admin/users/{s.user_ids[0]}"), only("admin")),
    E("POST", "/admin/users/{user_id}", form(lambda s, r, d: f"/admin/users/{s.user_ids[0]}", name="Bella Jansen",
                                             role="advisor", institution="UL", ministry="", language="nl"),
      only("admin"), ok=303),
    E("POST", "/admin/users/{user_id}/deactivate", form(lambda s, r, d: f"/admin/users/{s.user_ids[0]}/deactivate"),
      only("admin"), ok=303),
    E("POST", "/admin/users/{user_id}/reactivate", form(lambda s, r, d: f"/admin/users/{s.user_ids[1]}/reactivate"),
      only("admin"), ok=303),
    E("GET", "/admin/institutions", get("/admin/institutions"), only("admin")),
    E("GET", "/admin/sign-ins", get("/admin/sign-ins"), only("admin")),
    E("POST", "/admin/institutions/{institution_id}/four-eyes",
      form(lambda s, r, d: f"/admin/institutions/{s.side(d).institution_id}/four-eyes", four_eyes="on"),
      only("admin"), ok=303),

    # the registry: organisations are shared by everyone, collaborations belong to an institution
    E("GET", "/organisations", get("/organisations"), everyone()),
    E("GET", "/organisations/suggest", get("/organisations/suggest?q=Partner"), everyone()),
    E("GET", "/organisations/new", get("/organisations/new"), ADD_ORGANISATION),
    E("POST", "/organisations/new", form("/organisations/new", name="Matrix Institute of Science",
                                        org_type="institute", country_code="DE"),
      ADD_ORGANISATION, ok=303),
    E("GET", "/organisations/{organisation_id}", get(lambda s, r, d: f"/organisations/{organisation(s, r, d)}"),
      everyone()),
    E("GET", "/organisations/{organisation_id}/edit",
      get(lambda s, r, d: f"/organisations/{organisation(s, r, d)}/edit"), CHANGE_ORGANISATION),
    E("POST", "/organisations/{organisation_id}/edit",
      form(lambda s, r, d: f"/organisations/{organisation(s, r, d)}/edit", name="Renamed partner",
           org_type="university", country_code="BE"), CHANGE_ORGANISATION, ok=303),
    E("GET", "/collaborations", get("/collaborations"), INSTITUTION, lists=collaboration_title),
    E("GET", "/collaborations/export.{fmt}", get("/collaborations/export.csv"), INSTITUTION,
      lists=collaboration_title),
    E("GET", "/collaborations/new", get("/collaborations/new"), only("researcher", "advisor")),
    E("POST", "/collaborations/new", form("/collaborations/new", title="Registered by the matrix",
                                         form="joint_research"), only("researcher", "advisor"), ok=303),
    E("GET", "/collaborations/{collaboration_id}", get(C("/collaborations/{id}")), INSTITUTION),
    E("GET", "/collaborations/{collaboration_id}/edit", get(C("/collaborations/{id}/edit")), INSTITUTION),
    E("POST", "/collaborations/{collaboration_id}/edit",
      lambda s, r, d: Call(f"/collaborations/{collaboration(s, r, d)}/edit", data=collaboration_edit(s, r, d)),
      INSTITUTION, ok=303),
    E("POST", "/collaborations/{collaboration_id}/transition",
      form(C("/collaborations/{id}/transition"), action="submit"), INSTITUTION, ok=303),

    E("GET", "/api/v1/institutions", get("/api/v1/institutions"), everyone()),
    E("GET", "/api/v1/countries", get("/api/v1/countries"), everyone()),
    E("GET", "/api/v1/organisations", get("/api/v1/organisations"), everyone()),
    E("GET", "/api/v1/organisations/{organisation_id}",
      get(lambda s, r, d: f"/api/v1/organisations/{organisation(s, r, d)}"), everyone()),
    E("GET", "/api/v1/organisations/{organisation_id}/history",
      get(lambda s, r, d: f"/api/v1/organisations/{organisation(s, r, d)}/history"), everyone()),
    E("POST", "/api/v1/organisations", body("/api/v1/organisations", {
        "name": "Matrix Institute of Science", "country_code": "DE", "org_type": "institute"}),
      ADD_ORGANISATION, ok=201),
    E("PUT", "/api/v1/organisations/{organisation_id}",
      body(lambda s, r, d: f"/api/v1/organisations/{organisation(s, r, d)}",
           {"name": "Renamed partner", "country_code": "BE", "org_type": "university"}),
      CHANGE_ORGANISATION),
    E("GET", "/api/v1/collaborations", get("/api/v1/collaborations"), INSTITUTION, lists=collaboration_title),
    E("GET", "/api/v1/collaborations/export", get("/api/v1/collaborations/export"), INSTITUTION,
      lists=collaboration_title),
    E("GET", "/api/v1/collaborations/{collaboration_id}", get(C("/api/v1/collaborations/{id}")), INSTITUTION),
    E("GET", "/api/v1/collaborations/{collaboration_id}/history",
      get(C("/api/v1/collaborations/{id}/history")), INSTITUTION),
    E("POST", "/api/v1/collaborations", body("/api/v1/collaborations", {
        "title": "Registered by the matrix", "form": "joint_research"}), only("researcher", "advisor"), ok=201),
    E("PUT", "/api/v1/collaborations/{collaboration_id}",
      body(C("/api/v1/collaborations/{id}"), lambda s, r, d: {**collaboration_edit(s, r, d),
                                                              "version": s.side(d).collaboration_version}),
      INSTITUTION),
    E("POST", "/api/v1/collaborations/{collaboration_id}/transitions",
      body(C("/api/v1/collaborations/{id}/transitions"), {"action": "submit"}), INSTITUTION),

    # screening
    E("GET", "/screening", get(f"/screening?name={LISTED}"), only(*SCREENERS)),
    E("POST", "/screening/reviews", form("/screening/reviews", query=LISTED, list=LIST_CODE, entity_id=ENTITY_ID,
                                        decision="false_positive", reason="A namesake in another country."),
      only(*REVIEWERS), ok=303),
    E("POST", "/screening/reviews/partner",
      form("/screening/reviews/partner", collaboration_id=lambda s, r, d: str(s.side(d).listed_collaboration_id),
           organisation_id=lambda s, r, d: str(s.side(d).listed_organisation_id), decision="unsure"),
      only("advisor", access=MINE), ok=303),
    E("GET", "/screening/alerts", get("/screening/alerts"), INSTITUTION, lists=collaboration_title),
    E("POST", "/screening/alerts/{alert_id}/resolve",
      form(lambda s, r, d: f"/screening/alerts/{alert(s, r, d)}/resolve", resolution="accepted"),
      only("advisor", access=MINE), ok=303),
    E("GET", "/screening/bulk", get("/screening/bulk"), only(*SCREENERS, access=MINE), lists=job_file),
    E("POST", "/screening/bulk", upload("/screening/bulk", "names.csv", f"{LISTED}\n"), only(*SCREENERS),
      ok=303),
    E("GET", "/screening/bulk/{job_id}", get(lambda s, r, d: f"/screening/bulk/{job(s, r, d)}?auto=0"),
      OWN_JOBS),
    E("GET", "/screening/bulk/{job_id}/results.csv",
      get(lambda s, r, d: f"/screening/bulk/{job(s, r, d)}/results.csv"),
      OWN_JOBS),
    E("GET", "/screening/watchlists", get("/screening/watchlists"), only(*SCREENERS)),
    E("POST", "/screening/watchlists/upload",
      upload("/screening/watchlists/upload", "canada_nro_2025-01-10.csv", NRO_CSV, format="canada-nro-csv"),
      only("admin"), ok=303),
    E("GET", "/screening/watchlists/{code}", get(f"/screening/watchlists/{LIST_CODE}"), only(*SCREENERS)),
    E("GET", "/sources", get("/sources"), only(*SCREENERS)),
    E("GET", "/sources/{code}/held", get("/sources/canada-nro/held"), only("admin")),
    # unconfirmed: refused, nothing changes
    E("POST", "/sources/{code}/held", form("/sources/canada-nro/held", decision="apply"), only("admin"), ok=422,
      stores=False),
    E("POST", "/screening/watchlists/{code}/risk-mapping",
      form(f"/screening/watchlists/{LIST_CODE}/risk-mapping", mapping="default: high\n"), only("admin"), ok=303),

    E("GET", "/api/v1/screen", get(f"/api/v1/screen?name={LISTED}"), only(*SCREENERS)),
    E("POST", "/api/v1/screen", body("/api/v1/screen", {"name": LISTED}), only(*SCREENERS), stores=False),
    # everyone who screens sees what reviewers decided about a hit
    E("GET", "/api/v1/screen/reviews", get(f"/api/v1/screen/reviews?query={LISTED}"), only(*SCREENERS)),
    E("POST", "/api/v1/screen/reviews", body("/api/v1/screen/reviews", {
        "query": LISTED, "list": LIST_CODE, "entity_id": ENTITY_ID, "decision": "false_positive",
        "reason": "A namesake in another country."}), only(*REVIEWERS), ok=201),
    E("GET", "/api/v1/collaborations/{collaboration_id}/screening",
      get(C("/api/v1/collaborations/{id}/screening")), INSTITUTION),
    E("GET", "/api/v1/alerts", get("/api/v1/alerts"), INSTITUTION, lists=alert_in_json),
    E("POST", "/api/v1/alerts/{alert_id}/resolve",
      body(lambda s, r, d: f"/api/v1/alerts/{alert(s, r, d)}/resolve", {"resolution": "accepted"}),
      only("advisor", access=MINE)),
    E("POST", "/api/v1/screen/jobs", lambda s, r, d: Call("/api/v1/screen/jobs", files={
        "file": ("names.csv", f"{LISTED}\n".encode(), "text/csv")}), only(*SCREENERS), ok=202),
    E("GET", "/api/v1/screen/jobs/{job_id}", get(lambda s, r, d: f"/api/v1/screen/jobs/{job(s, r, d)}"),
      OWN_JOBS),
    E("GET", "/api/v1/screen/jobs/{job_id}/result",
      get(lambda s, r, d: f"/api/v1/screen/jobs/{job(s, r, d)}/result"),
      OWN_JOBS),
    E("GET", "/api/v1/watchlists", get("/api/v1/watchlists"), only(*SCREENERS)),
    E("GET", "/api/v1/watchlists/{code}/versions", get(f"/api/v1/watchlists/{LIST_CODE}/versions"),
      only(*SCREENERS)),
    E("GET", "/api/v1/watchlists/{code}/versions/{version_id}/diff",
      get(lambda s, r, d: f"/api/v1/watchlists/{LIST_CODE}/versions/{s.list_version_ids[1]}/diff"),
      only(*SCREENERS)),

    # the desk: the public side and the askers
    # signed-in askers are sent to the form inside the app
    E("GET", "/desk/contact", get("/desk/contact"), only("researcher", "advisor", access=(303, 303)), public=True),
    E("POST", "/desk/contact", form("/desk/contact", **CONTACT_FORM), public=True, ok=303),
    # the confirmation opens only with the signed link its own submission got: "other" tries
    # that signature on someone else's reference
    E("GET", "/desk/contact/received/{reference}",
      get(lambda s, r, d: f"/desk/contact/received/{s.references['bob' if d == OWN else 'dave']}"
                          f"?s={s.received_signature}"),
      {role: (OK, 404) for role in ROLES}, public=True),
    # the follow link of a question asked without an account: "other" tries the own question's
    # token on the other question
    E("GET", "/desk/follow/{reference}",
      get(lambda s, r, d: f"/desk/follow/{s.anonymous_references[0 if d == OWN else 1]}?t={s.follow_token}"),
      {role: (OK, 404) for role in ROLES}, public=True),
    E("POST", "/desk/follow/{reference}/messages",
      form(lambda s, r, d: f"/desk/follow/{s.anonymous_references[0 if d == OWN else 1]}/messages",
           body="Here is more detail.", t=lambda s, r, d: s.follow_token),
      {role: (OK, 404) for role in ROLES}, public=True, ok=303),
    E("GET", "/desk/ask", get("/desk/ask"), only("researcher", "advisor")),
    E("POST", "/desk/ask", form("/desk/ask", **{k: v for k, v in CONTACT_FORM.items()
                                                 if k not in ("asker_name", "asker_email", "institution_name")}),
      only("researcher", "advisor"), ok=303),
    E("GET", "/desk/my-questions", get("/desk/my-questions"), INSTITUTION, lists=own_question_subject),
    E("GET", "/desk/my-questions/{reference}", get(lambda s, r, d: f"/desk/my-questions/{reference(s, r, d)}"),
      INSTITUTION),
    E("POST", "/desk/my-questions/{reference}/messages",
      form(lambda s, r, d: f"/desk/my-questions/{reference(s, r, d)}/messages", body="Here is more detail."),
      INSTITUTION, ok=303),
    E("GET", "/desk/faq", get("/desk/faq"), public=True),
    E("GET", "/desk/faq/{entry_id}", get(lambda s, r, d: f"/desk/faq/{s.faq_id}"), public=True),
    E("POST", "/api/v1/desk/questions", body("/api/v1/desk/questions", QUESTION_JSON),
      only("researcher", "advisor"), ok=201),
    E("GET", "/api/v1/desk/my-questions", get("/api/v1/desk/my-questions"), INSTITUTION,
      lists=own_question_subject),
    E("GET", "/api/v1/desk/my-questions/{reference}",
      get(lambda s, r, d: f"/api/v1/desk/my-questions/{reference(s, r, d)}"), INSTITUTION),
    E("POST", "/api/v1/desk/my-questions/{reference}/messages",
      body(lambda s, r, d: f"/api/v1/desk/my-questions/{reference(s, r, d)}/messages",
           {"body": "Here is more detail."}), INSTITUTION),
    E("GET", "/api/v1/desk/faq", get("/api/v1/desk/faq"), public=True),
    E("GET", "/api/v1/desk/faq/search", get("/api/v1/desk/faq/search?q=data"), public=True),
    E("GET", "/api/v1/desk/faq/{entry_id}", get(lambda s, r, d: f"/api/v1/desk/faq/{s.faq_id}"), public=True),

    # the desk: officers see every question
    E("GET", "/desk/queue", get("/desk/queue"), only("desk_officer"), lists=question_subject),
    E("GET", "/desk/questions/{question_id}", get(desk_question("")), only("desk_officer")),
    E("POST", "/desk/queue/assign",
      form("/desk/queue/assign", question_id=lambda s, r, d: str(s.side(d).question_id), **{"bulk-officer_id": "me"}),
      only("desk_officer"), ok=303),
    E("POST", "/desk/questions/{question_id}/assign",
      form(desk_question("/assign"), officer_id=lambda s, r, d: str(s.users["erin"].id)),
      only("desk_officer"), ok=303),
    E("POST", "/desk/questions/{question_id}/status",
      form(desk_question("/status"), action="end_coordination", reason="The ministries answered."),
      only("desk_officer"), ok=303),
    E("POST", "/desk/questions/{question_id}/pause",
      form(desk_question("/pause"), **{"pause-reason": "Which partner is it?"}), only("desk_officer"), ok=303),
    E("POST", "/desk/questions/{question_id}/resume", form(desk_question("/resume", "paused_question_id")),
      only("desk_officer"), ok=303),
    E("POST", "/desk/questions/{question_id}/coordination",
      form(desk_question("/coordination"), **{"coordination-ministries": "bz", "coordination-note": "Advise?"}),
      only("desk_officer"), ok=303),
    E("POST", "/desk/questions/{question_id}/reply",
      form(desk_question("/reply"), **{"reply-body": "Check the partner first."}), only("desk_officer"), ok=303),
    E("POST", "/desk/questions/{question_id}/notes",
      form(desk_question("/notes"), **{"note-body": "Internal: call the advisor."}), only("desk_officer"), ok=303),
    E("POST", "/desk/questions/{question_id}/tags", form(desk_question("/tags"), **{"tags-tag": "dual use"}),
      only("desk_officer"), ok=303),
    E("POST", "/desk/questions/{question_id}/tags/remove", form(desk_question("/tags/remove"), tag="data sharing"),
      only("desk_officer"), ok=303),
    E("POST", "/desk/questions/{question_id}/outbox/resend",
      form(desk_question("/outbox/resend", "answered_question_id"),
           outbox_id=lambda s, r, d: str(s.side(d).failed_outbox_id)), only("desk_officer"), ok=303),
    E("GET", "/desk/questions/{question_id}/publish", get(desk_question("/publish", "answered_question_id")),
      only("desk_officer")),
    E("POST", "/desk/questions/{question_id}/publish",
      form(desk_question("/publish", "answered_question_id"), title="Sharing lab data abroad",
           question="May a lab share data with a partner abroad?", answer="Check the partner first.",
           language="en"), only("desk_officer"), ok=303),
    E("GET", "/desk/search", get("/desk/search?q=data"), only("desk_officer")),
    E("GET", "/desk/templates", get("/desk/templates"), only("desk_officer")),
    E("POST", "/desk/templates", form("/desk/templates", name="Matrix template", language="en",
                                     body="Thank you.", active="on"), only("desk_officer"), ok=303),
    E("GET", "/api/v1/desk/queue", get("/api/v1/desk/queue"), only("desk_officer"), lists=question_subject),
    E("GET", "/api/v1/desk/questions/{question_id}", get(desk_question("", api=True)), only("desk_officer")),
    E("POST", "/api/v1/desk/questions/{question_id}/assign",
      body(desk_question("/assign", api=True), lambda s, r, d: {"officer_id": s.users["erin"].id}),
      only("desk_officer")),
    E("POST", "/api/v1/desk/questions/{question_id}/transition",
      body(desk_question("/transition", api=True),
           {"action": "end_coordination", "reason": "The ministries answered."}),
      only("desk_officer")),
    E("POST", "/api/v1/desk/questions/{question_id}/pause",
      body(desk_question("/pause", api=True), {"reason": "Which partner is it?"}), only("desk_officer")),
    E("POST", "/api/v1/desk/questions/{question_id}/resume",
      body(desk_question("/resume", "paused_question_id", api=True), {}), only("desk_officer")),
    E("POST", "/api/v1/desk/questions/{question_id}/coordination",
      body(desk_question("/coordination", api=True), {"ministries": ["bz"], "note": "Advise?"}),
      only("desk_officer")),
    E("POST", "/api/v1/desk/questions/{question_id}/replies",
      body(desk_question("/replies", api=True), {"body": "Check the partner first."}), only("desk_officer")),
    E("POST", "/api/v1/desk/questions/{question_id}/notes",
      body(desk_question("/notes", api=True), {"body": "Internal: call the advisor."}), only("desk_officer")),
    E("POST", "/api/v1/desk/questions/{question_id}/tags", body(desk_question("/tags", api=True), {"tag": "dual use"}),
      only("desk_officer")),
    E("DELETE", "/api/v1/desk/questions/{question_id}/tags/{tag}", get(desk_question("/tags/data%20sharing", api=True)),
      only("desk_officer")),
    E("GET", "/api/v1/desk/questions/{question_id}/similar", get(desk_question("/similar", api=True)),
      only("desk_officer")),
    E("GET", "/api/v1/desk/search", get("/api/v1/desk/search?q=data"), only("desk_officer")),

    # the desk: a ministry liaison sees the questions their ministry is asked about
    E("GET", "/desk/coordination", get("/desk/coordination"), only("ministry_liaison", access=MINE),
      lists=question_subject),
    E("GET", "/desk/coordination/{question_id}",
      get(lambda s, r, d: f"/desk/coordination/{question(s, r, d)}"), only("ministry_liaison", access=MINE)),
    E("POST", "/desk/coordination/{question_id}/advice",
      form(lambda s, r, d: f"/desk/coordination/{question(s, r, d)}/advice", advice="No objection."),
      only("ministry_liaison", access=MINE), ok=303),
    E("GET", "/api/v1/desk/liaison/questions", get("/api/v1/desk/liaison/questions"),
      only("ministry_liaison", access=MINE), lists=question_subject),
    E("GET", "/api/v1/desk/liaison/questions/{question_id}",
      get(lambda s, r, d: f"/api/v1/desk/liaison/questions/{question(s, r, d)}"),
      only("ministry_liaison", access=MINE)),
    E("POST", "/api/v1/desk/liaison/questions/{question_id}/advice",
      body(lambda s, r, d: f"/api/v1/desk/liaison/questions/{question(s, r, d)}/advice", {"advice": "No objection."}),
      only("ministry_liaison", access=MINE)),

    # the desk: closure days and figures
    E("GET", "/desk/closure-days", get("/desk/closure-days"), only("admin")),
    E("POST", "/desk/closure-days", form("/desk/closure-days", day="2030-12-30", reason="Maintenance"),
      only("admin"), ok=303),
    E("POST", "/desk/closure-days/{day}/remove", form(lambda s, r, d: f"/desk/closure-days/{s.closure_day}/remove"),
      only("admin"), ok=303),
    E("POST", "/desk/holidays",
      form("/desk/holidays", **{"holiday-good_friday": lambda s, r, d: "works" if d == OWN else "closed"}),
      only("admin"), ok=303),
    E("GET", "/desk/figures", get("/desk/figures"), only(*FIGURE_READERS)),
    E("GET", "/desk/ministries", get("/desk/ministries"), only("admin")),
    E("GET", "/desk/mail-in", get("/desk/mail-in"), only("desk_officer")),
    E("GET", "/desk/retention", get("/desk/retention"), only("admin")),
    E("POST", "/desk/retention", form("/desk/retention", **{"months-contact": "12", "months-messages": "24",
                                                            "months-notes": "24"}), only("admin"), ok=303),
    E("POST", "/desk/ministries", form("/desk/ministries", **{f"days-{m}": "3" for m in
                                                               ("bzk", "bz", "def", "ezk", "jenv", "lvvn", "ocw")}),
      only("admin"), ok=303),

    # the portfolio
    E("GET", "/portfolio", get("/portfolio"), only(*PORTFOLIO_READERS)),
    E("GET", "/portfolio/export.{fmt}", get("/portfolio/export.csv"), only(*PORTFOLIO_READERS)),
    E("GET", "/portfolio/charts/{figure_id}.csv", get("/portfolio/charts/by-country.csv"),
      only(*PORTFOLIO_READERS)),
    E("GET", "/portfolio/desk", get("/portfolio/desk"), only(*FIGURE_READERS)),
    E("GET", "/portfolio/desk/charts/{figure_id}.csv", get("/portfolio/desk/charts/desk-questions.csv"),
      only(*FIGURE_READERS)),

    # assessments: the advisor of the institution assesses, the registrant reads
    E("GET", "/collaborations/{collaboration_id}/assessment", get(assessment()), INSTITUTION),
    E("GET", "/collaborations/{collaboration_id}/assessment/versions/{number}", get(assessment("/versions/1")),
      INSTITUTION),
    E("GET", "/collaborations/{collaboration_id}/assessment/versions/{number}/report",
      get(assessment("/versions/1/report")), INSTITUTION),
    E("GET", "/collaborations/{collaboration_id}/assessment/versions/{number}/report.pdf",
      get(assessment("/versions/1/report.pdf")), INSTITUTION),
    E("GET", "/collaborations/{collaboration_id}/assessment/questionnaire", get(assessment("/questionnaire")),
      only("advisor", access=MINE)),
    E("POST", "/collaborations/{collaboration_id}/assessment/questionnaire",
      form(assessment("/questionnaire"), **{"answers.sensitive_data": "no"}), only("advisor", access=MINE), ok=303),
    E("POST", "/collaborations/{collaboration_id}/assessment/mitigations",
      form(assessment("/mitigations"), mitigation=lambda s, r, d: s.side(d).mitigation_id),
      only("advisor", access=MINE), ok=303),
    E("POST", "/collaborations/{collaboration_id}/assessment/mitigations/{mitigation_id}",
      lambda s, r, d: Call(assessment(f"/mitigations/{s.side(d).mitigation_id}")(s, r, d),
                           data={"status": "done", "note": ""}),
      only("advisor", access=MINE), ok=303),
    E("POST", "/collaborations/{collaboration_id}/assessment/decision",
      form(assessment("/decision"), decision="approve_with_conditions", reasons="With the measure.",
           override_reason="The other questions do not apply.", confirm="on"),
      only("advisor", access=MINE), ok=303),
    E("POST", "/collaborations/{collaboration_id}/assessment/confirmation", form(awaiting(), confirmation="confirm"),
      only("advisor", access=MINE), ok=303),
    E("POST", "/collaborations/{collaboration_id}/assessment/reassess", form(assessment("/reassess")),
      only("advisor", access=MINE), ok=303),
    E("POST", "/collaborations/{collaboration_id}/assessment/notes",
      form(assessment("/notes"), note="Our researchers work under the same rules."),
      only("advisor", access=MINE), ok=303),
    E("GET", "/collaborations/{collaboration_id}/assessment/what-if", get(assessment("/what-if")), INSTITUTION),
    E("POST", "/collaborations/{collaboration_id}/assessment/what-if",
      form(assessment("/what-if"), **{"answers.sensitive_data": "no"}), INSTITUTION, stores=False),
    E("GET", "/assessment/sources", get("/assessment/sources"), everyone()),

    E("GET", "/api/v1/collaborations/{collaboration_id}/assessment", get(assessment(api=True)), INSTITUTION),
    E("GET", "/api/v1/collaborations/{collaboration_id}/assessment/versions", get(assessment("/versions", True)),
      INSTITUTION),
    E("GET", "/api/v1/collaborations/{collaboration_id}/assessment/notes", get(assessment("/notes", True)),
      INSTITUTION),
    E("POST", "/api/v1/collaborations/{collaboration_id}/assessment/notes",
      body(assessment("/notes", True), {"text": "Our researchers work under the same rules."}),
      {"advisor": MINE, "researcher": READ_ONLY}),
    E("GET", "/api/v1/collaborations/{collaboration_id}/assessment/versions/{number}",
      get(assessment("/versions/1", True)), INSTITUTION),
    E("POST", "/api/v1/collaborations/{collaboration_id}/assessment/answers",
      body(assessment("/answers", True), {"answers": {"sensitive_data": "no"}}),
      {"advisor": MINE, "researcher": READ_ONLY}),
    E("POST", "/api/v1/collaborations/{collaboration_id}/assessment/mitigations",
      body(assessment("/mitigations", True), lambda s, r, d: {"mitigations": [s.side(d).mitigation_id]}),
      {"advisor": MINE, "researcher": READ_ONLY}),
    E("POST", "/api/v1/collaborations/{collaboration_id}/assessment/mitigations/{mitigation_id}",
      lambda s, r, d: Call(assessment(f"/mitigations/{s.side(d).mitigation_id}", True)(s, r, d),
                           json={"status": "done"}),
      {"advisor": MINE, "researcher": READ_ONLY}),
    E("POST", "/api/v1/collaborations/{collaboration_id}/assessment/decision",
      body(assessment("/decision", True), {"decision": "approve_with_conditions", "reasons": "With the measure.",
                                          "override_reason": "The other questions do not apply."}),
      {"advisor": MINE, "researcher": READ_ONLY}),
    E("POST", "/api/v1/collaborations/{collaboration_id}/assessment/confirmation",
      body(awaiting(True), {"confirm": True}), {"advisor": MINE, "researcher": READ_ONLY}),
    E("GET", "/api/v1/collaborations/{collaboration_id}/assessment/what-if",
      get(assessment("/what-if?sensitive_data=no", True)), INSTITUTION),
    E("POST", "/api/v1/collaborations/{collaboration_id}/assessment/what-if",
      body(assessment("/what-if", True), {"answers": {"sensitive_data": "no"}}), INSTITUTION, stores=False),

    # the assessment's rules, catalogues and country notes: administrators
    E("GET", "/admin/rule-sets", get("/admin/rule-sets"), only("admin")),
    E("POST", "/admin/rule-sets", lambda s, r, d: Call("/admin/rule-sets", data={"rules": s.rule_set_yaml}),
      only("admin"), ok=303),
    E("GET", "/admin/rule-sets/{number}", get(lambda s, r, d: f"/admin/rule-sets/{s.rule_set_number}"),
      only("admin")),
    E("GET", "/admin/rule-sets/{number}/rules.yaml",
      get(lambda s, r, d: f"/admin/rule-sets/{s.rule_set_number}/rules.yaml"), only("admin")),
    E("GET", "/admin/catalogues", get("/admin/catalogues"), only("admin")),
    E("POST", "/admin/catalogues", lambda s, r, d: Call("/admin/catalogues", data={
        "catalogue": s.catalogue_id, "text": s.catalogue_text}), only("admin"), ok=303),
    E("GET", "/admin/catalogues/{catalogue_id}/current",
      get(lambda s, r, d: f"/admin/catalogues/{s.catalogue_id}/current"), only("admin")),
    E("GET", "/admin/countries/{code}/notes", get("/admin/countries/CN/notes"), only("admin")),
    E("POST", "/admin/countries/{code}/notes", form("/admin/countries/CN/notes", notes="Reviewed this year."),
      only("admin"), ok=303),
    E("GET", "/api/v1/rule-sets", get("/api/v1/rule-sets"), only("admin")),
    E("POST", "/api/v1/rule-sets", raw("/api/v1/rule-sets", rule_set_text, "application/yaml"), only("admin")),
    E("GET", "/api/v1/rule-sets/{number}", get(lambda s, r, d: f"/api/v1/rule-sets/{s.rule_set_number}"),
      only("admin")),
    E("GET", "/api/v1/catalogues", get("/api/v1/catalogues"), only("admin")),
    E("GET", "/api/v1/catalogues/{catalogue_id}", get(lambda s, r, d: f"/api/v1/catalogues/{s.catalogue_id}"),
      only("admin")),
    E("POST", "/api/v1/catalogues/{catalogue_id}",
      raw(lambda s, r, d: f"/api/v1/catalogues/{s.catalogue_id}", catalogue_text, "text/plain"), only("admin")),
]

# The "shared" cells: a collaboration another institution leads, with the user's own taking part.
# Lists show it to the participant's advisors; its pages and API are read by them, and only notes
# are theirs to add. Every endpoint on one collaboration, and every list of them, is named here.
SHARED_ACCESS: dict[tuple[str, str], dict[str, Outcome]] = {
    **{("GET", path): PARTICIPANT_READS for path in (
        "/collaborations", "/collaborations/export.{fmt}", "/api/v1/collaborations",
        "/api/v1/collaborations/export",
        "/collaborations/{collaboration_id}", "/api/v1/collaborations/{collaboration_id}",
        "/api/v1/collaborations/{collaboration_id}/history", "/api/v1/collaborations/{collaboration_id}/screening",
        "/collaborations/{collaboration_id}/assessment",
        "/collaborations/{collaboration_id}/assessment/versions/{number}",
        "/collaborations/{collaboration_id}/assessment/versions/{number}/report",
        "/collaborations/{collaboration_id}/assessment/versions/{number}/report.pdf",
        "/collaborations/{collaboration_id}/assessment/what-if",
        "/api/v1/collaborations/{collaboration_id}/assessment",
        "/api/v1/collaborations/{collaboration_id}/assessment/versions",
        "/api/v1/collaborations/{collaboration_id}/assessment/notes",
        "/api/v1/collaborations/{collaboration_id}/assessment/versions/{number}",
        "/api/v1/collaborations/{collaboration_id}/assessment/what-if")},
    ("POST", "/collaborations/{collaboration_id}/assessment/what-if"): PARTICIPANT_READS,
    ("POST", "/api/v1/collaborations/{collaboration_id}/assessment/what-if"): PARTICIPANT_READS,
    ("POST", "/collaborations/{collaboration_id}/assessment/notes"): PARTICIPANT_READS,
    ("POST", "/api/v1/collaborations/{collaboration_id}/assessment/notes"): PARTICIPANT_READS,
    **{(method, "/collaborations/{collaboration_id}/assessment" + tail): LEAD_PAGE for method, tail in (
        ("GET", "/questionnaire"), ("POST", "/questionnaire"), ("POST", "/mitigations"),
        ("POST", "/mitigations/{mitigation_id}"), ("POST", "/decision"), ("POST", "/confirmation"),
        ("POST", "/reassess"))},
    **{(method, path): LEAD_ONLY for method, path in (
        ("GET", "/collaborations/{collaboration_id}/edit"),
        ("POST", "/collaborations/{collaboration_id}/edit"),
        ("POST", "/collaborations/{collaboration_id}/transition"),
        ("PUT", "/api/v1/collaborations/{collaboration_id}"),
        ("POST", "/api/v1/collaborations/{collaboration_id}/transitions"),
        ("POST", "/api/v1/collaborations/{collaboration_id}/assessment/answers"),
        ("POST", "/api/v1/collaborations/{collaboration_id}/assessment/mitigations"),
        ("POST", "/api/v1/collaborations/{collaboration_id}/assessment/mitigations/{mitigation_id}"),
        ("POST", "/api/v1/collaborations/{collaboration_id}/assessment/decision"),
        ("POST", "/api/v1/collaborations/{collaboration_id}/assessment/confirmation"))},
}
ENDPOINTS = [replace(e, shared=SHARED_ACCESS[(e.method, e.path)]) if (e.method, e.path) in SHARED_ACCESS else e
             for e in ENDPOINTS]
SHARED_ENDPOINTS = [e for e in ENDPOINTS if e.shared is not None]


def cells() -> list[tuple[Endpoint, str, str, Outcome]]:
    return [(e, role, side, e.expected(role, side)) for e in ENDPOINTS for role in ROLES for side in SIDES]


INTRODUCTION = """# Access matrix

Who gets which answer from every endpoint of the web app (`/…`) and the API (`/api/v1/…`), for
each role, on an object of the user's own institution ("own") and of another ("other"). For
objects of one person (API tokens, bulk-screening jobs, questions one asked) "own" is the user's
own and "other" someone else's; for a ministry liaison "own" is a question their ministry is
consulted on.

How to read a cell:

- a status code is the exact answer; `login` is a redirect to the sign-in page;
- 404 is the answer to anything out of scope, including pages of another role, so nothing
  reveals that it exists; 403 appears only where the user sees the object anyway;
- on a list, `listed` means the object of that side appears in it and `hidden` that it does not.

`tests/hardening/test_access_matrix.py` sends one real request per cell, on SQLite and on
PostgreSQL. It also checks that a refused request changed nothing (the audit log did not grow),
that every change that succeeded is in the audit log, and that every endpoint of the app has a
row here. The table is generated from
`tests/hardening/access_matrix.py`:

```sh
.venv/bin/python -m tests.hardening.access_matrix > docs/access-matrix.md
```

"""


def markdown() -> str:
    head = "| endpoint | " + " | ".join(f"{r} own | {r} other" for r in ROLES) + " |"
    rule = "|---|" + "---|" * (2 * len(ROLES))
    rows = [f"| `{e.method} {e.path}` | " + " | ".join(e.describe(r, s) for r in ROLES for s in SIDES) + " |"
            for e in ENDPOINTS]
    return "\n".join([head, rule, *rows]) + "\n"


SHARED_INTRODUCTION = """
## Collaborations of several institutions

A collaboration has a lead institution and may have participating institutions. The table below
is the "shared" cell of every endpoint on one collaboration and of every list of them: the
collaboration is led by the other institution (Amsterdam), the user's own (Leiden) takes part.
The participant's advisors find it in their lists, read it, its assessment and its screening, and
add their own note; editing it, the questionnaire, the measures, the decision and its
confirmation stay with the lead's advisors: the API answers 403 (they see it, they may not change
it), and the web pages that change an assessment answer 404 as pages of another role, as they do
for a researcher. Other roles of the participating institution find nothing (404), as for any
collaboration not theirs.

"""


def shared_markdown() -> str:
    head = "| endpoint | " + " | ".join(f"{r} shared" for r in ROLES) + " |"
    rule = "|---|" + "---|" * len(ROLES)
    rows = [f"| `{e.method} {e.path}` | " + " | ".join(e.describe(r, SHARED) for r in ROLES) + " |"
            for e in SHARED_ENDPOINTS]
    return "\n".join([head, rule, *rows]) + "\n"


def document() -> str:
    return INTRODUCTION + markdown() + SHARED_INTRODUCTION + shared_markdown()


if __name__ == "__main__":
    print(document(), end="")
