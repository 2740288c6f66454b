"""The floor for bench/review.py: the review's rows written in bulk and nothing else.

The same households, answers, members and audit entries as the import writes, prepared beforehand
(typed, answers as JSON, ids given), then inserted by the bulk path in one transaction: no reading,
checking, comparing, key look-ups or classification. What the review costs above this is its own work.
"""

from __future__ import annotations

import time
from pathlib import Path

import polars as pl

SCRATCH_YEAR = 2098


def floor_write_seconds(data: Path, user: object) -> tuple[float, int]:
    """Seconds to write every household of the survey (with members and audit entries) as plain rows."""
    from django.db import transaction  # noqa: PLC0415  # Django is set up by the caller
    from django.db.models import Max  # noqa: PLC0415  # Django is set up by the caller

    from povmis.bulk import db_now, insert_frame  # noqa: PLC0415  # Django is set up by the caller
    from povmis.core.standard import load_standard  # noqa: PLC0415  # Django is set up by the caller
    from povmis.registry import answers  # noqa: PLC0415  # Django is set up by the caller
    from povmis.registry.models import (  # noqa: PLC0415  # needs Django set up first
        AuditEntry,
        Household,
        HouseholdSurvey,
        MemberSurvey,
        ReviewCycle,
    )
    from povmis.units.models import AdminUnit  # noqa: PLC0415  # needs Django set up first

    standard = load_standard("vn-2022-2025")
    households = pl.read_csv(data / "households.csv", infer_schema=False)
    members = pl.read_csv(data / "members.csv", infer_schema=False)
    # Typed by the core and stored as the import stores them; the synthetic survey has no invalid answer.
    households, household_issues = answers.typed_as_stored(households, standard, "household")
    members, member_issues = answers.typed_as_stored(members, standard, "member")
    assert household_issues.is_empty(), "the synthetic households have invalid answers: regenerate them"
    assert member_issues.is_empty(), "the synthetic members have invalid answers: regenerate them"
    households = households.with_columns(answers.answers_json(standard, "household").alias("answers"))
    members = members.with_columns(answers.answers_json(standard, "member").alias("answers"))
    units = pl.DataFrame(list(AdminUnit.objects.values_list("code", "id")), schema=["code", "id"], orient="row")
    cycle = ReviewCycle.objects.create(year=SCRATCH_YEAR, standard_id=standard.id)
    first_household = (Household.objects.aggregate(top=Max("id"))["top"] or 0) + 1
    first_survey = (HouseholdSurvey.objects.aggregate(top=Max("id"))["top"] or 0) + 1
    now = db_now()
    households = households.with_row_index("n").with_columns(
        (pl.col("n").cast(pl.Int64) + first_household).alias("pk"),
        (pl.col("n").cast(pl.Int64) + first_survey).alias("survey_pk"),
    )
    rows = {
        Household: households.join(units.rename({"code": "commune_code", "id": "commune_id"}), on="commune_code")
        .join(units.rename({"code": "village_code", "id": "village_id"}), on="village_code", how="left")
        .select(
            pl.col("pk").alias("id"),
            ("floor-" + pl.col("household_id")).alias("code"),
            "commune_id",
            "village_id",
            pl.col("head_name").fill_null(""),
            pl.lit(None, pl.Boolean).alias("ethnic_minority"),
            pl.lit(now).alias("created_at"),
        ),
        HouseholdSurvey: households.select(
            pl.col("survey_pk").alias("id"),
            pl.lit(cycle.pk).alias("cycle_id"),
            pl.col("pk").alias("household_id"),
            "answers",
            pl.lit("").alias("fingerprint"),
            pl.lit(None, pl.Int64).alias("import_batch_id"),
            pl.lit(now).alias("updated_at"),
        ),
        MemberSurvey: members.join(households.select("household_id", "survey_pk"), on="household_id").select(
            pl.col("survey_pk").alias("survey_id"),
            pl.col("member_id").alias("member_code"),
            pl.col("national_id").fill_null(""),
            "answers",
        ),
        AuditEntry: households.select(
            pl.col("pk").alias("household_id"),
            pl.lit("").alias("member_code"),
            pl.lit("survey").alias("field"),
            pl.lit(None, pl.String).alias("old_value"),
            pl.lit("created").alias("new_value"),
            pl.lit(cycle.pk).alias("cycle_id"),
            pl.lit(user.pk).alias("changed_by_id"),
            pl.lit(now).alias("changed_at"),
            pl.lit("floor").alias("reason"),
            pl.lit(AuditEntry.Source.IMPORT.value).alias("source"),
        ),
    }
    started = time.perf_counter()
    with transaction.atomic():
        for model, frame in rows.items():
            insert_frame(model, frame)
    return time.perf_counter() - started, households.height
