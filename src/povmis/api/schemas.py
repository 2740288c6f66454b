"""The API's shapes shared by every app's router."""

from __future__ import annotations

from ninja import Schema


class Detail(Schema):
    """An error or a refusal, in English (the pages show refusals in their reader's language)."""

    detail: str
