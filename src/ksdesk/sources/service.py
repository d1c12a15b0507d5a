"""Updating the official sources: fetch, check, apply as a new version with its diff, re-screen, record.

Every attempt is recorded (SourceUpdate) and audited, whatever its outcome; a refused or held
version changes nothing else. Each application runs in a savepoint of its own, so one list that
cannot be loaded does not undo the others; run_updates gives each source a transaction of its own
and applies the registry in short committed parts (ror_update.apply_dump_in_parts), the update
recorded as applied with the last one. The lists that changed are re-screened once, at the end.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from ksdesk import audit
from ksdesk.accounts.models import User
from ksdesk.accounts.principal import Principal
from ksdesk.db import transaction
from ksdesk.errors import Forbidden, KsdeskError, NotFound, Refusal, ValidationFailed
from ksdesk.notifications import service as notifications
from ksdesk.notifications.kinds import Kind
from ksdesk.registry import ror_update
from ksdesk.registry.models import Organisation
from ksdesk.screening import shipped, watchlists
from ksdesk.screening.models import Watchlist, WatchlistVersion
from ksdesk.sources import snapshots
from ksdesk.sources.catalogue import Source, get_source, load_catalogue
from ksdesk.sources.freshness import is_stale
from ksdesk.sources.models import SourceUpdate
from ksdesk.sources.readers import read_list
from ksdesk.vocab import Role

if TYPE_CHECKING:
    # The HTTP client (some 6 MB with the terminal libraries it brings) is loaded by the process
    # that fetches, not by every web process that only shows the sources.
    import httpx

    from ksdesk.sources.fetch import FetchResult

log = logging.getLogger(__name__)


@dataclass
class UpdateReport:
    code: str
    status: str
    reason_code: str | None = None
    reason: str | None = None
    entries: int | None = None
    previous_entries: int | None = None
    added: int | None = None
    removed: int | None = None
    changed: int | None = None
    version_id: int | None = None
    snapshot: str | None = None
    reason_params: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def _require_admin(actor: Principal) -> None:
    if not actor.has_role(Role.ADMIN):
        raise Forbidden("only an administrator can update the official sources", code="role_not_allowed")


def entries_in_use(session: Session, source: Source) -> int | None:
    """The size of the version in use, the yardstick for a suspicious drop."""
    if source.is_registry:
        count = session.scalar(select(func.count(Organisation.id)).where(Organisation.ror_id.is_not(None)))
        return count or None
    return session.scalar(
        select(WatchlistVersion.entry_count).join(Watchlist)
        .where(Watchlist.code == source.code, WatchlistVersion.is_current.is_(True)))


def last_applied(session: Session, code: str) -> SourceUpdate | None:
    return session.scalar(select(SourceUpdate).where(SourceUpdate.source_code == code,
                                                     SourceUpdate.status == "applied")
                          .order_by(SourceUpdate.id.desc()).limit(1))


def digest_in_use(session: Session, code: str) -> str | None:
    """The content last found to be the version in use: applied, or found to equal it."""
    return session.scalar(select(SourceUpdate.digest).where(
        SourceUpdate.source_code == code, SourceUpdate.status.in_(("applied", "unchanged")),
        SourceUpdate.digest.is_not(None)).order_by(SourceUpdate.id.desc()).limit(1))


def _record(session: Session, actor: Principal, report: UpdateReport, *, digest: str | None = None,
            params: dict | None = None) -> SourceUpdate:
    row = SourceUpdate(source_code=report.code, actor=actor.label, status=report.status,
                       reason_code=report.reason_code, reason=report.reason, params=params or {},
                       snapshot=report.snapshot, digest=digest, entries=report.entries,
                       previous_entries=report.previous_entries, watchlist_version_id=report.version_id,
                       added=report.added, removed=report.removed, changed=report.changed)
    session.add(row)
    session.flush()
    audit.record(session, actor, f"source.{report.status}", "source", report.code,
                 after={k: v for k, v in report.as_dict().items() if v not in (None, {}) and k != "code"},
                 reason=report.reason)
    return row


def _apply(session: Session, actor: Principal, source: Source, snapshot: snapshots.Snapshot,
           report: UpdateReport) -> UpdateReport:
    fetched_on = date.fromisoformat(str(snapshot.manifest.get("fetched_on") or datetime.now(UTC).date()))
    try:
        with session.begin_nested():
            if source.is_registry:
                applied = ror_update.apply_dump(session, actor, snapshot.path / source.files[0].name,
                                                     source_name=f"{source.code}/{snapshot.name}")
                report.added, report.removed, report.changed = applied.added, applied.withdrawn, applied.changed
            else:
                version = read_list(source, snapshot.path, fetched_on)
                loaded = watchlists.load_version(session, actor, version, source_file=f"{source.code}/{snapshot.name}")
                report.version_id = loaded.version_id
                if loaded.unchanged_file:
                    report.status = "unchanged"
                    return report
                report.added, report.removed, report.changed = loaded.added, loaded.removed, loaded.changed
    except Exception as exc:
        return _not_applied(report, source, exc)
    report.status = "applied"
    return report


def _not_applied(report: UpdateReport, source: Source, exc: Exception) -> UpdateReport:
    if isinstance(exc, KsdeskError):
        report.status, report.reason_code, report.reason = "refused", exc.code, exc.message
        report.reason_params = dict(exc.params)
        return report
    # A fault in loading (not a refusal the loaders foresee) is still a failed update: what was
    # written of it is undone (or, for the registry in parts, finished by the next run), the other
    # sources go on, and the administrators are told.
    log.error("source %s: the new version could not be loaded", source.code, exc_info=exc)
    report.status, report.reason_code = "refused", "source_not_loaded"
    report.reason = f"{source.code}: the new version could not be loaded ({exc.__class__.__name__})"
    report.reason_params = {"code": source.code}
    return report


def _first_report(source: Source, result: FetchResult) -> UpdateReport:
    report = UpdateReport(source.code, result.status, entries=result.entries, previous_entries=result.previous_entries,
                          snapshot=result.snapshot.name if result.snapshot else None)
    if result.refusal:
        report.reason_code, report.reason = result.refusal.code, result.refusal.message
        report.reason_params = dict(result.refusal.params)
    return report


def _to_apply(session: Session, source: Source, result: FetchResult) -> bool:
    # A version fetched but never applied (the run stopped, or it is the first one) is applied now.
    return (result.status in ("new", "unchanged") and result.snapshot is not None
            and (result.status == "new" or digest_in_use(session, source.code) != result.snapshot.digest))


def settle(session: Session, actor: Principal, source: Source, result: FetchResult) -> UpdateReport:
    """Applies a fetched version that passed its checks, and records what happened either way."""
    report = _first_report(source, result)
    if _to_apply(session, source, result):
        assert result.snapshot is not None
        report = _apply(session, actor, source, result.snapshot, report)
    _close(session, actor, report, result.snapshot.digest if result.snapshot else None)
    return report


def _close(session: Session, actor: Principal, report: UpdateReport, digest: str | None,
           params: dict | None = None) -> None:
    params = dict(report.reason_params, **(params or {}))
    told = _tell_admins(session, report)
    _record(session, actor, report, digest=digest, params=dict(params, admins_told=told) if told else params)


def _apply_registry_in_parts(factory: sessionmaker[Session], actor: Principal, source: Source,
                             snapshot: snapshots.Snapshot, report: UpdateReport, *,
                             params: dict | None = None,
                             then: Callable[[Session], object] | None = None) -> UpdateReport:
    """A registry version applied in short committed parts (ror_update.apply_dump_in_parts); the
    update is recorded as applied with its last part. A run that stopped half-way is recorded as
    refused, and the next run of the same version finishes it."""

    def finish(session: Session, applied: ror_update.RegistryUpdateReport) -> None:
        report.status = "applied"
        report.added, report.removed, report.changed = applied.added, applied.withdrawn, applied.changed
        _close(session, actor, report, snapshot.digest, params)
        if then is not None:
            then(session)

    try:
        ror_update.apply_dump_in_parts(factory, actor, snapshot.path / source.files[0].name,
                                       source_name=f"{source.code}/{snapshot.name}", finish=finish)
    except Exception as exc:
        report = _not_applied(report, source, exc)
        with transaction(factory) as session:
            _close(session, actor, report, snapshot.digest, params)
    return report


def _settle_committed(factory: sessionmaker[Session], actor: Principal, source: Source,
                      result: FetchResult) -> UpdateReport:
    """settle in transactions of its own: the registry's in parts."""
    if source.is_registry and result.snapshot is not None:
        with factory() as session:
            applies = _to_apply(session, source, result)
        if applies:
            return _apply_registry_in_parts(factory, actor, source, result.snapshot, _first_report(source, result))
    with transaction(factory) as session:
        return settle(session, actor, source, result)


def _tell_admins(session: Session, report: UpdateReport) -> int:
    """Administrators hear of a refused or held update once, not again each day it stays so."""
    if report.status not in ("refused", "held"):
        return 0
    before = session.execute(select(SourceUpdate.status, SourceUpdate.reason_code)
                             .where(SourceUpdate.source_code == report.code)
                             .order_by(SourceUpdate.id.desc()).limit(1)).first()
    if before is not None and tuple(before) == (report.status, report.reason_code):
        return 0
    admins = session.scalars(select(User).where(User.active.is_(True), User.role == Role.ADMIN.value))
    # The notice says which of the two happened and why, by code: each administrator reads it
    # in their own language, in the app and in the e-mail.
    return notifications.notify(
        session, Kind.SOURCE_PROBLEM, admins, link="/sources" if report.status == "refused" else f"/sources/{report.code}/held",
        source=report.code, outcome=report.status, reason_code=report.reason_code or "source_not_loaded",
        reason_params={k: str(v) for k, v in report.reason_params.items()})


def _selected(codes: Iterable[str] | None) -> tuple[dict[str, Source], list[Source]]:
    catalogue = load_catalogue()
    return catalogue, [get_source(c, catalogue) for c in codes] if codes else list(catalogue.values())


def update_sources(session: Session, actor: Principal, codes: Iterable[str] | None = None, *,
                   base: Path | None = None, http: httpx.Client | None = None, today: date | None = None,
                   rescreen: bool = True) -> list[UpdateReport]:
    """Updates the named sources (every one in the catalogue when none is named), in one transaction."""
    _require_admin(actor)
    catalogue, sources = _selected(codes)
    from ksdesk.sources.fetch import fetch

    reports = []
    for source in sources:
        result = fetch(source, previous_entries=entries_in_use(session, source), base=base, http=http, today=today)
        reports.append(settle(session, actor, source, result))
    _after_changes(session, [r for r in reports if r.status == "applied"], catalogue, rescreen)
    return reports


def run_updates(factory: sessionmaker[Session], actor: Principal, codes: Iterable[str] | None = None, *,
                base: Path | None = None, http: httpx.Client | None = None,
                progress: Callable[[str], None] | None = None) -> list[UpdateReport]:
    """As update_sources, but downloading outside any transaction: a slow publisher (ROR's dump
    takes minutes) must not hold the database's write lock; each list is applied in a transaction
    of its own, the registry in short parts (a hundred thousand records would hold the lock for
    minutes), and the re-screening of what they changed comes after (with the index built before
    it, without the lock)."""
    _require_admin(actor)
    catalogue, sources = _selected(codes)
    from ksdesk.sources.fetch import fetch

    with factory() as session:
        previous = {s.code: entries_in_use(session, s) for s in sources}
    results = []
    for source in sources:
        if progress:
            progress(source.code)
        results.append((source, fetch(source, previous_entries=previous[source.code], base=base, http=http)))
    reports = [_settle_committed(factory, actor, source, result) for source, result in results]
    applied = [r for r in reports if r.status == "applied"]
    if applied:
        from ksdesk.screening import tasks as screening_tasks

        screening_tasks.rescreen_now_or_later(factory, _rescreened(applied, catalogue))
    return reports


def _after_changes(session: Session, applied: list[UpdateReport], catalogue: dict[str, Source],
                   rescreen: bool) -> None:
    if not applied or not rescreen:
        return
    shipped.link_and_rescreen(session, _rescreened(applied, catalogue))


def _rescreened(applied: list[UpdateReport], catalogue: dict[str, Source]) -> set[str] | None:
    """The lists whose hits to screen for again; None for every list."""
    # A new registry can change what any list entry is tied to; a new list only its own hits.
    if any(catalogue[r.code].is_registry for r in applied):
        return None
    return {r.code for r in applied}


def held_version(code: str, base: Path | None = None) -> snapshots.Snapshot | None:
    held = snapshots.latest(code, ("held",), base)
    newest = snapshots.latest(code, ("held", "ready", "applied", "discarded"), base)
    return held if held is not None and newest is not None and held.path == newest.path else None


def apply_held(session: Session, actor: Principal, code: str, *, base: Path | None = None,
               rescreen: bool = True) -> UpdateReport:
    """An administrator accepts a version that was held for its drop in entries."""
    _require_admin(actor)
    catalogue = load_catalogue()
    source = get_source(code, catalogue)
    held = held_version(code, base)
    if held is None:
        raise NotFound(f"{code} has no held version", code="source_nothing_held", params={"code": code})
    report = UpdateReport(code, "applied", entries=held.entries, previous_entries=entries_in_use(session, source),
                          snapshot=held.name)
    report = _apply(session, actor, source, held, report)
    _record(session, actor, report, digest=held.digest, params={"approved": True})
    if report.status == "applied":
        snapshots.set_state(held, "ready", approved_by=actor.label)
        _after_changes(session, [report], catalogue, rescreen)
    return report


def apply_held_committed(factory: sessionmaker[Session], actor: Principal, code: str, *,
                         base: Path | None = None) -> UpdateReport:
    """apply_held in transactions of its own (the command line): a held registry version is
    applied in short parts, and the re-screening comes after the version is committed."""
    _require_admin(actor)
    catalogue = load_catalogue()
    source = get_source(code, catalogue)
    if not source.is_registry:
        with transaction(factory) as session:
            report = apply_held(session, actor, code, base=base, rescreen=False)
    else:
        held = held_version(code, base)
        if held is None:
            raise NotFound(f"{code} has no held version", code="source_nothing_held", params={"code": code})
        with factory() as session:
            previous = entries_in_use(session, source)
        report = UpdateReport(code, "applied", entries=held.entries, previous_entries=previous, snapshot=held.name)
        report = _apply_registry_in_parts(
            factory, actor, source, held, report, params={"approved": True},
            then=lambda session: snapshots.set_state(held, "ready", approved_by=actor.label))
    if report.status == "applied":
        from ksdesk.screening import tasks as screening_tasks

        screening_tasks.rescreen_now_or_later(factory, _rescreened([report], catalogue))
    return report


def discard_held(session: Session, actor: Principal, code: str, *, base: Path | None = None) -> UpdateReport:
    _require_admin(actor)
    get_source(code)
    held = held_version(code, base)
    if held is None:
        raise NotFound(f"{code} has no held version", code="source_nothing_held", params={"code": code})
    snapshots.set_state(held, "discarded", discarded_by=actor.label)
    report = UpdateReport(code, "discarded", entries=held.entries, snapshot=held.name)
    _record(session, actor, report, digest=held.digest)
    return report


def decide_held(session: Session, actor: Principal, code: str, decision: str, *, confirmed: bool,
                base: Path | None = None, apply_later: Callable[[str], None] | None = None,
                rescreen_later: Callable[[list[str]], None] | None = None) -> UpdateReport:
    """An administrator's choice from the web: apply or discard the held version, once confirmed.

    ``apply_later(code)`` queues a held registry version for the worker (status "queued"): it is
    applied in short parts (apply_held_committed), never in the request's one transaction.
    ``rescreen_later(codes)`` queues the re-screening after a held list version is applied, so that
    the index of the new version is built after the commit, not inside the request's transaction."""
    _require_admin(actor)
    problems = {}
    if decision not in ("apply", "discard"):
        problems["decision"] = Refusal("source_held_choice", "choose apply or discard")
    if not confirmed:
        problems["confirm"] = Refusal("source_held_needs_confirmation", "confirm the check of the publisher's page")
    if problems:
        raise ValidationFailed("the held version was not decided on", code="source_held_needs_confirmation",
                               field_errors=problems)
    if decision == "apply":
        if apply_later is not None and get_source(code).is_registry:
            held = held_version(code, base)
            if held is None:
                raise NotFound(f"{code} has no held version", code="source_nothing_held", params={"code": code})
            apply_later(code)
            audit.record(session, actor, "source.apply_queued", "source", code, after={"snapshot": held.name})
            return UpdateReport(code, "queued", entries=held.entries, snapshot=held.name)
        report = apply_held(session, actor, code, base=base, rescreen=rescreen_later is None)
        if rescreen_later is not None and report.status == "applied":
            rescreen_later([code])
        return report
    return discard_held(session, actor, code, base=base)


def held_details(session: Session, code: str, base: Path | None = None) -> dict | None:
    """What an administrator weighs before deciding: the held version and the one in use."""
    source = get_source(code)
    held = held_version(code, base)
    if held is None:
        return None
    reason = session.scalar(select(SourceUpdate).where(SourceUpdate.source_code == code,
                                                       SourceUpdate.status == "held")
                            .order_by(SourceUpdate.id.desc()).limit(1))
    return {"source": source, "snapshot": held, "entries": held.entries,
            "previous": entries_in_use(session, source), "fetched_on": held.manifest.get("fetched_on"),
            "update": reason}


@dataclass
class SourceStatus:
    source: Source
    version_date: date | None
    entries: int | None
    last: SourceUpdate | None  # the latest attempt
    checked_at: datetime | None  # the latest attempt that found the source as in use (applied or unchanged)
    held: bool
    stale: bool

    @property
    def problem(self) -> bool:
        return self.held or (self.last is not None and self.last.status == "refused")


def _current_version_date(session: Session, source: Source) -> date | None:
    if source.is_registry:
        applied = last_applied(session, source.code)
        return applied.at.date() if applied else None
    return session.scalar(
        select(WatchlistVersion.version_date).join(Watchlist)
        .where(Watchlist.code == source.code, WatchlistVersion.is_current.is_(True)))


def status(session: Session, *, base: Path | None = None, now: datetime | None = None) -> list[SourceStatus]:
    now = now or datetime.now(UTC)
    out = []
    for source in load_catalogue().values():
        last = session.scalar(select(SourceUpdate).where(SourceUpdate.source_code == source.code)
                              .order_by(SourceUpdate.id.desc()).limit(1))
        checked = session.scalar(select(func.max(SourceUpdate.at)).where(
            SourceUpdate.source_code == source.code, SourceUpdate.status.in_(("applied", "unchanged"))))
        version_date = _current_version_date(session, source)
        out.append(SourceStatus(source, version_date, entries_in_use(session, source), last, checked,
                                held_version(source.code, base) is not None,
                                is_stale(source, version_date, checked, now)))
    return out


def due(session: Session, now: datetime | None = None) -> list[str]:
    """The sources the periodic job checks now: daily, or weekly for those renewed monthly or less often."""
    now = now or datetime.now(UTC)
    codes = []
    for source in load_catalogue().values():
        last = session.scalar(select(func.max(SourceUpdate.at)).where(SourceUpdate.source_code == source.code))
        interval = timedelta(days=1 if source.frequency_days < 30 else 7)
        if last is None or now - last >= interval - timedelta(minutes=30):
            codes.append(source.code)
    return codes
