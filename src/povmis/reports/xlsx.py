"""The official tables as one workbook, one sheet per table: titles, two header rows, numbers as numbers."""

from __future__ import annotations

import io
from collections.abc import Sequence

import xlsxwriter

from povmis.reports.tables import COUNT, PERCENT, TEXT, ReportTable
from povmis.spreadsheets import safe_text, write_cell

HEADER_ROW = 4  # 0-based: title, English title, area and year, blank, then the Vietnamese header row
WIDTHS = {TEXT: 34, COUNT: 14, PERCENT: 14}
HIDDEN = "*"
HIDDEN_NOTE = (
    "* Số nhỏ được ẩn để bảo vệ thông tin hộ / Small counts hidden to protect households, "
    "with the cells that would reveal them (docs/privacy.md)"
)


def workbook_bytes(tables: Sequence[ReportTable], *, area: str, year: int, caption: str | None = None) -> bytes:
    """An XLSX file with one sheet per table, named by its form number ("Biểu 01")."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    styles = {
        "title": book.add_format({"bold": True, "font_size": 13}),
        "subtitle": book.add_format({"italic": True}),
        "header": book.add_format(
            {"bold": True, "text_wrap": True, "valign": "top", "border": 1, "bg_color": "#E8EEF4"}
        ),
        TEXT: book.add_format({"border": 1}),
        COUNT: book.add_format({"border": 1, "num_format": "#,##0"}),
        PERCENT: book.add_format({"border": 1, "num_format": "0.00"}),
    }  # fmt: skip
    for table in tables:
        _sheet(book, table, styles, area=area, caption=caption or f"Rà soát năm {year} / {year} review")
    book.close()
    return buffer.getvalue()


def _sheet(
    book: xlsxwriter.Workbook, table: ReportTable, styles: dict[str, object], *, area: str, caption: str
) -> None:
    sheet = book.add_worksheet(table.form)
    sheet.write_string(0, 0, safe_text(f"{table.form}. {table.title_vi}"), styles["title"])
    sheet.write_string(1, 0, safe_text(table.title_en), styles["subtitle"])
    # The area's name comes from the units file a user imported: written as safe text like any cell.
    sheet.write_string(2, 0, safe_text(f"{area} · {caption}"))
    for col, column in enumerate(table.columns):
        sheet.set_column(col, col, WIDTHS[column.kind])
        sheet.write_string(HEADER_ROW, col, safe_text(column.vi), styles["header"])
        sheet.write_string(HEADER_ROW + 1, col, safe_text(column.en), styles["header"])
    for row, values in enumerate(table.values(), start=HEADER_ROW + 2):
        for col, (column, value) in enumerate(zip(table.columns, values, strict=True)):
            if (row - HEADER_ROW - 2, column.key) in table.hidden:
                sheet.write_string(row, col, HIDDEN, styles[TEXT])
            elif value is None:
                sheet.write_blank(row, col, None, styles[column.kind])
            elif isinstance(value, int | float) and column.kind != TEXT:
                write_cell(sheet, row, col, value, styles[column.kind])
            else:
                write_cell(sheet, row, col, str(value), styles[TEXT])
    if table.hidden:
        sheet.write_string(HEADER_ROW + 3 + len(table.rows), 0, safe_text(HIDDEN_NOTE))
    sheet.freeze_panes(HEADER_ROW + 2, 0)
