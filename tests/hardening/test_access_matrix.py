"""Runs the access matrix (tests/hardening/access_matrix.py): every cell is one real request.

The scene is built once per run inside a transaction that is rolled back at the end; every cell
runs inside a savepoint of its own, so a change one cell makes is gone before the next. The
audit log, where every change leaves a row, tells what a cell did: a refused request must leave
it as it was, and a change that succeeded must have added to it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.routing import iter_route_contexts

from tests.hardening.access_matrix import (
    ENDPOINTS,
    SHARED_ACCESS,
    SHARED_ENDPOINTS,
    Endpoint,
    document,
    markdown,
    shared_markdown,
)
from tests.hardening.access_scene import ROLES, SHARED, SIDES
from tests.hardening.cells import answer_of, audit_rows, client_for, send


def test_every_endpoint_of_the_app_is_in_the_matrix(matrix_app):
    routes = set()
    for route in iter_route_contexts(matrix_app.routes):
        for method in route.methods or {"GET"}:
            if method != "HEAD":
                routes.add((method, route.path_format))
    declared = [(e.method, e.path) for e in ENDPOINTS]
    assert len(declared) == len(set(declared)), "an endpoint is declared twice"
    assert routes - set(declared) == set(), "endpoints without a row in the access matrix"
    assert set(declared) - routes == set(), "rows of the access matrix without an endpoint"


def test_the_matrix_covers_every_role_and_both_sides():
    table = markdown().splitlines()
    assert len(table) == 2 + len(ENDPOINTS)
    assert all(row.count("|") == 2 + 2 * len(ROLES) for row in table)


def test_every_endpoint_on_a_collaboration_has_a_shared_cell():
    on_one = {(e.method, e.path) for e in ENDPOINTS if "{collaboration_id}" in e.path}
    lists = {(e.method, e.path) for e in ENDPOINTS if e.lists is not None and "collaborations" in e.path}
    assert on_one | lists == set(SHARED_ACCESS), "an endpoint on collaborations without a shared cell, or a stray one"
    table = shared_markdown().splitlines()
    assert len(table) == 2 + len(SHARED_ENDPOINTS)
    assert all(row.count("|") == 2 + len(ROLES) for row in table)


def test_the_published_matrix_is_the_one_tested():
    published = Path(__file__).resolve().parents[2] / "docs" / "access-matrix.md"
    assert published.read_text(encoding="utf-8") == document(), (
        "docs/access-matrix.md is out of date: python -m tests.hardening.access_matrix > docs/access-matrix.md")


def _wrong_cells(endpoint: Endpoint, sides, scene, app, connection, anonymous_token) -> list[str]:
    """Sends every role's request on each side; what did not get the answer the matrix says."""
    wrong = []
    for role in ROLES:
        for side in sides:
            expected = endpoint.expected(role, side)
            savepoint = connection.begin_nested()
            try:
                audit_before = audit_rows(connection)
                client, form_token = client_for(app, scene, role, endpoint.api, anonymous_token)
                call = endpoint.request(scene, role, side)
                response = send(client, endpoint.method, call, form_token)
                got = answer_of(response)
                problem = None
                if got != expected:
                    problem = f"answered {got}: {response.text[:160]!r}"
                elif expected != endpoint.ok and audit_rows(connection) != audit_before:
                    problem = "refused, yet the audit log grew"
                elif expected == endpoint.ok and endpoint.changes and audit_rows(connection) == audit_before:
                    problem = "changed something, yet the audit log did not grow"
                elif endpoint.lists is not None and expected == endpoint.ok:
                    shown = endpoint.lists(scene, role, side)
                    should_show = endpoint.shows(role, side)
                    if (shown in response.text) != should_show:
                        problem = f"{shown!r} {'missing from' if should_show else 'leaked into'} the list"
                if problem:
                    wrong.append(f"{role:>16} {side:<6} expected {expected}: {problem}")
            finally:
                savepoint.rollback()
    return wrong


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[f"{e.method} {e.path}" for e in ENDPOINTS])
def test_access_matrix(endpoint: Endpoint, scene, matrix_app, matrix_connection, anonymous_form_token):
    wrong = _wrong_cells(endpoint, SIDES, scene, matrix_app, matrix_connection, anonymous_form_token)
    assert not wrong, f"{endpoint.method} {endpoint.path}\n" + "\n".join(wrong)


@pytest.mark.parametrize("endpoint", SHARED_ENDPOINTS, ids=[f"{e.method} {e.path}" for e in SHARED_ENDPOINTS])
def test_shared_collaboration_cells(endpoint: Endpoint, scene, matrix_app, matrix_connection,
                                    anonymous_form_token):
    wrong = _wrong_cells(endpoint, (SHARED,), scene, matrix_app, matrix_connection, anonymous_form_token)
    assert not wrong, f"{endpoint.method} {endpoint.path}\n" + "\n".join(wrong)
