"""Checking survey answers against the questionnaire: types, codes, ranges and required answers.

Every problem becomes one row of an issues table naming the table, the row, the household, the
member, the column and the value, with a message in Vietnamese and English. A missing answer is
never read as 0: the household is reported and left unclassified.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from povmis.core.conditions import compile_condition
from povmis.core.questionnaire import Question
from povmis.core.standard import Standard

ROW = "__row"
RAW = "__raw_"
ISSUE_SCHEMA: dict[str, pl.DataType] = {
    "table": pl.String(),
    "row": pl.Int64(),
    "household_id": pl.String(),
    "member_id": pl.String(),
    "column": pl.String(),
    "value": pl.String(),
    "message_vi": pl.String(),
    "message_en": pl.String(),
}


class InputError(ValueError):
    """Input that cannot be read at all (a missing column, say); the message says how to fix it."""


@dataclass(frozen=True)
class Check:
    """One rule on one column: ``bad`` marks the rows that break it.

    ``probe`` is a single-value reduction that is true whenever some row may break the rule; it is
    what a clean survey pays for. Without one, the probe is ``bad.any()``.
    """

    column: str
    bad: pl.Expr
    message_vi: str
    message_en: str
    probe: pl.Expr | None = None

    def may_fail(self) -> pl.Expr:
        found = self.probe if self.probe is not None else self.bad.fill_null(value=False).any()
        return found.fill_null(value=False)


def empty_issues() -> pl.DataFrame:
    return pl.DataFrame(schema=ISSUE_SCHEMA)


def require_columns(frame: pl.DataFrame, columns: list[str], table: str) -> None:
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise InputError(
            f"{table}: missing column(s) {', '.join(missing)}; add them with the names shown "
            "(the layout is in docs/questionnaire.md)"
        )


def prepare(frame: pl.DataFrame, questions: tuple[Question, ...], table: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Cast each answer to its type and report every answer that is invalid or missing.

    Returns the typed frame (invalid answers become null) and the issues table. A national survey is
    checked with one pass of reductions; rows are only listed for the checks that fail.
    """
    asked = [q for q in questions if q.id in frame.columns]
    casts = {q.id: cast for q in asked if (cast := _cast(q, frame.schema[q.id])) is not None}
    checked = frame.with_columns(pl.col(name).alias(f"{RAW}{name}") for name in casts).with_columns(
        cast.alias(name) for name, cast in casts.items()
    )
    raw_nulls, typed_nulls = frame.null_count().row(0, named=True), checked.null_count().row(0, named=True)
    checks = [
        check
        for q in asked
        for check in _checks(
            q, cast=q.id in casts, missing=raw_nulls[q.id] > 0, invalid=typed_nulls[q.id] > raw_nulls[q.id]
        )
    ]
    checks.append(_duplicate_check(checked, table))
    typed = _flag_sorted(checked.drop(f"{RAW}{name}" for name in casts))
    failing = checked.select(check.may_fail().alias(str(i)) for i, check in enumerate(checks)).row(0)
    if not any(failing):
        return typed, empty_issues()
    numbered = checked.with_row_index(ROW, offset=2)  # rows as a spreadsheet shows them: header is row 1
    parts = [_issues(numbered, check, table) for check, fails in zip(checks, failing, strict=True) if fails]
    return typed, pl.concat(parts).sort("row", "column")


def _cast(question: Question, given: pl.DataType) -> pl.Expr | None:
    """How to read a column as the question's type, or None when it already has a fitting type."""
    column = pl.col(question.id)
    if given == question.dtype or (question.type == "text" and given.is_integer()):
        return None  # already typed (Parquet, or integer identifiers): nothing to convert
    if question.type == "integer" and given.is_integer() and given != pl.UInt64:
        return None  # a narrower integer (an age as UInt8) holds every value exactly: keep it small
    if question.type == "boolean":
        return column.cast(pl.Int64, strict=False).cast(pl.Int8, strict=False)
    if question.type == "code":
        return column.cast(pl.String).str.strip_chars().cast(question.dtype, strict=False)
    if question.type == "text":
        return column.cast(pl.String).str.strip_chars()
    return column.cast(question.dtype, strict=False)


def _checks(question: Question, *, cast: bool, missing: bool, invalid: bool) -> list[Check]:
    """The checks a column can fail; ``missing``/``invalid``: it has empty answers / unreadable ones."""
    typed = pl.col(question.id)
    original = pl.col(f"{RAW}{question.id}") if cast else typed
    checks = []
    if invalid:
        checks.append(Check(question.id, original.is_not_null() & typed.is_null(), *_type_message(question)))
    # Integers have no NaN, so their smallest and largest values tell at once whether any is out of range.
    exact = question.type in ("integer", "boolean")
    if question.type == "boolean":
        checks.append(
            Check(
                question.id,
                ~typed.is_in([0, 1]),
                "phải là 0 (không) hoặc 1 (có)",
                "must be 0 (no) or 1 (yes)",
                (typed.min() < 0) | (typed.max() > 1),
            )
        )
    if question.minimum is not None:
        checks.append(
            Check(
                question.id,
                typed < question.minimum,
                f"nhỏ hơn mức tối thiểu {question.minimum:g}",
                f"below the minimum {question.minimum:g}",
                typed.min() < question.minimum if exact else None,
            )
        )
    if question.maximum is not None:
        checks.append(
            Check(
                question.id,
                typed > question.maximum,
                f"lớn hơn mức tối đa {question.maximum:g}",
                f"above the maximum {question.maximum:g}",
                typed.max() > question.maximum if exact else None,
            )
        )
    if question.required and missing:
        # When relevance is unknown (the age itself is missing) only the missing age is reported.
        applies = compile_condition(question.relevant).fill_null(value=False) if question.relevant else pl.lit(1)
        checks.append(
            Check(
                question.id,
                original.is_null() & applies.cast(pl.Boolean),
                "thiếu câu trả lời bắt buộc",
                "required answer is missing",
            )
        )
    return checks


def _type_message(question: Question) -> tuple[str, str]:
    if question.type == "code":
        codes = ", ".join(question.codes)
        return f"mã không hợp lệ; dùng một trong: {codes}", f"unknown code; use one of: {codes}"
    names = {
        "integer": ("số nguyên", "a whole number"),
        "decimal": ("số", "a number"),
        "boolean": ("0 hoặc 1", "0 or 1"),
        "text": ("văn bản", "a text"),
    }
    vi, en = names[question.type]
    return f"phải là {vi}", f"must be {en}"


def _duplicate_check(frame: pl.DataFrame, table: str) -> Check:
    key = ["household_id", "member_id"] if table == "member" else ["household_id"]
    if table == "member":
        check = Check(
            "member_id",
            pl.struct(key).is_duplicated(),
            "mã thành viên bị trùng trong hộ",
            "member ID appears twice in the household",
        )
    else:
        check = Check(
            "household_id", pl.col("household_id").is_duplicated(), "mã hộ bị trùng", "household ID appears twice"
        )
    if not _sorted_without_nulls(frame, key):
        return check
    # Sorted by household (as a registry export is): a repeat can only follow its twin, so comparing each
    # row with the previous one settles it in one pass. Members listed out of order fall back to hashing.
    same = pl.lit(value=True)
    for column in key[:-1]:
        same = same & (pl.col(column) == pl.col(column).shift(1))
    last = pl.col(key[-1])
    follows = (last <= last.shift(1)) if len(key) > 1 else (last == last.shift(1))
    return Check(check.column, check.bad, check.message_vi, check.message_en, (same & follows).any())


def _sorted_without_nulls(frame: pl.DataFrame, key: list[str]) -> bool:
    if any(column not in frame.columns or frame[column].null_count() for column in key):
        return False
    return frame[key[0]].is_sorted()


def _flag_sorted(frame: pl.DataFrame) -> pl.DataFrame:
    """Mark a household_id column that is sorted, so grouping and joining on it take Polars' sorted paths."""
    if "household_id" not in frame.columns or not _sorted_without_nulls(frame, ["household_id"]):
        return frame
    return frame.with_columns(pl.col("household_id").set_sorted())


def _issues(numbered: pl.DataFrame, check: Check, table: str) -> pl.DataFrame:
    hits = numbered.filter(check.bad.fill_null(value=False))
    raw = f"{RAW}{check.column}" if f"{RAW}{check.column}" in hits.columns else check.column
    value = pl.col(raw).cast(pl.String) if raw in hits.columns else pl.lit(None, pl.String)
    member = pl.col("member_id").cast(pl.String) if "member_id" in hits.columns else pl.lit(None, pl.String)
    return hits.select(
        pl.lit(table).alias("table"),
        pl.col(ROW).cast(pl.Int64).alias("row"),
        pl.col("household_id").cast(pl.String),
        member.alias("member_id"),
        pl.lit(check.column).alias("column"),
        value.alias("value"),
        pl.lit(check.message_vi).alias("message_vi"),
        pl.lit(check.message_en).alias("message_en"),
    )


def link_issues(households: pl.DataFrame, members: pl.DataFrame) -> pl.DataFrame:
    """Households with no member, and members whose household is not in the household table."""
    return empty_issues() if household_runs(households, members) else _link_rows(households, members)


def _link_rows(households: pl.DataFrame, members: pl.DataFrame) -> pl.DataFrame:
    households = households.with_row_index(ROW, offset=2)
    members = members.with_row_index(ROW, offset=2)
    orphans = members.join(households.select("household_id"), on="household_id", how="anti")
    empty = households.join(members.select("household_id").unique(), on="household_id", how="anti")
    return pl.concat(
        [
            _link(
                orphans,
                "member",
                "household_id",
                "không có hộ này trong bảng hộ",
                "no such household in the household table",
            ),
            _link(empty, "household", "household_id", "hộ không có thành viên nào", "household has no members"),
        ]
    )


def _link(frame: pl.DataFrame, table: str, column: str, vi: str, en: str) -> pl.DataFrame:
    member = pl.col("member_id").cast(pl.String) if "member_id" in frame.columns else pl.lit(None, pl.String)
    return frame.select(
        pl.lit(table).alias("table"),
        pl.col(ROW).cast(pl.Int64).alias("row"),
        pl.col("household_id").cast(pl.String),
        member.alias("member_id"),
        pl.lit(column).alias("column"),
        pl.col(column).cast(pl.String).alias("value"),
        pl.lit(vi).alias("message_vi"),
        pl.lit(en).alias("message_en"),
    )


@dataclass(frozen=True)
class HouseholdRuns:
    """Members listed household by household, in the household table's order, every household once.

    Then no household lacks members, no member lacks a household, and the classifier can aggregate
    members by position instead of hashing a hundred million household IDs.
    """

    position: pl.Series  # per member: the row of its household in the household table (from 0)
    size: pl.Series  # per household: how many members it has


def household_runs(households: pl.DataFrame, members: pl.DataFrame) -> HouseholdRuns | None:
    """The members' runs of households, or None when the members are not in the household order."""
    key = ["household_id"]
    if not (_sorted_without_nulls(households, key) and _sorted_without_nulls(members, key)):
        return None
    household = members["household_id"]
    starts = run_starts(household)
    if not household.filter(starts).equals(households["household_id"]):
        return None
    return HouseholdRuns(position=starts.cum_sum() - 1, size=run_lengths(starts))


def run_starts(values: pl.Series) -> pl.Series:
    """For sorted values, whether each one starts a run of equal values."""
    return values.ne_missing(values.shift(1))


def run_lengths(starts: pl.Series) -> pl.Series:
    """The length of each run, from run_starts (Series.rle does the same several times slower)."""
    first_rows = starts.arg_true()
    return pl.concat([first_rows.slice(1), pl.Series([len(starts)], dtype=first_rows.dtype)]) - first_rows


@dataclass(frozen=True)
class PreparedInputs:
    households: pl.DataFrame
    members: pl.DataFrame | None
    issues: pl.DataFrame
    precomputed: bool
    runs: HouseholdRuns | None = None  # when the members come in the household order


def prepare_inputs(households: pl.DataFrame, members: pl.DataFrame | None, standard: Standard) -> PreparedInputs:
    """Type and check both tables: the one reading of a survey's text, for the classifier and the import alike.

    The typed tables (an unreadable answer becomes null), and every problem as rows of the issues table
    naming the table, the row, the household, the member and the column. Columns no question asks for
    (a row number, a head's name) pass through untouched; members may come back in household order.
    """
    precomputed = members is None and all(flag in households.columns for flag in standard.flags)
    if members is None and not precomputed:
        missing = [flag for flag in standard.flags if flag not in households.columns]
        raise InputError(
            "households: give the members table (--members) or every precomputed deprivation column; "
            f"missing: {', '.join(missing)}"
        )
    questions = _flag_questions(standard) if precomputed else standard.questionnaire.household
    require_columns(households, [q.id for q in questions if q.required], "households")
    typed_households, issues = prepare(households, questions, "household")
    if members is None:
        return PreparedInputs(typed_households, None, issues, precomputed)
    require_columns(members, [q.id for q in standard.questionnaire.member if q.required], "members")
    typed_members, member_issues = prepare(members, standard.questionnaire.member, "member")
    typed_households, typed_members = _same_key_type(typed_households, typed_members)
    runs = household_runs(typed_households, typed_members)
    if runs is None and _sorted_without_nulls(typed_households, ["household_id"]):
        # Members out of order: sorting them (once, after their rows are checked) costs less than
        # grouping by hashed household IDs and lets them take the ordered path.
        by_household = typed_members.sort("household_id", maintain_order=True)
        runs = household_runs(typed_households, by_household)
        typed_members = by_household if runs else typed_members
    links = empty_issues() if runs else _link_rows(typed_households, typed_members)
    return PreparedInputs(typed_households, typed_members, pl.concat([issues, member_issues, links]), precomputed, runs)


def _flag_questions(standard: Standard) -> tuple[Question, ...]:
    keep = {"household_id", "area", standard.income_column}
    asked = tuple(q for q in standard.questionnaire.household if q.id in keep)
    flags = tuple(
        Question(ind.flag, "boolean", {"vi": ind.label["vi"], "en": ind.label["en"]}, required=True)
        for ind in standard.indicators
    )
    return asked + flags


def _same_key_type(households: pl.DataFrame, members: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Join keys must share a type; integer ids stay integers (fast), anything else becomes text."""
    if households.schema["household_id"] == members.schema["household_id"]:
        return households, members
    as_text = pl.col("household_id").cast(pl.String)
    return households.with_columns(as_text), members.with_columns(as_text)
