"""Updating the lists in the database from a mirror: new versions with their diffs, refusals and held
versions that change nothing, every attempt recorded and audited."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from ksdesk.accounts.principal import SYSTEM
from ksdesk.audit import AuditEvent
from ksdesk.errors import Forbidden, NotFound
from ksdesk.screening import watchlists
from ksdesk.screening.lists import load_nro_csv, load_ofac_consolidated, load_un
from ksdesk.screening.models import Watchlist, WatchlistVersion
from ksdesk.sources import service
from ksdesk.sources.models import SourceUpdate

LISTS = ["eu-fsf", "uk-sanctions", "un-consolidated", "ofac-sdn", "ofac-consolidated", "us-csl", "bis-entity-list", "canada-nro",
         "aspi-unitracker"]


def _current(db, code):
    return db.scalar(select(WatchlistVersion).join(Watchlist)
                     .where(Watchlist.code == code, WatchlistVersion.is_current.is_(True)))


def _add_nro(mirror, name, country="China"):
    path = mirror.root / "canada-nro/named-research-organizations.html"
    text = path.read_text(encoding="utf-8")
    at = text.rindex("</ul>")
    path.write_text(text[:at] + f"<li><strong>{name}</strong> ({country})</li>\n" + text[at:], encoding="utf-8")


def _newer_un_and_ofac(mirror):
    """The UN drops its last entity; OFAC lists a new company."""
    path = mirror.root / "un-consolidated/consolidated.xml"
    text = path.read_text(encoding="utf-8")
    start = text.rindex("<ENTITY>")
    end = text.index("</ENTITY>", start) + len("</ENTITY>")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    prim = mirror.root / "ofac-consolidated/cons_prim.csv"
    body = prim.read_bytes().rstrip(b"\x1a")  # OFAC's files end with a DOS end-of-file mark
    prim.write_bytes(body + b'99999,"IMAGINARY TRADING CO.",-0- ,"CMIC-EO13959",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
                            b'-0- ,-0- \r\n\x1a')


@pytest.fixture
def shipped_lists(db):
    for version in (load_nro_csv(), load_un(), load_ofac_consolidated()):
        watchlists.load_version(db, SYSTEM, version, source_file="shipped copy")


def test_every_list_source_is_loaded_from_the_mirror_as_a_new_version_with_its_diff(db, shipped_lists, mirrored):
    nro_before = _current(db, "canada-nro")
    _add_nro(mirrored, "Institute of Imaginary Physics")
    _newer_un_and_ofac(mirrored)
    reports = {r.code: r for r in service.update_sources(db, SYSTEM, LISTS, rescreen=False)}
    assert {code: r.status for code, r in reports.items()} == {code: "applied" for code in LISTS}, \
        {c: r.reason for c, r in reports.items()}
    nro = _current(db, "canada-nro")
    assert nro.id != nro_before.id and nro.added_count == 1 and nro.removed_count == 0
    assert nro.source_file.startswith("canada-nro/") and nro.version_date is not None
    assert reports["canada-nro"].added == 1 and reports["canada-nro"].version_id == nro.id
    assert (reports["un-consolidated"].added, reports["un-consolidated"].removed) == (0, 1)
    assert (reports["ofac-consolidated"].added, reports["ofac-consolidated"].removed) == (1, 0)
    assert _current(db, "ofac-consolidated").diff["added"] == ["ofac-consolidated:99999"]
    rows = db.scalars(select(SourceUpdate).order_by(SourceUpdate.id)).all()
    assert [r.source_code for r in rows] == LISTS and {r.status for r in rows} == {"applied"}
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "source.applied",
                                              AuditEvent.object_id == "canada-nro")).after["added"] == 1

    again = service.update_sources(db, SYSTEM, LISTS, rescreen=False)
    assert {r.status for r in again} == {"unchanged"}
    assert _current(db, "canada-nro").id == nro.id


def test_a_truncated_download_changes_nothing_and_says_why(db, shipped_lists, mirrored):
    before = _current(db, "un-consolidated")
    mirrored.behaviour["un-consolidated/consolidated.xml"] = "truncate"
    [report] = service.update_sources(db, SYSTEM, ["un-consolidated"], rescreen=False)
    assert report.status == "refused" and report.reason_code == "source_truncated"
    assert _current(db, "un-consolidated").id == before.id
    [state] = [s for s in service.status(db) if s.source.code == "un-consolidated"]
    assert state.problem and state.last.reason_code == "source_truncated" and state.last.params["url"]


def test_a_version_with_a_third_missing_is_held_until_an_administrator_decides(db, shipped_lists, mirrored):
    before = _current(db, "canada-nro")
    path = mirrored.root / "canada-nro/named-research-organizations.html"
    items = path.read_text(encoding="utf-8").split("<li")
    path.write_text("<li".join(items[: 1 + 2 * (len(items) - 1) // 3]) + "</ul>", encoding="utf-8")
    [report] = service.update_sources(db, SYSTEM, ["canada-nro"], rescreen=False)
    assert report.status == "held" and report.reason_code == "source_drop_held"
    assert report.previous_entries == before.entry_count and report.entries < before.entry_count * 0.8
    assert _current(db, "canada-nro").id == before.id
    [state] = [s for s in service.status(db) if s.source.code == "canada-nro"]
    assert state.held and state.problem

    with pytest.raises(Forbidden):
        service.apply_held(db, SYSTEM.__class__(user_id=None, label="x", role="advisor"), "canada-nro")
    applied = service.apply_held(db, SYSTEM, "canada-nro", rescreen=False)
    assert applied.status == "applied" and applied.removed > 0
    assert _current(db, "canada-nro").entry_count == report.entries
    assert not [s for s in service.status(db) if s.source.code == "canada-nro"][0].held
    with pytest.raises(NotFound) as nothing:
        service.discard_held(db, SYSTEM, "canada-nro")
    assert nothing.value.code == "source_nothing_held"


def test_a_discarded_held_version_leaves_the_list_as_it_was(db, shipped_lists, mirrored):
    before = _current(db, "canada-nro")
    path = mirrored.root / "canada-nro/named-research-organizations.html"
    path.write_text(path.read_text(encoding="utf-8").split("<li")[0] + "<li><strong>Only one</strong> (China)</li>",
                    encoding="utf-8")
    assert service.update_sources(db, SYSTEM, ["canada-nro"], rescreen=False)[0].status == "held"
    assert service.discard_held(db, SYSTEM, "canada-nro").status == "discarded"
    assert _current(db, "canada-nro").id == before.id
    assert [r.status for r in db.scalars(select(SourceUpdate).order_by(SourceUpdate.id))] == ["held", "discarded"]


def test_a_new_list_version_is_screened_against_the_registry(db, shipped_lists, mirrored):
    from ksdesk.registry import service as registry
    from ksdesk.registry.schemas import OrganisationCreate
    from ksdesk.screening.models import WatchlistEntry

    org = registry.create_organisation(db, SYSTEM, OrganisationCreate(
        name="Institute of Imaginary Physics", country_code="CN", org_type="institute"))
    _add_nro(mirrored, "Institute of Imaginary Physics")
    [report] = service.update_sources(db, SYSTEM, ["canada-nro"])
    assert report.status == "applied"
    entry = db.scalar(select(WatchlistEntry).where(WatchlistEntry.version_id == report.version_id,
                                                   WatchlistEntry.name == "Institute of Imaginary Physics"))
    assert entry.linked_organisation_id == org.id


def test_only_sources_not_checked_recently_are_due(db, shipped_lists, mirrored):
    assert set(service.due(db)) >= set(LISTS)
    service.update_sources(db, SYSTEM, ["canada-nro"], rescreen=False)
    assert "canada-nro" not in service.due(db) and "un-consolidated" in service.due(db)


def test_administrators_are_told_once_when_an_update_is_refused(db, world, shipped_lists, mirrored):
    from ksdesk.notifications.models import Notification

    mirrored.behaviour["un-consolidated/consolidated.xml"] = "missing"
    service.update_sources(db, SYSTEM, ["un-consolidated"], rescreen=False)
    service.update_sources(db, SYSTEM, ["un-consolidated"], rescreen=False)
    notices = db.scalars(select(Notification).where(Notification.kind == "source_problem")).all()
    assert [n.user_id for n in notices] == [world.users["hank"].id]
    assert notices[0].params == {"source": "un-consolidated", "outcome": "refused", "reason_code": "source_http_status",
                                 "reason_params": {"status": "404", "url": notices[0].params["reason_params"]["url"]}}
    assert notices[0].link == "/sources"
    [mail] = _notice_mails(db, "hank@example.org")
    assert mail.language == "en" and mail.subject == (
        "The update of un-consolidated failed and the version in use stays: "
        "The source's server answered with error 404. Nothing was changed")


def _notice_mails(db, recipient):
    from ksdesk.desk.models import OutboxMail

    return db.scalars(select(OutboxMail).where(OutboxMail.recipient == recipient, OutboxMail.kind == "notification")).all()


def test_administrators_are_told_in_their_language_when_a_version_is_held(db, world, shipped_lists, mirrored):
    from ksdesk.notifications import service as notifications
    from ksdesk.notifications.models import Notification

    hank = world.users["hank"]
    hank.language = "nl"
    db.flush()
    path = mirrored.root / "canada-nro/named-research-organizations.html"
    items = path.read_text(encoding="utf-8").split("<li")
    path.write_text("<li".join(items[: 1 + 2 * (len(items) - 1) // 3]) + "</ul>", encoding="utf-8")
    [report] = service.update_sources(db, SYSTEM, ["canada-nro"], rescreen=False)
    assert report.status == "held"
    [notice] = db.scalars(select(Notification).where(Notification.kind == "source_problem")).all()
    assert notice.user_id == hank.id and notice.link == "/sources/canada-nro/held"
    dutch = (f"Een nieuwe versie van canada-nro wacht op uw besluit: De nieuwe versie van canada-nro heeft "
             f"{report.entries} vermeldingen, de versie in gebruik heeft er {report.previous_entries}. "
             "Ze wordt vastgehouden tot een beheerder haar toepast of weggooit")
    [mail] = _notice_mails(db, "hank@example.org")
    assert mail.language == "nl" and mail.subject == dutch and dutch + "." in mail.body
    assert notifications.text(notice.kind, notice.params, "en") == (
        f"A new version of canada-nro is held for your decision: The new version of canada-nro has {report.entries} "
        f"entries where the version in use has {report.previous_entries}. It is held until an administrator "
        "applies or discards it")


def test_a_version_that_fails_to_load_changes_nothing_and_the_administrators_are_told(
        db, world, shipped_lists, mirrored, monkeypatch):
    from ksdesk.notifications.models import Notification

    before = _current(db, "canada-nro")
    _add_nro(mirrored, "Institute of Imaginary Physics")

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(watchlists, "load_version", broken)
    [report] = service.update_sources(db, SYSTEM, ["canada-nro"], rescreen=False)
    assert report.status == "refused" and report.reason_code == "source_not_loaded"
    assert _current(db, "canada-nro").id == before.id
    [notice] = db.scalars(select(Notification).where(Notification.kind == "source_problem")).all()
    assert notice.params["reason_code"] == "source_not_loaded"
    [mail] = _notice_mails(db, "hank@example.org")
    assert mail.subject == ("The update of canada-nro failed and the version in use stays: "
                            "The new version of canada-nro could not be loaded. Nothing was changed")


def test_the_registry_is_updated_from_a_dump_on_the_mirror(db, mirrored):
    from ksdesk.registry.models import Organisation
    from tests.sources.ror_zip import shipped_records, write_dump

    write_dump(mirrored.root / "ror" / "ror-data.zip", list(shipped_records(120)))
    [report] = service.update_sources(db, SYSTEM, ["ror"], rescreen=False)
    assert report.status == "applied" and report.added == 120 and report.entries == 120
    assert db.scalar(select(Organisation).where(Organisation.ror_id == "https://ror.org/0006s4z66")) is not None
    [state] = [s for s in service.status(db) if s.source.code == "ror"]
    assert state.version_date is not None and not state.stale
    [again] = service.update_sources(db, SYSTEM, ["ror"], rescreen=False)
    assert again.status == "unchanged"


def test_the_periodic_job_updates_the_sources_that_are_due(session_factory, mirrored, monkeypatch):
    from ksdesk import jobs
    from ksdesk.sources import tasks
    from ksdesk.sources.catalogue import load_catalogue

    catalogue = load_catalogue()
    monkeypatch.setattr(service, "load_catalogue", lambda: {c: catalogue[c] for c in ("canada-nro", "eu-fsf")})
    jobs.use_session_factory(session_factory)
    try:
        done = tasks.update_due_sources.call_local()
        assert {r["code"]: r["status"] for r in done} == {"canada-nro": "applied", "eu-fsf": "applied"}
        assert tasks.update_due_sources.call_local() == []  # checked today: nothing is due
    finally:
        jobs.use_session_factory(None)


def test_the_eu_and_uk_lists_arrive_from_the_mirror_with_their_names_in_every_script(db, mirrored):
    """The published layouts, served over HTTP: aliases in other languages and scripts reach the list."""
    from datetime import date

    from ksdesk.screening.models import WatchlistEntry

    reports = service.update_sources(db, SYSTEM, ["eu-fsf", "uk-sanctions"], rescreen=False)
    assert [r.status for r in reports] == ["applied", "applied"], [r.reason for r in reports]
    eu, uk = _current(db, "eu-fsf"), _current(db, "uk-sanctions")
    assert (eu.version_date, uk.version_date) == (date(2018, 12, 21), date(2026, 2, 19))

    def names(version, entity_id):
        entry = db.scalar(select(WatchlistEntry).where(WatchlistEntry.version_id == version.id,
                                                       WatchlistEntry.entity_id == entity_id))
        return [n[0] if isinstance(n, list) else n["value"] for n in entry.names]

    assert "Фронт на великите ислямски източни воини" in names(eu, "eu-fsf:207")
    exchange = names(uk, "uk-sanctions:AFG0001")
    assert "حاجی خيرالله و حاجی ستار صرافی" in exchange and "Haji Alim Hawala" in exchange
    assert exchange.count("HAJI KHAIRULLAH HAJI SATTAR MONEY EXCHANGE") == 1


def test_a_re_screening_that_fails_after_an_update_is_left_to_the_worker(session_factory, mirrored, monkeypatch):
    """The update is applied and committed before the re-screening (whose index is built without the
    write lock): when the re-screening fails, the worker's job does it, as the next run would find
    the version unchanged."""
    from sqlalchemy.exc import OperationalError

    from ksdesk.screening import shipped
    from ksdesk.screening import tasks as screening_tasks
    from ksdesk.sources.catalogue import load_catalogue

    catalogue = load_catalogue()
    monkeypatch.setattr(service, "load_catalogue", lambda: {"canada-nro": catalogue["canada-nro"]})

    def busy(*_args):
        raise OperationalError("INSERT INTO screening_alert", {}, Exception("database is locked"))

    queued: list = []
    monkeypatch.setattr(shipped, "rescreen_committed", busy)
    monkeypatch.setattr(screening_tasks, "rescreen_after_list_update", queued.append)
    reports = service.run_updates(session_factory, SYSTEM, ["canada-nro"])
    assert [r.status for r in reports] == ["applied"]
    assert queued == [["canada-nro"]]


def test_a_registry_update_that_stopped_half_way_is_finished_by_the_next_run(session_factory, mirrored, monkeypatch):
    """The registry is applied in committed parts: a run that stops leaves them and is recorded as
    refused; the next run of the same version skips them and records the version applied, once."""
    from ksdesk.registry import ror_update
    from ksdesk.registry.models import Organisation
    from tests.sources.ror_zip import shipped_records, write_dump

    monkeypatch.setattr(ror_update, "PART_RECORDS", 30)
    monkeypatch.setattr(ror_update, "CHUNK", 30)
    write_dump(mirrored.root / "ror" / "ror-data.zip", list(shipped_records(120)))
    real = ror_update.PHASES["update"]

    def fails(*args):
        raise RuntimeError("killed")

    monkeypatch.setattr(ror_update, "PHASES", {**ror_update.PHASES, "update": fails})
    [stopped] = service.run_updates(session_factory, SYSTEM, ["ror"])
    assert (stopped.status, stopped.reason_code) == ("refused", "source_not_loaded")
    monkeypatch.setattr(ror_update, "PHASES", {**ror_update.PHASES, "update": real})
    [report] = service.run_updates(session_factory, SYSTEM, ["ror"])
    assert report.status == "applied" and report.added == 120
    with session_factory() as db:
        assert db.scalar(select(func.count(Organisation.id)).where(Organisation.ror_id.is_not(None))) >= 120
        assert [u.status for u in db.scalars(select(SourceUpdate).where(SourceUpdate.source_code == "ror")
                                             .order_by(SourceUpdate.id))] == ["refused", "applied"]
        assert db.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "registry.update")) == 1


def _rescreen_owed(factory, monkeypatch) -> int:
    """The worker's pickup of re-screenings owed, as if they were older than it waits for."""
    from ksdesk import jobs
    from ksdesk.screening import tasks as screening_tasks

    monkeypatch.setattr(screening_tasks, "PICKUP_AFTER", timedelta(0))
    jobs.use_session_factory(factory)
    try:
        return screening_tasks.rescreen_owed.call_local()
    finally:
        jobs.use_session_factory(None)


def test_an_update_killed_before_its_rescreening_is_rescreened_by_the_worker_once(
        session_factory, db, world, shipped_lists, mirrored, monkeypatch):
    """The re-screening an applied version owes is written in the version's own transaction: when
    the process dies after that commit and before it re-screens, the worker's pickup raises the
    alerts, once, and a later pickup or re-screening raises none again."""
    from ksdesk.registry import service as registry
    from ksdesk.registry.schemas import OrganisationCreate
    from ksdesk.screening import tasks as screening_tasks
    from ksdesk.screening.models import RescreenOwed, ScreeningAlert
    from ksdesk.sources.catalogue import load_catalogue
    from tests.screening.test_watchlists_db import _active_collaboration

    catalogue = load_catalogue()
    monkeypatch.setattr(service, "load_catalogue", lambda: {"canada-nro": catalogue["canada-nro"]})
    org = registry.create_organisation(db, SYSTEM, OrganisationCreate(
        name="Institute of Imaginary Physics", country_code="CN", org_type="institute"))
    _active_collaboration(db, world, "alice", org)
    db.commit()
    _add_nro(mirrored, "Institute of Imaginary Physics")

    def killed(*_args):
        raise KeyboardInterrupt  # as SIGKILL right after the update's commit

    with monkeypatch.context() as m:
        m.setattr(screening_tasks, "rescreen_now_or_later", killed)
        with pytest.raises(KeyboardInterrupt):
            service.run_updates(session_factory, SYSTEM, ["canada-nro"])
    alerts = select(func.count(ScreeningAlert.id))
    with session_factory() as s:
        assert s.scalar(select(SourceUpdate.status).where(SourceUpdate.source_code == "canada-nro")) == "applied"
        assert s.scalar(alerts) == 0
        # The newest debt is the update's (the lists loaded before it were never re-screened either).
        assert s.scalars(select(RescreenOwed.lists).order_by(RescreenOwed.id.desc())).first() == ["canada-nro"]

    assert _rescreen_owed(session_factory, monkeypatch) == 1
    assert _rescreen_owed(session_factory, monkeypatch) == 0  # paid: nothing owed any more
    service.run_updates(session_factory, SYSTEM, ["canada-nro"])  # unchanged now: no re-screening
    with session_factory() as s:
        assert s.scalar(alerts) == 1
        assert s.scalar(select(ScreeningAlert.partner_name)) == "Institute of Imaginary Physics"
        assert s.scalar(select(func.count(RescreenOwed.id))) == 0


def test_a_rescreening_pays_what_an_earlier_killed_one_owed(session_factory, db, world, shipped_lists, mirrored,
                                                           monkeypatch):
    """The next re-screening after a kill, for any list, also screens for the lists still owed."""
    from ksdesk.registry import service as registry
    from ksdesk.registry.schemas import OrganisationCreate
    from ksdesk.screening import shipped
    from ksdesk.screening.models import RescreenOwed, ScreeningAlert
    from tests.screening.test_watchlists_db import _active_collaboration

    org = registry.create_organisation(db, SYSTEM, OrganisationCreate(
        name="Institute of Imaginary Physics", country_code="CN", org_type="institute"))
    _active_collaboration(db, world, "alice", org)
    _add_nro(mirrored, "Institute of Imaginary Physics")
    [report] = service.update_sources(db, SYSTEM, ["canada-nro"], rescreen=False)  # as killed before it
    assert report.status == "applied"
    db.commit()
    assert shipped.rescreen_committed(session_factory, {"un-consolidated"})[1] == 1
    assert shipped.rescreen_committed(session_factory, {"canada-nro"})[1] == 0
    with session_factory() as s:
        assert s.scalar(select(func.count(ScreeningAlert.id))) == 1
        assert s.scalar(select(func.count(RescreenOwed.id))) == 0
