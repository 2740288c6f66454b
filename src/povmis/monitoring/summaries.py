"""Writing the dashboard's counts for a classification run: three grouped reads, then bulk inserts.

Each household is counted once per unit above it (commune, district, province), so any unit's figure
is one row and a unit's children are the rows one level deeper under its path. The counts are written
the first time a page needs a run that has none (or by `povmis refresh_monitoring` after a review is
classified); a new run of the same review gets its own counts, so figures never mix two runs.
"""

from __future__ import annotations

import polars as pl
from django.db import IntegrityError, transaction

from povmis.monitoring.models import Summary, UnitCount, UnitDeprivation, UnitTransition
from povmis.registry.bulk import fetch_frame, insert_frame
from povmis.registry.models import AdminUnit, ClassificationRun, Household, HouseholdResult

R, H = HouseholdResult._meta.db_table, Household._meta.db_table
# 1, 0 or NULL on every database (SQLite has no boolean type).
EM = "CASE WHEN h.ethnic_minority THEN 1 WHEN NOT h.ethnic_minority THEN 0 END"
GROUPS: dict[type[UnitCount | UnitTransition | UnitDeprivation], tuple[str, dict[str, pl.DataType]]] = {
    UnitCount: (f"{EM}, r.household_class", {"ethnic_minority": pl.Int8(), "household_class": pl.String()}),
    UnitTransition: ("r.household_class, r.transition", {"household_class": pl.String(), "transition": pl.String()}),
    UnitDeprivation: ("r.household_class, r.deprived", {"household_class": pl.String(), "deprived": pl.String()}),
}


def latest_runs() -> dict[int, int]:
    """Year → the latest classification run of that review (the one whose results are stored)."""
    runs: dict[int, int] = {}
    for year, run_id in ClassificationRun.objects.order_by("pk").values_list("cycle__year", "pk"):
        runs[year] = run_id
    return dict(sorted(runs.items()))


def ensure_summaries() -> dict[int, int]:
    """Write the counts of every latest run that has none yet; returns :func:`latest_runs`."""
    runs = latest_runs()
    done = set(Summary.objects.filter(run_id__in=runs.values()).values_list("run_id", flat=True))
    for year, run_id in runs.items():
        if run_id not in done:
            build_summary(run_id, year)
    return runs


def build_summary(run_id: int, year: int) -> None:
    try:
        with transaction.atomic():
            # Claimed first: a second request counting the same run at the same time fails here and rolls back.
            Summary.objects.create(run_id=run_id)
            ancestors = _ancestors()
            for model, (columns, schema) in GROUPS.items():
                insert_frame(model, _unit_rows(run_id, year, columns, schema, ancestors))
    except IntegrityError:
        return


def _unit_rows(
    run_id: int, year: int, columns: str, schema: dict[str, pl.DataType], ancestors: pl.DataFrame
) -> pl.DataFrame:
    sql = (
        f"SELECT h.commune_id, {columns}, COUNT(*) FROM {R} r JOIN {H} h ON h.id = r.household_id "  # noqa: S608
        f"WHERE r.run_id = %s GROUP BY h.commune_id, {columns}"
    )
    by_commune = fetch_frame(sql, [run_id], {"commune_id": pl.Int64(), **schema, "households": pl.Int64()})
    keys = list(schema)
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
