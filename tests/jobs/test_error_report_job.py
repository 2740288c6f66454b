"""A large upload's error report written by the worker: the direct download's workbook, its submitter's only."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from povmis.jobs.models import Job
from povmis.jobs.runner import run_job
from povmis.registry.samples import csv_bytes, household, member
from tests.conftest import checked

pytestmark = pytest.mark.django_db

ERRORS_TASK = "povmis.registry.survey_import.jobs.error_workbook"


def checked_with_errors(client) -> str:
    """An upload whose member H9 has no household: one error in the report."""
    token: str = client.get("/imports/").context["token"]
    files = {
        "households": SimpleUploadedFile("households.csv", csv_bytes([household()])),
        "members": SimpleUploadedFile("members.csv", csv_bytes([member(), member(household_id="H9")])),
    }
    assert checked(client, client.post("/imports/", {"token": token, "year": "2024", **files})).status_code == 200
    return token


def test_the_error_report_prepared_as_a_job_is_the_direct_downloads_workbook(world, browser):
    client = browser("cadre")
    token = checked_with_errors(client)
    response = client.post(f"/imports/{token}/errors.xlsx/job/")
    job = Job.objects.get(task=ERRORS_TASK)
    assert response["Location"] == f"/jobs/{job.pk}/"
    run_job(job.pk)
    download = client.get(f"/jobs/{job.pk}/download/")
    assert download["Content-Disposition"] == 'attachment; filename="import-errors-2024.xlsx"'
    prepared = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    direct = openpyxl.load_workbook(io.BytesIO(client.get(f"/imports/{token}/errors.xlsx").content)).active
    rows = list(prepared.iter_rows(values_only=True))
    assert rows == list(direct.iter_rows(values_only=True))
    assert [row[:4] for row in rows[3:]] == [("members.csv", 3, "household_id", "H9")]


def test_another_user_can_neither_queue_nor_download_the_error_report(world, browser):
    client = browser("cadre")
    token = checked_with_errors(client)
    client.post(f"/imports/{token}/errors.xlsx/job/")
    job = Job.objects.get(task=ERRORS_TASK)
    run_job(job.pk)
    for name, queue in (("other_cadre", 404), ("cadre2", 404), ("district", 403)):
        other = browser(name)
        answers = [
            other.post(f"/imports/{token}/errors.xlsx/job/").status_code,
            other.get(f"/jobs/{job.pk}/download/").status_code,
        ]
        assert answers == [queue, 404]
    assert Job.objects.filter(task=ERRORS_TASK).count() == 1
