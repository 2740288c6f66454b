"""Writing the dashboard's counts and flows for a classification run: grouped reads, then bulk inserts.

Each household is counted once per unit above it (commune, district, province), so any unit's figure
is one row and a unit's children are the rows one level deeper under its path. The counts are written
when a review's results are stored (the registry's ``results_stored`` signal), or by
`povmis refresh_monitoring` for runs stored before; a page view only reads them. A new run of the same
review gets its own counts, so figures never mix two runs; the next review's flows start from this
review's classes, so they are written again too.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl
from django.db import IntegrityError, transaction

from povmis.bulk import fetch_frame, insert_frame
from povmis.core.deprivations import deprived_json
from povmis.core.figures.flows import near_poor_flows, poor_flows
from povmis.core.standard import Standard, load_standard
from povmis.monitoring.models import Summary, UnitCount, UnitDeprivation, UnitFlow, UnitTransition
from povmis.registry.cycle_data import review_results
from povmis.registry.models import ClassificationRun, Household, HouseholdResult
from povmis.units.models import AdminUnit, Level

R, H = HouseholdResult._meta.db_table, Household._meta.db_table
# 1, 0 or NULL on every database (SQLite has no boolean type).
EM = "CASE WHEN h.ethnic_minority THEN 1 WHEN NOT h.ethnic_minority THEN 0 END"
GROUPS: dict[type[UnitCount | UnitTransition | UnitDeprivation], tuple[str, dict[str, pl.DataType]]] = {
    UnitCount: (f"{EM}, r.household_class", {"ethnic_minority": pl.Int8(), "household_class": pl.String()}),
    UnitTransition: ("r.household_class, r.transition", {"household_class": pl.String(), "transition": pl.String()}),
    UnitDeprivation: (
        "r.household_class, r.deprived_mask",
        {"household_class": pl.String(), "deprived_mask": pl.Int64()},
    ),
}
FIGURE_MODELS = (*GROUPS, UnitFlow)
FLOW_KEYS = ["household_class", "flow"]


def latest_runs() -> dict[int, int]:
    """Year → the latest classification run of that review (the one whose results are stored)."""
    runs: dict[int, int] = {}
    for year, run_id in ClassificationRun.objects.order_by("pk").values_list("cycle__year", "pk"):
        runs[year] = run_id
    return dict(sorted(runs.items()))


def summarised_runs() -> dict[int, int]:
    """Year → the latest run of that review, for the reviews whose counts are written (what pages read)."""
    runs = latest_runs()
    done = set(Summary.objects.filter(run_id__in=runs.values()).values_list("run_id", flat=True))
    return {year: run_id for year, run_id in runs.items() if run_id in done}


def ensure_summaries() -> dict[int, int]:
    """Write the counts of every latest run that has none yet; returns :func:`latest_runs`."""
    runs = latest_runs()
    done = set(Summary.objects.filter(run_id__in=runs.values()).values_list("run_id", flat=True))
    for year, run_id in runs.items():
        if run_id not in done:
            build_summary(run_id, year)
    return runs


def on_results_stored(sender: Any, *, run: ClassificationRun, **kwargs: Any) -> None:
    """Count the new run, and count the next review again: its flows start from this one's classes."""
    build_summary(run.pk, run.cycle.year)
    _count_next_review_again(run.cycle.year)


def on_results_amended(sender: Any, *, run: ClassificationRun, households: Sequence[int], **kwargs: Any) -> None:
    """Count again only the communes of the households classified again, and the units above them.

    The other communes' stored rows are summed in again as they are: a correction on a province of
    half a million households counts one commune, not the province. The next review's flows start from
    this one's classes, so its flows in those communes are counted again too.
    """
    communes = sorted(set(Household.objects.filter(pk__in=households).values_list("commune_id", flat=True)))
    year = run.cycle.year
    if not Summary.objects.filter(run_id=run.pk).exists():  # never counted: count it whole
        build_summary(run.pk, year)
        return
    with transaction.atomic():
        ancestors = _ancestors()
        standard = load_standard(run.standard_id)
        for model, (columns, schema) in GROUPS.items():
            fresh = _by_commune(run.pk, columns, schema, standard, communes)
            keys = [key for key in fresh.columns if key not in {"commune_id", "households"}]
            _replace(model, run.pk, year, keys, fresh, communes, ancestors)
        _replace(
            UnitFlow, run.pk, year, ["household_class", "flow"], _flows_by_commune(year, communes), communes, ancestors
        )
        later = {y: run_id for y, run_id in latest_runs().items() if y > year}
        if later and Summary.objects.filter(run_id=later[min(later)]).exists():
            next_year = min(later)
            fresh = _flows_by_commune(next_year, communes)
            _replace(UnitFlow, later[next_year], next_year, FLOW_KEYS, fresh, communes, ancestors)


def _replace(
    model: type[UnitCount | UnitTransition | UnitDeprivation | UnitFlow], run_id: int, year: int, keys: list[str],
    fresh: pl.DataFrame, communes: Sequence[int], ancestors: pl.DataFrame,
) -> None:  # fmt: skip
    """The run's rows of ``model`` summed again from the other communes' stored rows and ``fresh``."""
    kept = model.objects.filter(run_id=run_id, unit__level=Level.COMMUNE).exclude(unit_id__in=communes)
    schema = {"commune_id": pl.Int64(), **{key: fresh.schema[key] for key in keys}, "households": pl.Int64()}
    stored = pl.DataFrame(list(kept.values_list("unit_id", *keys, "households")), schema=schema, orient="row")
    rows = _roll_up(pl.concat([stored, fresh.select(list(schema))]), keys, run_id, year, ancestors)
    model.objects.filter(run_id=run_id).delete()
    insert_frame(model, rows)


def _count_next_review_again(year: int) -> None:
    later = {y: run_id for y, run_id in latest_runs().items() if y > year}
    if later:
        next_year = min(later)
        rebuild_summary(later[next_year], next_year)


def rebuild_summary(run_id: int, year: int) -> None:
    with transaction.atomic():
        for model in FIGURE_MODELS:
            model.objects.filter(run_id=run_id).delete()
        Summary.objects.filter(run_id=run_id).delete()
        build_summary(run_id, year)


def build_summary(run_id: int, year: int) -> None:
    try:
        with transaction.atomic():
            # Claimed first: a second request counting the same run at the same time fails here and rolls back.
            Summary.objects.create(run_id=run_id)
            ancestors = _ancestors()
            standard = load_standard(ClassificationRun.objects.get(pk=run_id).standard_id)
            for model, (columns, schema) in GROUPS.items():
                by_commune = _by_commune(run_id, columns, schema, standard)
                keys = [key for key in by_commune.columns if key not in {"commune_id", "households"}]
                insert_frame(model, _roll_up(by_commune, keys, run_id, year, ancestors))
            insert_frame(
                UnitFlow, _roll_up(_flows_by_commune(year), ["household_class", "flow"], run_id, year, ancestors)
            )
    except IntegrityError:
        return


def _by_commune(
    run_id: int, columns: str, schema: dict[str, pl.DataType], standard: Standard, communes: Sequence[int] | None = None
) -> pl.DataFrame:
    """The run's households counted per commune by ``columns`` (all communes, or only ``communes``).

    A set of deprivations is kept as its ids (JSON text), so the count outlives the bit order of its standard.
    """
    only = f" AND h.commune_id IN ({', '.join(str(int(c)) for c in communes)})" if communes else ""
    sql = (
        f"SELECT h.commune_id, {columns}, COUNT(*) FROM {R} r JOIN {H} h ON h.id = r.household_id "  # noqa: S608  # ids are integers
        f"WHERE r.run_id = %s{only} GROUP BY h.commune_id, {columns}"
    )
    frame = fetch_frame(sql, [run_id], {"commune_id": pl.Int64(), **schema, "households": pl.Int64()})
    if "deprived_mask" in frame.columns:
        frame = frame.select(
            "commune_id", "household_class", deprived_json(pl.col("deprived_mask"), standard).alias("deprived"),
            "households",
        )  # fmt: skip
        return frame.group_by("commune_id", "household_class", "deprived").agg(pl.col("households").sum())
    return frame


def _roll_up(
    by_commune: pl.DataFrame, keys: list[str], run_id: int, year: int, ancestors: pl.DataFrame
) -> pl.DataFrame:
    """Commune rows summed into every unit above (and including) the commune."""
    return (
        by_commune.join(ancestors, on="commune_id", how="inner")
        .group_by("unit_id", "unit_path", "depth", *keys)
        .agg(pl.col("households").sum())
        .with_columns(
            pl.lit(run_id).alias("run_id"),
            pl.lit(year).alias("year"),
            *([pl.col("ethnic_minority").cast(pl.Boolean)] if "ethnic_minority" in keys else []),
        )
        .sort("unit_path", *keys, nulls_last=True)
    )


def _flows_by_commune(year: int, communes: Sequence[int] | None = None) -> pl.DataFrame:
    """The poor and near-poor flows since the previous classified review, per commune (all, or ``communes``).

    Flows add up over communes (a household is in one commune), so the identity checked per commune
    holds for every district and the province too.
    """
    earlier = [y for y in latest_runs() if y < year]
    # Flows read classes and labels only, never the indicator bits: no need to refuse a changed standard here.
    # All communes, or each of the few given by its own path: a correction reads one commune, not the province.
    areas = [""] if communes is None else list(AdminUnit.objects.filter(pk__in=communes).values_list("path", flat=True))
    now = pl.concat([review_results(year, area, verify=False) for area in areas])
    before = pl.concat([review_results(max(earlier), area, verify=False) for area in areas]) if earlier else now.clear()
    # The class as text on both sides: two reviews may use two standards (two Enums).
    now = now.with_columns(pl.col("class").cast(pl.String))
    before = before.with_columns(pl.col("class").cast(pl.String))
    parts = []
    for side, flows in (("poor", poor_flows), ("near_poor", near_poor_flows)):
        frame = flows(before, now, ["commune_id"])
        parts.append(
            frame.unpivot(index="commune_id", variable_name="flow", value_name="households").with_columns(
                pl.lit(side).alias("household_class")
            )
        )
    return pl.concat(parts).select("commune_id", "household_class", "flow", pl.col("households").cast(pl.Int64))


def _ancestors() -> pl.DataFrame:
    """commune_id → every unit whose area contains it (itself included): unit_id, unit_path, depth."""
    units = pl.DataFrame(
        list(AdminUnit.objects.values_list("id", "path")), schema={"id": pl.Int64, "path": pl.String}, orient="row"
    )
    ids = dict(zip(units["path"].to_list(), units["id"].to_list(), strict=True))
    rows = []
    for unit_id, path in units.iter_rows():
        codes = path.strip("/").split("/")
        for depth in range(1, len(codes) + 1):
            prefix = "/".join(codes[:depth]) + "/"
            if prefix in ids:
                rows.append((unit_id, ids[prefix], prefix, depth))
    schema = {"commune_id": pl.Int64, "unit_id": pl.Int64, "unit_path": pl.String, "depth": pl.Int64}
    return pl.DataFrame(rows, schema=schema, orient="row")
