"""The OpenAPI document names each shape once: two bodies that differ are never shown under one name."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from django.test import Client
from ninja import Schema

import povmis.api.main  # noqa: F401  # assembles every app's router, so their schemas are defined

DECISIONS = {
    "/api/changes/{change_id}/decision": {"approve", "note"},
    "/api/cycles/{year}/communes/{code}/complaints/{complaint_id}/decision": {
        "upheld", "reasons", "decided_on", "correction_id",
    },
    "/api/cycles/{year}/communes/{code}/decision": {"decided_on"},
    "/api/applications/{application_id}/decision": {"recognise", "decided_on", "reasons"},
}  # fmt: skip


def _schemas(base: type[Schema]) -> list[type[Schema]]:
    below = base.__subclasses__()
    return below + [deeper for schema in below for deeper in _schemas(schema)]


def _body(document: dict[str, Any], path: str) -> set[str]:
    reference = document["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    return set(document["components"]["schemas"][reference.rsplit("/", 1)[1]]["properties"])


def test_no_two_of_the_apis_shapes_share_a_name():
    names = Counter(schema.__name__ for schema in set(_schemas(Schema)) if schema.__module__.startswith("povmis."))
    assert [name for name, count in names.items() if count > 1] == []


@pytest.mark.django_db
def test_each_decision_is_documented_with_its_own_fields():
    document = Client().get("/api/openapi.json").json()
    assert {path: _body(document, path) for path in DECISIONS} == DECISIONS
