"""The programme's PDFs: Mẫu 01 and Biểu 02 as printed tables, and the steering committee's one page.

Set in the summary's DejaVu Sans (Vietnamese letters); the figures are the same tables the workbook
writes, so the PDF and the XLSX cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from povmis.reports.pdf import FAMILY, _heading, _number, _table, new_document
from povmis.reports.tables import PERCENT, TEXT, ReportTable

PAGE_WIDTH_MM = 267  # A4 landscape less the margins
LAGGING_SHOWN = 8  # the furthest behind; with the outputs and rates this keeps the summary on one page


def _cell(value: Any, kind: str) -> str:
    if value is None:
        return "–"
    if kind == PERCENT and isinstance(value, int | float):
        return f"{value:,.2f}"
    if kind == TEXT:
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    return _number(value)


def tables_pdf(tables: Sequence[ReportTable], *, area: str, caption: str) -> bytes:
    """Each table under its form number and titles, on landscape A4 pages."""
    pdf = new_document("landscape", edge_mm=12)
    for index, table in enumerate(tables):
        if index:
            pdf.add_page()
        pdf.set_font(FAMILY, "B", 12)
        pdf.multi_cell(0, 6, f"{table.title_vi}", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FAMILY, "", 8)
        pdf.multi_cell(0, 4, f"{table.title_en}\n{area} · {caption}", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        texts = sum(1 for column in table.columns if column.kind == TEXT)
        width = PAGE_WIDTH_MM // len(table.columns)
        header = [f"{column.vi} / {column.en}" for column in table.columns]
        rows = [[_cell(v, c.kind) for v, c in zip(values, table.columns, strict=True)] for values in table.values()]
        _table(pdf, header, rows, tuple(width for _ in table.columns), text=texts)
    return bytes(pdf.output())


def steering_pdf(
    *, area: str, programme: str, on: dt.date, total: dict[str, Any], lagging: list[dict[str, Any]],
    outputs: ReportTable, rates: ReportTable,
) -> bytes:  # fmt: skip
    """One page for the steering committee: the money, the outputs, the rates and what lags."""
    pdf = new_document(side_mm=12, edge_mm=10, breaks=False)
    pdf.set_font(FAMILY, "B", 13)
    pdf.cell(0, 7, "Chương trình giảm nghèo: tình hình thực hiện", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 8)
    pdf.cell(
        0, 4, f"The programme at a glance · {programme} · {area} · {on.isoformat()}", new_x="LMARGIN", new_y="NEXT"
    )
    _heading(pdf, "1. Vốn", "Money (VND): the year's own capital, and with the earlier years' capital carried over")
    carried = total["allocated_with_carryover_vnd"] - total["allocated_vnd"]
    _table(pdf, ["", "Giao / Allocated", "Giải ngân / Disbursed", "%"], [
        ["Vốn năm / Year's capital", _number(total["allocated_vnd"]), _number(total["disbursed_vnd"]),
         _cell(None if total["rate"] is None else total["rate"] * 100, PERCENT)],
        ["Chuyển sang / Carried over", _number(carried),
         _number(total["disbursed_with_carryover_vnd"] - total["disbursed_vnd"]), ""],
        ["Tổng / Total", _number(total["allocated_with_carryover_vnd"]), _number(total["disbursed_with_carryover_vnd"]),
         _cell(None if total["rate_with_carryover"] is None else total["rate_with_carryover"] * 100, PERCENT)],
    ], (60, 45, 45, 36))  # fmt: skip
    shown_lagging = min(len(lagging), LAGGING_SHOWN)
    _heading(pdf, "2. Chậm tiến độ",
             f"What lags the path: {len(lagging)} projects, sources or units; "
             f"the {shown_lagging} furthest behind")  # fmt: skip
    rows = [[r["what"], r["key"], _cell(r["rate"] * 100 if r["rate"] is not None else None, PERCENT),
             _cell(r["expected"] * 100, PERCENT), str(r["weeks_left"])] for r in lagging[:LAGGING_SHOWN]]  # fmt: skip
    _table(pdf, ["Nhóm / Group", "Mã / Key", "Tỷ lệ / Rate %", "Kỳ vọng / Expected %", "Tuần còn lại / Weeks left"],
           rows or [["–", "", "", "", ""]], (40, 40, 35, 35, 36), text=2)  # fmt: skip
    _heading(pdf, "3. Đầu ra", "Outputs against their targets, this year")
    shown = [
        c for c in outputs.columns if c.key in ("indicator", "unit", "target", "value", "achieved_pct", "households")
    ]
    # The outputs with something to say: a result or a target (an indicator with neither is left out).
    reported = [row for row in outputs.rows.to_dicts() if row["value"] or row["target"] is not None]
    out_rows = [[_cell(row[c.key], c.kind) for c in shown] for row in reported]
    _table(pdf, [c.vi for c in shown], out_rows, (56, 30, 25, 25, 25, 25), text=2)
    _heading(pdf, "4. Tỷ lệ hộ nghèo", "Poverty rates from the registry")
    shown = [c for c in rates.columns if c.key in ("year_text", "poverty_pct", "change_pp", "near_pct", "em_pct")]
    rate_rows = [[_cell(row[c.key], c.kind) for c in shown] for row in rates.rows.to_dicts()]
    _table(pdf, [c.vi for c in shown], rate_rows, (30, 38, 44, 38, 36))
    return bytes(pdf.output())
