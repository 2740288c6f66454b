"""The output file's layout (programme.md §4) and its checks: every bad cell named by row and column.

An output that is a household's support (a house, a trainee) is the support delivery itself and is
refused here: it is recorded as a delivery, so it is never counted twice.
"""

from __future__ import annotations

import polars as pl

from povmis.core.programmes.indicators import Framework
from povmis.core.programmes.outputs import PERCENT
from povmis.core.programmes.payments import ISSUE_SCHEMA, ROW
from povmis.core.programmes.plan_checks import row_issues
from povmis.core.validate import InputError

OUTPUT_COLUMNS = ("programme", "project", "indicator", "unit", "period", "value", "reference")


def typed_outputs(frame: pl.DataFrame, file_name: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``(rows, issues)``: the rows with a date ``period`` and a number ``value``, and the cells that are neither."""
    missing = [column for column in OUTPUT_COLUMNS if column not in frame.columns]
    if missing:
        raise InputError(
            f"{file_name}: missing column(s) {', '.join(missing)}; the layout is {', '.join(OUTPUT_COLUMNS)}"
        )
    text = frame.select(pl.col(c).cast(pl.String).str.strip_chars().fill_null("") for c in OUTPUT_COLUMNS)
    text = text.with_row_index(ROW, offset=2).with_columns(pl.col(ROW).cast(pl.Int64))
    rows = text.with_columns(
        period=pl.col("period").str.to_date("%Y-%m-%d", strict=False),
        value=pl.col("value").cast(pl.Float64, strict=False),
    )
    issues = [
        row_issues(text.filter(pl.col(c) == ""), c, "không được để trống", "is required")
        for c in OUTPUT_COLUMNS if c not in ("period", "value")
    ]  # fmt: skip
    issues += [
        row_issues(text.filter(rows["period"].is_null()), "period", "cần một ngày dạng YYYY-MM-DD",
                   "expected the period's last day as YYYY-MM-DD"),
        row_issues(text.filter(rows["value"].is_null() | (rows["value"] < 0).fill_null(value=False)), "value",
                   "cần một số không âm", "expected a number of zero or more, without separators"),
    ]  # fmt: skip
    return rows, pl.concat(issues).sort(ROW, "column")


def check_outputs(rows: pl.DataFrame, frameworks: dict[str, Framework]) -> pl.DataFrame:
    """Rows naming an unknown programme or indicator, the wrong project, a delivered output or a share above 100."""
    known = pl.DataFrame(
        [(f.programme, i.code, i.project, i.unit, i.delivered_by is not None, i.level)
         for f in frameworks.values() for i in f.indicators],
        schema={"programme": pl.String, "indicator": pl.String, "__project": pl.String, "__unit": pl.String,
                "__delivered": pl.Boolean, "__level": pl.String}, orient="row",
    )  # fmt: skip
    joined = rows.join(known, on=["programme", "indicator"], how="left")
    found = pl.col("__project").is_not_null()
    checks = [
        (~pl.col("programme").is_in(list(frameworks)), "programme",
         "không có chương trình này trong thư mục programmes/", f"no such programme (known: {', '.join(frameworks)})"),
        (pl.col("programme").is_in(list(frameworks)) & ~found, "indicator",
         "không có chỉ số này trong indicators.yaml của chương trình",
         "no such indicator in the programme's indicators.yaml"),
        (found & (pl.col("__level") != "output"), "indicator",
         "chỉ số kết quả được tính từ sổ hộ, không nhập",
         "an outcome indicator is computed from the registry, not recorded"),
        (found & pl.col("__delivered"), "indicator",
         "đầu ra này là hỗ trợ cho hộ: ghi nhận việc hỗ trợ (chi trả) cho hộ thay vì nhập ở đây",
         "this output is a household's support: record the delivery to the household instead"),
        (found & (pl.col("__project") != pl.col("project")), "project",
         "chỉ số không thuộc dự án này", "the indicator belongs to another project"),
        (found & (pl.col("__unit") == PERCENT) & (pl.col("value") > 100).fill_null(value=False), "value",
         "tỷ lệ phần trăm không quá 100", "a percentage is at most 100"),
    ]  # fmt: skip
    frames = [row_issues(joined.filter(bad.fill_null(value=False)), column, vi, en) for bad, column, vi, en in checks]
    return pl.concat(frames).sort(ROW, "column") if frames else pl.DataFrame(schema=ISSUE_SCHEMA)


def repeated_outputs(rows: pl.DataFrame, known: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``(fresh, issues)``: rows not yet recorded, and references repeated in the file or recorded otherwise."""
    keyed = ["programme", "project", "indicator", "unit", "period", "value"]
    twice = rows.filter(pl.col("reference").is_duplicated())
    joined = rows.join(known.rename({c: f"__{c}" for c in keyed}), on="reference", how="left")
    seen = pl.col("__indicator").is_not_null()
    differs = pl.any_horizontal(pl.col(c) != pl.col(f"__{c}") for c in keyed)
    issues = pl.concat([
        row_issues(twice, "reference", "số hiệu này xuất hiện hai lần trong tệp",
                   "this reference appears twice; keep one row"),
        row_issues(joined.filter(seen & differs), "reference", "số hiệu đã được ghi với giá trị khác",
                   "this reference is already recorded with other values; use a new reference for a new figure"),
    ])  # fmt: skip
    return joined.filter(~seen).select(rows.columns), issues
