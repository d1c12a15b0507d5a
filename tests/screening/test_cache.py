"""Index files on disk: one per database state, built by one process at a time, old ones removed."""

import os
import time

from ksdesk.accounts.principal import SYSTEM
from ksdesk.registry import service as registry
from ksdesk.registry.schemas import OrganisationCreate
from ksdesk.screening import cache


def test_a_new_state_removes_this_databases_index_files_no_one_has_used_for_long(db):
    folder = cache._cache_dir()
    database, _state = cache._key(db)
    old_of_this = folder / f"{database}-{'0' * 24}.idx"
    recent_of_this = folder / f"{database}-{'1' * 24}.idx"
    old_of_another = folder / f"{'f' * 12}-{'0' * 24}.idx"
    for path in (old_of_this, recent_of_this, old_of_another):
        path.write_bytes(b"an index file")
    long_ago = time.time() - cache.STALE_AFTER_SECONDS - 60
    for path in (old_of_this, old_of_another):
        os.utime(path, (long_ago, long_ago))
    registry.create_organisation(db, SYSTEM, OrganisationCreate(
        name="Cache Test Polytechnic", country_code="CN", org_type="university"))
    db.flush()
    index = cache.get_index(db)
    assert any(e.name == "Cache Test Polytechnic" for e in index.entities)
    assert not old_of_this.exists()
    assert recent_of_this.exists() and old_of_another.exists()
    assert (folder / f"{database}-{cache._key(db)[1]}.idx").exists()
    for path in (recent_of_this, old_of_another):
        path.unlink()


def test_a_damaged_index_file_is_built_again(db):
    registry.create_organisation(db, SYSTEM, OrganisationCreate(
        name="Damaged File Institute", country_code="CN", org_type="institute"))
    db.flush()
    database, state = cache._key(db)
    (cache._cache_dir() / f"{database}-{state}.idx").write_bytes(b"not an index")
    cache._memory.clear()
    assert any(e.name == "Damaged File Institute" for e in cache.get_index(db).entities)


def test_the_process_that_built_an_index_keeps_none_of_the_names_it_normalised_for_it(db):
    from ksdesk.screening import names

    registry.create_organisation(db, SYSTEM, OrganisationCreate(
        name="Forgetful Names University", country_code="NL", org_type="university"))
    db.flush()
    cache._memory.clear()
    names.token_tuple("A name screened before the build")
    index = cache.get_index(db)
    assert any(e.name == "Forgetful Names University" for e in index.entities)
    cached = (names.to_ascii, names.token_tuple, names.skeleton, names.consonants)
    assert [f.cache_info().currsize for f in cached] == [0, 0, 0, 0]
    assert index.screen("Forgetful Names University")[0].listed_name == "Forgetful Names University"


def test_the_worker_builds_the_index_of_a_new_state_before_anyone_screens(session_factory, monkeypatch):
    from ksdesk import jobs
    from ksdesk.screening import tasks

    with session_factory() as session:
        registry.create_organisation(session, SYSTEM, OrganisationCreate(
            name="Prepared Index Academy", country_code="NL", org_type="university"))
        session.commit()
        database, state = cache._key(session)
    path = cache._cache_dir() / f"{database}-{state}.idx"
    assert not path.exists()
    jobs.use_session_factory(session_factory)
    try:
        assert tasks.prepare_index.call_local() is True
        assert path.exists()
        assert tasks.prepare_index.call_local() is False  # nothing changed: nothing to build
    finally:
        jobs.use_session_factory(None)
    cache._memory.clear()
    monkeypatch.setattr(cache, "build_index", None)  # another process loads the file; it builds nothing
    with session_factory() as session:
        assert any(e.name == "Prepared Index Academy" for e in cache.get_index(session).entities)
