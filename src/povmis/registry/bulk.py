"""The bulk path: write a Polars frame straight into a table, COPY on PostgreSQL, batches elsewhere.

A province is half a million households and two million members; one ORM object per row would
spend minutes building Python objects the database never needed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import polars as pl
from django.db import connection, models
from django.utils import timezone

BATCH_ROWS = 20_000


def db_now() -> object:
    """The current time as the database driver expects it (SQLite stores text, PostgreSQL a timestamp)."""
    return connection.ops.adapt_datetimefield_value(timezone.now())


def db_datetime(value: dt.datetime) -> object:
    return connection.ops.adapt_datetimefield_value(value)


def insert_frame(model: type[models.Model], frame: pl.DataFrame) -> int:
    """Insert every row of ``frame``; its column names are the table's column names."""
    if frame.is_empty():
        return 0
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(name) for name in frame.columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The raw psycopg cursor: Django's wrapper does not expose COPY.
            raw = cursor.cursor
            with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in frame.iter_rows():
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * frame.width)
            sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608  # names are quoted model metadata
            for part in frame.iter_slices(BATCH_ROWS):
                cursor.executemany(sql, part.rows())
    return frame.height


def fetch_frame(sql: str, params: Sequence[str | int | None], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """Run a read query and return its rows as a frame with ``schema``."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return pl.DataFrame(rows, schema=schema, orient="row")
