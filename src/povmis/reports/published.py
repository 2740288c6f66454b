"""The official tables and the summary as published: small counts suppressed (docs/privacy.md).

settings.POVMIS_SMALL_CELL_MINIMUM (0 by default: the forms go to the ministry with exact counts)
hides any count of 1 to minimum - 1 households in the workbook and the PDF summary, with the
complementary cells that would give it back by subtraction and the rates computed from it. Each
table says which relations it states, so the suppression knows what a reader could subtract.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import polars as pl
from django.conf import settings

from povmis.core.figures.suppression import suppress
from povmis.reports.official import worst_units
from povmis.reports.tables import COUNT, TOTAL_LABEL, ReportTable

POOR_FLOW = ["poor_start", "poor_escaped", "poor_moved_out", "poor_newly_poor", "poor_fell_back", "poor_moved_in"]
NEAR_POOR_FLOW = ["near_poor_start", "near_poor_escaped", "near_poor_became_poor", "near_poor_moved_out",
                  "near_poor_from_poor", "near_poor_newly_near_poor", "near_poor_moved_in"]  # fmt: skip
SHARES = {"poor_rate": ["poor", "classified"], "near_poor_rate": ["near_poor", "classified"],
          "both_rate": ["both", "classified"]}  # fmt: skip
# Per table: the row relations it states, and what a hidden count hides with it.
RULES: dict[str, tuple[list[tuple[str, list[str]]], dict[str, list[str]]]] = {
    "summary": (
        [("both", ["poor", "near_poor"]), ("total", ["classified", "unclassified"])],
        {**SHARES, "poor_persons": ["poor"], "near_poor_persons": ["near_poor"]},
    ),
    "poor_movement": ([("poor_end", POOR_FLOW)], {}),
    "near_poor_movement": ([("near_poor_end", NEAR_POOR_FLOW)], {}),
    "deprivations": ([], {"poor_share": ["poor"], "near_poor_share": ["near_poor"]}),
    "ethnic_groups": ([("both", ["poor", "near_poor"]), ("total", ["classified", "unclassified"])], SHARES),
}


def minimum() -> int:
    return int(settings.POVMIS_SMALL_CELL_MINIMUM)


def suppression_note() -> str | None:
    """The summary's footnote when suppression is on: "–" may stand for a hidden count."""
    if minimum() < 2:  # below two nothing is hidden
        return None
    return (
        f"– : số dưới {minimum()} hộ, hoặc ô có thể suy ra số đó, được ẩn / a count under {minimum()} "
        "households, or a cell that would reveal one, is hidden (docs/privacy.md)"
    )


def published(tables: Sequence[ReportTable]) -> list[ReportTable]:
    return [published_table(table) for table in tables]


def published_table(table: ReportTable) -> ReportTable:
    """``table`` with its small cells hidden (null) and listed in ``hidden`` (row, column key)."""
    sums, follows = RULES.get(table.key, ([], {}))
    counts = [column.key for column in table.columns if column.kind == COUNT]
    rows = table.rows.with_row_index("_row")
    key, parents = _hierarchy(rows)
    hidden_rows = suppress(rows, counts, minimum=minimum(), sums=sums, parents=parents, follows=follows, key=key)
    hidden = frozenset(
        (row, column)
        for column in {*counts, *follows}
        for row in range(rows.height)
        if rows[column][row] is not None and hidden_rows[column][row] is None
    )
    return dataclasses.replace(table, rows=hidden_rows.drop("_row"), hidden=hidden)


def _hierarchy(rows: pl.DataFrame) -> tuple[str, dict[str, str]]:
    """The column that names a row, and each row → the row it adds up into.

    Unit tables: a commune into its district (the longest path its own starts with), a district
    into the area's total (path ""). The ethnic groups' table: each group into the total row.
    """
    if "path" in rows.columns:
        paths = set(rows["path"].to_list())
        parents = {
            path: max((p for p in paths if p != path and path.startswith(p)), key=len, default="")
            for path in paths - {""}
        }
        return "path", parents
    if "group" in rows.columns:
        return "group", {group: TOTAL_LABEL for group in rows["group"].to_list() if group != TOTAL_LABEL}
    return "_row", {}


def published_worst(table: ReportTable, count: int) -> pl.DataFrame:
    """The ``count`` communes worst off by their true rates (as official.worst_units), their cells as published."""
    chosen = worst_units(table, count)["code"].to_list()
    shown = published_table(table).rows.filter(pl.col("code").is_in(chosen))
    return shown.sort(pl.col("code").replace_strict(chosen, list(range(len(chosen)))))


def published_rates(rates: pl.DataFrame) -> pl.DataFrame:
    """The summary's yearly rows (one per review) with small counts hidden, and the rates built on them."""
    counts = ["households", "classified", "poor", "near_poor", "em_poor"]
    follows = {"poverty_rate": ["poor", "classified"], "near_poverty_rate": ["near_poor", "classified"],
               "em_poverty_rate": ["em_poor"], "poor_change": ["poor", "classified"]}  # fmt: skip
    present = [column for column in counts if column in rates.columns]
    rows = rates.with_row_index("_row")
    kept = {column: sources for column, sources in follows.items() if column in rates.columns}
    return suppress(rows, present, minimum=minimum(), follows=kept, key="_row").drop("_row")
