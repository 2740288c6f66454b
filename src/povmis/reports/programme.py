"""The programme's reports under Circular 10/2022/TT-BLĐTBXH: the monitoring report (Mẫu 01, six-monthly
and annual) and the implementation results table (Biểu 02), as tables for the XLSX and PDF writers.

The circular's structure is attested (which reports, how often); its rows and columns are not
(programme.md §3: [U]). Each column is therefore marked: attested columns carry what every such
report must give (the indicator, its unit, target and result; capital allocated and disbursed);
columns marked † are recommended by PovMIS (carry-over, households behind an output, cost per
output). Every figure comes from the programme's queries and the dashboard's rates, as the pages do.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import polars as pl

from povmis.accounts.scoping import AnyUser
from povmis.core.programmes.definition import load_programme
from povmis.core.programmes.indicators import load_indicators
from povmis.core.standard import load_standard
from povmis.monitoring import data as monitoring_data
from povmis.programme import queries
from povmis.registry.models import ReviewCycle
from povmis.reports import data, official
from povmis.reports.tables import COUNT, PERCENT, TEXT, Column, ReportTable, deprivations

RECOMMENDED = " †"
RATE_COLUMNS = ("poverty_rate", "poor_change", "near_poverty_rate", "em_poverty_rate")
LEGEND = "† đề xuất, không có trong mẫu được công bố / recommended, not in the published form"


class PeriodError(ValueError):
    """A report period that is neither a year (2025) nor a half-year (2025-H1, 2025-H2)."""


@dataclass(frozen=True)
class Period:
    """A report's period: a half-year (the six-monthly report) or a whole year (the annual report)."""

    year: int
    half: int | None

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 7, 1) if self.half == 2 else dt.date(self.year, 1, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, 6, 30) if self.half == 1 else dt.date(self.year, 12, 31)

    @property
    def label(self) -> str:
        if self.half is None:
            return f"năm {self.year} / year {self.year}"
        return f"6 tháng {'đầu' if self.half == 1 else 'cuối'} năm {self.year} / {self.year} H{self.half}"


def parse_period(text: str) -> Period:
    found = re.fullmatch(r"(\d{4})(?:-[Hh]([12]))?", text.strip())
    if not found:
        raise PeriodError(f"{text!r}: a period is a year (2025) or a half-year (2025-H1, 2025-H2)")
    return Period(int(found[1]), int(found[2]) if found[2] else None)


def _column(key: str, vi: str, en: str, kind: str = COUNT, *, attested: bool = True) -> Column:
    mark = "" if attested else RECOMMENDED
    return Column(key, vi + mark, en + mark, kind)


def capital_table(user: AnyUser, programme: str, period: Period) -> ReportTable:
    """Mẫu 01, I: capital allocated and disbursed by project at the period's end, with the lagging ones."""
    names = {p.id: p.name["vi"] for p in load_programme(programme).projects}
    table = queries.lag_table(user, period.end, programme, ["project"]).with_columns(
        name=pl.col("project").replace_strict(names, default=""),
        carried_vnd=pl.col("allocated_with_carryover_vnd") - pl.col("allocated_vnd"),
        rate_pct=pl.col("rate") * 100,
        rate_all_pct=pl.col("rate_with_carryover") * 100,
        expected_pct=pl.col("expected_share") * 100,
        status=pl.when(pl.col("warning")).then(pl.lit("Chậm / Lagging")).otherwise(pl.lit("")),
    )
    columns = (
        _column("project", "Dự án", "Project", TEXT),
        _column("name", "Tên dự án", "Name", TEXT),
        _column("allocated_vnd", "Kế hoạch vốn năm (đồng)", "Year's capital allocated (VND)"),
        _column("disbursed_vnd", "Đã giải ngân (đồng)", "Disbursed (VND)"),
        _column("rate_pct", "Tỷ lệ giải ngân (%)", "Disbursement rate (%)", PERCENT),
        _column("carried_vnd", "Vốn năm trước chuyển sang (đồng)", "Carried over from earlier years (VND)"),
        _column("rate_all_pct", "Tỷ lệ kể cả vốn chuyển sang (%)", "Rate including carry-over (%)", PERCENT),
        _column("expected_pct", "Tiến độ kỳ vọng (%)", "Expected path (%)", PERCENT, attested=False),
        _column("status", "Cảnh báo", "Warning", TEXT, attested=False),
    )  # fmt: skip
    return ReportTable("Mẫu 01-I", "capital", "Mẫu 01. I. Kết quả huy động, phân bổ và giải ngân vốn",
                       f"Monitoring report, I. Capital allocated and disbursed, {period.label}. {LEGEND}",
                       columns, table)  # fmt: skip


def results_table(user: AnyUser, programme: str, period: Period) -> ReportTable:
    """Biểu 02: each output indicator's result in the period against its target, since 2021 too."""
    framework = load_indicators(programme)
    names = {i.code: i.name["vi"] for i in framework.indicators}
    first_year = min((y for i in framework.indicators for y in (i.targets or {})), default=period.year)
    period_rows = queries.outputs_table(user, programme, period.start, period.end)
    since = queries.outputs_table(user, programme, dt.date(min(first_year, 2021), 1, 1), period.end)
    rows = period_rows.join(since.select("indicator", cumulative="value"), on="indicator", how="left").with_columns(
        name=pl.col("indicator").replace_strict(names, default=""),
        achieved_pct=pl.col("achieved") * 100,
        source=pl.when(pl.col("delivered"))
        .then(pl.lit("Chi trả hỗ trợ / Deliveries"))
        .otherwise(pl.lit("Báo cáo / Records")),
    )  # fmt: skip
    columns = (
        _column("project", "Dự án", "Project", TEXT),
        _column("indicator", "Mã chỉ số", "Indicator code", TEXT),
        _column("name", "Chỉ số", "Indicator", TEXT),
        _column("unit", "Đơn vị tính", "Unit", TEXT),
        _column("target", "Kế hoạch năm", "Target for the year"),
        _column("value", "Thực hiện trong kỳ", "Achieved in the period"),
        _column("achieved_pct", "So với kế hoạch (%)", "Against the target (%)", PERCENT),
        _column("cumulative", "Lũy kế từ đầu giai đoạn", "Cumulative since the start"),
        _column("households", "Số hộ được hỗ trợ", "Households behind it", attested=False),
        _column("cost_vnd", "Kinh phí (đồng)", "Cost (VND)", attested=False),
        _column("cost_per_output_vnd", "Chi phí một đơn vị đầu ra (đồng)", "Cost per output (VND)", attested=False),
        _column("source", "Nguồn số liệu", "Source of the figure", TEXT, attested=False),
    )  # fmt: skip
    return ReportTable("Biểu 02", "results", "Biểu 02. Kết quả thực hiện các chỉ số đầu ra",
                       f"Results table: outputs against their targets, {period.label}. {LEGEND}",
                       columns, rows)  # fmt: skip


def outcome_table(area: str) -> ReportTable:
    """Mẫu 01, III: the poverty rates by review, from the registry (the dashboard's figures), never typed in."""
    rates = official.yearly_rates(area)
    if rates.is_empty():  # no classified review yet: the columns, without rows
        rates = pl.DataFrame(schema={**rates.schema, **dict.fromkeys(RATE_COLUMNS, pl.Float64), "households": pl.Int64,
                                     "poor": pl.Int64, "near_poor": pl.Int64})  # fmt: skip
    rates = rates.with_columns(
        poverty_pct=pl.col("poverty_rate") * 100,
        change_pp=pl.col("poor_change") * 100,
        near_pct=pl.col("near_poverty_rate") * 100,
        em_pct=pl.col("em_poverty_rate") * 100,
        year_text=pl.col("year").cast(pl.String),
    )
    columns = (
        _column("year_text", "Năm rà soát", "Review", TEXT),
        _column("households", "Tổng số hộ", "Households"),
        _column("poor", "Hộ nghèo", "Poor households"),
        _column("poverty_pct", "Tỷ lệ hộ nghèo (%)", "Poverty rate (%)", PERCENT),
        _column("change_pp", "Giảm so với năm trước (điểm %)", "Change on the year before (points)", PERCENT),
        _column("near_poor", "Hộ cận nghèo", "Near-poor households"),
        _column("near_pct", "Tỷ lệ hộ cận nghèo (%)", "Near-poor rate (%)", PERCENT),
        _column("em_pct", "Tỷ lệ hộ nghèo DTTS (%)", "Ethnic-minority poverty rate (%)", PERCENT, attested=False),
    )  # fmt: skip
    return ReportTable("Mẫu 01-III", "outcomes", "Mẫu 01. III. Chỉ số kết quả: tỷ lệ hộ nghèo, cận nghèo",
                       f"Monitoring report, III. Outcome indicators from the registry. {LEGEND}",
                       columns, rates)  # fmt: skip


def monitoring_report(user: AnyUser, programme: str, period: Period, area: str) -> list[ReportTable]:
    """Mẫu 01: capital, outputs (Biểu 02 as its part II), outcomes and, for the last review, the deprivations."""
    tables = [capital_table(user, programme, period), results_table(user, programme, period), outcome_table(area)]
    years = [y for y in monitoring_data.years() if y <= period.year]
    if years:
        cycle = ReviewCycle.objects.get(year=years[-1])
        tables.append(deprivations(data.results_frame(cycle.year, area), load_standard(cycle.standard_id)))
    return tables


def lagging(user: AnyUser, programme: str, on: dt.date) -> list[dict[str, object]]:
    """Every project, source and spending unit warned about on ``on``, the furthest behind first."""
    found = []
    for what in ("project", "source", "unit"):
        table = queries.lag_table(user, on, programme, [what]).filter(pl.col("warning"))
        found += [
            {"what": what, "key": row[what], "rate": row["rate_with_carryover"], "expected": row["expected_share"],
             "gap": row["gap"], "weeks_left": row["weeks_left"]}
            for row in table.to_dicts()
        ]  # fmt: skip
    return sorted(found, key=lambda row: -float(str(row["gap"])))
