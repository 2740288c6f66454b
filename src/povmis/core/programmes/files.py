"""The finance and treasury spreadsheets' layouts (programme.md §4), read from text into typed frames.

Every cell is read as text and converted here, so a bad cell is reported with its row and column
rather than guessed: whole VND, ISO dates, years. Rows are numbered as a spreadsheet shows them
(the header is row 1).
"""

from __future__ import annotations

import polars as pl

from povmis.core.programmes.payments import ISSUE_SCHEMA, ROW
from povmis.core.validate import InputError

PLAN_COLUMNS = (
    "programme", "project", "sub_project", "type", "source", "capital_year", "plan_year", "unit",
    "amount_vnd", "decision", "decided_on",
)  # fmt: skip
PAYMENT_COLUMNS = (
    "programme", "project", "sub_project", "type", "source", "capital_year", "unit", "paid_on", "amount_vnd", "voucher",
)  # fmt: skip
# A dissolved unit's capital moved to a successor: the line's key with both units, and the transfer decision.
TRANSFER_COLUMNS = (
    "programme", "project", "sub_project", "type", "source", "capital_year", "plan_year", "from_unit", "to_unit",
    "amount_vnd", "decision", "decided_on",
)  # fmt: skip
YEARS = ("capital_year", "plan_year")
DATES = ("decided_on", "paid_on")
OPTIONAL = ("sub_project",)


def typed(frame: pl.DataFrame, columns: tuple[str, ...], file_name: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``(rows, issues)``: the file's rows with typed values and a ``row`` number, and its bad cells."""
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise InputError(f"{file_name}: missing column(s) {', '.join(missing)}; the layout is {', '.join(columns)}")
    text = frame.select(pl.col(c).cast(pl.String).str.strip_chars() for c in columns).with_row_index(ROW, offset=2)
    text = text.with_columns(pl.col(ROW).cast(pl.Int64), *(pl.col(c).fill_null("") for c in OPTIONAL))
    converted = text.with_columns(*(_convert(column) for column in columns if column in (*YEARS, *DATES, "amount_vnd")))
    issues = pl.concat([_cell_issues(text, converted, column) for column in columns], how="vertical")
    return converted, issues.sort(ROW, "column")


def _convert(column: str) -> pl.Expr:
    raw = pl.col(column)
    if column in DATES:
        return raw.str.to_date("%Y-%m-%d", strict=False)
    if column in YEARS:
        return raw.cast(pl.Int32, strict=False)
    return raw.cast(pl.Int64, strict=False)


def _cell_issues(text: pl.DataFrame, converted: pl.DataFrame, column: str) -> pl.DataFrame:
    if column in OPTIONAL:
        return pl.DataFrame(schema=ISSUE_SCHEMA)
    bad = text[column].is_null() | (text[column] == "")
    if column in (*YEARS, *DATES, "amount_vnd"):
        bad = bad | converted[column].is_null()
    vi, en = _messages(column)
    return text.filter(bad).select(
        pl.col(ROW), pl.lit(column).alias("column"), pl.col(column).fill_null("").alias("value"),
        pl.lit(vi).alias("message_vi"), pl.lit(en).alias("message_en"),
    ).cast(ISSUE_SCHEMA)  # type: ignore[arg-type]  # fmt: skip


def _messages(column: str) -> tuple[str, str]:
    if column in DATES:
        return "cần một ngày dạng YYYY-MM-DD", "expected a date YYYY-MM-DD"
    if column in YEARS:
        return "cần một năm (ví dụ 2025)", "expected a year (e.g. 2025)"
    if column == "amount_vnd":
        return "cần số tiền nguyên bằng đồng, không có dấu chấm hay phẩy", "expected whole VND, without separators"
    return "không được để trống", "is required"
