"""A printable summary for the steering committee (Ban chỉ đạo): rates by year, targets, worst-off communes.

Set in DejaVu Sans, shipped in fonts/ (Bitstream Vera licence, fonts/LICENSE.txt), because the
PDF core fonts have no Vietnamese letters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import polars as pl
from fpdf import FPDF
from fpdf.fonts import FontFace

from povmis.core.figures.targets import BELOW, REDUCTION

FONTS = Path(__file__).resolve().parent / "fonts"
FAMILY = "DejaVu"
BAR_COLOUR = (44, 94, 140)


def new_document(
    orientation: Literal["portrait", "landscape"] = "portrait", *, side_mm: int = 15, edge_mm: int = 15,
    breaks: bool = True,
) -> FPDF:  # fmt: skip
    """An A4 document with its first page, set in the shipped Vietnamese-capable font.

    ``edge_mm`` is the top margin and, when the text ``breaks`` onto new pages, the bottom one.
    """
    pdf = FPDF(orientation=orientation, unit="mm", format="A4")
    pdf.add_font(FAMILY, "", FONTS / "DejaVuSans.ttf")
    pdf.add_font(FAMILY, "B", FONTS / "DejaVuSans-Bold.ttf")
    pdf.set_auto_page_break(auto=breaks, margin=edge_mm if breaks else 0)
    pdf.set_margins(side_mm, edge_mm, side_mm)
    pdf.add_page()
    return pdf


def _heading(pdf: FPDF, vi: str, en: str) -> None:
    pdf.ln(4)
    pdf.set_font(FAMILY, "B", 12)
    pdf.cell(0, 7, vi, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 9)
    pdf.cell(0, 5, en, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def _table(pdf: FPDF, header: list[str], rows: list[list[str]], widths: tuple[int, ...], text: int = 1) -> None:
    """A bordered table: the first ``text`` columns are words (left), the rest figures (right)."""
    pdf.set_font(FAMILY, "", 8)
    align = tuple("LEFT" if i < text else "RIGHT" for i in range(len(widths)))
    with pdf.table(col_widths=widths, text_align=align, headings_style=FontFace(emphasis="BOLD")) as table:
        for values in [header, *rows]:
            line = table.row()
            for value in values:
                line.cell(value)


def _percent(value: float | None) -> str:
    """A fraction printed as a percentage with two decimals (the only rounding: docs/figures.md)."""
    return "–" if value is None else f"{value * 100:,.2f}"


def _target_value(kind: str, value: float | None) -> str:
    if value is None:
        return "–"
    if kind == REDUCTION:
        return f"{value * 100:.2f} pp/năm / pp a year"
    if kind == BELOW:
        return f"{value * 100:.2f}%"
    return f"{value * 100:.0f}% so với đầu kỳ / of the start"


def _number(value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.2f}"
    return f"{value:,}"


def summary_pdf(
    *,
    area: str,
    rates: pl.DataFrame,
    progress: list[dict[str, Any]],
    worst: pl.DataFrame,
    worst_year: int | None,
    today: dt.date,
    note: str | None = None,
    standards: Sequence[tuple[str, str]] = (),
) -> bytes:
    """The summary as PDF bytes; the inputs come from :mod:`povmis.reports.official`."""
    pdf = new_document()
    pdf.set_font(FAMILY, "B", 15)
    pdf.multi_cell(0, 8, "Báo cáo tóm tắt kết quả giảm nghèo", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 10)
    pdf.cell(0, 6, "Poverty reduction summary for the steering committee", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "B", 11)
    pdf.multi_cell(0, 6, area, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 9)
    pdf.cell(0, 5, f"Ngày lập / Prepared on {today.isoformat()}", new_x="LMARGIN", new_y="NEXT")
    # Each year's rates are read under the standard its review was classified under: named, span by span.
    for span, standard in standards:
        pdf.multi_cell(0, 5, f"Chuẩn nghèo / Standard {span}: {standard}", new_x="LMARGIN", new_y="NEXT")

    _heading(pdf, "1. Tỷ lệ hộ nghèo, hộ cận nghèo theo năm", "Poverty and near-poverty rates by review")
    header = [
        "Năm / Year",
        "Số hộ / Households",
        "Đã phân loại / Classified",
        "Hộ nghèo / Poor",
        "%",
        "Thay đổi / Change (pp)",
        "Cận nghèo / Near-poor",
        "%",
        "Nghèo DTTS / EM poor (%)",
    ]
    rows = [
        [str(r["year"]), _number(r["households"]), _number(r["classified"]), _number(r["poor"]),
         _percent(r["poverty_rate"]), _percent(r["poor_change"]), _number(r["near_poor"]),
         _percent(r["near_poverty_rate"]), _percent(r["em_poverty_rate"])]
        for r in rates.iter_rows(named=True)
    ]  # fmt: skip
    _table(pdf, header, rows, (13, 22, 22, 20, 13, 22, 22, 13, 33))
    _chart(pdf, rates)

    _heading(pdf, "2. Mục tiêu giảm nghèo", "Targets (each judged as on the targets page)")
    header = ["Mục tiêu / Target", "Yêu cầu / Required", "Đạt hoặc dự báo / Reached or projected", "Kết quả / Result"]
    verdicts = {True: "Đạt / On track", False: "Chưa đạt / Off track", None: "Chưa có xu hướng / No trend yet"}
    rows = [
        [f"{p['target']} ({p['source']})", _target_value(p["kind"], p["value"]),
         _target_value(p["kind"], p["actual"]), verdicts[p["met"]]]
        for p in progress
    ]  # fmt: skip
    _table(pdf, header, rows, (86, 28, 36, 30))

    _heading(
        pdf, f"3. Các xã có tỷ lệ hộ nghèo cao nhất ({worst_year or '–'})", "Communes with the highest poverty rate"
    )
    header = ["Mã / Code", "Xã / Commune", "Số hộ / Households", "Hộ nghèo / Poor", "%", "Cận nghèo / Near-poor"]
    rows = [
        [
            r["code"],
            r["unit"],
            _number(r["total"]),
            _number(r["poor"]),
            _number(r["poor_rate"]),
            _number(r["near_poor"]),
        ]
        for r in worst.iter_rows(named=True)
    ]
    _table(pdf, header, rows, (20, 60, 26, 26, 18, 30), text=2)
    if note:
        pdf.set_font(FAMILY, "", 8)
        pdf.multi_cell(0, 4, note, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _chart(pdf: FPDF, rates: pl.DataFrame) -> None:
    """Bars of the poverty rate by year, drawn with the PDF's own shapes (no image library needed)."""
    values = [
        (r["year"], r["poverty_rate"] * 100) for r in rates.iter_rows(named=True) if r["poverty_rate"] is not None
    ]
    if not values:
        return
    top = max(rate for _, rate in values) or 1.0
    height, width, gap = 35.0, 18.0, 10.0
    pdf.ln(4)
    x, base = pdf.l_margin + 10, pdf.get_y() + height + 6
    if base + 10 > pdf.h - pdf.b_margin:
        pdf.add_page()
        base = pdf.get_y() + height + 6
    pdf.set_font(FAMILY, "", 8)
    pdf.set_fill_color(*BAR_COLOUR)
    for year, rate in values:
        bar = height * rate / top
        pdf.rect(x, base - bar, width, bar, style="F")
        pdf.text(x + 2, base - bar - 1.5, f"{rate:.2f}%")
        pdf.text(x + 4, base + 4, str(year))
        x += width + gap
    pdf.set_fill_color(255, 255, 255)  # the tables after the chart must not inherit the bars' colour
    pdf.set_y(base + 6)
