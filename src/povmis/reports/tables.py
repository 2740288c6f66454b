"""The review's official report tables (domain.md §4), one data function each, over one results frame.

The 2022-2025 templates of Circular 07/2021 have not been obtained; the columns follow the attested
ones (§4.1) and the recommended superset (§4.2-4.4). Titles and headers are bilingual because the
forms are Vietnamese documents that English-speaking partners also read. Rows are the area's total,
then each district followed by its communes, in unit-path order, so a cadre's export and the
province's have the same shape.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from povmis.core import transitions as t
from povmis.core.standard import Standard

TEXT, COUNT, PERCENT = "text", "count", "percent"
Cell = str | int | float | None


@dataclass(frozen=True)
class Column:
    key: str
    vi: str
    en: str
    kind: str = COUNT


@dataclass(frozen=True)
class ReportTable:
    form: str
    key: str
    title_vi: str
    title_en: str
    columns: tuple[Column, ...]
    rows: pl.DataFrame

    def values(self) -> list[list[Cell]]:
        return [list(row) for row in self.rows.select(c.key for c in self.columns).iter_rows()]


UNIT_COLUMNS = (Column("code", "Mã đơn vị", "Unit code", TEXT), Column("unit", "Đơn vị", "Unit", TEXT))
TOTAL_LABEL = "Tổng cộng / Total"


def rate(part: str, whole: str) -> pl.Expr:
    """A percentage with two decimals, as the official forms print it; null for an empty unit."""
    return pl.when(pl.col(whole) > 0).then((pl.col(part) * 100 / pl.col(whole)).round(2)).otherwise(None)


def by_unit(frame: pl.DataFrame, sums: list[str]) -> pl.DataFrame:
    """Sum the 0/1 or count columns ``sums`` for the whole area, each district and each commune."""
    totals = [pl.col(name).sum().cast(pl.Int64) for name in sums]
    district = frame.filter(pl.col("district_code").is_not_null())
    parts = [
        frame.select(
            pl.lit("").alias("path"),
            pl.lit("total").alias("level"),
            pl.lit("").alias("code"),
            pl.lit(TOTAL_LABEL).alias("unit"),
            *totals,
        ),
        district.group_by("district_code", "district_name")
        .agg(pl.col("commune_path").first().str.replace(r"[^/]+/$", "").alias("path"), *totals)
        .select(
            "path",
            pl.lit("district").alias("level"),
            pl.col("district_code").alias("code"),
            pl.col("district_name").alias("unit"),
            *sums,
        ),
        frame.group_by("commune_code", "commune_name", "commune_path")
        .agg(*totals)
        .select(
            pl.col("commune_path").alias("path"),
            pl.lit("commune").alias("level"),
            pl.col("commune_code").alias("code"),
            pl.col("commune_name").alias("unit"),
            *sums,
        ),
    ]
    return pl.concat(parts).sort("path")


def _is(column: str, *values: str) -> pl.Expr:
    return pl.col(column).is_in(list(values)).fill_null(value=False).cast(pl.Int64)


def summary(results: pl.DataFrame) -> ReportTable:
    """Biểu 01: poor, near-poor and average-living-standard households by unit, with persons (§4.1)."""
    flags = results.with_columns(
        total=pl.lit(1, pl.Int64),
        poor=_is("class", "poor"),
        near_poor=_is("class", "near_poor"),
        average=_is("class", "average"),
        poor_persons=_is("class", "poor") * pl.col("persons"),
        near_poor_persons=_is("class", "near_poor") * pl.col("persons"),
    )
    rows = by_unit(flags, ["total", "poor", "near_poor", "average", "poor_persons", "near_poor_persons"])
    rows = rows.with_columns(both=pl.col("poor") + pl.col("near_poor")).with_columns(
        poor_rate=rate("poor", "total"), near_poor_rate=rate("near_poor", "total"), both_rate=rate("both", "total")
    )
    columns = (
        *UNIT_COLUMNS,
        Column("total", "Tổng số hộ", "Households"),
        Column("poor", "Hộ nghèo", "Poor households"),
        Column("poor_rate", "Tỷ lệ hộ nghèo (%)", "Poverty rate (%)", PERCENT),
        Column("near_poor", "Hộ cận nghèo", "Near-poor households"),
        Column("near_poor_rate", "Tỷ lệ hộ cận nghèo (%)", "Near-poor rate (%)", PERCENT),
        Column("both", "Hộ nghèo và cận nghèo", "Poor and near-poor"),
        Column("both_rate", "Tỷ lệ nghèo đa chiều (%)", "Multidimensional poverty rate (%)", PERCENT),
        Column("average", "Hộ có mức sống trung bình", "Average living standard"),
        Column("poor_persons", "Nhân khẩu hộ nghèo", "Persons in poor households"),
        Column("near_poor_persons", "Nhân khẩu hộ cận nghèo", "Persons in near-poor households"),
    )
    return ReportTable(
        "Biểu 01",
        "summary",
        "Tổng hợp kết quả rà soát hộ nghèo, hộ cận nghèo",
        "Review results: poor and near-poor households by unit",
        columns,
        rows,
    )


def _movement(current: pl.DataFrame, previous: pl.DataFrame, side: str, flows: dict[str, pl.Expr]) -> pl.DataFrame:
    """Start (previous review), flows (this review's transition labels) and end, per unit.

    ``other`` closes the stock-flow identity (end = start - out + in + other): households that moved
    in or out of the area, left the register or could not be classified.
    """
    start = previous.with_columns(start=_is("class", side))
    flows_now = current.with_columns(end=_is("class", side), **flows)
    frame = pl.concat([start, flows_now], how="diagonal_relaxed").with_columns(
        pl.col("start", "end", *flows).fill_null(0)
    )
    return by_unit(frame, ["start", *flows, "end"])


def poor_movement(current: pl.DataFrame, previous: pl.DataFrame) -> ReportTable:
    """Biểu 02: movement of poor households since the previous review (§4.2, domain §3.10)."""
    flows = {
        "escaped": _is("transition", t.ESCAPED_POVERTY, t.POOR_TO_NEAR_POOR),
        "from_near_poor": _is("transition", t.NEAR_POOR_TO_POOR),
        "newly": _is("transition", t.NEWLY_POOR),
        "fell_back": _is("transition", t.FELL_BACK_INTO_POVERTY),
    }
    rows = _movement(current, previous, "poor", flows)
    rows = rows.with_columns(
        other=pl.col("end")
        - (pl.col("start") - pl.col("escaped") + pl.col("from_near_poor") + pl.col("newly") + pl.col("fell_back"))
    )
    columns = (
        *UNIT_COLUMNS,
        Column("start", "Hộ nghèo đầu kỳ", "Poor at start"),
        Column("escaped", "Thoát nghèo", "Escaped poverty"),
        Column("from_near_poor", "Từ hộ cận nghèo", "From near-poor"),
        Column("newly", "Hộ nghèo phát sinh", "Newly poor"),
        Column("fell_back", "Tái nghèo", "Fell back into poverty"),
        Column("other", "Khác (chuyển đến, chuyển đi)", "Other (moved in or out)"),
        Column("end", "Hộ nghèo cuối kỳ", "Poor at end"),
    )
    return ReportTable("Biểu 02", "poor_movement", "Diễn biến hộ nghèo", "Movement of poor households", columns, rows)


def near_poor_movement(current: pl.DataFrame, previous: pl.DataFrame) -> ReportTable:
    """Biểu 03: movement of near-poor households since the previous review (§4.2)."""
    flows = {
        "escaped": _is("transition", t.ESCAPED_NEAR_POVERTY),
        "to_poor": _is("transition", t.NEAR_POOR_TO_POOR),
        "from_poor": _is("transition", t.POOR_TO_NEAR_POOR),
        "newly": _is("transition", t.NEWLY_NEAR_POOR),
    }
    rows = _movement(current, previous, "near_poor", flows)
    rows = rows.with_columns(
        other=pl.col("end")
        - (pl.col("start") - pl.col("escaped") - pl.col("to_poor") + pl.col("from_poor") + pl.col("newly"))
    )
    columns = (
        *UNIT_COLUMNS,
        Column("start", "Hộ cận nghèo đầu kỳ", "Near-poor at start"),
        Column("escaped", "Thoát cận nghèo", "Escaped near-poverty"),
        Column("to_poor", "Rơi xuống hộ nghèo", "Became poor"),
        Column("from_poor", "Từ hộ nghèo", "From poor"),
        Column("newly", "Hộ cận nghèo phát sinh", "Newly near-poor"),
        Column("other", "Khác (chuyển đến, chuyển đi)", "Other (moved in or out)"),
        Column("end", "Hộ cận nghèo cuối kỳ", "Near-poor at end"),
    )
    return ReportTable(
        "Biểu 03",
        "near_poor_movement",
        "Diễn biến hộ cận nghèo",
        "Movement of near-poor households",
        columns,
        rows,
    )


def deprivations(results: pl.DataFrame, standard: Standard) -> ReportTable:
    """Biểu 04: poor and near-poor households lacking each basic social service (§4.3)."""
    indicators = pl.DataFrame(
        {
            "order": list(range(len(standard.indicators))),
            "indicator": [i.id for i in standard.indicators],
            "dimension": [standard.dimensions[i.dimension]["vi"] + " / " + standard.dimensions[i.dimension]["en"]
                          for i in standard.indicators],
            "label": [i.label["vi"] + " / " + i.label["en"] for i in standard.indicators],
        }
    )  # fmt: skip
    sizes = {side: int((results["class"] == side).sum()) for side in ("poor", "near_poor")}
    lacking = (
        results.filter(pl.col("class").is_in(list(sizes)))
        .select("class", pl.col("deprived").alias("indicator"))
        .explode("indicator")
        .drop_nulls("indicator")
        .group_by("indicator")
        .agg(poor=_is("class", "poor").sum(), near_poor=_is("class", "near_poor").sum())
    )
    rows = (
        indicators.join(lacking, on="indicator", how="left")
        .with_columns(pl.col("poor", "near_poor").fill_null(0).cast(pl.Int64))
        .with_columns(poor_total=pl.lit(sizes["poor"]), near_poor_total=pl.lit(sizes["near_poor"]))
        .with_columns(poor_share=rate("poor", "poor_total"), near_poor_share=rate("near_poor", "near_poor_total"))
        .sort("order")
    )
    columns = (
        Column("dimension", "Chiều thiếu hụt", "Dimension", TEXT),
        Column("label", "Chỉ số", "Indicator", TEXT),
        Column("poor", "Hộ nghèo thiếu hụt", "Poor households lacking it"),
        Column("poor_share", "Tỷ lệ trong hộ nghèo (%)", "Share of poor (%)", PERCENT),
        Column("near_poor", "Hộ cận nghèo thiếu hụt", "Near-poor households lacking it"),
        Column("near_poor_share", "Tỷ lệ trong hộ cận nghèo (%)", "Share of near-poor (%)", PERCENT),
    )
    return ReportTable(
        "Biểu 04",
        "deprivations",
        "Thiếu hụt dịch vụ xã hội cơ bản của hộ nghèo, hộ cận nghèo",
        "Poor and near-poor households lacking basic social services",
        columns,
        rows,
    )


ETHNIC_GROUPS = {
    True: "Dân tộc thiểu số / Ethnic minority",
    False: "Dân tộc Kinh và khác / Kinh and others",
}
NOT_RECORDED = "Chưa ghi nhận / Not recorded"


def ethnic_groups(results: pl.DataFrame) -> ReportTable:
    """Biểu 05: poor and near-poor households among ethnic-minority households and the others (§4.1)."""
    group = pl.col("ethnic_minority").replace_strict(ETHNIC_GROUPS, default=NOT_RECORDED, return_dtype=pl.String)
    counted = (
        results.with_columns(group.alias("group"))
        .group_by("group")
        .agg(total=pl.len().cast(pl.Int64), poor=_is("class", "poor").sum(), near_poor=_is("class", "near_poor").sum())
    )
    order = [*ETHNIC_GROUPS.values(), NOT_RECORDED]
    all_rows = counted.select(pl.lit(TOTAL_LABEL).alias("group"), pl.col("total", "poor", "near_poor").sum())
    rows = (
        pl.concat([all_rows, counted.sort(pl.col("group").replace_strict(order, list(range(len(order)))))])
        .with_columns(both=pl.col("poor") + pl.col("near_poor"))
        .with_columns(
            poor_rate=rate("poor", "total"), near_poor_rate=rate("near_poor", "total"), both_rate=rate("both", "total")
        )
    )
    columns = (
        Column("group", "Nhóm hộ", "Group", TEXT),
        Column("total", "Tổng số hộ", "Households"),
        Column("poor", "Hộ nghèo", "Poor households"),
        Column("poor_rate", "Tỷ lệ hộ nghèo (%)", "Poverty rate (%)", PERCENT),
        Column("near_poor", "Hộ cận nghèo", "Near-poor households"),
        Column("near_poor_rate", "Tỷ lệ hộ cận nghèo (%)", "Near-poor rate (%)", PERCENT),
        Column("both", "Hộ nghèo và cận nghèo", "Poor and near-poor"),
        Column("both_rate", "Tỷ lệ nghèo đa chiều (%)", "Multidimensional poverty rate (%)", PERCENT),
    )
    return ReportTable(
        "Biểu 05",
        "ethnic_groups",
        "Hộ nghèo, hộ cận nghèo theo dân tộc",
        "Poor and near-poor households by ethnic group",
        columns,
        rows,
    )
