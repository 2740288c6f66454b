"""The REST API: one NinjaAPI assembling the apps' routers, every route behind a token or the browser session,
docs at /api/docs.

Errors the registry's services raise map to status codes here, once: a refused role is 403, a
refused action 400, and anything outside the caller's area is 404, exactly like something that
does not exist, so the API never confirms that another commune's household is there.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja.renderers import JSONRenderer

from povmis.accounts import api as accounts
from povmis.api.errors import Api
from povmis.api.security import AUTH
from povmis.core.programmes.disbursement import DimensionError
from povmis.core.schema import StandardError
from povmis.core.validate import InputError
from povmis.errors import PermissionDenied, ServiceError
from povmis.monitoring.api import figures, forecasts, risk, standards, whatif
from povmis.programme import api as programme_api
from povmis.registry.api import applications, changes, households, imports, meetings, statuses
from povmis.registry.api import cycles as registry
from povmis.support import api as support_api


class Utf8Json(JSONRenderer):
    """Vietnamese names as written ("Tân Lợi"), not as escapes ("T\\u00e2n L\\u1ee3i"): still valid JSON."""

    json_dumps_params: Mapping[str, Any] = MappingProxyType({"ensure_ascii": False})


api = Api(
    title="PovMIS",
    version="1",
    description="Household registry and annual review. Authenticate with `Authorization: Bearer <token>`.",
    auth=AUTH,
    urls_namespace="api",
    renderer=Utf8Json(),
)
for module in (
    accounts, registry, households, changes, imports, whatif, standards, figures, applications, forecasts, statuses,
    meetings, risk,
):  # fmt: skip
    api.add_router("/", module.router)
api.add_router("/", programme_api.router)
api.add_router("/", support_api.router)


@api.exception_handler(ObjectDoesNotExist)
def not_found(request: HttpRequest, error: ObjectDoesNotExist) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, error: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(error)}, status=403)


@api.exception_handler(ServiceError)
@api.exception_handler(InputError)
@api.exception_handler(StandardError)
@api.exception_handler(DimensionError)  # a `by` the disbursement document does not know
def refused(request: HttpRequest, error: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": str(error)}, status=400)
