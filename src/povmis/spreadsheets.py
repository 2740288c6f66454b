"""Writing cells that a spreadsheet program will open: text from users can never become a formula.

A name, a code or an answer that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return,
which some programs skip before reading the rest as a formula) is run as a formula by Excel or
LibreOffice when a CSV is opened, or when a cell of a workbook is edited and confirmed: a crafted
household name can then fetch a URL with the sheet's data or start a program (CSV injection,
OWASP). Every XLSX and CSV the app writes goes through this module, which puts an apostrophe
before such text, as the spreadsheet programs themselves do to keep a text a text. Numbers, dates
and booleans are written as what they are, so sums and filters still work.

>>> safe_text("=HYPERLINK(\\"http://x\\")")
'\\'=HYPERLINK("http://x")'
>>> safe_text("Y Nguyễn")
'Y Nguyễn'
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import polars as pl

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
RISKY_START = r"^([=+\-@\t\r])"  # FORMULA_STARTS as a pattern, for whole columns at once


def safe_text(text: str) -> str:
    """``text`` as a spreadsheet will keep it: an apostrophe first when it could start a formula."""
    return QUOTE + text if text.startswith(FORMULA_STARTS) else text


def neutralised(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with every text column made safe (vectorised); numeric and other columns unchanged."""
    texts = frame.with_columns(pl.col(pl.Enum, pl.Categorical).cast(pl.String))
    return texts.with_columns(pl.col(pl.String).str.replace(RISKY_START, QUOTE + "${1}"))


def write_csv(frame: pl.DataFrame, path: Path) -> None:
    neutralised(frame).write_csv(path)


def write_excel(frame: pl.DataFrame, path: Path) -> None:
    neutralised(frame).write_excel(path, autofit=True)


def write_cell(sheet: Any, row: int, col: int, value: object, style: object = None) -> None:
    """One cell of an xlsxwriter worksheet: a number as a number, a date as a date, anything else as safe text.

    Never ``worksheet.write``: it turns a text that starts with ``=`` into a formula.
    """
    if value is None:
        sheet.write_blank(row, col, None, style)
    elif isinstance(value, bool):
        sheet.write_boolean(row, col, value, style)
    elif isinstance(value, int | float):
        sheet.write_number(row, col, value, style)
    elif isinstance(value, datetime.date):
        sheet.write_datetime(row, col, value, style)
    else:
        sheet.write_string(row, col, safe_text(str(value)), style)
