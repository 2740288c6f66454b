"""Addresses of the household lists behind each figure (the drill-down), and of the other dashboard pages."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import plotly
from django.urls import reverse


def households(unit: str, year: int, **filters: Any) -> str:
    """The scoped household list for ``unit`` in ``year``, narrowed by class, em, indicator, transition, ..."""
    params: list[tuple[str, str | int]] = [("year", year)]
    if unit:
        params.append(("unit", unit))
    for key, value in filters.items():
        if value is None:
            continue
        if isinstance(value, bool):
            params.append((key, int(value)))
        elif isinstance(value, list):
            params.extend((key, item) for item in value)
        else:
            params.append((key, value))
    return f"{reverse('monitoring:households')}?{urlencode(params)}"


def page(name: str, unit: str, year: int | None = None) -> str:
    params: dict[str, str | int] = {"unit": unit} if unit else {}
    if year is not None:
        params["year"] = year
    query = urlencode(params)
    return reverse(f"monitoring:{name}") + (f"?{query}" if query else "")


def plotly_url() -> str:
    return reverse("monitoring:plotly", kwargs={"version": plotly.__version__})
