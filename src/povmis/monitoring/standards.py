"""One round under two standards: the data function behind /monitoring/standards/.

For a round classified under a further standard (registry/standard_runs.py), the households of the
caller's area: the official class against the class under the further standard, by unit, who changes
and why. A move is labelled "reclassified by the standard": nothing changed in the household.
"""

from __future__ import annotations

import json
from typing import Any

import polars as pl
from django.http import Http404
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from povmis.core.comparison import RECLASSIFIED, WHY
from povmis.monitoring.focus import Focus
from povmis.registry.models import StandardRun
from povmis.registry.standard_runs import standard_results
from povmis.units.models import AdminUnit

SHOWN_HOUSEHOLDS = 100
WHY_LABELS: dict[str, Promise] = {
    "line": _("its income is on the other side of the new standard's line"),
    "deprivations": _("it has a different number of deprivations under the new standard"),
    "cutoff": _("the number of deprivations needed to be poor differs"),
    "classes": _("its class does not exist in the new standard"),
}


def runs() -> list[StandardRun]:
    """Every further run, latest round first."""
    return list(StandardRun.objects.select_related("cycle").order_by("-cycle__year", "standard_id"))


def chosen_run(year: str, standard_id: str) -> StandardRun:
    """The run asked for, or the latest round's first; a 404 when there is none."""
    found = runs()
    for run in found:
        if (not year or str(run.cycle.year) == year) and (not standard_id or run.standard_id == standard_id):
            return run
    raise Http404("no review round classified under that standard")


def standards_page(focus: Focus, run: StandardRun, old: str = "", new: str = "") -> dict[str, Any]:
    """The matrix, the units below the focus, the reasons and the households (those moved from ``old`` to ``new``)."""
    frame = standard_results(run, focus.path)
    moved = frame.filter(pl.col("transition") == RECLASSIFIED)
    return {
        "run": run,
        "households": frame.height,
        "reclassified": moved.height,
        "matrix": _matrix(frame, focus, run),
        "units": _units(frame, focus, run),
        "why": [(WHY_LABELS[name], moved[f"why_{name}"].sum()) for name in WHY],
        "changed": _changed(moved, old, new, run.cycle.year),
        "old": old,
        "new": new,
    }


def query(focus: Focus, run: StandardRun, **more: str) -> str:
    params = {"year": str(run.cycle.year), "standard": run.standard_id, **more}
    if focus.code:
        params["unit"] = focus.code
    return f"{reverse('monitoring:standards')}?" + "&".join(f"{key}={value}" for key, value in params.items())


def _matrix(frame: pl.DataFrame, focus: Focus, run: StandardRun) -> list[dict[str, Any]]:
    counts = frame.group_by("official_class", "class").len().sort("official_class", "class", nulls_last=True)
    return [
        {
            "old": old,
            "new": new,
            "households": count,
            "moved": old != new,
            "link": query(focus, run, old=old or "", new=new or ""),
        }
        for old, new, count in counts.iter_rows()
    ]


def _units(frame: pl.DataFrame, focus: Focus, run: StandardRun) -> list[dict[str, Any]]:
    """Per unit one level below the focus: households, how many change class, the poor under each standard."""
    if frame.is_empty():
        return []
    # The unit one level below the focus on each commune's path; a commune's own focus is the commune.
    parts = pl.col("unit_path").str.strip_chars_end("/").str.split("/")
    child = parts.list.get(pl.min_horizontal(pl.lit(focus.depth), parts.list.len() - 1)).alias("code")
    by_unit = (
        frame.group_by(child)
        .agg(
            pl.len().alias("households"),
            (pl.col("transition") == RECLASSIFIED).sum().alias("reclassified"),
            (pl.col("official_class") == "poor").sum().alias("poor_official"),
            (pl.col("class") == "poor").sum().alias("poor_new"),
        )
        .sort("code")
    )
    names = dict(AdminUnit.objects.filter(code__in=by_unit["code"].to_list()).values_list("code", "name"))
    return [{**row, "name": names.get(row["code"], row["code"]), "link": _unit_link(row["code"], run)}
            for row in by_unit.to_dicts()]  # fmt: skip


def _unit_link(code: str, run: StandardRun) -> str:
    return f"{reverse('monitoring:standards')}?year={run.cycle.year}&standard={run.standard_id}&unit={code}"


def _changed(moved: pl.DataFrame, old: str, new: str, year: int) -> dict[str, Any]:
    if old:
        moved = moved.filter(pl.col("official_class").cast(pl.String).fill_null("") == old)
    if new:
        moved = moved.filter(pl.col("class").cast(pl.String).fill_null("") == new)
    shown = moved.sort("commune_name", "household_id").head(SHOWN_HOUSEHOLDS)
    rows = [
        {
            **row,
            "why": [WHY_LABELS[name] for name in WHY if row[f"why_{name}"]],
            "link": f"{reverse('household-detail', args=[row['household_id']])}?year={year}",
        }
        for row in shown.to_dicts()
    ]
    return {"total": moved.height, "rows": rows}


def standards_json(focus: Focus, run: StandardRun, old: str = "", new: str = "") -> dict[str, Any]:
    """The page's figures as the API answers them: both standards named with their hashes, codes not labels."""
    page = standards_page(focus, run, old, new)
    moved = standard_results(run, focus.path).filter(pl.col("transition") == RECLASSIFIED)
    changed = page["changed"]
    return {
        "year": run.cycle.year,
        "official": {"id": run.official_standard_id, "hash": run.official_standard_hash},
        "further": {"id": run.standard_id, "hash": run.standard_hash},
        "not_assessed": json.loads(run.not_assessed),
        "households": page["households"],
        "reclassified_by_standard": page["reclassified"],
        "matrix": [{key: cell[key] for key in ("old", "new", "households")} for cell in page["matrix"]],
        "why": {name: int(moved[f"why_{name}"].sum()) for name in WHY},
        "units": [
            {key: unit[key] for key in ("code", "name", "households", "reclassified", "poor_official", "poor_new")}
            for unit in page["units"]
        ],
        "changed": {
            "total": changed["total"],
            "households": [
                {
                    "household_id": row["household_id"],
                    "commune": row["commune_code"],
                    "official_class": row["official_class"],
                    "class": row["class"],
                    "why": [name for name in WHY if row[f"why_{name}"]],
                    "gained": row["gained"],
                    "lost": row["lost"],
                }
                for row in changed["rows"]
            ],
        },
    }
