"""Exports with small-cell suppression on (POVMIS_SMALL_CELL_MINIMUM): small counts and what reveals them hidden."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.test import Client
from pypdf import PdfReader

pytestmark = pytest.mark.django_db

NOTE = (
    "* Số nhỏ được ẩn để bảo vệ thông tin hộ / Small counts hidden to protect households, "
    "with the cells that would reveal them (docs/privacy.md)"
)


@pytest.fixture
def suppressing(settings, reviewed):
    settings.POVMIS_SMALL_CELL_MINIMUM = 2  # hide single households: the small world has few of anything
    return reviewed


def _get(user, path: str) -> bytes:
    client = Client()
    client.force_login(user)
    return client.get(path).content


def _rows(content: bytes, sheet: str) -> list[tuple[object, ...]]:
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return [tuple(row) for row in book[sheet].iter_rows(min_row=7, values_only=True)]


def _shown(values: tuple[object, ...]) -> tuple[object, ...]:
    return tuple(round(v, 2) if isinstance(v, float) else v for v in values)


def test_the_summary_sheet_hides_single_households_and_every_cell_that_would_give_one_back(suppressing):
    rows = _rows(_get(suppressing.personas["province"], "/reports/2024/tables.xlsx"), "Biểu 01")
    # Unhidden, the sheet reads (total, poor, poor %, near-poor, near-poor %, poor and near-poor, its %):
    # total 5 4 80 1 20 5 100; Buôn Ma Thuột 4 3 75 1 25 4 100; Tân Lợi 3 2 66.67 1 33.33 3 100;
    # Tân An, Krông Pắc and Ea Kly 1 1 100 0 0 1 100. Zeros tell nothing and stay.
    assert [_shown(row[:9]) for row in rows[:6]] == [
        ("", "Tổng cộng / Total", 5, "*", "*", "*", "*", 5, 100.0),
        ("643", "Buôn Ma Thuột", "*", "*", "*", "*", "*", "*", "*"),
        ("24121", "Tân Lợi", "*", "*", "*", "*", "*", "*", "*"),
        ("24124", "Tân An", "*", "*", "*", 0, "*", "*", "*"),
        ("652", "Krông Pắc", "*", "*", "*", 0, "*", "*", "*"),
        ("24400", "Ea Kly", "*", "*", "*", 0, "*", "*", "*"),
    ]
    assert rows[7][0] == NOTE


def test_no_count_of_one_household_is_left_in_any_sheet(suppressing):
    content = _get(suppressing.personas["province"], "/reports/2024/tables.xlsx")
    for sheet in ("Biểu 01", "Biểu 02", "Biểu 03", "Biểu 05"):
        assert [row for row in _rows(content, sheet) if 1 in row[2:]] == [], sheet


def test_without_a_minimum_the_forms_keep_their_exact_counts(reviewed):
    rows = _rows(_get(reviewed.personas["province"], "/reports/2024/tables.xlsx"), "Biểu 01")
    assert _shown(rows[0][:7]) == ("", "Tổng cộng / Total", 5, 4, 80.0, 1, 20.0)
    assert NOTE not in [row[0] for row in rows]


def test_a_commune_cadres_suppressed_workbook_still_counts_only_their_commune(suppressing):
    rows = _rows(_get(suppressing.personas["cadre"], "/reports/2024/tables.xlsx"), "Biểu 01")
    # The cadre's area is the commune: its total is the only unit row (exports of a commune have no rows below it).
    assert [row[:2] for row in rows if row[0] is not None and not str(row[0]).startswith("*")] == [
        ("", "Tổng cộng / Total")
    ]
    assert not [row for row in rows if row[1] in {"Tân An", "Ea Kly", "Krông Pắc"}]


def test_the_summary_pdf_hides_the_worst_communes_single_households_and_says_so(suppressing):
    content = _get(suppressing.personas["steering"], "/reports/summary.pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "Tân An" in text
    assert "households, or a cell that would reveal one, is hidden" in text
