"""Finding a request's route by its path first gives the route FastAPI itself would find."""

import re

from fastapi.routing import _IncludedRouter
from starlette.routing import Match

from ksdesk.app.factory import create_app


def _scope(method: str, path: str) -> dict:
    return {"type": "http", "method": method, "path": path, "root_path": "", "headers": [], "query_string": b""}


def _found(app, scope: dict, *, path_first: bool):
    for route in app.router.routes:
        matches = route.matches if path_first else type(route).matches.__get__(route)
        match, _child = matches(dict(scope))
        if match == Match.FULL:
            return route
    return None


def test_every_route_and_some_paths_of_none_are_found_as_fastapi_finds_them():
    app = create_app()
    scopes = [_scope("GET", "/no/such/page"), _scope("GET", "/api/v1/no-such-thing"), _scope("GET", "/desk/faq/x/y")]
    for route in app.router.routes:
        if isinstance(route, _IncludedRouter):
            for context in route.effective_route_contexts():
                path = re.sub(r"\{[^}]+\}", "7", context.path)
                scopes += [_scope(method, path) for method in sorted(context.methods or {"GET"})]
                scopes.append(_scope("GET", path + "/"))  # a trailing slash: answered by a redirect or not at all
    assert len(scopes) > 150
    for scope in scopes:
        assert _found(app, scope, path_first=True) is _found(app, scope, path_first=False), scope["path"]
    assert _found(app, _scope("GET", "/api/v1/screen"), path_first=True) is not None
