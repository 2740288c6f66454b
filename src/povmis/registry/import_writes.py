"""Writing a checked import: households, this cycle's answers, members and the audit trail, in bulk.

Called inside ``transaction.atomic`` by :func:`povmis.registry.imports.import_survey`; nothing here
commits on its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl
from django.contrib.auth.models import User

from povmis.registry.bulk import db_now, insert_frame
from povmis.registry.cycle_data import chunks, stored_households
from povmis.registry.models import (
    AdminUnit,
    AuditEntry,
    CommuneReview,
    Household,
    HouseholdSurvey,
    ImportBatch,
    MemberSurvey,
    ReviewCycle,
)

if TYPE_CHECKING:
    from povmis.registry.imports import ImportEffect, Rows


def write_import(rows: Rows, *, cycle: ReviewCycle, user: User, effect: ImportEffect) -> int:
    counts = effect.counts
    batch = ImportBatch.objects.create(
        cycle=cycle,
        file_name=", ".join(effect.files),
        sha256=rows.sha256,
        committed_by=user,
        new_count=counts["new"],
        changed_count=counts["changed"],
        unchanged_count=counts["unchanged"],
        rejected_count=counts["rejected"],
    )
    units = _unit_ids(rows.households)
    households = rows.households.join(units["commune"], on="commune_code", how="left").join(
        units["village"], on="village_code", how="left"
    )
    _write_households(households)
    ids = stored_households(households["household_id"].to_list(), cycle.pk).select(
        "household_id", pl.col("household_pk").alias("pk")
    )
    households = households.join(ids, on="household_id", how="left")
    _write_surveys(households, rows.members, cycle, batch)
    _write_audit(households, effect.changes, cycle, user, batch)
    for commune_id in households["commune_id"].unique().to_list():
        CommuneReview.objects.get_or_create(cycle=cycle, commune_id=commune_id)
    return batch.pk


def _unit_ids(households: pl.DataFrame) -> dict[str, pl.DataFrame]:
    codes = pl.concat([households["commune_code"], households["village_code"]]).drop_nulls().unique().to_list()
    pairs = list(AdminUnit.objects.filter(code__in=codes).values_list("code", "id"))
    frame = pl.DataFrame(pairs, schema={"code": pl.String, "id": pl.Int64}, orient="row")
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
    known = households.filter(pl.col("household_pk").is_not_null() & pl.col("place_differs"))
    for row in known.iter_rows(named=True):
        Household.objects.filter(pk=row["household_pk"]).update(
            commune_id=row["commune_id"], village_id=row["village_id"], head_name=row["head_name"] or ""
        )
    # A known household's ethnicity as the file now gives it (two updates, not one per household).
    said = households.filter(pl.col("household_pk").is_not_null()).with_columns(em=ethnic_minority(households))
    for value in (True, False):
        pks = said.filter(pl.col("em") == value)["household_pk"].to_list()
        for chunk in chunks(pks):
            Household.objects.filter(pk__in=chunk).exclude(ethnic_minority=value).update(ethnic_minority=value)


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
    for row in changed.iter_rows(named=True):
        HouseholdSurvey.objects.filter(pk=row["survey_pk"]).update(
            answers=row["answers"], fingerprint=row["fingerprint"], import_batch=batch
        )
    for chunk in chunks(changed["survey_pk"].to_list()):
        MemberSurvey.objects.filter(survey_id__in=chunk).delete()
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
    surveys = stored_households(households["household_id"].to_list(), cycle.pk).select("household_id", "survey_pk")
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
