"""Checking capital plan rows against the programmes' data before any is stored.

The programme, project and sub-project must exist in the programme's file (a project whose
sub-projects are still unknown accepts any), type and source must be among the known ones, the plan
year may not precede the capital year, and no line's allocation may fall below zero after a
withdrawal. Each problem names the row and column, in Vietnamese and English.
"""

from __future__ import annotations

import polars as pl

from povmis.core.programmes.definition import CAPITAL_TYPES, SOURCES, Programme
from povmis.core.programmes.lines import LINE_KEY
from povmis.core.programmes.payments import ISSUE_SCHEMA, ROW


def check_plans(rows: pl.DataFrame, programmes: dict[str, Programme]) -> pl.DataFrame:
    """The issues of typed plan rows (``files.typed``), sorted by row and column."""
    projects = pl.DataFrame(
        [(p.id, project.id) for p in programmes.values() for project in p.projects],
        schema={"programme": pl.String(), "project": pl.String()}, orient="row",
    )  # fmt: skip
    subs = pl.DataFrame(
        [(p.id, pr.id, sub.id) for p in programmes.values() for pr in p.projects for sub in pr.sub_projects or ()]
        + [(p.id, pr.id, "") for p in programmes.values() for pr in p.projects if not pr.sub_projects],
        schema={"programme": pl.String(), "project": pl.String(), "sub_project": pl.String()}, orient="row",
    )  # fmt: skip
    open_projects = [(p.id, pr.id) for p in programmes.values() for pr in p.projects if pr.sub_projects is None]
    known_project = rows.join(projects, on=["programme", "project"], how="semi").select(ROW)
    known_sub = rows.join(subs, on=["programme", "project", "sub_project"], how="semi").select(ROW)
    is_open = pl.concat_str("programme", "project", separator="|").is_in([f"{a}|{b}" for a, b in open_projects])
    checks = [
        (~pl.col("programme").is_in(list(programmes)), "programme",
         "không có chương trình này trong thư mục programmes/", f"no such programme (known: {', '.join(programmes)})"),
        (pl.col("programme").is_in(list(programmes)) & ~pl.col(ROW).is_in(known_project[ROW].implode()), "project",
         "dự án không thuộc chương trình", "this project is not one of the programme's projects"),
        (pl.col(ROW).is_in(known_project[ROW].implode()) & ~pl.col(ROW).is_in(known_sub[ROW].implode()) & ~is_open,
         "sub_project", "tiểu dự án không thuộc dự án (để trống nếu dự án không có tiểu dự án)",
         "this sub-project is not one of the project's (leave it empty for a project without sub-projects)"),
        (~pl.col("type").is_in(CAPITAL_TYPES), "type",
         f"loại vốn phải là {', '.join(CAPITAL_TYPES)}", f"must be one of {', '.join(CAPITAL_TYPES)}"),
        (~pl.col("source").is_in(SOURCES), "source", f"nguồn vốn phải là {', '.join(SOURCES)}",
         f"must be one of {', '.join(SOURCES)}"),
        (pl.col("plan_year") < pl.col("capital_year"), "plan_year",
         "năm kế hoạch không được trước năm vốn", "the plan year may not be before the capital year"),
    ]  # fmt: skip
    frames = [row_issues(rows.filter(bad.fill_null(value=False)), column, vi, en) for bad, column, vi, en in checks]
    frames.append(_negative(rows))
    return pl.concat(frames, how="vertical").sort(ROW, "column")


def _negative(rows: pl.DataFrame) -> pl.DataFrame:
    """Rows after which their line's allocation would be negative (a withdrawal of more than was given)."""
    running = rows.sort("decided_on", ROW).with_columns(pl.col("amount_vnd").cum_sum().over(LINE_KEY).alias("__total"))
    return row_issues(
        running.filter(pl.col("__total") < 0), "amount_vnd",
        "số rút vốn lớn hơn số đã giao cho dòng này", "this withdrawal takes the line's allocation below zero",
    )  # fmt: skip


def row_issues(rows: pl.DataFrame, column: str, vi: str, en: str) -> pl.DataFrame:
    """One issue per row of ``rows``, on ``column``, with the same message."""
    return rows.select(
        pl.col(ROW), pl.lit(column).alias("column"), pl.col(column).cast(pl.String).alias("value"),
        pl.lit(vi).alias("message_vi"), pl.lit(en).alias("message_en"),
    ).cast(ISSUE_SCHEMA)  # type: ignore[arg-type]  # fmt: skip
