"""The import's error report as a workbook: one row per issue, with the file, row, column and both messages."""

from __future__ import annotations

import io
from typing import Any

import xlsxwriter

from povmis.spreadsheets import safe_text, write_cell

# Bilingual headers: the report is passed between commune and district staff whatever their page language.
COLUMNS = [
    ("file", "Tệp / File", 28),
    ("row", "Dòng / Row", 10),
    ("column", "Cột / Column", 22),
    ("household_id", "Mã hộ / Household", 16),
    ("member_id", "Thành viên / Member", 14),
    ("value", "Giá trị / Value", 18),
    ("severity", "Mức độ / Severity", 12),
    ("message_vi", "Lỗi (tiếng Việt)", 60),
    ("message_en", "Message (English)", 60),
]


def workbook(issues: list[dict[str, Any]], *, files: list[str], year: int) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    header = book.add_format({"bold": True, "bg_color": "#E8EEF4", "border": 1, "text_wrap": True})
    sheet = book.add_worksheet("issues")
    # The file names, values and household codes are the uploader's text: never a formula.
    sheet.write_string(0, 0, safe_text(f"Báo cáo lỗi nhập dữ liệu / Import error report: {', '.join(files)} ({year})"))
    for col, (_key, title, width) in enumerate(COLUMNS):
        sheet.write_string(2, col, title, header)
        sheet.set_column(col, col, width)
    for row, issue in enumerate(issues, start=3):
        for col, (key, _title, _width) in enumerate(COLUMNS):
            value = issue.get(key)
            if value is not None:
                write_cell(sheet, row, col, value)
    sheet.freeze_panes(3, 0)
    sheet.autofilter(2, 0, 2 + len(issues), len(COLUMNS) - 1)
    book.close()
    return buffer.getvalue()
