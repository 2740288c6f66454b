"""The year's disbursement curve as a Plotly figure (a plain dictionary the page's script draws)."""

from __future__ import annotations

from typing import Any

import polars as pl
from django.utils.translation import gettext as _


def year_curve_figure(curves: pl.DataFrame, plan_year: int) -> dict[str, Any]:
    """This year's rate (carry-over included) against the expected path and against last year, in %."""
    days = [day.isoformat() for day in curves["date"]]

    def trace(column: str, name: str, **style: Any) -> dict[str, Any]:
        values = [None if v is None else round(v * 100, 2) for v in curves[column]]
        return {"type": "scatter", "mode": "lines", "name": name, "x": days, "y": values,
                "hovertemplate": "%{x}: %{y:.2f}%<extra>" + name + "</extra>", **style}  # fmt: skip

    return {
        "data": [
            trace("rate_with_carryover", str(plan_year)),
            trace("last_year_rate_with_carryover", str(plan_year - 1), line={"dash": "dot"}),
            trace("expected_share", _("Expected path"), line={"dash": "dash", "color": "#888"}),
        ],
        "layout": {
            "title": {"text": _("Disbursement through the year, carry-over included")},
            "yaxis": {"title": {"text": "%"}, "rangemode": "tozero"},
            "legend": {"orientation": "h"},
            "margin": {"l": 50, "r": 20, "t": 50, "b": 40},
        },
    }
