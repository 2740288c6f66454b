"""The review's exports: the official tables as XLSX and the steering committee's PDF, scoped to the user's area."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.test import Client
from pypdf import PdfReader

from povmis.registry.models import HouseholdResult
from povmis.reports.official import review_tables, yearly_rates

pytestmark = pytest.mark.django_db

SHEETS = ["Biểu 01", "Biểu 02", "Biểu 03", "Biểu 04", "Biểu 05"]


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _sheet_rows(content: bytes, sheet: str) -> list[tuple[object, ...]]:
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return list(book[sheet].iter_rows(min_row=7, values_only=True))


def _shown(values: tuple[object, ...]) -> tuple[object, ...]:
    """Cells as the sheet prints them (its format has two decimals): the cells hold the unrounded rates."""
    return tuple(round(v, 2) if isinstance(v, float) else v for v in values)


def _db_count(year: int, household_class: str, path: str = "") -> int:
    return HouseholdResult.objects.filter(
        cycle__year=year, household_class=household_class, household__commune__path__startswith=path
    ).count()


def test_the_workbook_has_one_sheet_per_official_table_with_titles_and_headers(reviewed):
    response = _client(reviewed.personas["province"]).get("/reports/2024/tables.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="povmis-review-2024.xlsx"'
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == SHEETS
    sheet = book["Biểu 01"]
    assert sheet["A1"].value == "Biểu 01. Tổng hợp kết quả rà soát hộ nghèo, hộ cận nghèo"
    assert sheet["A3"].value == (
        "Đắk Lắk · Rà soát năm 2024 / 2024 review · Chuẩn nghèo / Standard: Chuẩn nghèo đa chiều giai đoạn 2022-2025"
        " / Multidimensional poverty standard 2022-2025 (Decree 07/2021/ND-CP of 27 Jan 2021, Art. 3; extended to"
        " 2026 by Decree 351/2025/ND-CP)"
    )
    assert [c.value for c in sheet[5]][:5] == ["Mã đơn vị", "Đơn vị", "Tổng số hộ", "Hộ nghèo", "Tỷ lệ hộ nghèo (%)"]
    assert [c.value for c in sheet[6]][:4] == ["Unit code", "Unit", "Households", "Poor households"]


def test_the_summary_sheet_counts_what_the_database_holds_by_unit(reviewed):
    content = _client(reviewed.personas["province"]).get("/reports/2024/tables.xlsx").content
    rows = _sheet_rows(content, "Biểu 01")
    assert [_shown(row[:7]) for row in rows] == [
        ("", "Tổng cộng / Total", 5, 4, 80.0, 1, 20.0),
        ("643", "Buôn Ma Thuột", 4, 3, 75.0, 1, 25.0),
        ("24121", "Tân Lợi", 3, 2, 66.67, 1, 33.33),
        ("24124", "Tân An", 1, 1, 100.0, 0, 0.0),
        ("652", "Krông Pắc", 1, 1, 100.0, 0, 0.0),
        ("24400", "Ea Kly", 1, 1, 100.0, 0, 0.0),
    ]
    assert (rows[0][3], rows[0][5]) == (_db_count(2024, "poor"), _db_count(2024, "near_poor"))
    # Average-living-standard households, persons (H1 and H4, listed first, have two members, the others one),
    # then the rates' denominator and the households the review could not classify.
    assert rows[0][9:] == (0, 5, 2, 5, 0)


def test_the_movement_of_poor_households_closes_the_stock_flow_identity(reviewed):
    table = review_tables(2024, "")[1]
    total = table.rows.row(0, named=True)
    flows = ("start", "escaped", "moved_out", "newly_poor", "fell_back", "moved_in", "end")
    # H1 escaped; H4 (near-poor) and H3 (not poor) became poor; H5 is new to the register, poor.
    assert {k: total[f"poor_{k}"] for k in flows} == {
        "start": 2, "escaped": 1, "moved_out": 0, "newly_poor": 2, "fell_back": 0, "moved_in": 1, "end": 4,
    }  # fmt: skip
    assert (total["poor_start"], total["poor_end"]) == (_db_count(2023, "poor"), _db_count(2024, "poor"))


def test_the_deprivation_sheet_counts_poor_households_lacking_each_service(reviewed):
    rows = _sheet_rows(_client(reviewed.personas["province"]).get("/reports/2024/tables.xlsx").content, "Biểu 04")
    by_indicator = {row[1]: _shown(row[2:6]) for row in rows}
    assert by_indicator["nguồn nước sinh hoạt / domestic water"] == (4, 100.0, 0, 0.0)
    assert by_indicator["bảo hiểm y tế / health insurance"] == (0, 0.0, 0, 0.0)


def test_the_ethnic_group_sheet_splits_ethnic_minority_households_from_the_others(reviewed):
    rows = _sheet_rows(_client(reviewed.personas["province"]).get("/reports/2024/tables.xlsx").content, "Biểu 05")
    assert [_shown(row[:6]) for row in rows] == [
        ("Tổng cộng / Total", 5, 4, 80.0, 1, 20.0),
        ("Dân tộc thiểu số / Ethnic minority", 3, 3, 100.0, 0, 0.0),
        ("Dân tộc Kinh và khác / Kinh and others", 2, 1, 50.0, 1, 50.0),
    ]


def test_a_commune_cadres_workbook_counts_only_that_commune(reviewed):
    content = _client(reviewed.personas["cadre"]).get("/reports/2024/tables.xlsx").content
    rows = _sheet_rows(content, "Biểu 01")
    assert [_shown(row[:6]) for row in rows] == [("", "Tổng cộng / Total", 3, 2, 66.67, 1)]
    assert rows[0][3] == _db_count(2024, "poor", reviewed.c1.path)


def test_an_account_without_a_role_gets_no_export(reviewed):
    client = _client(reviewed.personas["outsider"])
    urls = ("/reports/", "/reports/2024/tables.xlsx", "/reports/summary.pdf")
    assert [client.get(url).status_code for url in urls] == [403, 403, 403]


def test_a_visitor_who_is_not_signed_in_is_sent_to_the_login_page(reviewed):
    response = Client().get("/reports/2024/tables.xlsx")
    assert (response.status_code, response["Location"]) == (302, "/accounts/login/?next=/reports/2024/tables.xlsx")


def test_a_review_that_was_never_classified_has_no_workbook(reviewed):
    assert _client(reviewed.personas["province"]).get("/reports/2022/tables.xlsx").status_code == 404


def test_the_reports_page_lists_a_workbook_per_review_and_the_summary(reviewed):
    page = _client(reviewed.personas["district"]).get("/reports/").content.decode()
    assert [year for year in (2023, 2024) if f'href="/reports/{year}/tables.xlsx"' in page] == [2023, 2024]
    assert 'href="/reports/summary.pdf"' in page


def test_the_yearly_rates_follow_the_stored_classes(reviewed):
    rates = yearly_rates("")
    columns = ("year", "households", "classified", "poor", "poverty_rate", "near_poor", "em", "em_poverty_rate")
    assert rates.select(columns).rows() == [(2023, 4, 4, 2, 0.5, 1, 3, 1 / 3), (2024, 5, 5, 4, 0.8, 1, 3, 1.0)]
    assert rates["poor_change"].to_list() == [None, pytest.approx(0.3)]


def test_the_summary_pdf_names_the_province_and_its_worst_off_commune(reviewed):
    response = _client(reviewed.personas["steering"]).get("/reports/summary.pdf")
    assert response.content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Đắk Lắk" in text
    assert "Báo cáo tóm tắt kết quả giảm nghèo" in text
    assert "Tân An" in text  # 100% poor in 2024: at the top of the worst-off communes
    assert "Chuẩn nghèo / Standard 2023-2024: Chuẩn nghèo đa chiều giai đoạn 2022-2025" in " ".join(text.split())
