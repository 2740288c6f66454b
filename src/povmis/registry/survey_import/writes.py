"""Writing a checked import: households, this cycle's answers, members and the audit trail, in bulk.

Called inside ``transaction.atomic`` by :func:`povmis.registry.survey_import.import_survey`; nothing here
commits on its own.
"""

from __future__ import annotations

import polars as pl
from django.contrib.auth.models import User

from povmis.bulk import db_now, delete_rows, insert_frame, update_rows
from povmis.registry.cycle_data import household_pks, survey_pks
from povmis.registry.models import (
    AuditEntry,
    CommuneReview,
    Household,
    HouseholdSurvey,
    ImportBatch,
    MemberSurvey,
    ReviewCycle,
)
from povmis.registry.survey_import.effect import ImportEffect, Progress, Rows


def write_import(
    rows: Rows,
    *,
    cycle: ReviewCycle,
    user: User,
    effect: ImportEffect,
    progress: Progress | None = None,
    upload_key: str | None = None,
) -> int:
    say = progress or (lambda _message: None)
    counts = effect.counts
    batch = ImportBatch.objects.create(
        cycle=cycle,
        file_name=", ".join(effect.files),
        sha256=rows.sha256,
        upload_key=upload_key,
        committed_by=user,
        new_count=counts["new"],
        changed_count=counts["changed"],
        unchanged_count=counts["unchanged"],
        rejected_count=counts["rejected"],
    )
    units = _unit_ids(rows.units)
    households = rows.households.join(units["commune"], on="commune_code", how="left").join(
        units["village"], on="village_code", how="left"
    )
    say("writing households")
    _write_households(households)
    ids = household_pks(households["household_id"]).rename({"household_pk": "pk"})
    households = households.join(ids, on="household_id", how="left")
    say("writing answers and members")
    _write_surveys(households, rows.members, cycle, batch)
    say("writing audit log")
    _write_audit(households, effect.changes, cycle, user, batch)
    for commune_id in households["commune_id"].unique().to_list():
        CommuneReview.objects.get_or_create(cycle=cycle, commune_id=commune_id)
    return batch.pk


def _unit_ids(units: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """The commune's and the village's ids by code, from the units the checks read (not asked again)."""
    frame = units.select("code", "id")
    return {
        "commune": frame.rename({"code": "commune_code", "id": "commune_id"}),
        "village": frame.rename({"code": "village_code", "id": "village_id"}),
    }


def _write_households(households: pl.DataFrame) -> None:
    """Register households seen for the first time; move or rename the known ones that changed."""
    fresh = households.filter(pl.col("household_pk").is_null())
    insert_frame(
        Household,
        fresh.select(
            pl.col("household_id").alias("code"),
            "commune_id",
            "village_id",
            pl.col("head_name").fill_null(""),
            ethnic_minority(households).alias("ethnic_minority"),
            pl.lit(db_now()).alias("created_at"),
        ),
    )
    known = households.filter(pl.col("household_pk").is_not_null())
    update_rows(
        Household,
        known.filter(pl.col("place_differs")).select(
            pl.col("household_pk").alias("id"), "commune_id", "village_id", pl.col("head_name").fill_null("")
        ),
    )
    # A known household's ethnicity as the file now gives it; a file that does not say keeps the stored one.
    said = known.select(pl.col("household_pk").alias("id"), ethnic_minority(households).alias("ethnic_minority"))
    update_rows(Household, said.drop_nulls("ethnic_minority"))


YES, NO = {"1", "true", "yes", "y", "có", "co", "x"}, {"0", "false", "no", "n", "không", "khong"}


def ethnic_minority(households: pl.DataFrame) -> pl.Expr:
    """The optional ``ethnic_minority`` column (1/0, true/false, có/không) as a boolean; null when absent."""
    if "ethnic_minority" not in households.columns:
        return pl.lit(None, pl.Boolean)
    text = pl.col("ethnic_minority").cast(pl.String).str.strip_chars().str.to_lowercase()
    return pl.when(text.is_in(list(YES))).then(pl.lit(value=True)).when(text.is_in(list(NO))).then(pl.lit(value=False))


def _write_surveys(households: pl.DataFrame, members: pl.DataFrame, cycle: ReviewCycle, batch: ImportBatch) -> None:
    now = db_now()
    changed = households.filter(pl.col("status") == "changed")
    update_rows(
        HouseholdSurvey,
        changed.select(
            pl.col("survey_pk").alias("id"),
            "answers",
            "fingerprint",
            pl.lit(batch.pk).alias("import_batch_id"),
            pl.lit(now).alias("updated_at"),
        ),
    )
    delete_rows(MemberSurvey, "survey_id", changed["survey_pk"])
    fresh = households.filter(pl.col("status") == "new")
    insert_frame(
        HouseholdSurvey,
        fresh.select(
            pl.lit(cycle.pk).alias("cycle_id"),
            pl.col("pk").alias("household_id"),
            "answers",
            "fingerprint",
            pl.lit(batch.pk).alias("import_batch_id"),
            pl.lit(now).alias("updated_at"),
        ),
    )
    surveys = households.select("household_id", "pk").join(
        survey_pks(cycle.pk, households["pk"]), left_on="pk", right_on="household_pk", how="inner"
    )
    insert_frame(
        MemberSurvey,
        members.join(surveys, on="household_id", how="inner").select(
            pl.col("survey_pk").alias("survey_id"),
            pl.col("member_id").alias("member_code"),
            pl.col("national_id").fill_null(""),
            "answers",
        ),
    )


def _write_audit(
    households: pl.DataFrame, changes: pl.DataFrame, cycle: ReviewCycle, user: User, batch: ImportBatch
) -> None:
    """One entry per new household's answers, and one per changed answer of a known household."""
    reason = f"import {batch.pk}: {batch.file_name}"
    common = [
        pl.lit(cycle.pk).alias("cycle_id"),
        pl.lit(user.pk).alias("changed_by_id"),
        pl.lit(db_now()).alias("changed_at"),
        pl.lit(reason).alias("reason"),
        pl.lit(AuditEntry.Source.IMPORT.value).alias("source"),
    ]
    created = households.filter(pl.col("status") == "new").select(
        pl.col("pk").alias("household_id"),
        pl.lit("").alias("member_code"),
        pl.lit("survey").alias("field"),
        pl.lit(None, pl.String).alias("old_value"),
        pl.lit("created").alias("new_value"),
        *common,
    )
    edited = changes.join(households.select("household_id", "pk"), on="household_id", how="inner").select(
        pl.col("pk").alias("household_id"),
        pl.col("member_id").fill_null("").alias("member_code"),
        pl.col("column").alias("field"),
        pl.col("old").alias("old_value"),
        pl.col("new").alias("new_value"),
        *common,
    )
    insert_frame(AuditEntry, pl.concat([created, edited]))
