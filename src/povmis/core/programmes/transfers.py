"""Transfer decisions: the capital a dissolved spending unit left unspent moved to the units that took it over.

A transfer is a decision like an allocation, recorded twice: it withdraws the amount from the
dissolved unit's line and allocates it to the successor's line of the same programme, project,
sub-project, type, source, capital year and plan year, so a carry-over stays a carry-over and the
capital keeps its year and source. It may be decided on or after the unit's end, to one of its
successors, and move at most what the line had left unspent that day.
"""

from __future__ import annotations

import polars as pl

from povmis.core.programmes.lines import LINE_KEY, allocations
from povmis.core.programmes.payments import ROW
from povmis.core.programmes.plan_checks import row_issues
from povmis.core.programmes.succession import named

FROM_KEY = [*LINE_KEY[:7], "from_unit"]
TRANSFER_OUT, TRANSFER_IN = "transfer_out", "transfer_in"


def check_transfers(
    rows: pl.DataFrame, plans: pl.DataFrame, payments: pl.DataFrame, successors: pl.DataFrame
) -> pl.DataFrame:
    """The issues of typed transfer rows (``files.typed`` on ``TRANSFER_COLUMNS``), sorted by row and column.

    ``plans`` and ``payments`` are the stored ones; decisions already recorded under a row's
    decision number are left out of what the line had, so checking the same file again gives the same answer.
    """
    earlier = plans.join(rows.select(*FROM_KEY, "decision").rename({"from_unit": "unit"}),
                         on=[*LINE_KEY, "decision"], how="anti")  # fmt: skip
    lines = allocations(earlier).rename({"unit": "from_unit"}).with_columns(pl.lit(value=True).alias("__line"))
    ended = named(successors).rename({"unit": "from_unit"})
    pairs = successors.select(from_unit="unit", to_unit="successor", __successor=pl.lit(value=True))
    checked = (
        rows.join(lines.select(*FROM_KEY, "__line"), on=FROM_KEY, how="left")
        .join(ended, on="from_unit", how="left")
        .join(pairs, on=["from_unit", "to_unit"], how="left")
    )
    line, is_ended = pl.col("__line").is_not_null(), pl.col("ended_on").is_not_null()
    checks = [
        (~line, "from_unit", "đơn vị này không có dòng kế hoạch vốn với các cột của dòng này",
         "this unit has no capital plan line with this row's programme, project, type, source and years"),
        (line & ~is_ended, "from_unit", "đơn vị này vẫn còn; chỉ điều chuyển vốn của đơn vị đã giải thể",
         "this unit still exists; a transfer moves the capital of a dissolved unit to its successors"),
        (is_ended & (pl.col("decided_on") < pl.col("ended_on")), "decided_on",
         "quyết định điều chuyển phải từ ngày đơn vị giải thể trở đi",
         "a transfer is decided on or after the day the unit ceased"),
        (pl.col("amount_vnd") <= 0, "amount_vnd", "số tiền điều chuyển phải lớn hơn 0",
         "the amount moved must be more than zero"),
    ]  # fmt: skip
    frames = [row_issues(checked.filter(bad.fill_null(value=False)), c, vi, en) for bad, c, vi, en in checks]
    frames += [_named_successors(checked), _twice(rows), _unspent(rows, earlier, payments)]
    return pl.concat(frames, how="vertical").sort(ROW, "column")


def _named_successors(checked: pl.DataFrame) -> pl.DataFrame:
    """Rows naming a unit that is not a successor of the dissolved one, with the successors listed: the fix."""
    wrong = checked.filter(pl.col("ended_on").is_not_null() & pl.col("__successor").is_null())
    return wrong.select(
        pl.col(ROW), pl.lit("to_unit").alias("column"), pl.col("to_unit").alias("value"),
        pl.concat_str(pl.lit("không phải đơn vị kế thừa của đơn vị chuyển đi; đơn vị kế thừa: "), "__listed")
        .alias("message_vi"),
        pl.concat_str(pl.lit("not a successor of the unit the capital comes from; its successors are "), "__listed")
        .alias("message_en"),
    )  # fmt: skip


def _twice(rows: pl.DataFrame) -> pl.DataFrame:
    return row_issues(
        rows.filter(pl.struct(*FROM_KEY, "to_unit", "decision").is_duplicated()), "decision",
        "quyết định này xuất hiện hai lần cho cùng một dòng và đơn vị nhận", "this decision appears twice for the "
        "same line and successor; keep one row",
    )  # fmt: skip


def _unspent(rows: pl.DataFrame, plans: pl.DataFrame, payments: pl.DataFrame) -> pl.DataFrame:
    """Rows of a decision moving more than its line had unspent on the decision's day (allocated - paid)."""
    moved = rows.group_by(*FROM_KEY, "decision", "decided_on").agg(pl.col("amount_vnd").sum().alias("__moved"))
    given = plans.rename({"unit": "from_unit", "decision": "__other", "amount_vnd": "__given", "decided_on": "__on"})
    on_day = (
        moved.join(given, on=FROM_KEY)
        .filter(pl.col("__on") <= pl.col("decided_on"))
        .group_by(*FROM_KEY, "decision")
        .agg(pl.col("__given").sum())
    )
    paid = payments.rename({"unit": "from_unit"}).group_by(FROM_KEY).agg(pl.col("amount_vnd").sum().alias("__paid"))
    over = (
        rows.join(moved, on=[*FROM_KEY, "decision", "decided_on"])
        .join(on_day, on=[*FROM_KEY, "decision"], how="left")
        .join(paid, on=FROM_KEY, how="left")
        .with_columns((pl.col("__given") - pl.col("__paid").fill_null(0)).alias("__unspent"))
        .filter(pl.col("__given").is_not_null() & (pl.col("__moved") > pl.col("__unspent")))
    )
    return over.select(
        pl.col(ROW), pl.lit("amount_vnd").alias("column"), pl.col("amount_vnd").cast(pl.String).alias("value"),
        pl.concat_str(pl.lit("quyết định chuyển "), pl.col("__moved").cast(pl.String),
                      pl.lit(" đồng, nhiều hơn số chưa chi của dòng là "), pl.col("__unspent").cast(pl.String),
                      pl.lit(" đồng; giảm số tiền")).alias("message_vi"),
        pl.concat_str(pl.lit("the decision moves VND "), pl.col("__moved").cast(pl.String),
                      pl.lit(", more than the VND "), pl.col("__unspent").cast(pl.String),
                      pl.lit(" the line had unspent that day; lower the amounts")).alias("message_en"),
    )  # fmt: skip


def transfer_decisions(rows: pl.DataFrame) -> pl.DataFrame:
    """The decisions to store: one withdrawal per line and decision, one allocation per successor's row.

    Columns: the file's ``row`` (a withdrawal's first), the line key (``unit``), ``amount_vnd``, ``decision``,
    ``decided_on``, ``kind`` and ``from_unit`` (the dissolved unit, on an allocation; empty on a withdrawal).
    """
    out = rows.group_by(*FROM_KEY, "decision", "decided_on").agg(
        (-pl.col("amount_vnd").sum()).alias("amount_vnd"), pl.col(ROW).min()
    )
    withdrawn = out.select(
        ROW, *LINE_KEY[:7], unit="from_unit", amount_vnd="amount_vnd", decision="decision", decided_on="decided_on",
        kind=pl.lit(TRANSFER_OUT), from_unit=pl.lit(""),
    )  # fmt: skip
    given = rows.select(
        ROW, *LINE_KEY[:7], unit="to_unit", amount_vnd="amount_vnd", decision="decision", decided_on="decided_on",
        kind=pl.lit(TRANSFER_IN), from_unit="from_unit",
    )  # fmt: skip
    return pl.concat([withdrawn, given], how="vertical_relaxed")
