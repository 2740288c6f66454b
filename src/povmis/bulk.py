"""The bulk path: frames in and out of the database without one Python object per row.

A province is half a million households and two million members; one ORM object (or one Python
tuple) per row would spend minutes and gigabytes on objects the database never needed. Writes are
COPY in CSV on PostgreSQL (Polars writes and reads it natively), batched ``executemany`` and
``fetchmany`` on SQLite; long lists of keys travel in temporary tables.
"""

from __future__ import annotations

import datetime as dt
import itertools
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress

import polars as pl
from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone

BATCH_ROWS = 20_000
COPY_ROWS = 100_000
SQLITE_CACHE_KIB = 256 * 1024
# A write of at least this many rows refreshes the planner's statistics of its table.
ANALYZE_ROWS = 1_000
_temporary_tables = itertools.count()


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
    with _indexes_built_after(model._meta.db_table, frame.height):
        _insert(table, frame)
    if frame.height >= ANALYZE_ROWS:
        refresh_statistics(model)
    return frame.height


def refresh_statistics(*tables: type[models.Model]) -> None:
    """Have PostgreSQL's planner count the rows a bulk write just added (ANALYZE samples, it is quick).

    Until it does, the planner believes a freshly loaded table nearly empty: on a 100,000-household
    province it sorted every household to show the first 50 of a list (1.8 s instead of 0.3 ms),
    and autovacuum may not analyse for minutes, or never where it is switched off. In a transaction,
    ANALYZE counts that transaction's own rows too. SQLite's planner needs no statistics for these lists.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


@contextmanager
def _indexes_built_after(table: str, rows: int) -> Iterator[None]:
    """On SQLite, a load that at least doubles ``table`` builds its plain indexes once, after the rows.

    Inserted one row at a time, a province's two million members' ID numbers land at random places of
    their index: half of the members' write. Built afterwards, SQLite sorts the keys once (9.5 s of
    processor down to 3.5 s for 930,000 members). Only the indexes a constraint does not need are
    dropped, so a duplicate is refused exactly as before; dropped and rebuilt in the caller's
    transaction, a failed load leaves them as they were. A table already larger than the load keeps
    its indexes: rebuilding over all of its rows would cost more than the inserts save.
    """
    if connection.vendor != "sqlite" or rows < ANALYZE_ROWS:
        yield
        return
    quoted = connection.ops.quote_name(table)
    with connection.cursor() as cursor:
        # MAX(id) reads one page of the primary key and bounds the number of rows from above.
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {quoted}")  # noqa: S608  # quoted model metadata
        if cursor.fetchone()[0] > rows:
            yield
            return
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL "
            "AND sql NOT LIKE 'CREATE UNIQUE%%'",
            [table],
        )
        indexes = cursor.fetchall()
    with transaction.atomic(savepoint=False):
        with connection.cursor() as cursor:
            for name, _sql in indexes:
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        yield
        with connection.cursor() as cursor:
            for _name, sql in indexes:
                cursor.execute(sql)


def _insert(table: str, frame: pl.DataFrame) -> None:
    columns = ", ".join(connection.ops.quote_name(name) for name in frame.columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The raw psycopg cursor: Django's wrapper does not expose COPY, nor turn its errors into
            # Django's (a duplicate is an IntegrityError on either database). Polars' CSV and COPY's
            # agree: an unquoted empty field is NULL, a quoted one ("") the empty string.
            with (
                connection.wrap_database_errors,
                cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv)") as copy,
            ):
                for part in frame.iter_slices(COPY_ROWS):
                    copy.write(part.write_csv(include_header=False))
        else:
            marks = ", ".join(["%s"] * frame.width)
            # Dates as the ISO text SQLite keeps, written by Polars at once rather than by Django's adapter
            # one Python call per value (a review's million entitlements each carry one).
            frame = frame.with_columns(pl.col(pl.Date).cast(pl.String))
            sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608  # names are quoted model metadata
            # One transaction (or the caller's): outside one, SQLite would commit after every row.
            with transaction.atomic(savepoint=False):
                # A page cache that holds the indexes being filled: with the default 2 MB, inserting a
                # province's two million members rereads index pages from disk (the pragma is the
                # connection's and may be set inside a transaction; memory is taken only as pages are read).
                cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
                for part in frame.iter_slices(BATCH_ROWS):
                    cursor.executemany(sql, part.rows())


def fetch_frame(sql: str, params: Sequence[str | int | None], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """Run a read query and return its rows as a frame with ``schema``.

    On PostgreSQL the rows come as COPY's CSV, spooled to disk and read by Polars; elsewhere a batch of
    rows at a time becomes a frame. Either way a cycle's two million members never exist as two
    million Python tuples at once (a plain PostgreSQL cursor would also hold the whole result in memory).
    """
    if connection.vendor == "postgresql":
        return _copy_out(sql, params, schema)
    parts = []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(BATCH_ROWS):
            parts.append(pl.DataFrame(rows, schema=schema, orient="row"))
    return pl.concat(parts) if parts else pl.DataFrame(schema=schema)


def _copy_out(sql: str, params: Sequence[str | int | None], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    # Spooled to a temporary file, not a growing buffer: a cycle's two million member answers would
    # otherwise sit in memory twice (the text and the frame read from it).
    with tempfile.TemporaryFile() as spool:
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", params) as copy,
        ):
            for data in copy:
                spool.write(data)
        if spool.tell() == 0:
            return pl.DataFrame(schema=schema)
        spool.seek(0)
        # PostgreSQL writes booleans as t/f, which a CSV reader does not take for a boolean: read them as text.
        booleans = [name for name, dtype in schema.items() if dtype == pl.Boolean()]
        read_schema = {name: pl.String() if name in booleans else dtype for name, dtype in schema.items()}
        frame = pl.read_csv(spool, has_header=False, schema=read_schema)
    return frame.with_columns(pl.col(name).replace_strict({"t": True, "f": False}, default=None) for name in booleans)


def update_rows(model: type[models.Model], frame: pl.DataFrame) -> int:
    """Set, for each row of ``frame``, its other columns on the model's row whose ``id`` it names.

    One UPDATE joined with a temporary table, rather than one UPDATE statement per row.
    """
    if frame.is_empty():
        return 0
    table = connection.ops.quote_name(model._meta.db_table)
    with temporary_table(frame) as rows, connection.cursor() as cursor:
        quote = connection.ops.quote_name
        sets = ", ".join(f"{quote(name)} = r.{quote(name)}" for name in frame.columns if name != "id")
        # Names only: quoted model metadata and our temporary table; the values travel in that table.
        cursor.execute(f"UPDATE {table} SET {sets} FROM {rows} r WHERE {table}.id = r.id")  # noqa: S608
    return frame.height


def delete_rows(model: type[models.Model], column: str, values: pl.Series) -> None:
    """Delete the model's rows whose ``column`` is one of ``values`` (the database cascades nothing here)."""
    table, column = connection.ops.quote_name(model._meta.db_table), connection.ops.quote_name(column)
    with key_table(values) as keys, connection.cursor() as cursor:
        # Names only: quoted model metadata and our temporary table; the values travel in that table.
        cursor.execute(f"DELETE FROM {table} WHERE {column} IN (SELECT key FROM {keys})")  # noqa: S608


@contextmanager
def key_table(values: pl.Series) -> Iterator[str]:
    """A temporary one-column table (``key``) of the distinct ``values``, to join instead of an IN list.

    One join over a keyed table replaces hundreds of chunked ``IN (...)`` queries for a province's
    half a million codes, on either database, and has no limit on the number of values. It has no
    index: building a b-tree of a million texts under the database's collation costs more than the
    hash join the planner picks once it knows the table's size (hence ANALYZE on PostgreSQL).
    """
    with temporary_table(values.drop_nulls().unique().alias("key").to_frame()) as name:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {name}")
        yield name


def _sql_type(dtype: pl.DataType) -> str:
    if dtype.is_integer():
        return "bigint"
    if isinstance(dtype, pl.Datetime):  # SQLite keeps times as text; PostgreSQL will not assign text to one
        return "timestamp with time zone" if connection.vendor == "postgresql" else "text"
    return {pl.Boolean(): "boolean", pl.Float64(): "double precision"}.get(dtype, "text")


@contextmanager
def temporary_table(frame: pl.DataFrame) -> Iterator[str]:
    """``frame`` in a temporary table for the length of the block."""
    name = connection.ops.quote_name(f"povmis_rows_{next(_temporary_tables)}")
    columns = [f"{connection.ops.quote_name(column)} {_sql_type(dtype)}" for column, dtype in frame.schema.items()]
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE {name} ({', '.join(columns)})")
    try:
        if frame.height:
            _insert(name, frame)
        yield name
    except BaseException:
        # In a failed transaction PostgreSQL refuses the DROP; its rollback removes the table anyway.
        with suppress(DatabaseError), connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {name}")
        raise
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {name}")
