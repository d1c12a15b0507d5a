import pytest

from ksdesk.sources.catalogue import load_catalogue
from tests.sources.mirror import Mirror, build


@pytest.fixture
def mirror(tmp_path):
    with Mirror(build(tmp_path / "mirror")) as m:
        yield m


@pytest.fixture
def store(tmp_path):
    return tmp_path / "sources"


@pytest.fixture
def catalogue(mirror):
    return load_catalogue(overrides=None, mirror=mirror.url)


@pytest.fixture
def mirrored(mirror, store, monkeypatch):
    """The whole system fetches from the local mirror and keeps its versions in the test's folder."""
    from ksdesk.settings import get_settings

    monkeypatch.setenv("KSDESK_SOURCES_MIRROR", mirror.url)
    monkeypatch.setenv("KSDESK_SOURCES_DIR", str(store))
    get_settings.cache_clear()
    yield mirror
    monkeypatch.undo()
    get_settings.cache_clear()
