"""Checks an import makes beyond the questionnaire's own: place, access, consistency, plausibility.

Types, ranges, codes and required answers are the core's ``prepare_inputs``; these checks need the
registry (is this commune ours? is this ID number already in another household?) or last year's
answers. Each returns rows of the issues table, with a severity: an error rejects the household, a
warning is shown for the reviewer to confirm.
"""

from __future__ import annotations

import polars as pl

from povmis.core.validate import ISSUE_SCHEMA

ROW = "_row"
# Rows are numbered as a spreadsheet shows them (the header is row 1), as the core's validation does.
FIRST_DATA_ROW = 2
ERROR, WARNING = "error", "warning"
ISSUES_SCHEMA: dict[str, pl.DataType] = {**ISSUE_SCHEMA, "severity": pl.String()}

# Implausible year-on-year jumps. A household's income rarely triples or falls to a third in one
# year, and its floor area rarely doubles or halves; when it does, the reviewer should confirm it.
INCOME_JUMP = 3.0
AREA_JUMP = 2.0
# Ages move by the years between cycles; one year of slack for birthdays around the survey date.
AGE_SLACK = 1
# Work statuses a child below working age cannot plausibly have.
EMPLOYED = ["stable", "unstable"]
WORKING_AGE = 15
# What a conflict outside the user's area says: only that the number or code cannot be used here.
NATIONAL_ID_UNUSABLE_VI = "không dùng được số định danh cá nhân này; đề nghị liên hệ cấp huyện"
NATIONAL_ID_UNUSABLE = "this national ID number cannot be used; please ask the district office"
HOUSEHOLD_CODE_UNUSABLE_VI = "không dùng được mã hộ này; đề nghị dùng mã khác hoặc liên hệ cấp huyện"
HOUSEHOLD_CODE_UNUSABLE = "this household code cannot be used; use another code or ask the district office"


def empty() -> pl.DataFrame:
    return pl.DataFrame(schema=ISSUES_SCHEMA)


def issues(
    hits: pl.DataFrame,
    table: str,
    column: str,
    value: pl.Expr,
    vi: str | pl.Expr,
    en: str | pl.Expr,
    severity: str = ERROR,
) -> pl.DataFrame:
    """Issue rows for ``hits`` (a frame with _row, household_id and, for members, member_id).

    A message is a text, or an expression when it names something of the row (another household).
    """
    member = pl.col("member_id").cast(pl.String) if "member_id" in hits.columns else pl.lit(None, pl.String)
    return hits.select(
        pl.lit(table).alias("table"),
        pl.col(ROW).cast(pl.Int64).alias("row"),
        pl.col("household_id").cast(pl.String),
        member.alias("member_id"),
        pl.lit(column).alias("column"),
        value.cast(pl.String).alias("value"),
        (pl.lit(vi) if isinstance(vi, str) else vi).cast(pl.String).alias("message_vi"),
        (pl.lit(en) if isinstance(en, str) else en).cast(pl.String).alias("message_en"),
        pl.lit(severity).alias("severity"),
    )


def employed_children(members: pl.DataFrame) -> pl.DataFrame:
    hits = members.filter((pl.col("age") < WORKING_AGE) & pl.col("labour_status").is_in(EMPLOYED))
    return issues(
        hits, "member", "labour_status", pl.col("labour_status"),
        f"trẻ dưới {WORKING_AGE} tuổi được ghi là có việc làm",
        f"a child under {WORKING_AGE} is recorded as employed",
    )  # fmt: skip


def within(area: str, path: str = "commune_path") -> pl.Expr:
    """Whether a row's unit path lies in ``area`` (a unit path, or "" for everywhere): what the user may read."""
    return pl.col(path).str.starts_with(area).fill_null(value=False)


def national_ids_in_two_households(members: pl.DataFrame, stored: pl.DataFrame, area: str) -> pl.DataFrame:
    """The same căn cước number in two households of this file, or in a household already stored.

    ``stored`` has stored_household_id, stored_commune_path and national_id for this cycle's members in
    the database. A holder the user may read (``area``) is named, so the cadre can settle it; a holder
    outside it is not: the number only "cannot be used", which says nothing of whose it is or where.
    """
    with_id = members.filter(pl.col("national_id").is_not_null())
    in_file = with_id.filter(pl.col("household_id").n_unique().over("national_id") > 1)
    elsewhere = with_id.join(stored, on="national_id", how="inner").filter(
        pl.col("stored_household_id") != pl.col("household_id")
    )
    seen = elsewhere.filter(within(area, "stored_commune_path")).unique(ROW, keep="first", maintain_order=True)
    unseen = elsewhere.filter(~pl.col(ROW).is_in(seen[ROW].implode())).unique(ROW)
    holder = pl.col("stored_household_id")
    return pl.concat([
        issues(in_file, "member", "national_id", pl.col("national_id"),
               "số định danh cá nhân xuất hiện ở hai hộ trong tệp",
               "the same national ID number appears in two households of the file"),
        issues(seen, "member", "national_id", pl.col("national_id"),
               pl.concat_str(pl.lit("số định danh cá nhân đã thuộc hộ "), holder, pl.lit(" trong kỳ rà soát")),
               pl.concat_str(pl.lit("the national ID number already belongs to household "), holder,
                             pl.lit(" in this review"))),
        issues(unseen, "member", "national_id", pl.col("national_id"), NATIONAL_ID_UNUSABLE_VI, NATIONAL_ID_UNUSABLE),
    ])  # fmt: skip


def readable(previous: pl.DataFrame, area: str) -> pl.DataFrame:
    """Last cycle's households the user may read: the only ones a year-on-year check may compare with."""
    return previous.filter(within(area))


def jumps(households: pl.DataFrame, previous: pl.DataFrame) -> pl.DataFrame:
    """Income or floor area far from last cycle's answer for the same household (a warning).

    ``previous`` must already be narrowed to what the user may read (:func:`readable`): the warning
    quotes last year's answer.
    """
    joined = households.join(previous, on="household_id", how="inner", suffix="_previous")
    parts = []
    for column, factor, vi, en in (
        ("income_per_capita", INCOME_JUMP, "thu nhập", "income"),
        ("housing_area_m2", AREA_JUMP, "diện tích nhà ở", "housing area"),
    ):
        now, before = pl.col(column).cast(pl.Float64), pl.col(f"{column}_previous").cast(pl.Float64)
        jump = (now > before * factor) | (now * factor < before)
        hits = joined.filter(jump & (before > 0))
        parts.append(issues(
            hits, "household", column,
            _with_last_year(column, f"{column}_previous"),
            f"{vi} thay đổi quá {factor:g} lần so với năm trước; đề nghị kiểm tra lại",
            f"{en} changed more than {factor:g}-fold since last year; please confirm",
            WARNING,
        ))  # fmt: skip
    return pl.concat(parts)


def _with_last_year(column: str, previous: str) -> pl.Expr:
    # concat_str, not pl.format: polars 1.35.2's format panics on a frame that has just been filtered.
    return pl.concat_str(
        pl.col(column).cast(pl.String),
        pl.lit(" (năm trước / last year "),
        pl.col(previous).cast(pl.String),
        pl.lit(")"),
    )


def age_jumps(members: pl.DataFrame, previous: pl.DataFrame, years: int) -> pl.DataFrame:
    """A member whose age did not move by the years between the cycles (give or take one)."""
    joined = members.join(
        previous.select("household_id", "member_id", pl.col("age").alias("age_previous")),
        on=["household_id", "member_id"],
        how="inner",
    )
    gap = pl.col("age") - pl.col("age_previous")
    hits = joined.filter((gap - years).abs() > AGE_SLACK)
    return issues(
        hits, "member", "age", _with_last_year("age", "age_previous"),
        f"tuổi không khớp với năm trước (chênh {years} năm)",
        f"age does not match last year's ({years} year(s) apart)",
        WARNING,
    )  # fmt: skip


def places(households: pl.DataFrame, units: pl.DataFrame, area: str, locked: list[str]) -> pl.DataFrame:
    """Households whose commune is unknown, outside the user's area, or whose list is already approved.

    ``units`` has code, level, path and parent_code for every unit named in the file; households carry
    commune_code, village_code and (if already registered) commune_path, the commune stored for them.
    A code registered outside ``area`` only "cannot be used", and only where the file's commune is the
    user's own: nothing says where the household is, and a commune outside the area says nothing more.
    """
    communes = units.filter(pl.col("level") == "commune")
    joined = households.join(
        communes.select(pl.col("code").alias("commune_code"), pl.col("path").alias("file_path")),
        on="commune_code",
        how="left",
    )
    villages = units.filter(pl.col("level") == "village").select(
        pl.col("code").alias("village_code"), pl.col("parent_code").alias("village_commune")
    )
    joined = joined.join(villages, on="village_code", how="left")
    ours = within(area, "file_path")
    taken = pl.col("commune_path").is_not_null() & ~within(area)
    code = pl.col("commune_code")
    return pl.concat([
        issues(joined.filter(code.is_null() | pl.col("file_path").is_null()), "household", "commune_code", code,
               "không có xã với mã này", "no commune with this code"),
        issues(joined.filter(pl.col("file_path").is_not_null() & ~ours), "household", "commune_code", code,
               "hộ thuộc xã ngoài địa bàn bạn phụ trách", "the household is in a commune outside your area"),
        issues(joined.filter(ours & taken), "household", "household_id", pl.col("household_id"),
               HOUSEHOLD_CODE_UNUSABLE_VI, HOUSEHOLD_CODE_UNUSABLE),
        issues(joined.filter(ours & code.is_in(locked)), "household", "commune_code", code,
               "danh sách của xã đã được công nhận; dùng đề nghị sửa đổi",
               "the commune's list is already approved; use a change request"),
        issues(joined.filter(pl.col("village_code").is_not_null()
                             & (pl.col("village_commune") != code).fill_null(True)),
               "household", "village_code", pl.col("village_code"),
               "thôn không thuộc xã đã ghi", "the village is not in the given commune"),
    ])  # fmt: skip
