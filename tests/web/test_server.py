"""The app as a server process runs it: templates compiled and the garbage collector tuned at start-up."""

from __future__ import annotations

import gc

import pytest
from fastapi.testclient import TestClient

from ksdesk.app import server
from ksdesk.settings import get_settings


@pytest.fixture
def collector_restored():
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


def test_a_served_app_sets_what_it_loaded_aside_from_the_collector(tmp_path, monkeypatch, collector_restored):
    monkeypatch.setenv("KSDESK_DATABASE_URL", f"sqlite:///{tmp_path / 'served.sqlite3'}")
    get_settings.cache_clear()
    try:
        app = server.app_for_serving()
        gc.unfreeze()
        assert gc.get_freeze_count() == 0
        with TestClient(app):  # runs the start-up, as uvicorn does
            assert gc.get_freeze_count() > 10_000  # the app's modules and templates, at least
            assert gc.get_threshold()[0] == server.YOUNG_GENERATION_THRESHOLD
            for environment in app.state.templates.environments.values():
                compiled = {name for _loader, name in environment.cache.keys()}
                assert set(environment.list_templates(extensions=["html"])) <= compiled
    finally:
        get_settings.cache_clear()


def test_an_app_built_for_tests_leaves_the_collector_alone(app, collector_restored):
    gc.unfreeze()
    with TestClient(app):
        assert gc.get_freeze_count() == 0


def test_a_page_compiles_once_for_every_language(monkeypatch):
    # The words are looked up as a page renders (the language crawl reads every page in both),
    # so the code a template compiles to is the same for every language.
    from ksdesk.app.factory import TEMPLATE_PACKAGES
    from ksdesk.web import templating

    compiles = []
    original = templating.Environment.compile
    monkeypatch.setattr(templating.Environment, "compile",
                        lambda self, *args, **kw: compiles.append(args) or original(self, *args, **kw))
    templates = templating.Templates(packages=TEMPLATE_PACKAGES)
    templates.environments["nl"].get_template("error.html")
    compiled_for_dutch = len(compiles)
    templates.environments["en"].get_template("error.html")
    assert compiled_for_dutch > 0 and len(compiles) == compiled_for_dutch
