"""The deprivations page (the 12 indicators, Alkire-Foster M0) and the transitions page, for one review."""

from __future__ import annotations

from fractions import Fraction
from functools import cache
from typing import Any

import polars as pl
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from povmis.core.measures import AlkireFosterResult, alkire_foster, nested_weights
from povmis.core.standard import Standard, load_standard
from povmis.core.transitions import (
    ESCAPED_NEAR_POVERTY,
    ESCAPED_POVERTY,
    FELL_BACK_INTO_POVERTY,
    NEAR_POOR_TO_POOR,
    NEWLY_NEAR_POOR,
    NEWLY_POOR,
    POOR_TO_NEAR_POOR,
    STAYED_NEAR_POOR,
    STAYED_OUT,
    STAYED_POOR,
)
from povmis.monitoring import charts, data, links
from povmis.monitoring.figures import unit_figures
from povmis.monitoring.focus import Focus
from povmis.registry import labels
from povmis.registry.models import ReviewCycle

POOR, NEAR, OUT = 0, 1, 2
POOR_CLASS, NEAR_POOR_CLASS = "poor", "near_poor"
# Lazily translated: the page's language is known only when it is built.
FLOW_LABELS: dict[str, Promise] = {
    "start": gettext_lazy("At the previous review"),
    "stayed": gettext_lazy("Stayed"),
    "escaped": gettext_lazy("Escaped (still registered, no longer in this class)"),
    "became_poor": gettext_lazy("Became poor"),
    "moved_out": gettext_lazy("Moved out, left the register or not classified now"),
    "unclassified": gettext_lazy("of which answered but not classified now"),
    "newly_poor": gettext_lazy("Newly poor (incl. from near-poor)"),
    "fell_back": gettext_lazy("Fell back into poverty"),
    "from_poor": gettext_lazy("From poor"),
    "newly_near_poor": gettext_lazy("Newly near-poor"),
    "moved_in": gettext_lazy("Moved in, new in the register or not classified before"),
    "end": gettext_lazy("At this review"),
}
# Where each transition comes from and goes to: poor, near-poor, or neither (nor reviewed before).
FLOWS = {
    STAYED_POOR: (POOR, POOR),
    ESCAPED_POVERTY: (POOR, OUT),
    POOR_TO_NEAR_POOR: (POOR, NEAR),
    NEAR_POOR_TO_POOR: (NEAR, POOR),
    STAYED_NEAR_POOR: (NEAR, NEAR),
    ESCAPED_NEAR_POVERTY: (NEAR, OUT),
    NEWLY_POOR: (OUT, POOR),
    FELL_BACK_INTO_POVERTY: (OUT, POOR),
    NEWLY_NEAR_POOR: (OUT, NEAR),
    STAYED_OUT: (OUT, OUT),
}


@cache
def standard_of(year: int) -> Standard:
    return load_standard(ReviewCycle.objects.get(year=year).standard_id)


def poverty_cutoff(standard: Standard) -> int:
    """The fewest deprivations that can make a household poor: the standard's multidimensional cutoff."""
    counts = [rule.deprivations_at_least for c in standard.classes if c.id == "poor" for rule in c.rules]
    return min((count for count in counts if count is not None), default=1)


def af_weights(standard: Standard) -> dict[str, float]:
    """Dimensions weigh equally and share their weight among their indicators (the nested scheme)."""
    dimensions: dict[str, list[str]] = {}
    for indicator in standard.indicators:
        dimensions.setdefault(indicator.dimension, []).append(indicator.id)
    share = 1 / len(dimensions)
    return nested_weights({name: (share, ids) for name, ids in dimensions.items()})


def indicator_flags(frame: pl.DataFrame, standard: Standard) -> pl.DataFrame:
    return frame.with_columns(
        pl.col("deprived").list.contains(ind.id).cast(pl.Int8).alias(ind.id) for ind in standard.indicators
    )


def label_of(names: dict[str, str]) -> str:
    return names.get(get_language() or "en", names.get("en", ""))


def deprivation_page(focus: Focus, year: int) -> dict[str, Any]:
    standard = standard_of(year)
    frame = indicator_flags(data.deprivations(focus, year).filter(pl.col("household_class").is_not_null()), standard)
    ids = [ind.id for ind in standard.indicators]
    names = [label_of(ind.label) for ind in standard.indicators]
    profile: list[dict[str, Any]] = []
    traces = []
    for household_class in ("poor", "near_poor"):
        group = frame.filter(pl.col("household_class") == household_class)
        total = int(group["households"].sum())
        shares = [round(100 * int((group[i] * group["households"]).sum()) / total, 2) if total else None for i in ids]
        drill = [links.households(focus.code, year, **{"class": household_class, "indicator": i}) for i in ids]
        label = labels.label(labels.CLASSES, household_class)
        traces.append(charts.bars(label, names, shares, drill))
        profile.append({"class": household_class, "label": label, "households": total,
                        "cells": [{"share": s, "link": d} for s, d in zip(shares, drill, strict=True)]})  # fmt: skip
    figure = {
        "data": traces,
        "layout": charts.layout(_("Share of households lacking each indicator (%)"), barmode="group"),
    }
    measured = _measure(frame, standard)
    rows = [{"name": name, "cells": [group["cells"][index] for group in profile]} for index, name in enumerate(names)]
    return {
        "profile": profile,
        "profile_rows": rows,
        "figures": {"profile": figure, **_contribution_figure(measured, standard, focus, year)},
        "af": _af_context(measured, standard, focus, year),
    }


def _measure(frame: pl.DataFrame, standard: Standard) -> tuple[AlkireFosterResult, int, float] | None:
    if frame.is_empty() or int(frame["households"].sum()) == 0:
        return None
    cutoff = poverty_cutoff(standard)
    k = float(Fraction(cutoff, len(standard.indicators)))
    weights = af_weights(standard)
    return alkire_foster(frame, weights, k, sampling_weight="households"), cutoff, k


Measured = tuple[AlkireFosterResult, int, float] | None


def _contribution_figure(measured: Measured, standard: Standard, focus: Focus, year: int) -> dict[str, charts.Figure]:
    if measured is None:
        return {}
    result, cutoff, _k = measured
    names = [label_of(ind.label) for ind in standard.indicators]
    values = [round(100 * result.indicators[ind.id].contribution, 2) for ind in standard.indicators]
    drill = [
        links.households(focus.code, year, indicator=ind.id, deprivations_at_least=cutoff)
        for ind in standard.indicators
    ]
    trace = charts.bars(_("Contribution to M0"), names, values, drill)
    return {"contributions": {"data": [trace], "layout": charts.layout(_("Contribution of each indicator to M0 (%)"))}}


def _af_context(measured: Measured, standard: Standard, focus: Focus, year: int) -> dict[str, Any] | None:
    if measured is None:
        return None
    result, cutoff, k = measured
    rows = [
        {
            "label": label_of(ind.label),
            "weight": round(result.indicators[ind.id].weight, 4),
            "uncensored": round(100 * result.indicators[ind.id].uncensored_headcount, 2),
            "censored": round(100 * result.indicators[ind.id].censored_headcount, 2),
            "contribution": round(100 * result.indicators[ind.id].contribution, 2),
            "link": links.households(focus.code, year, indicator=ind.id, deprivations_at_least=cutoff),
        }
        for ind in standard.indicators
    ]
    return {
        "cutoff": cutoff,
        "k": round(k, 4),
        "H": round(100 * result.headcount_ratio, 2),
        "A": round(100 * result.intensity, 2),
        "M0": round(result.adjusted_headcount_ratio, 4),
        "poor_link": links.households(focus.code, year, deprivations_at_least=cutoff),
        "indicators": rows,
    }


def transition_page(focus: Focus, year: int) -> dict[str, Any]:
    moves = data.transitions(focus, year).group_by("transition").agg(pl.col("households").sum())
    found = dict(zip(moves["transition"].to_list(), moves["households"].to_list(), strict=True))
    before = [_("Poor before"), _("Near-poor before"), _("Neither before, or not reviewed")]
    now = [_("Poor now"), _("Near-poor now"), _("Neither now")]
    flows = []
    rows = []
    for transition, (source, target) in FLOWS.items():
        count = int(found.get(transition, 0))
        label = labels.label(labels.TRANSITIONS, transition)
        link = links.households(focus.code, year, transition=transition)
        rows.append({"transition": transition, "label": label, "households": count, "link": link})
        if count:
            flows.append((source, 3 + target, count, label, link))
    unclassified = int(found.get("unclassified", 0))
    stocks = unit_figures(focus, year)["flows"]
    return {
        "rows": rows,
        "unclassified": unclassified,
        # Every flow of each stock, moved in and out included, so that start and end reconcile on the page.
        "stocks": [
            {
                "class": side,
                "label": labels.label(labels.CLASSES, side),
                "flows": [
                    {"flow": name, "label": str(FLOW_LABELS[name]), "households": count}
                    for name, count in stocks[side].items()
                ],
            }
            for side in (POOR_CLASS, NEAR_POOR_CLASS)
        ],
        "figures": {
            "flows": charts.sankey(_("How households moved since the previous review"), [*before, *now], flows)
        },
    }
