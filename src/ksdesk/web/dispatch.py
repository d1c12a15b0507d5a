"""Finding a request's route without trying every route of the app.

FastAPI tries every route of every included router in turn, with some bookkeeping for each: a
call to /api/v1/screen was only found after the 150 routes of the web pages, and that search
was a quarter of the server's time for a small API request (sampled under 200 calls at once).
Each included router now first looks whether the path can be one of its own: one of its fixed
paths, or beginning as one of its paths does up to the first parameter. If not, it answers "no
match" at once; otherwise FastAPI matches as before, so which route answers does not change.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI
from fastapi.routing import _IncludedRouter
from starlette._utils import get_route_path
from starlette.routing import Match
from starlette.types import Scope

Matcher = Callable[[Scope], tuple[Match, Scope]]


def route_by_path_first(app: FastAPI) -> None:
    for route in app.router.routes:
        if isinstance(route, _IncludedRouter):
            # On the instance: the router stays what FastAPI made, for the OpenAPI description too.
            vars(route)["matches"] = _path_first(route, route.matches)


def _paths(router: _IncludedRouter) -> tuple[frozenset[str], tuple[str, ...]]:
    fixed, prefixes = set(), set()
    for context in router.effective_route_contexts():
        path = context.path or ""
        head, brace, _rest = path.partition("{")
        if brace:
            prefixes.add(head)
        else:
            fixed.add(path)
    return frozenset(fixed), tuple(sorted(prefixes))


def _path_first(router: _IncludedRouter, matches: Matcher) -> Matcher:
    # A route added to the router later changes its candidates' list: the paths are read again.
    known: list = [None, frozenset(), ()]

    def path_first(scope: Scope) -> tuple[Match, Scope]:
        candidates = router.effective_candidates()
        if known[0] is not candidates:
            known[:] = [candidates, *_paths(router)]
        path = get_route_path(scope)
        if path in known[1] or path.startswith(known[2]):
            return matches(scope)
        return Match.NONE, {}

    return path_first
