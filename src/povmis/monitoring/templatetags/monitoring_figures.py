"""Printing a figure: the only place the dashboard rounds (docs/figures.md, "Rounding only when shown")."""

from __future__ import annotations

from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def figure(value: float | None, places: int = 2) -> str:
    """A rate or reduction with ``places`` decimals in the page's locale; "–" when there is none."""
    if value is None:
        return "–"
    return str(floatformat(value, f"{places}g"))  # "g": thousands grouped as the locale groups them
