"""Reading a plan or payment spreadsheet (CSV, or the first sheet of an XLSX workbook) as text."""

from __future__ import annotations

import io

import polars as pl

from povmis.core.validate import InputError


def read_text_table(content: bytes, name: str) -> pl.DataFrame:
    """Every cell as text, so that the checks see what the file says, not what a reader guessed."""
    try:
        if name.lower().endswith((".xlsx", ".xlsm")):
            return pl.read_excel(io.BytesIO(content), engine="calamine", infer_schema_length=0)
        return pl.read_csv(io.BytesIO(content), infer_schema=False, encoding="utf8-lossy")
    except Exception as error:  # the readers raise several unrelated types for a damaged file
        raise InputError(f"{name}: not a readable CSV or XLSX file ({error})") from error
