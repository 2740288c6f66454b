"""A bulk load keeps the table's indexes and constraints, however it builds them."""

from __future__ import annotations

import polars as pl
import pytest
from django.db import IntegrityError, connection, transaction

from povmis.bulk import ANALYZE_ROWS, insert_frame
from povmis.registry.models import HouseholdSurvey, MemberSurvey
from povmis.registry.samples import household, member, survey
from povmis.registry.services import import_survey

pytestmark = pytest.mark.django_db


def members(survey_id: int, count: int) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "survey_id": [survey_id] * count,
            "member_code": [f"M{n:05}" for n in range(count)],
            "national_id": [f"{n:012}" for n in range(count)],
            "answers": ['{"age":40}'] * count,
        }
    )


def indexes() -> dict[str, tuple[tuple[str, ...], bool]]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, MemberSurvey._meta.db_table)
    return {name: (tuple(info["columns"]), info["unique"]) for name, info in found.items() if info["index"]}


@pytest.fixture
def survey_id(world) -> int:
    import_survey(survey([household()], [member()]), year=2024, user=world.personas["cadre"], commit=True)
    MemberSurvey.objects.all().delete()
    return HouseholdSurvey.objects.get().pk


def test_a_load_larger_than_its_table_leaves_the_same_indexes_holding_every_row(survey_id):
    before = indexes()
    assert insert_frame(MemberSurvey, members(survey_id, ANALYZE_ROWS + 500)) == ANALYZE_ROWS + 500
    assert indexes() == before
    assert MemberSurvey.objects.filter(national_id="000000001234").get().member_code == "M01234"


def test_a_load_repeating_a_member_code_is_refused_whole_and_keeps_the_indexes(survey_id):
    before = indexes()
    doubled = pl.concat([members(survey_id, ANALYZE_ROWS), members(survey_id, 1)])
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_frame(MemberSurvey, doubled)
    assert (MemberSurvey.objects.count(), indexes()) == (0, before)
