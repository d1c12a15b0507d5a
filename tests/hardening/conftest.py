"""The scene the access matrix and the injection checks run against: built once per test module
inside a transaction that is rolled back at the end, with an app on that transaction."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ksdesk.app.factory import create_app
from ksdesk.web.csrf import CSRF_COOKIE
from ksdesk.wiring import install
from tests.conftest import PASSWORD, World
from tests.hardening import access_scene
from tests.hardening.access_scene import Scene
from tests.webtools import csrf_of


@pytest.fixture(scope="module")
def matrix_connection(engine):
    with engine.connect() as connection:
        transaction = connection.begin()
        yield connection
        transaction.rollback()


@pytest.fixture(scope="module")
def matrix_factory(matrix_connection) -> sessionmaker[Session]:
    return install(sessionmaker(bind=matrix_connection, expire_on_commit=False,
                                join_transaction_mode="create_savepoint"))


@pytest.fixture(scope="module")
def scene(matrix_factory) -> Scene:
    from ksdesk.accounts.models import User
    from ksdesk.registry.models import Institution

    with matrix_factory() as db:
        world = World(institutions={i.short_name: i for i in db.scalars(select(Institution))},
                      users={u.email.split("@")[0]: u for u in db.scalars(select(User))
                             if u.email.endswith("@example.org")})
        built = access_scene.build(db, world, matrix_factory)
        built.password = PASSWORD
        db.commit()
        return built


@pytest.fixture(scope="module")
def matrix_app(matrix_factory):
    return create_app(matrix_factory)


@pytest.fixture(scope="module")
def anonymous_form_token(matrix_app) -> tuple[str, str]:
    client = TestClient(matrix_app, base_url="https://testserver")
    page = client.get("/login")
    return client.cookies[CSRF_COOKIE], csrf_of(page.text)
