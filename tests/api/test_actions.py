"""Changing the registry through the API: imports, stage advances, corrections; each by the right role only."""

from __future__ import annotations

import io

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from povmis.registry.models import ChangeRequest, CommuneReview, HouseholdSurvey
from povmis.registry.samples import csv_bytes, household, member

pytestmark = pytest.mark.django_db
JSON = "application/json"


def csv_upload(households, members, **fields):
    return {
        "year": 2024,
        "households": SimpleUploadedFile("households.csv", csv_bytes(households), "text/csv"),
        "members": SimpleUploadedFile("members.csv", csv_bytes(members), "text/csv"),
        **fields,
    }


def workbook(households, members) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    for name, rows in (("households", households), ("members", members)):
        sheet = book.add_worksheet(name)
        for column, key in enumerate(rows[0]):
            sheet.write_string(0, column, key)
            for row, values in enumerate(rows, start=1):
                sheet.write_string(row, column, values[key])
    book.close()
    return buffer.getvalue()


def test_an_upload_is_a_dry_run_unless_committed(world, as_persona):
    cadre = as_persona("cadre")
    dry = cadre.post("/api/imports", csv_upload([household()], [member()]))
    assert dry.status_code == 200, dry.content
    assert {k: dry.json()[k] for k in ("year", "files", "committed", "batch_id", "counts", "issues")} == {
        "year": 2024,
        "files": ["households.csv", "members.csv"],
        "committed": False,
        "batch_id": None,
        "counts": {"new": 1, "changed": 0, "unchanged": 0, "rejected": 0},
        "issues": [],
    }
    assert HouseholdSurvey.objects.count() == 0
    landed = cadre.post("/api/imports", csv_upload([household()], [member()], commit="true")).json()
    assert (landed["committed"], landed["counts"]["new"]) == (True, 1)
    assert list(HouseholdSurvey.objects.values_list("household__code", flat=True)) == ["H1"]
    batches = cadre.get("/api/imports").json()["items"]
    assert [(b["id"], b["year"], b["committed_by"], b["new_count"]) for b in batches] == [
        (landed["batch_id"], 2024, "cadre", 1)
    ]


def test_an_upload_reports_each_issue_by_file_row_and_column_in_both_languages(world, as_persona):
    rows = [household(), household(household_id="H3", commune_code="24400", village_code="", housing_area_m2="0")]
    body = as_persona("cadre").post("/api/imports", csv_upload(rows, [member(), member(household_id="H3")])).json()
    assert body["counts"] == {"new": 1, "changed": 0, "unchanged": 0, "rejected": 1}
    assert [(i["file"], i["row"], i["household_id"], i["column"]) for i in body["issues"]] == [
        ("households.csv", 3, "H3", "commune_code"),
        ("households.csv", 3, "H3", "housing_area_m2"),
    ]
    assert all(issue["message_vi"] and issue["message_en"] for issue in body["issues"])


def test_an_xlsx_workbook_is_accepted_in_one_file(world, as_persona):
    upload = SimpleUploadedFile("survey.xlsx", workbook([household()], [member()]))
    body = as_persona("cadre").post("/api/imports", {"year": 2024, "households": upload}).json()
    assert (body["files"], body["counts"]["new"], body["issues"]) == (["survey.xlsx"], 1, [])


def test_a_csv_upload_without_its_member_file_is_refused(world, as_persona):
    upload = SimpleUploadedFile("households.csv", csv_bytes([household()]))
    response = as_persona("cadre").post("/api/imports", {"year": 2024, "households": upload})
    assert response.status_code == 400


@pytest.mark.parametrize("persona", ["district", "province", "steering", "auditor"])
def test_roles_that_do_not_edit_households_cannot_import(world, as_persona, persona):
    response = as_persona(persona).post("/api/imports", csv_upload([household()], [member()]))
    assert (response.status_code, response.json()) == (403, {"detail": "your role cannot import survey answers"})


def test_a_correction_is_proposed_by_one_cadre_and_approved_by_another(classified, as_persona):
    proposed = as_persona("cadre").post(
        "/api/households/H1/changes",
        {"year": 2024, "field": "income_per_capita", "value": "1100000", "reason": "payslip"},
        content_type=JSON,
    )
    assert proposed.status_code == 201, proposed.content
    change = proposed.json()
    assert {k: change[k] for k in ("household_code", "year", "field", "old_value", "proposed_value", "status")} == {
        "household_code": "H1",
        "year": 2024,
        "field": "income_per_capita",
        "old_value": "1200000",
        "proposed_value": "1100000",
        "status": "proposed",
    }
    own = as_persona("cadre").post(f"/api/changes/{change['id']}/decision", {"approve": True}, content_type=JSON)
    assert own.status_code == 403
    decided = as_persona("cadre2").post(f"/api/changes/{change['id']}/decision", {"approve": True}, content_type=JSON)
    assert (decided.status_code, decided.json()["status"], decided.json()["reviewed_by"]) == (200, "approved", "cadre2")
    assert as_persona("cadre").get("/api/households/H1").json()["answers"]["income_per_capita"] == 1100000


def test_an_invalid_proposed_answer_is_refused_with_the_reason(classified, as_persona):
    response = as_persona("cadre").post(
        "/api/households/H1/changes",
        {"year": 2024, "field": "water_source", "value": "lake", "reason": "seen"},
        content_type=JSON,
    )
    assert (response.status_code, response.json()) == (
        400,
        {
            "detail": "'lake' is not a valid answer to water_source: unknown code; use one of: piped, drilled_well, "
            "protected_dug_well, protected_spring, rainwater, bottled, unprotected_well, unprotected_spring, "
            "surface_water, other"
        },
    )


@pytest.mark.parametrize("persona", ["district", "province", "steering", "auditor"])
def test_roles_that_do_not_edit_households_cannot_propose_changes(classified, as_persona, persona):
    response = as_persona(persona).post(
        "/api/households/H1/changes",
        {"year": 2024, "field": "income_per_capita", "value": "1100000", "reason": "payslip"},
        content_type=JSON,
    )
    assert response.status_code == 403
    assert ChangeRequest.objects.count() == 0


def test_a_commune_cadre_advances_their_communes_list_and_it_is_recorded(classified, as_persona):
    response = as_persona("cadre").post(
        "/api/cycles/2024/communes/24121/advance", {"note": "meeting held"}, content_type=JSON
    )
    assert (response.status_code, response.json()["stage"], response.json()["next_stage"]) == (
        200,
        "village_meeting",
        "public_notice",
    )
    review = CommuneReview.objects.get(commune__code="24121")
    assert list(review.changes.values_list("from_stage", "to_stage", "changed_by__username", "note")) == [
        ("survey", "village_meeting", "cadre", "meeting held")
    ]


@pytest.mark.parametrize("persona", ["district", "steering", "auditor"])
def test_a_stage_is_advanced_only_by_the_role_that_takes_it(classified, as_persona, persona):
    response = as_persona(persona).post("/api/cycles/2024/communes/24121/advance", {}, content_type=JSON)
    assert response.status_code == 403
    assert CommuneReview.objects.get(commune__code="24121").stage == "survey"


def test_a_browser_session_must_send_the_csrf_token_to_change_anything(classified, world):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.personas["cadre"])
    response = browser.post("/api/cycles/2024/communes/24121/advance", {}, content_type=JSON)
    assert response.status_code == 403
    assert CommuneReview.objects.get(commune__code="24121").stage == "survey"
