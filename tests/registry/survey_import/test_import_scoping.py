"""An import reads the registry only where its user may: a cadre of another commune learns nothing of ours.

The import's checks that read the registry are the year-on-year jumps (income, floor area, ages),
national ID conflicts, household code conflicts and the approved-list lock; the dry run's diff shows
stored answers. Each is tried here as the cadre of Ea Kly (C3) against Tân Lợi's household H1, on the
service, the page with its XLSX error report, and the API; the same checks still speak plainly to
Tân Lợi's own cadre.
"""

from __future__ import annotations

import io
import json

import openpyxl
import polars as pl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from povmis.registry.models import CommuneReview, HouseholdSurvey, ReviewCycle, Stage
from povmis.registry.samples import csv_bytes, household, member, survey
from povmis.registry.services import import_survey
from povmis.registry.survey_import.checks import HOUSEHOLD_CODE_UNUSABLE, NATIONAL_ID_UNUSABLE
from tests.conftest import checked

pytestmark = pytest.mark.django_db

NATIONAL_ID = "066090000001"
# What Tân Lợi holds about H1 and its member, none of which the attacker's file says.
SECRETS = ("1200000", "30.0", "Y Nguyễn", "last year", "năm trước", "H1 in", "24121-01", "another household")

# The attacker's file: Tân Lợi's household code under their own commune, with answers far from
# H1's (so any year-on-year comparison would fire), and a new household carrying H1's member's ID.
ATTACK_HOUSEHOLDS = [
    household(household_id="H1", commune_code="24400", village_code="", head_name="Ai Do",
              income_per_capita="50000000", housing_area_m2="95"),
    household(household_id="H9", commune_code="24400", village_code="", head_name="Ai Khac"),
]  # fmt: skip
ATTACK_MEMBERS = [member(age="70"), member(household_id="H9", national_id=NATIONAL_ID)]
EXPECTED = [
    ("household", 2, "H1", "household_id", "H1", "error", HOUSEHOLD_CODE_UNUSABLE),
    ("member", 3, "H9", "national_id", NATIONAL_ID, "error", NATIONAL_ID_UNUSABLE),
]


@pytest.fixture
def registered(world):
    """Tân Lợi's H1 answered in 2023 and 2024 by its cadre, its member carrying a national ID."""
    ReviewCycle.objects.create(year=2023, standard_id="vn-2022-2025")
    answers = survey([household()], [member(national_id=NATIONAL_ID)])
    for year in (2023, 2024):
        import_survey(answers, year=year, user=world.personas["cadre"], commit=True)
    return world


def _issues(rows: list[dict[str, object]]) -> list[tuple[object, ...]]:
    keys = ("table", "row", "household_id", "column", "value", "severity", "message_en")
    return [tuple(row[key] for key in keys) for row in rows]


def _assert_nothing_of_tan_loi(text: str) -> None:
    assert [secret for secret in SECRETS if secret in text] == []


def test_the_dry_run_of_another_communes_cadre_says_only_that_the_code_and_id_cannot_be_used(registered):
    effect = import_survey(
        survey(ATTACK_HOUSEHOLDS, ATTACK_MEMBERS), year=2024, user=registered.personas["other_cadre"], commit=True
    )
    assert _issues(effect.issues.to_dicts()) == EXPECTED
    assert effect.changes.is_empty()
    assert effect.counts == {"new": 0, "changed": 0, "unchanged": 0, "rejected": 2}
    everything = effect.issues.write_csv() + effect.changes.write_csv() + effect.status.write_csv()
    _assert_nothing_of_tan_loi(everything)
    stored = HouseholdSurvey.objects.filter(cycle__year=2024).values_list("household__code", "household__commune__code")
    assert list(stored) == [("H1", "24121")]


def test_six_hundred_codes_of_other_communes_give_no_income_back(registered):
    """The reported attack: many codes in one request; not one answer of last year comes back."""
    rows = [household(household_id=f"H{n}", commune_code="24400", village_code="") for n in range(1, 601)]
    members = [member(household_id=f"H{n}") for n in range(1, 601)]
    effect = import_survey(survey(rows, members), year=2024, user=registered.personas["other_cadre"])
    # H1 and H2 are registered in Tân Lợi and Tân An; H3 is Ea Kly's own and may be answered.
    assert effect.issues.select("household_id", "message_en").rows() == [
        ("H1", HOUSEHOLD_CODE_UNUSABLE),
        ("H2", HOUSEHOLD_CODE_UNUSABLE),
    ]
    assert effect.counts == {"new": 598, "changed": 0, "unchanged": 0, "rejected": 2}
    _assert_nothing_of_tan_loi(effect.issues.write_csv())


def test_a_commune_outside_the_area_says_nothing_of_its_households_or_its_approved_list(registered):
    CommuneReview.objects.filter(commune=registered.c1).update(stage=Stage.COMMUNE_APPROVED)
    rows = [household(income_per_capita="50000000"), household(household_id="H8")]
    effect = import_survey(
        survey(rows, [member(), member(household_id="H8")]), year=2024, user=registered.personas["other_cadre"]
    )
    assert effect.issues.select("household_id", "column", "message_en").rows() == [
        ("H1", "commune_code", "the household is in a commune outside your area"),
        ("H8", "commune_code", "the household is in a commune outside your area"),
    ]


def test_a_national_id_held_in_the_users_own_area_names_the_household(registered):
    effect = import_survey(
        survey([household(household_id="H4")], [member(household_id="H4", national_id=NATIONAL_ID)]),
        year=2024,
        user=registered.personas["cadre2"],
    )
    assert _issues(effect.issues.to_dicts()) == [
        ("member", 2, "H4", "national_id", NATIONAL_ID, "error",
         "the national ID number already belongs to household H1 in this review"),
    ]  # fmt: skip


def test_the_communes_own_cadre_still_sees_last_years_answers_in_the_jumps(registered):
    jumped = survey([household(income_per_capita="50000000")], [member(age="70", national_id=NATIONAL_ID)])
    effect = import_survey(jumped, year=2024, user=registered.personas["cadre2"])
    assert effect.issues.select("column", "value", "severity").rows() == [
        ("income_per_capita", "50000000 (năm trước / last year 1200000)", "warning"),
        ("age", "70 (năm trước / last year 40)", "warning"),
    ]
    assert effect.changes.select("column", "old", "new").rows() == [
        ("income_per_capita", "1200000", "50000000"),
        ("age", "40", "70"),
    ]


def _upload(client: Client) -> dict[str, object]:
    return {
        "year": "2024",
        "households": SimpleUploadedFile("households.csv", csv_bytes(ATTACK_HOUSEHOLDS), "text/csv"),
        "members": SimpleUploadedFile("members.csv", csv_bytes(ATTACK_MEMBERS), "text/csv"),
    }


def test_the_import_page_and_its_error_report_show_another_communes_cadre_nothing(registered):
    client = Client(headers={"accept-language": "en"})
    client.force_login(registered.personas["other_cadre"])
    token = client.get("/imports/").context["token"]
    response = checked(client, client.post("/imports/", {"token": token, **_upload(client)}))
    assert response.status_code == 200
    assert _issues(response.context["issues"]) == EXPECTED
    assert response.context["changes"] == []
    _assert_nothing_of_tan_loi(response.text)
    report = client.get(f"/imports/{token}/errors.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(report.content)).active
    cells = [[cell for cell in row if cell is not None] for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert [row[:6] for row in cells] == [
        ["households.csv", 2, "household_id", "H1", "H1", "error"],
        ["members.csv", 3, "national_id", "H9", "1", NATIONAL_ID],
    ]
    _assert_nothing_of_tan_loi(json.dumps([[str(c) for c in row] for row in sheet.iter_rows(values_only=True)]))


def test_the_import_api_shows_another_communes_cadre_nothing(registered):
    client = Client()
    client.force_login(registered.personas["other_cadre"])
    response = client.post("/api/imports", _upload(client))
    assert response.status_code == 200, response.content
    body = response.json()
    assert (_issues(body["issues"]), body["changes"]) == (EXPECTED, [])
    _assert_nothing_of_tan_loi(response.content.decode())
    assert pl.DataFrame(body["issues"])["message_vi"].null_count() == 0
