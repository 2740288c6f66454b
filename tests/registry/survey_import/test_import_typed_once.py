"""A survey file is typed once, by the core, for its checks and for the answers stored; its units are read once."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from povmis.registry.models import HouseholdSurvey, MemberSurvey
from povmis.registry.samples import household, member, survey
from povmis.registry.services import import_survey
from povmis.units.models import AdminUnit

pytestmark = pytest.mark.django_db


def test_the_stored_answers_are_each_question_typed_with_codes_as_their_text(world):
    file = survey([household()], [member()])
    import_survey(file, year=2024, user=world.personas["cadre"], commit=True)
    assert HouseholdSurvey.objects.get().answers == ANSWERS_H1
    assert MemberSurvey.objects.get().answers == ANSWERS_M1


def test_a_member_listed_out_of_household_order_is_reported_at_its_own_row(world):
    # H7's working child comes first in the member file: the core puts the members in household order to
    # check them, and the error still names row 2, where the cadre finds it.
    child = member(household_id="H7", age="12", in_school="1", malnourished="0", education_level="")
    file = survey([household(), household(household_id="H7")], [child, member()])
    effect = import_survey(file, year=2024, user=world.personas["cadre"])
    assert effect.issues.select("file", "row", "household_id", "column").rows() == [
        ("members.csv", 2, "H7", "labour_status")
    ]
    assert effect.counts == {"new": 1, "changed": 0, "unchanged": 0, "rejected": 1}


def test_a_commit_reads_the_units_the_file_names_once(world):
    file = survey([household(), household(household_id="H7")], [member(), member(household_id="H7")])
    units = AdminUnit._meta.db_table
    with CaptureQueriesContext(connection) as queries:
        import_survey(file, year=2024, user=world.personas["cadre"], commit=True)
    unit_reads = [q["sql"] for q in queries if f'FROM "{units}"' in q["sql"] and "code" in q["sql"]]
    assert len(unit_reads) == 1


# The canonical JSON the import has always stored for the sample household and member (vn-2022-2025): a
# re-import of a file stored before finds the same text, the same fingerprint, and changes nothing.
ANSWERS_H1 = (
    '{"area":"rural","income_per_capita":1200000,"housing_area_m2":30.0,"wall_durable":1,"column_durable":1,'
    '"roof_durable":1,"water_source":"piped","latrine":"septic","uses_telecom":1,"has_tv":1,"has_radio":0,'
    '"has_computer":0,"has_phone":1}'
)
ANSWERS_M1 = (
    '{"age":40,"health_insurance":1,"malnourished":null,"in_school":null,"education_level":"upper_secondary",'
    '"labour_status":"stable"}'
)
