"""The map page: the poverty rate of each unit under the focus, district by district and commune by commune."""

from __future__ import annotations

from typing import Any

import polars as pl
from django.utils.translation import gettext as _

from povmis.monitoring import data, links, rates
from povmis.monitoring.focus import Focus
from povmis.monitoring.outlines import svg_map
from povmis.units.boundaries import feature_collection

KEYS = ["code", "name", "level", "depth"]


def map_page(focus: Focus, year: int) -> dict[str, Any]:
    counts = data.counts(focus, descendants=True, years=[year])
    units = rates.rates(counts.filter(pl.col("depth") > focus.depth), KEYS)
    if units.is_empty():
        # A commune cadre's map is the commune itself.
        units = rates.rates(counts, KEYS)
    features = {f["properties"]["code"]: f for f in feature_collection(units["code"].to_list())["features"]}
    geometries = {code: feature["geometry"] for code, feature in features.items()}
    maps = {}
    for depth, group in units.filter(pl.col("code").is_in(list(features))).group_by("depth", maintain_order=True):
        level = group["level"][0]
        title = _("Poverty rate by %(level)s, %(year)s") % {"level": _level_name(level), "year": year}
        shown = [
            (code, name, rate, links.households(code, year, **{"class": "poor"}))
            for code, name, rate in group.select("code", "name", "poor_rate").iter_rows()
        ]
        maps[depth[0]] = svg_map(title, geometries, shown, _("poor %"))
    return {"maps": [maps[depth] for depth in sorted(maps)], "missing": units.height - len(features)}


def _level_name(level: str) -> str:
    names = {"province": _("province"), "district": _("district"), "commune": _("commune")}
    return names.get(level, level)
