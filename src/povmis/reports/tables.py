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

from povmis.core.figures.rates import household_counts, rates
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
    # Cells hidden as small counts, or as what would give one back (reports.published): (row, column key).
    hidden: frozenset[tuple[int, str]] = frozenset()

    def values(self) -> list[list[Cell]]:
        return [list(row) for row in self.rows.select(c.key for c in self.columns).iter_rows()]


UNIT_COLUMNS = (Column("code", "Mã đơn vị", "Unit code", TEXT), Column("unit", "Đơn vị", "Unit", TEXT))
# The counts and rates of the summary tables, each row's (the figures of core.figures.rates).
RATE_COLUMNS = (
    Column("total", "Tổng số hộ", "Households"),
    Column("poor", "Hộ nghèo", "Poor households"),
    Column("poor_rate", "Tỷ lệ hộ nghèo (%)", "Poverty rate (%)", PERCENT),
    Column("near_poor", "Hộ cận nghèo", "Near-poor households"),
    Column("near_poor_rate", "Tỷ lệ hộ cận nghèo (%)", "Near-poor rate (%)", PERCENT),
    Column("both", "Hộ nghèo và cận nghèo", "Poor and near-poor"),
    Column("both_rate", "Tỷ lệ nghèo đa chiều (nghèo và cận nghèo, %)",
           "Multidimensional poverty rate (poor and near-poor, %)", PERCENT),
)  # fmt: skip
# Beside every rate its denominator, and the households the rates leave out.
DENOMINATOR_COLUMNS = (
    Column("classified", "Số hộ đã phân loại (mẫu số của tỷ lệ)", "Classified households (the rates' denominator)"),
    Column("unclassified", "Số hộ chưa phân loại được", "Households not classified"),
)  # fmt: skip
TOTAL_LABEL = "Tổng cộng / Total"


def rate(part: str, whole: str) -> pl.Expr:
    """A share in percent, unrounded (the sheet prints two decimals); null for an empty group."""
    return pl.when(pl.col(whole) > 0).then(pl.col(part) * 100 / pl.col(whole)).otherwise(None)


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


def percent(rate: str) -> pl.Expr:
    """A core rate (a fraction) as the forms print it, in percent; the sheet's format rounds it when shown."""
    return pl.col(rate) * 100


def persons(results: pl.DataFrame) -> pl.DataFrame:
    """Persons in poor and near-poor households by unit (code), from the results read model."""
    flags = results.with_columns(
        poor_persons=_is("class", "poor") * pl.col("persons"),
        near_poor_persons=_is("class", "near_poor") * pl.col("persons"),
        average=_is("class", "average"),
    )
    return by_unit(flags, ["average", "poor_persons", "near_poor_persons"]).select(
        "code", "average", "poor_persons", "near_poor_persons"
    )


def summary(figures: pl.DataFrame, people: pl.DataFrame) -> ReportTable:
    """Biểu 01: poor, near-poor and average-living-standard households by unit, with persons (§4.1).

    ``figures`` is :func:`povmis.monitoring.figures.units_table`'s rows (with the total first): the
    same counts and rates as the dashboard. Rates are of the classified households; the households
    the review could not classify are listed beside them.
    """
    rows = figures.join(people, on="code", how="left").with_columns(
        pl.col("average", "poor_persons", "near_poor_persons").fill_null(0),
        total=pl.col("households"),
        both=pl.col("poor_near"),
        poor_rate=percent("poverty_rate"),
        near_poor_rate=percent("near_poverty_rate"),
        both_rate=percent("multidimensional_poverty_rate"),
    )
    columns = (
        *UNIT_COLUMNS,
        *RATE_COLUMNS,
        Column("average", "Hộ có mức sống trung bình", "Average living standard"),
        Column("poor_persons", "Nhân khẩu hộ nghèo", "Persons in poor households"),
        Column("near_poor_persons", "Nhân khẩu hộ cận nghèo", "Persons in near-poor households"),
        *DENOMINATOR_COLUMNS,
    )  # fmt: skip
    return ReportTable(
        "Biểu 01",
        "summary",
        "Tổng hợp kết quả rà soát hộ nghèo, hộ cận nghèo",
        "Review results: poor and near-poor households by unit",
        columns,
        rows,
    )


def poor_movement(figures: pl.DataFrame) -> ReportTable:
    """Biểu 02: movement of poor households since the previous review (§4.2, docs/figures.md §3).

    The flows of :mod:`povmis.core.figures.flows`, whose identity is checked before they reach here:
    end = start - escaped - moved out + newly poor + fell back + moved in.
    """
    columns = (
        *UNIT_COLUMNS,
        Column("poor_start", "Hộ nghèo đầu kỳ", "Poor at start"),
        Column("poor_escaped", "Thoát nghèo", "Escaped poverty"),
        Column("poor_moved_out", "Chuyển đi, ra khỏi danh sách hoặc chưa phân loại", "Moved out, left or unclassified"),
        Column("poor_newly_poor", "Hộ nghèo phát sinh (kể cả từ cận nghèo)", "Newly poor (incl. from near-poor)"),
        Column("poor_fell_back", "Tái nghèo", "Fell back into poverty"),
        Column("poor_moved_in", "Chuyển đến hoặc mới vào danh sách", "Moved in or new to the register"),
        Column("poor_end", "Hộ nghèo cuối kỳ", "Poor at end"),
    )  # fmt: skip
    return ReportTable(
        "Biểu 02", "poor_movement", "Diễn biến hộ nghèo", "Movement of poor households", columns, figures
    )


def near_poor_movement(figures: pl.DataFrame) -> ReportTable:
    """Biểu 03: movement of near-poor households since the previous review (§4.2), identity checked."""
    columns = (
        *UNIT_COLUMNS,
        Column("near_poor_start", "Hộ cận nghèo đầu kỳ", "Near-poor at start"),
        Column("near_poor_escaped", "Thoát cận nghèo", "Escaped near-poverty"),
        Column("near_poor_became_poor", "Rơi xuống hộ nghèo", "Became poor"),
        Column("near_poor_moved_out", "Chuyển đi, ra khỏi danh sách hoặc chưa phân loại",
               "Moved out, left or unclassified"),
        Column("near_poor_from_poor", "Từ hộ nghèo", "From poor"),
        Column("near_poor_newly_near_poor", "Hộ cận nghèo phát sinh", "Newly near-poor"),
        Column("near_poor_moved_in", "Chuyển đến hoặc mới vào danh sách", "Moved in or new to the register"),
        Column("near_poor_end", "Hộ cận nghèo cuối kỳ", "Near-poor at end"),
    )  # fmt: skip
    return ReportTable(
        "Biểu 03",
        "near_poor_movement",
        "Diễn biến hộ cận nghèo",
        "Movement of near-poor households",
        columns,
        figures,
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
    grouped = results.with_columns(group.alias("group"))
    by_group = rates(household_counts(grouped, ["group"]), ["group"])
    total = rates(household_counts(grouped.with_columns(pl.lit(TOTAL_LABEL).alias("group")), ["group"]), ["group"])
    order = [TOTAL_LABEL, *ETHNIC_GROUPS.values(), NOT_RECORDED]
    rows = (
        pl.concat([total, by_group])
        .sort(pl.col("group").replace_strict(order, list(range(len(order)))))
        .with_columns(
            total=pl.col("households"),
            both=pl.col("poor_near"),
            poor_rate=percent("poverty_rate"),
            near_poor_rate=percent("near_poverty_rate"),
            both_rate=percent("multidimensional_poverty_rate"),
        )
    )
    columns = (
        Column("group", "Nhóm hộ", "Group", TEXT),
        *RATE_COLUMNS,
        *DENOMINATOR_COLUMNS,
    )  # fmt: skip
    return ReportTable(
        "Biểu 05",
        "ethnic_groups",
        "Hộ nghèo, hộ cận nghèo theo dân tộc",
        "Poor and near-poor households by ethnic group",
        columns,
        rows,
    )
