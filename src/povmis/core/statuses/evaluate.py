"""Who holds a status on a date: the rule's one condition, compiled once, over every household or member.

>>> import datetime as dt
>>> import polars as pl
>>> from povmis.core.statuses.rule import load_status
>>> households = pl.DataFrame({"household_id": ["A", "B"], "area": ["rural", "rural"],
...     "agricultural": [True, True], "income_12_months_vnd": [96_000_000, 72_000_000], "persons": [4, 4]})
>>> rule = load_status("agricultural-average-living-2022-2025")
>>> evaluate(households, None, [rule], dt.date(2025, 6, 1))["holds"].to_list()
[True, False]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import polars as pl

from povmis.core.conditions import compile_condition
from povmis.core.statuses.rule import StatusRule

TYPES: dict[str, pl.DataType] = {"integer": pl.Int64(), "boolean": pl.Boolean(), "code": pl.String()}
SCHEMA: dict[str, pl.DataType] = {
    "household_id": pl.String(),
    "member_id": pl.String(),
    "status": pl.String(),
    "rule": pl.String(),
    "rule_hash": pl.String(),
    "holds": pl.Boolean(),
    "income_per_person_month": pl.Int64(),
    "on": pl.Date(),
}


class MissingInputError(ValueError):
    """A frame without a column the rule reads; the message names the column and the rule."""


def evaluate(
    households: pl.DataFrame, members: pl.DataFrame | None, rules: Sequence[StatusRule], on: dt.date
) -> pl.DataFrame:
    """One row per household (or member) and rule: ``holds`` true, false, or null when an input is missing.

    A member-level rule reads the member's household's area; without ``members`` it is not evaluated.
    """
    parts = [
        _evaluate(households, members, rule, on) for rule in rules if rule.level == "household" or members is not None
    ]
    return pl.concat(parts) if parts else pl.DataFrame(schema=SCHEMA)


def holders(evaluated: pl.DataFrame) -> pl.DataFrame:
    """The rows whose status holds (an unknown holds nothing)."""
    return evaluated.filter(pl.col("holds").fill_null(value=False))


def _evaluate(households: pl.DataFrame, members: pl.DataFrame | None, rule: StatusRule, on: dt.date) -> pl.DataFrame:
    if rule.level == "member" and members is not None:
        area = households.select("household_id", *_present(households, ["area"]))
        frame = _typed(members, rule, "member").join(_typed(area, rule, "household"), on="household_id", how="left")
        member = pl.col("member_id").cast(pl.String)
    else:
        frame = _typed(_with_persons(households, members), rule, "household")
        member = pl.lit(None, dtype=pl.String)
    income = _income(rule)
    return frame.with_columns(income.alias("income_per_person_month")).select(
        pl.col("household_id").cast(pl.String),
        member.alias("member_id"),
        pl.lit(rule.status).alias("status"),
        pl.lit(rule.id).alias("rule"),
        pl.lit(rule.content_hash).alias("rule_hash"),
        compile_condition(rule.condition(), rule.id).alias("holds"),
        pl.col("income_per_person_month").round(0).cast(pl.Int64),
        pl.lit(on, dtype=pl.Date).alias("on"),
    )


def _income(rule: StatusRule) -> pl.Expr:
    """Income per person per month; a 12 months' total over persons and 12 (a float: compared, then rounded)."""
    if rule.income_column:
        return pl.col(rule.income_column).cast(pl.Float64)
    persons = pl.col("persons").cast(pl.Float64)
    return pl.when(persons > 0).then(pl.col(rule.per_person_month_of).cast(pl.Float64) / (persons * 12))


def _with_persons(households: pl.DataFrame, members: pl.DataFrame | None) -> pl.DataFrame:
    """``persons`` as given, else counted from the members (a household without a member row counts none)."""
    if "persons" in households.columns or members is None:
        return households
    counted = members.group_by("household_id").len("persons")
    return households.join(counted, on="household_id", how="left")


def _typed(frame: pl.DataFrame, rule: StatusRule, table: str) -> pl.DataFrame:
    """The rule's inputs of ``table`` as their types; an input missing from the frame is an error naming it."""
    inputs = rule.inputs.get(table, ())
    missing = [i.id for i in inputs if i.id not in frame.columns]
    if missing:
        raise MissingInputError(f"{rule.id} needs the {table} column(s) {', '.join(missing)} (docs/statuses.md)")
    return frame.with_columns(pl.col(i.id).cast(TYPES[i.type]) for i in inputs)


def _present(frame: pl.DataFrame, names: list[str]) -> list[str]:
    return [name for name in names if name in frame.columns]
