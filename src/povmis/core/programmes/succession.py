"""Spending units that ceased in a reorganisation (the districts on 1 July 2025) and the units that took
them over: payments and plan decisions on a dissolved unit's lines after its end are refused, naming its
successors, and a report by unit names them beside the dissolved unit's figures.

``successors`` is one row per dissolved unit and successor: ``unit``, ``ended_on`` (the first day
the unit no longer exists), ``successor`` and ``successor_name``.

>>> import datetime as dt
>>> successors = pl.DataFrame({"unit": ["643", "643"], "ended_on": [dt.date(2025, 7, 1)] * 2,
...     "successor": ["66001", "66002"], "successor_name": ["Tân Lợi", "Tân An"]})
>>> rows = pl.DataFrame({"row": [2, 3], "unit": ["643", "643"],
...     "paid_on": [dt.date(2025, 6, 30), dt.date(2025, 7, 1)]})
>>> after_the_move(rows, successors, "paid_on")["message_en"].str.split(": ").list.first().to_list()
['unit 643 no longer exists from 2025-07-01; its successors are 66001 Tân Lợi, 66002 Tân An']
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from povmis.core.programmes.payments import ROW

SUCCESSOR_SCHEMA: dict[str, pl.DataType] = {
    "unit": pl.String(),
    "ended_on": pl.Date(),
    "successor": pl.String(),
    "successor_name": pl.String(),
}


def named(successors: pl.DataFrame) -> pl.DataFrame:
    """One row per dissolved unit: its end and its successors listed as ``code name, code name``."""
    return (
        successors.sort("successor")
        .group_by("unit")
        .agg(
            pl.col("ended_on").first(),
            pl.concat_str("successor", pl.lit(" "), "successor_name").str.join(", ").alias("__listed"),
            pl.col("successor").alias("successors"),
        )
    )


def after_the_move(rows: pl.DataFrame, successors: pl.DataFrame, date_column: str) -> pl.DataFrame:
    """The issues of ``rows`` (with ``row``, ``unit`` and ``date_column``) dated on or after their unit's end."""
    late = rows.join(named(successors), on="unit").filter(pl.col(date_column) >= pl.col("ended_on"))
    unit, end, listed = pl.col("unit"), pl.col("ended_on").cast(pl.String), pl.col("__listed")
    vi = pl.concat_str(
        pl.lit("đơn vị "),
        unit,
        pl.lit(" không còn từ ngày "),
        end,
        pl.lit("; đơn vị kế thừa: "),
        listed,
        pl.lit(": ghi vào dòng của đơn vị kế thừa (quyết định điều chuyển chuyển vốn sang đó)"),
    )
    en = pl.concat_str(
        pl.lit("unit "),
        unit,
        pl.lit(" no longer exists from "),
        end,
        pl.lit("; its successors are "),
        listed,
        pl.lit(": record this against a successor's line (a transfer decision moves the capital to it)"),
    )
    return late.select(
        pl.col(ROW).cast(pl.Int64), pl.lit("unit").alias("column"), pl.col("unit").alias("value"),
        vi.alias("message_vi"), en.alias("message_en"),
    )  # fmt: skip


def with_successors(groups: pl.DataFrame, successors: pl.DataFrame, on: dt.date) -> pl.DataFrame:
    """Groups by unit with a ``successors`` list: the units that took over a unit ended by ``on`` (else empty)."""
    ended = named(successors).filter(pl.col("ended_on") <= on).select("unit", "successors")
    return groups.join(ended, on="unit", how="left", maintain_order="left").with_columns(
        pl.col("successors").fill_null(pl.lit([], dtype=pl.List(pl.String)))
    )
