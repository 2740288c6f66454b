"""List answers come in pages: ``limit`` (at most 500) and ``offset``, with the total ``count``.

The offset is bounded too: PostgreSQL's OFFSET is a 64-bit integer, and an offset of 2^63 made the
database refuse the query (a 500). No list comes near a billion rows, so a larger offset is a 422.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_LIMIT = 500
MAX_OFFSET = 1_000_000_000


class Pages(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(50, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def paginate_queryset(self, queryset: QuerySet[Any], pagination: Input, **params: Any) -> Any:  # type: ignore[override]  # narrower Input
        return {
            "count": queryset.count(),
            "items": list(queryset[pagination.offset : pagination.offset + pagination.limit]),
        }
