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
    column: str
    bad: pl.Expr
    message_vi: str
    message_en: str


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

    Returns the typed frame (invalid answers become null) and the issues table.
    """
    asked = [q for q in questions if q.id in frame.columns]
    # Rows are numbered as a spreadsheet shows them: the header is row 1, the first answer row 2.
    raw = frame.with_row_index(ROW, offset=2)
    typed = raw.with_columns(pl.col(q.id).alias(f"__raw_{q.id}") for q in asked).with_columns(
        _cast(q, frame.schema[q.id]) for q in asked
    )
    checks = [check for q in asked for check in _checks(q)]
    if table == "member":
        checks.append(
            Check(
                "member_id",
                pl.struct("household_id", "member_id").is_duplicated(),
                "mã thành viên bị trùng trong hộ",
                "member ID appears twice in the household",
            )
        )
    else:
        checks.append(
            Check(
                "household_id",
                pl.col("household_id").is_duplicated(),
                "mã hộ bị trùng",
                "household ID appears twice",
            )
        )
    flags = typed.with_columns([check.bad.fill_null(value=False).alias(f"__bad{i}") for i, check in enumerate(checks)])
    typed = typed.drop([f"__raw_{q.id}" for q in asked])
    if not flags.select(pl.any_horizontal(pl.col(r"^__bad\d+$")).any()).item():
        return typed, empty_issues()
    parts = []
    for i, check in enumerate(checks):
        hits = flags.filter(pl.col(f"__bad{i}"))
        if hits.height:
            parts.append(_issues(hits, raw, check, table))
    return typed, pl.concat(parts).sort("row", "column")


def _cast(question: Question, given: pl.DataType) -> pl.Expr:
    column = pl.col(question.id)
    if given == question.dtype or (question.type == "text" and given.is_integer()):
        return column  # already typed (Parquet, or integer identifiers): nothing to convert
    if question.type == "boolean":
        return column.cast(pl.Int64, strict=False).cast(pl.Int8, strict=False)
    if question.type == "code":
        return column.cast(pl.String).str.strip_chars().cast(question.dtype, strict=False)
    if question.type == "text":
        return column.cast(pl.String).str.strip_chars()
    return column.cast(question.dtype, strict=False)


def _checks(question: Question) -> list[Check]:
    original, typed = pl.col(f"__raw_{question.id}"), pl.col(question.id)
    checks = [
        Check(question.id, original.is_not_null() & typed.is_null(), *_type_message(question)),
    ]
    if question.type == "boolean":
        checks.append(
            Check(
                question.id,
                ~typed.is_in([0, 1]),
                "phải là 0 (không) hoặc 1 (có)",
                "must be 0 (no) or 1 (yes)",
            )
        )
    if question.minimum is not None:
        checks.append(
            Check(
                question.id,
                typed < question.minimum,
                f"nhỏ hơn mức tối thiểu {question.minimum:g}",
                f"below the minimum {question.minimum:g}",
            )
        )
    if question.maximum is not None:
        checks.append(
            Check(
                question.id,
                typed > question.maximum,
                f"lớn hơn mức tối đa {question.maximum:g}",
                f"above the maximum {question.maximum:g}",
            )
        )
    if question.required:
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


def _issues(hits: pl.DataFrame, raw: pl.DataFrame, check: Check, table: str) -> pl.DataFrame:
    original = (
        raw.select(ROW, pl.col(check.column).cast(pl.String).alias("value"))
        if check.column in raw.columns
        else raw.select(ROW, pl.lit(None, pl.String).alias("value"))
    )
    member = pl.col("member_id").cast(pl.String) if "member_id" in hits.columns else pl.lit(None, pl.String)
    return (
        hits.select(ROW, pl.col("household_id").cast(pl.String), member.alias("member_id"))
        .join(original, on=ROW, how="left")
        .select(
            pl.lit(table).alias("table"),
            pl.col(ROW).cast(pl.Int64).alias("row"),
            "household_id",
            "member_id",
            pl.lit(check.column).alias("column"),
            "value",
            pl.lit(check.message_vi).alias("message_vi"),
            pl.lit(check.message_en).alias("message_en"),
        )
    )


def link_issues(households: pl.DataFrame, members: pl.DataFrame) -> pl.DataFrame:
    """Households with no member, and members whose household is not in the household table."""
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
class PreparedInputs:
    households: pl.DataFrame
    members: pl.DataFrame | None
    issues: pl.DataFrame
    precomputed: bool


def prepare_inputs(households: pl.DataFrame, members: pl.DataFrame | None, standard: Standard) -> PreparedInputs:
    """Type and check both tables the way the classifier needs them."""
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
    typed_members = None
    if members is not None:
        require_columns(members, [q.id for q in standard.questionnaire.member if q.required], "members")
        typed_members, member_issues = prepare(members, standard.questionnaire.member, "member")
        typed_households, typed_members = _same_key_type(typed_households, typed_members)
        issues = pl.concat([issues, member_issues, link_issues(typed_households, typed_members)])
    return PreparedInputs(typed_households, typed_members, issues, precomputed)


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


def validate(households: pl.DataFrame, members: pl.DataFrame | None, standard: Standard) -> pl.DataFrame:
    """Every problem in the answers, as an issues table (empty when the survey is clean)."""
    return prepare_inputs(households, members, standard).issues
