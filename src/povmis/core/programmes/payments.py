"""Checking payments against the plan lines before any is stored.

A payment is refused when it names no plan line, falls outside its line's period, or would take what
was paid on its line above what was allocated to it by that day. Each refusal is a row of an issues
table naming the file's row and column, in Vietnamese and English, with how to fix it. A payment that
passes is given its line's plan year, so that it is stored against exactly one line.
"""

from __future__ import annotations

import polars as pl

from povmis.core.programmes.definition import Deadline
from povmis.core.programmes.lines import LINE_KEY, PAYMENT_KEY, PAYMENT_SCHEMA, allocations, with_periods

ROW = "row"
ISSUE_SCHEMA: dict[str, pl.DataType] = {
    "row": pl.Int64(),
    "column": pl.String(),
    "value": pl.String(),
    "message_vi": pl.String(),
    "message_en": pl.String(),
}


def check_payments(
    plans: pl.DataFrame, recorded: pl.DataFrame, incoming: pl.DataFrame, deadline: Deadline
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``(accepted, issues)``: the incoming payments (with a ``row`` column) matched to their lines.

    ``recorded`` are the payments already stored (with their plan year); an incoming payment whose
    voucher is already recorded with the same values is left out, so importing a file twice is a
    no-op; the same voucher with other values is an issue.
    """
    incoming = incoming.with_columns(pl.col(c).cast(PAYMENT_SCHEMA[c]) for c in (*PAYMENT_KEY, "paid_on", "amount_vnd"))
    fresh, repeat_issues = _drop_recorded(recorded, incoming)
    lines = with_periods(allocations(plans), deadline)
    matched = fresh.join(
        lines.select(*PAYMENT_KEY, "plan_year", "period_from", "period_to"), on=list(PAYMENT_KEY), how="left"
    )
    in_period = matched.filter(pl.col("paid_on").is_between(pl.col("period_from"), pl.col("period_to")))
    placed = in_period.drop("period_from", "period_to")
    unplaced = fresh.join(placed.select(ROW), on=ROW, how="anti")
    no_line = _no_line_issues(lines, unplaced)
    out_of_period = _period_issues(lines, unplaced.join(no_line.select(ROW), on=ROW, how="anti"))
    over = _over_issues(plans, recorded, placed)
    issues = pl.concat([repeat_issues, no_line, out_of_period, over], how="vertical").sort(ROW, "column")
    accepted = placed.join(issues.select(ROW), on=ROW, how="anti").sort(ROW)
    return accepted, issues


def _text(template: str, *values: pl.Expr) -> pl.Expr:
    """``template`` with each {} filled; concat_str rather than pl.format, which panics on filtered frames."""
    pieces = template.split("{}")
    parts: list[pl.Expr] = [pl.lit(pieces[0])]
    for value, piece in zip(values, pieces[1:], strict=True):
        parts += [value.cast(pl.String), pl.lit(piece)]
    return pl.concat_str(parts)


def _issue(frame: pl.DataFrame, column: str, value: pl.Expr, vi: pl.Expr, en: pl.Expr) -> pl.DataFrame:
    return frame.select(
        pl.col(ROW).cast(pl.Int64),
        pl.lit(column).alias("column"),
        value.cast(pl.String).alias("value"),
        vi.alias("message_vi"),
        en.alias("message_en"),
    )


def _drop_recorded(recorded: pl.DataFrame, incoming: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    compared = [*PAYMENT_KEY, "paid_on", "amount_vnd"]
    known = recorded.select("voucher", *[pl.col(c).alias(f"{c}__recorded") for c in compared])
    joined = incoming.join(known, on="voucher", how="left")
    seen = pl.col("amount_vnd__recorded").is_not_null()
    same = pl.all_horizontal([pl.col(c).eq_missing(pl.col(f"{c}__recorded")) for c in compared])
    conflicts = joined.filter(seen & ~same)
    issues = _issue(
        conflicts,
        "voucher",
        pl.col("voucher"),
        _text(
            "chứng từ {} đã được ghi với nội dung khác; dùng số chứng từ mới hoặc sửa lại dòng này", pl.col("voucher")
        ),
        _text(
            "voucher {} is already recorded with other values; give a new voucher number or correct this row",
            pl.col("voucher"),
        ),
    )
    return joined.filter(~seen).select(incoming.columns), issues


def _no_line_issues(lines: pl.DataFrame, unplaced: pl.DataFrame) -> pl.DataFrame:
    """For payments whose key matches no line, name the first key column that matches no line."""
    culprit = pl.lit(None, dtype=pl.String)
    for depth in range(len(PAYMENT_KEY), 0, -1):
        prefix = list(PAYMENT_KEY[:depth])
        known = lines.select(prefix).unique().with_columns(pl.lit(value=True).alias(f"__known{depth}"))
        unplaced = unplaced.join(known, on=prefix, how="left")
        culprit = pl.when(pl.col(f"__known{depth}").is_null()).then(pl.lit(PAYMENT_KEY[depth - 1])).otherwise(culprit)
    flagged = unplaced.with_columns(culprit.alias("__culprit")).filter(pl.col("__culprit").is_not_null())
    frames = []
    for column in PAYMENT_KEY:
        rows = flagged.filter(pl.col("__culprit") == column)
        frames.append(
            _issue(
                rows,
                column,
                pl.col(column),
                _text(
                    "không có dòng kế hoạch vốn nào có {} = {} (với các cột trước đó của dòng này); nhập kế hoạch "
                    "trước hoặc sửa mã",
                    pl.lit(column),
                    pl.col(column),
                ),
                _text(
                    "no capital plan line has {} = {} (with this row's earlier columns); import the plan first or "
                    "correct the code",
                    pl.lit(column),
                    pl.col(column),
                ),
            )
        )
    return pl.concat(frames)


def _period_issues(lines: pl.DataFrame, unplaced: pl.DataFrame) -> pl.DataFrame:
    periods = lines.group_by(PAYMENT_KEY).agg(
        _text("{}..{}", pl.col("period_from"), pl.col("period_to")).sort().str.join(", ").alias("__periods")
    )
    rows = unplaced.join(periods, on=list(PAYMENT_KEY), how="left")
    return _issue(
        rows,
        "paid_on",
        pl.col("paid_on"),
        _text(
            "ngày chi {} nằm ngoài thời gian được chi của dòng kế hoạch ({}); kiểm tra ngày hoặc năm vốn",
            pl.col("paid_on"),
            pl.col("__periods"),
        ),
        _text(
            "paid on {} is outside the period its plan line may be spent in ({}); check the date or the capital year",
            pl.col("paid_on"),
            pl.col("__periods"),
        ),
    )


def _over_issues(plans: pl.DataFrame, recorded: pl.DataFrame, placed: pl.DataFrame) -> pl.DataFrame:
    """Payments that take their line's total paid above what was allocated to it by their day.

    Recorded and incoming payments run in date order (rows in file order within a day), each counted
    as if every earlier row were accepted: a file with any issue is refused whole, and once its
    first refusal is fixed the totals after it are the ones that will be stored.
    """
    decisions = (
        plans.sort("decided_on")
        .with_columns(pl.col("amount_vnd").cum_sum().over(LINE_KEY).alias("__allocated"))
        .select(*LINE_KEY, "decided_on", "__allocated")
    )
    stream = pl.concat(
        [
            recorded.select(*LINE_KEY, "paid_on", "amount_vnd").with_columns(pl.lit(None, dtype=pl.Int64).alias(ROW)),
            placed.select(*LINE_KEY, "paid_on", "amount_vnd", pl.col(ROW).cast(pl.Int64)),
        ],
        how="vertical_relaxed",
    ).sort("paid_on", ROW, nulls_last=False)
    running = stream.with_columns(pl.col("amount_vnd").cum_sum().over(LINE_KEY).alias("__paid"))
    dated = (
        running.sort("paid_on")
        .join_asof(
            decisions.sort("decided_on"),
            left_on="paid_on",
            right_on="decided_on",
            by=list(LINE_KEY),
            check_sortedness=False,  # sorted by date overall, which is what an as-of join within lines needs
        )
        .with_columns(pl.col("__allocated").fill_null(0))
    )
    over = dated.filter(pl.col(ROW).is_not_null() & (pl.col("__paid") > pl.col("__allocated")))
    return _issue(
        over,
        "amount_vnd",
        pl.col("amount_vnd"),
        _text(
            "khoản chi làm tổng đã chi của dòng lên {} đồng, vượt số vốn được giao đến ngày {} là {} đồng; giảm số "
            "tiền hoặc bổ sung kế hoạch vốn trước",
            pl.col("__paid"),
            pl.col("paid_on"),
            pl.col("__allocated"),
        ),
        _text(
            "this payment takes its line's total paid to VND {}, above the VND {} allocated to it by {}; lower the "
            "amount or amend the plan first",
            pl.col("__paid"),
            pl.col("__allocated"),
            pl.col("paid_on"),
        ),
    )
