"""Test set-up: the real migrations on SQLite or PostgreSQL, one rolled-back transaction per test,
and a named user for every role in two institutions.

KSDESK_TEST_DATABASE=sqlite (default) or postgresql chooses the backend; the test script runs the
suite once per backend. PostgreSQL is reached at KSDESK_TEST_PG_URL (default: the local server).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from argon2 import PasswordHasher
from hypothesis import settings
from sqlalchemy.orm import Session, sessionmaker

from ksdesk import schema
from ksdesk.accounts import passwords
from ksdesk.accounts import service as accounts
from ksdesk.accounts.principal import SYSTEM, Principal
from ksdesk.db import make_engine
from ksdesk.registry import service as registry
from ksdesk.registry.countries import sync_country_profiles
from ksdesk.registry.schemas import OrganisationCreate
from ksdesk.settings import get_settings
from ksdesk.wiring import install

# Tests keep their screening indexes and job queue away from the developer's var/ folder.
os.environ.setdefault("KSDESK_INDEX_DIR", tempfile.mkdtemp(prefix="ksdesk-index-"))
os.environ.setdefault("KSDESK_QUEUE_URL", f"sqlite:///{tempfile.mkdtemp(prefix='ksdesk-queue-')}/queue.sqlite3")
get_settings.cache_clear()  # the imports above read the settings before these were set

# Timing deadlines only make property tests flaky on a busy 2-core machine; speed is measured
# by the scripts in bench/, never by tests.
settings.register_profile("ksdesk", deadline=None, print_blob=True)
settings.load_profile("ksdesk")

from tests.databases import BACKEND, PG_SERVER_URL, throwaway_database  # noqa: E402,F401

# Argon2id at its production cost takes about half a second per hash and per check on a busy
# 2-core machine, and the suite signs in hundreds of times. Tests hash and check with the same
# algorithm at its cheapest cost; the production parameters stay in ksdesk.accounts.passwords.
passwords._hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)

PASSWORD = "correct-horse-battery"


def pytest_report_header(config):
    return f"ksdesk database backend: {BACKEND}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> Iterator[str]:
    with throwaway_database(tmp_path_factory.mktemp("db"), "test") as url:
        yield url


@dataclass
class World:
    """The named people and places every test can count on."""

    institutions: dict
    users: dict

    def principal(self, key: str) -> Principal:
        return Principal.for_user(self.users[key])


USERS = {
    # key: (role, institution, ministry)
    "alice": ("advisor", "UL", None),
    "bob": ("researcher", "UL", None),
    "bella": ("researcher", "UL", None),
    "carol": ("advisor", "UvA", None),
    "dave": ("researcher", "UvA", None),
    "erin": ("desk_officer", None, None),
    "frank": ("ministry_liaison", None, "ocw"),
    "fiona": ("ministry_liaison", None, "ezk"),
    "gina": ("analyst", None, None),
    "hank": ("admin", None, None),
}


@pytest.fixture(scope="session")
def engine(database_url):
    engine = make_engine(database_url)
    schema.upgrade(engine)
    with install(engine)() as session:
        sync_country_profiles(session)
        institutions = {}
        for short, name, ror in (
            ("UL", "Leiden University", "https://ror.org/027bh9e22"),
            ("UvA", "University of Amsterdam", "https://ror.org/04dkp9463"),
        ):
            org = registry.create_organisation(
                session, SYSTEM, OrganisationCreate(name=name, country_code="NL", org_type="university", ror_id=ror)
            )
            institutions[short] = registry.create_institution(session, SYSTEM, org, short)
        for key, (role, inst, ministry) in USERS.items():
            accounts.create_user(
                session, SYSTEM, email=f"{key}@example.org", name=key.title(), password=PASSWORD, role=role,
                institution_short_name=inst, ministry=ministry, language="en",
            )
        session.commit()
    yield engine
    engine.dispose()


@pytest.fixture
def connection(engine):
    """Every test runs inside one transaction that is rolled back afterwards."""
    with engine.connect() as connection:
        transaction = connection.begin()
        yield connection
        transaction.rollback()


@pytest.fixture
def session_factory(connection) -> sessionmaker[Session]:
    # Commits inside services and requests only release a savepoint of the test's transaction.
    return install(sessionmaker(bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"))


@pytest.fixture
def db(session_factory) -> Iterator[Session]:
    session = session_factory()
    yield session
    session.close()


@pytest.fixture
def world(db) -> World:
    from sqlalchemy import select

    from ksdesk.accounts.models import User
    from ksdesk.registry.models import Institution

    institutions = {i.short_name: i for i in db.scalars(select(Institution))}
    users = {u.email.split("@")[0]: u for u in db.scalars(select(User)) if u.email.endswith("@example.org")}
    return World(institutions=institutions, users=users)
