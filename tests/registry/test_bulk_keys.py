"""A large load's foreign keys are checked once, at its end, and still refuse a row that breaks them."""

from __future__ import annotations

import polars as pl
import pytest
from django.db import IntegrityError, connection, transaction

from povmis.registry.bulk import insert_frame, keys_checked_once
from povmis.registry.models import AdminUnit, Household, HouseholdSurvey, MemberSurvey, ReviewCycle

pytestmark = pytest.mark.django_db(transaction=True)


def _survey() -> HouseholdSurvey:
    commune = AdminUnit.objects.create(code="24121", name="Tân Lợi", level="commune")
    household = Household.objects.create(code="H1", commune=commune)
    cycle = ReviewCycle.objects.create(year=2024, standard_id="vn-2022-2025")
    return HouseholdSurvey.objects.create(cycle=cycle, household=household, answers="{}")


def _members(survey_ids: list[int]) -> pl.DataFrame:
    return pl.DataFrame({
        "survey_id": survey_ids,
        "member_code": [str(n) for n in range(1, len(survey_ids) + 1)],
        "national_id": [""] * len(survey_ids),
        "answers": ["{}"] * len(survey_ids),
    })  # fmt: skip


def _member_key() -> tuple[int, str] | None:
    """The member table's key to the surveys on PostgreSQL: its oid (new when re-added) and definition."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.oid, pg_get_constraintdef(c.oid) FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid "
            "WHERE c.contype = 'f' AND t.relname = %s",
            [MemberSurvey._meta.db_table],
        )
        row = cursor.fetchone()
    return None if row is None else (int(row[0]), str(row[1]))


def test_a_member_of_no_survey_in_a_load_larger_than_its_table_is_refused_and_nothing_lands() -> None:
    survey = _survey()
    stray = _members([survey.pk, survey.pk, survey.pk + 999])
    with pytest.raises(IntegrityError), transaction.atomic(), keys_checked_once({HouseholdSurvey: 0, MemberSurvey: 3}):
        insert_frame(MemberSurvey, stray)
    assert MemberSurvey.objects.count() == 0


def test_a_load_larger_than_its_table_lands_with_its_key_added_back_as_it_was() -> None:
    survey = _survey()
    before = _member_key()
    with transaction.atomic(), keys_checked_once({HouseholdSurvey: 0, MemberSurvey: 3}):
        insert_frame(MemberSurvey, _members([survey.pk] * 3))
    after = _member_key()
    assert MemberSurvey.objects.count() == 3
    if before is not None and after is not None:  # PostgreSQL: the key was dropped and added back
        assert after[1] == before[1]
        assert "DEFERRABLE INITIALLY DEFERRED" in after[1]
        assert after[0] != before[0]


def test_a_load_smaller_than_its_table_keeps_its_key_and_checks_row_by_row() -> None:
    survey = _survey()
    insert_frame(MemberSurvey, _members([survey.pk] * 5))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {MemberSurvey._meta.db_table}")
    before = _member_key()
    stray = _members([survey.pk + 999]).with_columns(pl.lit("9").alias("member_code"))
    with pytest.raises(IntegrityError), transaction.atomic(), keys_checked_once({HouseholdSurvey: 0, MemberSurvey: 1}):
        insert_frame(MemberSurvey, stray)
    assert _member_key() == before
    assert MemberSurvey.objects.count() == 5
