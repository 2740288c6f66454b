"""The programme's exports: Mẫu 01 and Biểu 02 as XLSX and PDF, the steering committee's page, and who gets them."""

from __future__ import annotations

import io
from typing import Any

import polars as pl
import pytest
from django.test import Client

from povmis.reports.programme import Period, PeriodError, parse_period
from tests.programme.conftest import person

P = "ntp-spr-2021-2025"


def client_of(world: Any, name: str) -> Client:
    client = Client()
    client.force_login(world.personas[name])
    return client


def sheet(response: Any, name: str) -> pl.DataFrame:
    book = io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    return pl.read_excel(book, sheet_name=name, engine="calamine", has_header=False, infer_schema_length=0)


def test_a_period_is_a_year_or_a_half_year() -> None:
    assert [parse_period("2025"), parse_period("2025-H1"), parse_period("2025-h2")] == [
        Period(2025, None),
        Period(2025, 1),
        Period(2025, 2),
    ]
    assert (Period(2025, 1).end.isoformat(), Period(2025, 2).start.isoformat()) == ("2025-06-30", "2025-07-01")
    with pytest.raises(PeriodError, match="a period is a year"):
        parse_period("2025-Q3")


@pytest.mark.django_db
def test_the_results_table_gives_each_output_against_its_target_with_the_recommended_columns_marked(
    delivered: Any,
) -> None:
    response = client_of(delivered, "province").get(f"/reports/programme/2025/bieu-02.xlsx?programme={P}")
    assert response.status_code == 200
    table = sheet(response, "Biểu 02")
    header = table.row(3)  # the reader skips the blank row: titles, area, then the two header rows
    assert (header[4], header[8]) == ("Kế hoạch năm", "Số hộ được hỗ trợ †")
    rows = {row[1]: row for row in table.slice(5).rows()}
    assert (rows["houses"][5], rows["houses"][8], rows["models"][5]) == ("3", "3", "12")


@pytest.mark.django_db
def test_the_monitoring_report_has_capital_results_and_outcomes_in_xlsx_and_pdf(delivered: Any) -> None:
    client = client_of(delivered, "steering")
    workbook = client.get(f"/reports/programme/2025-H1/mau-01.xlsx?programme={P}")
    capital = sheet(workbook, "Mẫu 01-I")
    assert [row[0] for row in capital.slice(5).rows()] == ["4", "5"]
    assert capital.row(5)[3] == "250000000"  # project 4: its own 2025 capital paid by 30 June, the carry-over apart
    pdf = client.get(f"/reports/programme/2025/mau-01.pdf?programme={P}")
    assert (pdf.status_code, pdf.content[:5]) == (200, b"%PDF-")


@pytest.mark.django_db
def test_the_steering_committee_gets_one_page(delivered: Any) -> None:
    response = client_of(delivered, "steering").get("/reports/programme/steering.pdf", {"on": "2025-08-05"})
    assert (response.status_code, response.content[:5], response.content.count(b"/Type /Page\n")) == (200, b"%PDF-", 1)


@pytest.mark.django_db
def test_a_cadre_of_another_commune_gets_an_export_without_the_others_money(delivered: Any) -> None:
    response = client_of(delivered, "other_cadre").get(f"/reports/programme/2025/mau-01.xlsx?programme={P}")
    assert sheet(response, "Mẫu 01-I").slice(5).height == 0
    outsider = client_of(delivered, "outsider")
    assert outsider.get(f"/reports/programme/2025/bieu-02.xlsx?programme={P}").status_code == 404


@pytest.mark.django_db
def test_a_project_owner_exports_only_its_project(delivered: Any) -> None:
    person(delivered, "housing", "project_owner", delivered.province, P, "5")
    response = client_of(delivered, "housing").get(f"/reports/programme/2025/bieu-02.xlsx?programme={P}")
    assert [row[1] for row in sheet(response, "Biểu 02").slice(5).rows()] == ["houses"]
