"""The registry's classified rounds as the risk model reads them (core.foresight.features' ROUND_COLUMNS).

Each round's class and deprivations are the stored ones (the latest run's, as the lists in force
were decided); the income per person, the poverty line, the area and who works are read from the
round's answers through the core's classifier, exactly as they were counted when it was classified.
Everything goes through frames: two queries per round, no ORM object per household.
"""

from __future__ import annotations

import polars as pl

from povmis.bulk import fetch_frame
from povmis.core.classify import classify
from povmis.core.foresight.features import ROUND_COLUMNS, member_work
from povmis.core.standard import Standard, load_standard
from povmis.registry.cycle_data import cycle_frames
from povmis.registry.models import ClassificationRun, Household, HouseholdResult
from povmis.units.models import AdminUnit

H = Household._meta.db_table
U = AdminUnit._meta.db_table
R = HouseholdResult._meta.db_table

STORED_SCHEMA: dict[str, pl.DataType] = {
    "household_id": pl.String(),
    "household_pk": pl.Int64(),
    "commune_code": pl.String(),
    "unit_path": pl.String(),
    "class": pl.String(),
    "deprivation_count": pl.Int64(),
    "deprived_mask": pl.Int64(),
    "ethnic_minority": pl.Boolean(),
}


def classified_years(up_to: int | None = None) -> list[int]:
    """The review years with a stored classification, oldest first (those up to ``up_to`` if given)."""
    years = sorted(set(ClassificationRun.objects.values_list("cycle__year", flat=True)))
    return [year for year in years if up_to is None or year <= up_to]


def latest_run(year: int) -> ClassificationRun:
    found = ClassificationRun.objects.filter(cycle__year=year).select_related("cycle").order_by("-pk").first()
    if found is None:
        raise ClassificationRun.DoesNotExist(f"the {year} review has not been classified")
    return found


def round_frame(year: int) -> pl.DataFrame:
    """One row per household classified in ``year``: ROUND_COLUMNS, household_pk, unit_path and ``lacks``."""
    run = latest_run(year)
    standard = load_standard(run.standard_id)
    stored = fetch_frame(
        # S608: only our own table and column names are formatted in; every value is a bound parameter.
        f"SELECT h.code, h.id, c.code, c.path, r.household_class, r.deprivation_count, r.deprived_mask, "  # noqa: S608
        f"h.ethnic_minority FROM {R} r JOIN {H} h ON h.id = r.household_id JOIN {U} c ON c.id = h.commune_id "
        "WHERE r.run_id = %s",
        [run.pk],
        STORED_SCHEMA,
    )
    households, members = cycle_frames(run.cycle_id, standard)
    counted = classify(households.drop("household_pk", "commune_path"), members, standard, reasons=False).households
    answers = counted.select(
        "household_id", "area", "income_per_capita", "member_count",
        (pl.col("line_poverty") if "line_poverty" in counted.columns else pl.lit(None, pl.Int64)).alias("line_poverty"),
    )  # fmt: skip
    frame = (
        stored.with_columns(pl.col("class").replace("", None), _lacks(standard), year=pl.lit(year, pl.Int64))
        .join(answers, on="household_id", how="left")
        .join(member_work(_work_answers(members)), on="household_id", how="left")
    )
    return frame.select(*ROUND_COLUMNS, "household_pk", "unit_path", "lacks")


def registry_rounds(up_to: int | None = None) -> pl.DataFrame:
    """Every classified round up to ``up_to`` (all of them when None), one row per household and round."""
    frames = [round_frame(year) for year in classified_years(up_to)]
    return pl.concat(frames, how="vertical_relaxed") if frames else pl.DataFrame()


def _lacks(standard: Standard) -> pl.Expr:
    """The indicators the stored mask marks as deprived, as comma-separated ids (bit i: the i-th indicator)."""
    mask = pl.col("deprived_mask")
    named = [pl.when((mask & (1 << bit)) != 0).then(pl.lit(ind.id)) for bit, ind in enumerate(standard.indicators)]
    return pl.concat_str(named, separator=",", ignore_nulls=True).fill_null("").alias("lacks")


def _work_answers(members: pl.DataFrame) -> pl.DataFrame:
    """Each member's age and labour status; null where the round's standard did not ask."""
    asked = [pl.col(name) if name in members.columns else pl.lit(None).alias(name) for name in ("age", "labour_status")]
    return members.select("household_id", *asked)
