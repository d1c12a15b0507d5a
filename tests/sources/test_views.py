"""The sources page: every screener sees how current each list is; a stale, held or refused source says so."""

from ksdesk.accounts.principal import SYSTEM
from ksdesk.screening import watchlists
from ksdesk.screening.lists import load_nro_csv
from ksdesk.sources import service
from tests.webtools import app, browser  # noqa: F401


def test_the_page_shows_version_dates_staleness_and_why_an_update_was_refused(browser, db, mirrored):
    watchlists.load_version(db, SYSTEM, load_nro_csv(), source_file="shipped copy")  # of 2024: stale
    mirrored.behaviour["un-consolidated/consolidated.xml"] = "truncate"
    service.update_sources(db, SYSTEM, ["un-consolidated"], rescreen=False)
    db.flush()
    page = browser("alice").get("/sources")
    assert page.status_code == 200
    text = page.text
    row = text[text.index('data-code="canada-nro"'):]
    assert 'data-stale="true"' in row[:200] and "stale" in row[:2000]
    un = text[text.index('data-code="un-consolidated"'):]
    assert "refused" in un[:2000] and "The download ended before the whole file had arrived" in un[:2000]
    assert "ksdesk sources apply" not in text
    assert "ksdesk sources apply" in browser("hank").get("/sources").text
    assert browser("gina").get("/sources").status_code == 404


def test_a_held_registry_version_approved_on_the_web_is_applied_by_the_worker_in_parts(
        browser, db, world, session_factory, mirrored, monkeypatch):
    """Approving a held ROR dump does not apply it in the request's one transaction, which would hold
    the write lock for minutes: the worker applies it in short parts after the approval's commit."""
    from sqlalchemy import func, select

    from ksdesk import jobs
    from ksdesk.registry.models import Organisation
    from ksdesk.sources import views
    from ksdesk.sources.models import SourceUpdate
    from ksdesk.sources.tasks import apply_held_source
    from tests.sources.ror_zip import shipped_records, write_dump
    from tests.webtools import post_form

    records = list(shipped_records(200))
    write_dump(mirrored.root / "ror" / "ror-data.zip", records)
    assert service.update_sources(db, SYSTEM, ["ror"], rescreen=False)[0].status == "applied"
    write_dump(mirrored.root / "ror" / "ror-data.zip", records[:50] + [dict(r, status="withdrawn")
                                                                       for r in records[50:]][:10])
    assert service.update_sources(db, SYSTEM, ["ror"], rescreen=False)[0].status == "held"
    db.commit()
    queued: list = []
    monkeypatch.setattr(views.jobs, "enqueue_after_commit", lambda _db, task, *args: queued.append((task, args)))
    admin = world.users["hank"]
    response = post_form(browser("hank"), "/sources/ror/held", "/sources/ror/held",
                         {"decision": "apply", "confirm": "on"})
    assert response.status_code == 303 and response.headers["location"] == "/sources?notice=queued"
    assert queued == [(apply_held_source, ("ror", admin.id))]
    withdrawn = select(func.count(Organisation.id)).where(Organisation.ror_status == "withdrawn")
    assert db.scalar(withdrawn) == 0  # not in the request

    jobs.use_session_factory(session_factory)
    try:
        assert apply_held_source.call_local("ror", admin.id)["status"] == "applied"
    finally:
        jobs.use_session_factory(None)
    with session_factory() as s:
        assert s.scalar(withdrawn) == 10
        last = s.scalar(select(SourceUpdate).where(SourceUpdate.source_code == "ror").order_by(SourceUpdate.id.desc()))
        assert last.status == "applied" and last.params.get("approved") is True and last.actor == admin.email


def test_a_held_list_version_approved_on_the_web_is_re_screened_after_the_request(browser, db, mirrored, monkeypatch):
    """The re-screening builds the new version's index, which takes seconds: it is queued for after
    the request's commit instead of being built inside its write transaction."""
    from ksdesk.screening import cache
    from ksdesk.screening import tasks as screening_tasks
    from ksdesk.sources import views
    from tests.webtools import post_form

    watchlists.load_version(db, SYSTEM, load_nro_csv(), source_file="shipped copy")
    path = mirrored.root / "canada-nro/named-research-organizations.html"
    items = path.read_text(encoding="utf-8").split("<li")
    path.write_text("<li".join(items[: 1 + 2 * (len(items) - 1) // 3]) + "</ul>", encoding="utf-8")
    assert service.update_sources(db, SYSTEM, ["canada-nro"], rescreen=False)[0].status == "held"
    db.commit()
    queued: list = []
    monkeypatch.setattr(views.jobs, "enqueue_after_commit", lambda _db, task, *args: queued.append((task, args)))
    monkeypatch.setattr(cache, "build_index", lambda *a: (_ for _ in ()).throw(AssertionError("built in the request")))
    response = post_form(browser("hank"), "/sources/canada-nro/held", "/sources/canada-nro/held",
                         {"decision": "apply", "confirm": "on"})
    assert response.status_code == 303 and response.headers["location"] == "/sources?notice=applied"
    assert queued == [(screening_tasks.rescreen_after_list_update, (["canada-nro"],))]
