"""The API against its own OpenAPI document: generated requests never get a 5xx, only documented statuses.

Schemathesis reads /api/openapi.json and calls every operation through Django's WSGI application with
inputs made from the document (valid ones and broken ones), as a commune cadre and as the province
officer, each with a bearer token, on a province with classified households. Bounded: a few
examples per operation, so the file takes well under a minute.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from povmis.accounts.services import issue_token

pytestmark = pytest.mark.django_db(transaction=False)

EXAMPLES = 6


@pytest.fixture(params=["cadre", "province"])
def bearer(request, classified):
    _token, key = issue_token(classified.personas[request.param], "schema check")
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture
def api_schema(bearer):
    # As Django's test client does: a request must not close the test's connection (and its transaction).
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,  # the same requests on every run: a failure in CI is a failure here
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture],
)
def test_every_answer_is_documented_and_none_is_a_server_error(case, bearer):
    case.call_and_validate(
        headers=bearer, checks=[not_a_server_error, status_code_conformance, response_schema_conformance]
    )
