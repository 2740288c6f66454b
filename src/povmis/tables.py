"""Reading and writing the tables users bring: CSV, Parquet or XLSX, chosen by the file's extension."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from povmis import spreadsheets

FORMATS = (".csv", ".parquet", ".xlsx")


class TableError(ValueError):
    """A file that cannot be read or written; the message names the file and how to fix it."""


def read_table(path: Path) -> pl.DataFrame:
    """Read every column as the file gives it; types are checked later against the questionnaire."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise TableError(f"{path}: no such file")
    try:
        if suffix == ".csv":
            # Text first: a code such as "001" must not lose its zeros, and types are checked later.
            return pl.read_csv(path, infer_schema=False)
        if suffix == ".parquet":
            return pl.read_parquet(path)
        if suffix == ".xlsx":
            return pl.read_excel(path, infer_schema_length=0)
    except (pl.exceptions.PolarsError, OSError, ValueError) as error:
        raise TableError(f"{path}: cannot be read as {suffix[1:].upper()}: {error}") from error
    raise TableError(f"{path}: unknown format '{suffix}'; use one of {', '.join(FORMATS)}")


def write_table(frame: pl.DataFrame, path: Path) -> None:
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise TableError(f"{path}: unknown format '{suffix}'; use one of {', '.join(FORMATS)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    # CSV and XLSX are opened in spreadsheet programs: their text cells are neutralised (a leading
    # apostrophe before a possible formula). Parquet is data for programs and keeps every value as is.
    if suffix == ".csv":
        spreadsheets.write_csv(frame, path)
    elif suffix == ".parquet":
        frame.write_parquet(path)
    else:
        spreadsheets.write_excel(frame, path)
