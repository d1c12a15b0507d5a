"""Documents the error answers every API operation can give, so clients (and schema checks)
know them: the handlers in web/handlers.py produce exactly this shape for each status.

Done by extending the generated description (FastAPI's documented way to customise OpenAPI),
so every router, whichever part of the system adds it, is covered without repeating itself.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel

API_PREFIX = "/api/"
METHODS = {"get", "post", "put", "patch", "delete"}


class ErrorRead(BaseModel):
    detail: str
    code: str
    errors: dict[str, str] = {}
    error_codes: dict[str, str] = {}


ERRORS = {
    "400": "The request could not be processed",
    "401": "No valid bearer token",
    "403": "Your role may not do this",
    "404": "Not found, or outside what you may see",
    "409": "Changed by someone else, or in a state that does not allow this",
    "413": "The request body is too large",
    "422": "Validation failed: a message per field",
    "429": "Too many requests",
}


def document_errors(app: FastAPI) -> None:
    def openapi() -> dict:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version, description=app.description,
                             routes=app.routes)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components["ErrorRead"] = ErrorRead.model_json_schema(ref_template="#/components/schemas/{model}")
        error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorRead"}}}
        for path, operations in schema.get("paths", {}).items():
            if not path.startswith(API_PREFIX):
                continue
            for method, operation in operations.items():
                if method not in METHODS:
                    continue
                responses = operation.setdefault("responses", {})
                for status, description in ERRORS.items():
                    if status == "422" and status in responses:
                        # FastAPI describes only pydantic's own errors; ours say more per field.
                        responses[status] = {"description": description, "content": error}
                    responses.setdefault(status, {"description": description, "content": error})
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented way to extend the schema
