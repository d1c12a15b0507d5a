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
