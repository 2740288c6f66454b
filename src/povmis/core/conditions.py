"""Conditions written in a standard file, compiled to Polars expressions.

A condition is a small mapping, readable by a policy officer and checked when the standard loads:

    {column: age, gte: 15}                      a comparison on one answer
    {column: latrine, in: [septic, pour_flush]} membership in a list of codes
    {all: [...]}, {any: [...]}, {not: {...}}    combinations
    {at_least: 2, of: [...]}                    "2 of the 3 main structures"
    {column: escaped_on, within_years: 3}       a date in the 3 years up to the date judged on
    {}                                          always true

>>> import polars as pl
>>> frame = pl.DataFrame({"age": [4, 15, 70]})
>>> frame.select(compile_condition({"column": "age", "gte": 15}).alias("adult"))["adult"].to_list()
[False, True, True]
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import reduce
from typing import Any

import polars as pl

COMPARISONS = ("eq", "ne", "lt", "lte", "gt", "gte", "in", "not_in")
COMBINATORS = ("all", "any", "not", "at_least")
JUDGED_ON = "on"  # the column holding the date a rule is judged on (a review's date, a delivery's date)
SHORT_LIST = 16  # longer lists (communes, say) are looked up by hash


class ConditionError(ValueError):
    """A condition in a standard file that cannot be understood; the message names its key."""


def compile_condition(condition: Mapping[str, Any], key: str = "condition") -> pl.Expr:
    """Turn a condition mapping into a boolean Polars expression (Kleene logic on missing answers)."""
    if not isinstance(condition, Mapping):
        raise ConditionError(f"{key}: expected a mapping, got {condition!r}")
    if not condition:
        return pl.lit(value=True)
    if "column" in condition:
        return _comparison(condition, key)
    if "all" in condition:
        return reduce(lambda a, b: a & b, _each(condition, "all", key))
    if "any" in condition:
        return reduce(lambda a, b: a | b, _each(condition, "any", key))
    if "not" in condition:
        return ~compile_condition(condition["not"], f"{key}.not")
    if "at_least" in condition:
        parts = [part.cast(pl.Int32) for part in _each(condition, "of", key)]
        return pl.sum_horizontal(parts) >= int(condition["at_least"])
    raise ConditionError(f"{key}: needs one of 'column', {', '.join(repr(c) for c in COMBINATORS)}")


def condition_columns(condition: Mapping[str, Any]) -> set[str]:
    """The answers a condition reads, so that a standard can list the questions it needs."""
    if "column" in condition:
        return {str(condition["column"])} | (
            {str(condition.get("of", JUDGED_ON))} if "within_years" in condition else set()
        )
    nested: list[Mapping[str, Any]] = []
    for name in ("all", "any", "of"):
        nested.extend(condition.get(name, []))
    if "not" in condition:
        nested.append(condition["not"])
    return set().union(*(condition_columns(part) for part in nested))


def _each(condition: Mapping[str, Any], name: str, key: str) -> list[pl.Expr]:
    parts = condition.get(name)
    if not isinstance(parts, list) or not parts:
        raise ConditionError(f"{key}.{name}: expected a non-empty list of conditions")
    return [compile_condition(part, f"{key}.{name}[{i}]") for i, part in enumerate(parts)]


def _comparison(condition: Mapping[str, Any], key: str) -> pl.Expr:
    if "within_years" in condition:
        return _within_years(condition, key)
    operators = [op for op in COMPARISONS if op in condition]
    if len(operators) != 1:
        raise ConditionError(f"{key}: a comparison needs exactly one of {', '.join(COMPARISONS)}")
    op = operators[0]
    column, value = pl.col(str(condition["column"])), condition[op]
    if op in ("in", "not_in"):
        if not isinstance(value, list) or not value:
            raise ConditionError(f"{key}.{op}: expected a non-empty list of values")
        member = _one_of(column, value)
        return member if op == "in" else ~member
    if isinstance(value, list | Mapping):
        raise ConditionError(f"{key}.{op}: expected a single value, got {value!r}")
    operations = {
        "eq": column.__eq__,
        "ne": column.__ne__,
        "lt": column.__lt__,
        "lte": column.__le__,
        "gt": column.__gt__,
        "gte": column.__ge__,
    }
    result: pl.Expr = operations[op](value)
    return result


def _within_years(condition: Mapping[str, Any], key: str) -> pl.Expr:
    """A date at most N years before (and not after) another date column: "escaped within 3 years".

    The reference is a column, not today's date, so that one rule judges a household as of any date:
    the review's date for entitlements, each delivery's own date when checking who received what.
    """
    years, reference = condition["within_years"], condition.get("of", JUDGED_ON)
    if not isinstance(years, int) or isinstance(years, bool) or years <= 0:
        raise ConditionError(f"{key}.within_years: expected a positive whole number of years, got {years!r}")
    if not isinstance(reference, str) or not reference:
        # YAML reads a bare `on` as true: the reference defaults to it, so only other columns are named.
        raise ConditionError(f"{key}.of: expected the name of the date column to count back from (quoted)")
    column, until = pl.col(str(condition["column"])), pl.col(reference)
    return (column <= until) & (column > until.dt.offset_by(f"-{years}y"))


def _one_of(column: pl.Expr, values: list[Any]) -> pl.Expr:
    """Membership in a list, with the same answer as ``is_in`` (a missing answer stays unknown).

    A standard's lists are short code lists; a chain of equalities on an Enum compares one byte per row
    and runs a hundred times faster than ``is_in``'s hash lookup, which matters at national scale.
    """
    if len(values) > SHORT_LIST:
        return column.is_in(values)
    either: pl.Expr = reduce(lambda a, b: a | b, [column == value for value in values])
    return either
