"""A correction's value is read and checked by the rule a survey file's answer is: the core's, with its reasons."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from povmis.errors import PermissionDenied, ServiceError
from povmis.registry.models import ChangeRequest, HouseholdSurvey, MemberSurvey
from povmis.registry.samples import household, member, survey
from povmis.registry.services import decide_change, import_survey, propose_change

pytestmark = pytest.mark.django_db

CHILD = {"member_id": "2", "age": "12", "in_school": "1", "malnourished": "0", "education_level": "",
         "labour_status": ""}  # fmt: skip


def _import(world, households: list[dict[str, str]], members: list[dict[str, str]], *, commit: bool = True):
    return import_survey(survey(households, members), year=2024, user=world.personas["cadre"], commit=commit)


def _correct(world, field: str, value: str, member_code: str = "") -> ChangeRequest:
    proposal = propose_change(
        world.households["H1"], cycle=world.cycle, user=world.personas["cadre"],
        field=field, value=value, reason="seen on the visit", member_code=member_code,
    )  # fmt: skip
    return decide_change(proposal, user=world.personas["cadre2"], approve=True)


@pytest.mark.parametrize(
    ("field", "member_code", "value", "in_the_file"),
    [
        ("housing_area_m2", "", "45", {"housing_area_m2": "45"}),
        ("water_source", "", " rainwater ", {"water_source": "rainwater"}),
        ("income_per_capita", "", "+900000", {"income_per_capita": "900000"}),
        # An adult's answer to a question asked of children only: a file may leave it out, a correction too.
        ("malnourished", "1", "", {"malnourished": ""}),
    ],
)
def test_a_household_corrected_then_imported_with_the_corrected_answer_reads_as_unchanged(
    world, field, member_code, value, in_the_file
):
    _import(world, [household()], [member(malnourished="0")])
    _correct(world, field, value, member_code)
    households = [household(**in_the_file)] if not member_code else [household()]
    members = [member(**in_the_file)] if member_code else [member(malnourished="0")]
    stored = (HouseholdSurvey.objects.get().answers, MemberSurvey.objects.get().answers)
    again = _import(world, households, members)
    assert again.counts == {"new": 0, "changed": 0, "unchanged": 1, "rejected": 0}
    assert (HouseholdSurvey.objects.get().answers, MemberSurvey.objects.get().answers) == stored


def test_a_corrected_answer_is_stored_as_the_file_stores_it(world):
    _import(world, [household(housing_area_m2="45")], [member(malnourished="0")])
    from_the_file = (HouseholdSurvey.objects.get().answers, MemberSurvey.objects.get().answers)
    _import(world, [household()], [member(malnourished="0")])
    _correct(world, "housing_area_m2", "45")
    assert (HouseholdSurvey.objects.get().answers, MemberSurvey.objects.get().answers) == from_the_file


@pytest.mark.parametrize(
    ("field", "member_code", "value", "in_the_file"),
    [
        ("water_source", "", "lake", {"water_source": "lake"}),
        ("has_tv", "", "2", {"has_tv": "2"}),
        ("income_per_capita", "", "1.5", {"income_per_capita": "1.5"}),
        ("housing_area_m2", "", "0.5", {"housing_area_m2": "0.5"}),
        ("age", "1", "121", {"age": "121"}),
        # A 12-year-old's schooling is required: neither a file nor a correction may leave it empty.
        ("in_school", "2", "", {"member_id": "2", "in_school": ""}),
    ],
)
def test_a_value_a_file_refuses_is_refused_as_a_correction_with_the_same_reason(
    world, field, member_code, value, in_the_file
):
    _import(world, [household()], [member(), member(**CHILD)])
    members = [member(), member(**{**CHILD, **in_the_file})] if member_code else [member(), member(**CHILD)]
    households = [household()] if member_code else [household(**in_the_file)]
    issues = _import(world, households, members, commit=False).issues
    file_reason = issues.filter(issues["column"] == field).select("message_vi", "message_en").rows()
    with pytest.raises(ServiceError) as refused:
        propose_change(
            world.households["H1"], cycle=world.cycle, user=world.personas["cadre"],
            field=field, value=value, reason="seen", member_code=member_code,
        )  # fmt: skip
    with translation.override("vi"):
        shown_in_vietnamese = refused.value.shown()
    vi, en = file_reason[0]
    assert len(file_reason) == 1
    assert (str(refused.value), shown_in_vietnamese) == (
        f"{value!r} is not a valid answer to {field}: {en}",
        f"{value!r} không phải là câu trả lời hợp lệ cho {field}: {vi}",
    )
    assert ChangeRequest.objects.count() == 0


def test_the_page_shows_the_reason_in_vietnamese(world):
    _import(world, [household()], [member()])
    client = Client(headers={"accept-language": "vi"})
    client.force_login(world.personas["cadre"])
    response = client.post(
        "/households/H1/propose/",
        {"year": "2024", "kind": "correction", "field": "water_source", "value": "lake", "reason": "seen"},
        follow=True,
    )
    assert "&#x27;lake&#x27; không phải là câu trả lời hợp lệ cho water_source: mã không hợp lệ; dùng một trong:" in (
        response.text
    )
    assert ChangeRequest.objects.count() == 0


def test_a_cadre_of_another_commune_learns_nothing_of_the_answer_from_the_refusal(world):
    _import(world, [household()], [member()])
    with pytest.raises(PermissionDenied) as refused:
        propose_change(
            world.households["H1"], cycle=world.cycle, user=world.personas["other_cadre"],
            field="water_source", value="lake", reason="seen",
        )  # fmt: skip
    assert str(refused.value) == "you cannot change this household"
