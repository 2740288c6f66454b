"""The baseline for bench/review.py: the same survey rows written as Django model objects.

``bulk_create`` is the ORM's own fastest path (one INSERT per batch, not one per object), so the
ratio it gives is the least the bulk path must beat: what one Python object per household and per
member costs against frames written straight into the tables. It writes a sample of the province's
households, under new codes in a scratch review of its own, inside one transaction, as an import does.
"""

from __future__ import annotations

import time
from pathlib import Path

import polars as pl

SCRATCH_YEAR = 2099
BATCH = 2_000


def orm_write_seconds(data: Path, sample: int, user: object) -> tuple[float, int]:
    """Seconds to write ``sample`` households (with members and audit entries) as model objects."""
    from django.db import transaction  # noqa: PLC0415  # Django is set up by the caller

    from povmis.core.standard import load_standard  # noqa: PLC0415  # with the others, once Django is set up
    from povmis.registry import answers  # noqa: PLC0415  # needs Django set up first
    from povmis.registry.models import (  # noqa: PLC0415  # needs Django set up first
        AuditEntry,
        Household,
        HouseholdSurvey,
        MemberSurvey,
        ReviewCycle,
    )
    from povmis.units.models import AdminUnit  # noqa: PLC0415  # needs Django set up first

    standard = load_standard("vn-2022-2025")
    households = pl.read_csv(data / "households.csv", infer_schema=False, n_rows=sample)
    members = pl.scan_csv(data / "members.csv", infer_schema=False)
    members = members.filter(pl.col("household_id").is_in(households["household_id"].implode())).collect()
    # The stored texts are prepared beforehand: only the writing is compared.
    # Typed by the core and stored as the import stores them; the synthetic survey has no invalid answer.
    households, household_issues = answers.typed_as_stored(households, standard, "household")
    members, member_issues = answers.typed_as_stored(members, standard, "member")
    assert household_issues.is_empty(), "the synthetic households have invalid answers: regenerate them"
    assert member_issues.is_empty(), "the synthetic members have invalid answers: regenerate them"
    households = households.with_columns(answers.answers_json(standard, "household").alias("answers"))
    members = members.with_columns(answers.answers_json(standard, "member").alias("answers"))
    units = dict(AdminUnit.objects.values_list("code", "id"))
    cycle = ReviewCycle.objects.create(year=SCRATCH_YEAR, standard_id=standard.id)
    started = time.perf_counter()
    with transaction.atomic():
        registered = Household.objects.bulk_create(
            [
                Household(
                    code=f"orm-{row['household_id']}",
                    commune_id=units[row["commune_code"]],
                    village_id=units.get(row["village_code"]),
                    head_name=row["head_name"] or "",
                )
                for row in households.iter_rows(named=True)
            ],
            batch_size=BATCH,
        )
        surveys = HouseholdSurvey.objects.bulk_create(
            [
                HouseholdSurvey(cycle=cycle, household=household, answers=row["answers"], fingerprint="")
                for household, row in zip(registered, households.iter_rows(named=True), strict=True)
            ],
            batch_size=BATCH,
        )
        survey_of = {
            row["household_id"]: survey for survey, row in zip(surveys, households.iter_rows(named=True), strict=True)
        }
        MemberSurvey.objects.bulk_create(
            [
                MemberSurvey(
                    survey=survey_of[row["household_id"]],
                    member_code=row["member_id"],
                    national_id=row["national_id"] or "",
                    answers=row["answers"],
                )
                for row in members.iter_rows(named=True)
            ],
            batch_size=BATCH,
        )
        AuditEntry.objects.bulk_create(
            [
                AuditEntry(
                    household=household, cycle=cycle, field="survey", new_value="created",
                    changed_by=user, reason="baseline", source=AuditEntry.Source.IMPORT,
                )
                for household in registered
            ],
            batch_size=BATCH,
        )  # fmt: skip
    return time.perf_counter() - started, households.height
