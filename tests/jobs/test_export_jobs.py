"""The exports as jobs: queued from the reports page, built by the worker, downloaded by their submitter only."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.db.models import QuerySet
from django.test import Client

from povmis.jobs.models import Job
from povmis.jobs.runner import run_job
from povmis.monitoring.risk import RISK_TASK
from tests.reports.dataset import review_two_years

pytestmark = pytest.mark.django_db(transaction=True)


def exports() -> QuerySet[Job]:
    """The jobs but the risk's scoring, which classifying the two reviews queued beside the exports."""
    return Job.objects.exclude(task=RISK_TASK)


@pytest.fixture
def reviewed(world):
    return review_two_years(world)


def signed_in(user) -> Client:
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


def test_the_report_tables_prepared_as_a_job_are_the_same_workbook_as_the_direct_download(reviewed):
    client = signed_in(reviewed.personas["cadre"])
    response = client.post("/reports/2024/tables.xlsx/job/")
    job = exports().get()
    assert (response.status_code, response["Location"]) == (302, f"/jobs/{job.pk}/")
    assert (job.task, job.arguments, job.status) == (
        "povmis.reports.export_jobs.tables_xlsx",
        {"year": 2024, "user_id": reviewed.personas["cadre"].pk},
        "queued",
    )
    assert client.get(f"/jobs/{job.pk}/download/").status_code == 404  # nothing to download yet
    run_job(job.pk)
    page = client.get(f"/jobs/{job.pk}/")
    assert f'href="/jobs/{job.pk}/download/"' in page.text
    assert "Download povmis-review-2024.xlsx" in page.text
    download = client.get(f"/jobs/{job.pk}/download/")
    assert (download.status_code, download["Content-Disposition"]) == (
        200,
        'attachment; filename="povmis-review-2024.xlsx"',
    )
    prepared = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    direct = openpyxl.load_workbook(io.BytesIO(client.get("/reports/2024/tables.xlsx").content))
    assert [list(sheet.values) for sheet in prepared] == [list(sheet.values) for sheet in direct]


def test_the_summary_prepared_as_a_job_is_a_pdf_of_the_submitters_area(reviewed):
    client = signed_in(reviewed.personas["province"])
    client.post("/reports/summary.pdf/job/")
    job = exports().get()
    run_job(job.pk)
    job.refresh_from_db()
    assert (job.status, job.result["export"], job.result["file"]["name"]) == ("done", "summary", "povmis-summary.pdf")
    download = client.get(f"/jobs/{job.pk}/download/")
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_user_of_another_commune_sees_neither_the_export_job_nor_its_file(reviewed):
    signed_in(reviewed.personas["cadre"]).post("/reports/2024/tables.xlsx/job/")
    job = exports().get()
    run_job(job.pk)
    for name in ("other_cadre", "cadre2", "district", "outsider"):
        client = signed_in(reviewed.personas[name])
        answers = [client.get(f"/jobs/{job.pk}/{page}").status_code for page in ("", "status/", "download/")]
        assert answers == [404, 404, 404]
        assert "povmis-review" not in client.get(f"/jobs/{job.pk}/download/").text


def test_an_export_of_a_year_never_reviewed_queues_nothing(reviewed):
    response = signed_in(reviewed.personas["cadre"]).post("/reports/2019/tables.xlsx/job/")
    assert (response.status_code, exports().count()) == (404, 0)


def test_an_account_without_a_role_cannot_queue_an_export(reviewed):
    response = signed_in(reviewed.personas["outsider"]).post("/reports/summary.pdf/job/")
    assert (response.status_code, exports().count()) == (403, 0)


def test_an_export_job_whose_submitter_lost_the_role_fails_with_the_reason_and_no_file(reviewed):
    cadre = reviewed.personas["cadre"]
    signed_in(cadre).post("/reports/summary.pdf/job/")
    cadre.role.delete()
    cadre.refresh_from_db()
    job = exports().get()
    run_job(job.pk)
    job.refresh_from_db()
    assert (job.status, job.error, job.result) == ("failed", "your account has no role", None)
    assert signed_in(cadre).get(f"/jobs/{job.pk}/download/").status_code == 404
