"""The stored inputs of the engine: the rule set in force, the country indicators and the catalogues."""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, object_session

from ksdesk import audit
from ksdesk.accounts.principal import Principal
from ksdesk.assessment import Catalogues, default_rules_text, load_catalogues, load_rule_set
from ksdesk.assessment.catalogues import (
    CATALOGUE_FILES,
    CatalogueError,
    build_catalogues,
    catalogue_edition,
    read_catalogue,
    shipped_text,
)
from ksdesk.assessment.countries import build_country_indicators, country_sources, load_country_indicators
from ksdesk.assessment.models import Assessment, CatalogueVersion, CountryIndicatorEdition, RuleSetVersion
from ksdesk.assessment.rules import RuleSet, RuleSetError
from ksdesk.errors import Forbidden, NotFound, Refusal, ValidationFailed
from ksdesk.registry.countries import apply_standing
from ksdesk.vocab import Role

# Who changes the rule set, the catalogues and the country data.
EDITORS = frozenset({Role.ADMIN})


def _admin(principal: Principal) -> None:
    if not (principal.is_system or principal.role in EDITORS):
        raise Forbidden("only an administrator changes the rule set, the catalogues and the country data",
                        code="role_not_allowed")


# ---------------------------------------------------------------- rule sets


@lru_cache(maxsize=16)
def _parse(version_id: int, text: str, catalogue_key: tuple) -> RuleSet:
    return load_rule_set(text, _catalogues(catalogue_key))


def parsed(version: RuleSetVersion) -> RuleSet:
    # The rule set refers to catalogue entries, so it is read against the catalogues in force.
    session = object_session(version)
    return _parse(version.id, version.text, _catalogue_key(session) if session is not None else ())


def ensure_default_rule_set(session: Session) -> RuleSetVersion:
    """The migration stores the default as version 1; this covers a database made otherwise."""
    current = session.scalar(select(RuleSetVersion).where(RuleSetVersion.is_current.is_(True)))
    if current is not None:
        return current
    text = default_rules_text()
    rules = load_rule_set(text)
    number = (session.scalar(select(func.max(RuleSetVersion.number))) or 0) + 1
    version = RuleSetVersion(number=number, label=rules.version, name=rules.name, text=text, is_current=True,
                             uploaded_by="system")
    session.add(version)
    session.flush()
    return version


def current_rule_set(session: Session) -> RuleSetVersion:
    return ensure_default_rule_set(session)


def rule_set_versions(session: Session) -> list[RuleSetVersion]:
    return list(session.scalars(select(RuleSetVersion).order_by(RuleSetVersion.number.desc())))


def get_rule_set_version(session: Session, number: int) -> RuleSetVersion:
    version = session.scalar(select(RuleSetVersion).where(RuleSetVersion.number == number))
    if version is None:
        raise NotFound(f"rule set version {number} not found", code="rule_set_not_found")
    return version


def describe_problems(exc: RuleSetError) -> list[str]:
    return [f"line {line}: {problem}" if line else problem for line, problem in exc.problems]


def coded_problems(exc: RuleSetError) -> list[dict]:
    """Each problem with its line and its reason's code, for a page to word."""
    return [{"line": line, "where": where, "code": r.code, "text": r.message, "params": dict(r.params)}
            for line, where, r in exc.reasons]


def _rule_set_refused(problems: list[str], coded: list[dict] | None = None) -> ValidationFailed:
    text = "; ".join(problems)
    return ValidationFailed("the rule set was refused: " + text, code="rule_set_refused",
                            params={"problems": problems, "coded": coded or []},
                            field_errors={"rules": Refusal("rule_set_refused", text, {"problems": problems})})


def upload_rule_set(session: Session, principal: Principal, text: str) -> RuleSetVersion:
    """Validates and stores a new rule set and puts it in force; a broken one changes nothing."""
    _admin(principal)
    try:
        rules = load_rule_set(text, catalogues(session))
    except RuleSetError as exc:
        raise _rule_set_refused(describe_problems(exc), coded_problems(exc)) from None
    if session.scalar(select(RuleSetVersion).where(RuleSetVersion.label == rules.version)) is not None:
        line = _line_of_version(text)
        message = f"version {rules.version} is already loaded; give the new rule set a new version"
        raise _rule_set_refused([f"line {line}: {message}"], [{
            "line": line, "where": "", "code": "rule_set_version_taken", "text": message,
            "params": {"version": rules.version}}])
    previous = current_rule_set(session)
    session.execute(update(RuleSetVersion).values(is_current=False))
    number = (session.scalar(select(func.max(RuleSetVersion.number))) or 0) + 1
    version = RuleSetVersion(number=number, label=rules.version, name=rules.name, text=text, is_current=True,
                             uploaded_by=principal.label)
    session.add(version)
    session.flush()
    audit.record(session, principal, "rule_set.upload", "rule_set_version", version.id,
                 before={"version": previous.label}, after={"version": version.label, "number": number})
    from ksdesk.assessment import flags

    assessed = session.scalars(select(Assessment.collaboration_id).distinct()).all()
    for collaboration_id in assessed:
        # The detail is shown after the translated reason: the version's own label, no words.
        flags.flag(session, collaboration_id, "rule_set", version.label)
    return version


def _line_of_version(text: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("version:"):
            return number
    return 1


# ---------------------------------------------------------------- country indicators


def _current_edition(session: Session) -> CountryIndicatorEdition | None:
    return session.scalar(select(CountryIndicatorEdition).where(CountryIndicatorEdition.is_current.is_(True)))


def country_indicators(session: Session) -> dict[str, dict]:
    edition = _current_edition(session)
    return edition.data if edition is not None else load_country_indicators()


def country_indicator_sources(session: Session) -> dict:
    edition = _current_edition(session)
    return edition.sources if edition is not None else country_sources()


def country_edition_label(session: Session) -> str:
    edition = _current_edition(session)
    if edition is not None:
        return edition.label
    return _label(country_sources())


def _label(sources: dict) -> str:
    fh = sources.get("freedom_house", {})
    vdem = sources.get("vdem_academic_freedom", {})
    label = f"Freedom House {fh.get('edition') or '?'}; V-Dem {vdem.get('year') or vdem.get('edition') or '?'}"
    standing = sources.get("ikt", {}).get("edition")
    return f"{label}; {standing}" if standing else label


def load_country_edition(session: Session, principal: Principal, data_dir: str) -> CountryIndicatorEdition:
    """A newer edition of the same source files (Freedom House xlsx, V-Dem csv) replaces the indicators."""
    _admin(principal)
    try:
        built = build_country_indicators(data_dir)
    except (FileNotFoundError, KeyError, ValueError) as exc:
        raise ValidationFailed(f"the country data could not be read: {exc}", code="country_data_unreadable") from None
    session.execute(update(CountryIndicatorEdition).values(is_current=False))
    edition = CountryIndicatorEdition(label=_label(built["sources"]), data=built["countries"],
                                      sources=built["sources"], is_current=True, loaded_by=principal.label)
    session.add(edition)
    # The registry's country profiles show the same IKT standing the assessment now weighs.
    apply_standing(session, {code: entry["ikt_standing"] for code, entry in built["countries"].items()})
    session.flush()
    audit.record(session, principal, "country_indicators.load", "country_indicator_edition", edition.id,
                 after={"label": edition.label, "countries": len(built["countries"])})
    return edition


# ---------------------------------------------------------------- catalogues


def _current_catalogue_versions(session: Session) -> list[CatalogueVersion]:
    return list(session.scalars(select(CatalogueVersion).where(CatalogueVersion.is_current.is_(True))
                                .order_by(CatalogueVersion.catalogue)))


def _catalogue_key(session: Session) -> tuple:
    # The text is part of the key: an id alone may come back with other content after a rollback.
    return tuple((v.catalogue, v.id, v.text) for v in _current_catalogue_versions(session))


@lru_cache(maxsize=16)
def _catalogues(key: tuple) -> Catalogues:
    if not key:
        return load_catalogues()
    return _merged({catalogue: text for catalogue, _id, text in key})


def _merged(texts: dict[str, str]) -> Catalogues:
    return build_catalogues({c: texts.get(c) or shipped_text(c) for c in CATALOGUE_FILES})


def catalogues(session: Session) -> Catalogues:
    """The catalogues in force: the stored edition of each where there is one, else the shipped file."""
    return _catalogues(_catalogue_key(session))


def _known(catalogue_id: str) -> str:
    if catalogue_id not in CATALOGUE_FILES:
        raise NotFound(f"catalogue {catalogue_id} not found", code="catalogue_not_found")
    return catalogue_id


def catalogue_overview(session: Session) -> list[dict]:
    """Each catalogue with its title, source and the version in force (None: the shipped file)."""
    current = {v.catalogue: v for v in _current_catalogue_versions(session)}
    cats = catalogues(session)
    rows = []
    for catalogue_id, filename in CATALOGUE_FILES.items():
        version = current.get(catalogue_id)
        if catalogue_id == "mitigations":
            title, source, size = None, None, len(cats.mitigations)
        else:
            tech = cats.technology[catalogue_id]
            title, source, size = tech.title, tech.source, len(tech.entries)
        edition = version.edition if version else catalogue_edition(catalogue_id, shipped_text(catalogue_id))
        rows.append({"id": catalogue_id, "filename": filename, "title": title, "source": source, "size": size,
                     "version": version, "edition": edition})
    return rows


def catalogue_versions(session: Session, catalogue_id: str) -> list[CatalogueVersion]:
    return list(session.scalars(select(CatalogueVersion).where(CatalogueVersion.catalogue == _known(catalogue_id))
                                .order_by(CatalogueVersion.number.desc())))


def current_catalogue_text(session: Session, catalogue_id: str) -> str:
    version = session.scalar(select(CatalogueVersion).where(
        CatalogueVersion.catalogue == _known(catalogue_id), CatalogueVersion.is_current.is_(True)))
    return version.text if version is not None else shipped_text(catalogue_id)


def upload_catalogue(session: Session, principal: Principal, catalogue_id: str, text: str) -> CatalogueVersion:
    """Validates and stores a new edition of one catalogue and puts it in force; a broken one changes nothing."""
    _admin(principal)
    _known(catalogue_id)

    def refuse(problem: str, coded: list[dict]) -> ValidationFailed:
        problems = problem.split("; ")
        return ValidationFailed("the catalogue was refused: " + problem, code="catalogue_refused",
                                params={"problems": problems, "coded": coded},
                                field_errors={"catalogue": Refusal("catalogue_refused", problem, {"problems": problems})})

    def one(line: int | None, code: str, text: str, **params) -> dict:
        return {"line": line, "where": "", "code": code, "text": text, "params": params}

    try:
        read_catalogue(catalogue_id, text)
    except CatalogueError as exc:
        raise refuse(str(exc), [one(exc.line, exc.code, exc.problem, **exc.params)]) from None
    if text == current_catalogue_text(session, catalogue_id):
        raise refuse("this is the edition already in force",
                     [one(None, "catalogue_in_force", "this is the edition already in force")])
    current = {v.catalogue: v.text for v in _current_catalogue_versions(session)}
    candidate = _merged(current | {catalogue_id: text})
    # The rule set in force must still find every mitigation and catalogue entry it names.
    rule_version = current_rule_set(session)
    try:
        load_rule_set(rule_version.text, candidate)
    except RuleSetError as exc:
        misfit = f"the rule set in force ({rule_version.label}) no longer fits this edition"
        raise refuse(misfit + ": " + "; ".join(f"rule set {p}" for p in describe_problems(exc)),
                     [one(None, "catalogue_rule_set_misfit", misfit, version=rule_version.label),
                      *coded_problems(exc)]) from None
    previous = session.scalar(select(CatalogueVersion).where(
        CatalogueVersion.catalogue == catalogue_id, CatalogueVersion.is_current.is_(True)))
    session.execute(update(CatalogueVersion).where(CatalogueVersion.catalogue == catalogue_id)
                    .values(is_current=False))
    number = (session.scalar(select(func.max(CatalogueVersion.number))
                             .where(CatalogueVersion.catalogue == catalogue_id)) or 0) + 1
    version = CatalogueVersion(catalogue=catalogue_id, number=number, edition=catalogue_edition(catalogue_id, text),
                               text=text, is_current=True, uploaded_by=principal.label)
    session.add(version)
    session.flush()
    # The catalogue is named inside the values: the audit log keeps only what changed.
    before_edition = previous.edition if previous else catalogue_edition(catalogue_id, shipped_text(catalogue_id))
    audit.record(session, principal, "catalogue.upload", "catalogue_version", version.id,
                 before={"version": f"{catalogue_id} {previous.number}" if previous else f"{catalogue_id} as shipped",
                         "edition": before_edition},
                 after={"version": f"{catalogue_id} {number}", "edition": version.edition})
    from ksdesk.assessment import flags

    assessed = session.scalars(select(Assessment.collaboration_id).distinct()).all()
    for collaboration_id in assessed:
        # The page names the catalogue in the reader's language from its id.
        flags.flag(session, collaboration_id, "catalogue", catalogue_id)
    return version


# ---------------------------------------------------------------- country notes


def get_country(session: Session, code: str):
    from ksdesk.registry.models import CountryProfile

    country = session.get(CountryProfile, (code or "").upper()[:2])
    if country is None:
        raise NotFound(f"country {code} not found", code="country_unknown", params={"code": code})
    return country


def set_country_notes(session: Session, principal: Principal, code: str, notes: str):
    _admin(principal)
    country = get_country(session, code)
    before = country.notes
    country.notes = notes.strip() or None
    session.flush()
    audit.record(session, principal, "country.notes", "country_profile", country.code,
                 before={"notes": before}, after={"notes": country.notes})
    return country
