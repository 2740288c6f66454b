"""The error answers every route may give, documented once for all routes in the OpenAPI document.

The exception handlers in main.py turn a service's refusal into 400, a refused role into 403 and
anything outside the caller's area into 404 on any route; the authentication classes answer 401
and django-ninja answers 422 to input that does not fit the route's parameters. So each is a
documented response of every route, with its body's schema, and a client generated from the
document knows every status it can receive. A route may still declare its own (the import's 413).

Only the document changes: the routes' own response models, which decide the status of an answer
that does not name one, stay as each route declares them.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from ninja import NinjaAPI, Schema
from ninja.openapi.schema import OpenAPISchema

from povmis.api.schemas import Detail


class InvalidField(Schema):
    """One input that does not fit, as django-ninja reports it: where (``loc``) and why (``msg``)."""

    type: str
    loc: list[str | int]
    msg: str


class ValidationDetail(Schema):
    detail: list[InvalidField]


ERRORS: dict[int, type[Schema]] = {400: Detail, 401: Detail, 403: Detail, 404: Detail, 422: ValidationDetail}


class DocumentedErrors(OpenAPISchema):
    def responses(self, operation: Any) -> dict[int, dict[str, Any]]:
        documented = super().responses(operation)
        for status, schema in ERRORS.items():
            if status not in documented:
                # django-ninja documents a body through a wrapper whose one field is the body.
                body: Any = type("ErrorAnswer", (Schema,), {"__annotations__": {"response": schema}})
                documented[status] = {
                    "description": HTTPStatus(status).phrase,
                    "content": {self.api.renderer.media_type: {"schema": self._create_schema_from_model(body)[0]}},
                }
        return dict(sorted(documented.items()))


class Api(NinjaAPI):
    """PovMIS's NinjaAPI: its document lists the error answers of every route (``ERRORS``)."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return DocumentedErrors(api=self, path_prefix=path_prefix)
