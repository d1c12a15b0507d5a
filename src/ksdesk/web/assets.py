"""The NL Design System stylesheets, served from the npm install and nothing else from it."""

from __future__ import annotations

from pathlib import Path

from fastapi.responses import FileResponse

from ksdesk.errors import NotFound
from ksdesk.settings import get_settings
from ksdesk.web.routing import Router

STYLESHEETS = {
    "utrecht-components.css": ("@utrecht", "component-library-css", "dist", "index.css"),
    "rijkshuisstijl-tokens.css": ("@rijkshuisstijl-community", "design-tokens", "dist", "index.css"),
}

STATIC_DIR = Path(__file__).resolve().parent / "static"

router = Router(include_in_schema=False)


@router.get("/static/nlds/{name}")
def stylesheet(name: str) -> FileResponse:
    parts = STYLESHEETS.get(name)
    path = get_settings().assets_dir.joinpath(*parts) if parts else None
    if path is None or not path.is_file():
        raise NotFound("stylesheet not found; run npm ci to install the NL Design System packages")
    return FileResponse(path, media_type="text/css", headers={"cache-control": "public, max-age=3600"})
