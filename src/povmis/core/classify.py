"""Classifying households under a standard: one vectorised pass, the same for one household or a nation.

The standard compiles to Polars expressions; members are aggregated per household in one group-by,
household answers are tested column-wise, and the class is the first rule that holds.

>>> import polars as pl
>>> from povmis.core.standard import load_standard
>>> flags = {f"deprived_{i}": [1, 0] for i in ("water", "latrine", "telecom")}
>>> households = pl.DataFrame({"household_id": ["a", "b"], "area": ["rural", "rural"],
...                            "income_per_capita": [1_200_000, 1_200_000], **flags})
>>> others = {f: [0, 0] for f in load_standard("vn-2022-2025").flags if f not in households.columns}
>>> result = classify(households.with_columns(pl.lit(0).alias(f) for f in others), None,
...                   load_standard("vn-2022-2025"))
>>> result.households["class"].to_list()
['poor', 'near_poor']
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce

import polars as pl

from povmis.core.conditions import compile_condition
from povmis.core.reasons import render_reasons
from povmis.core.standard import ClassRule, Indicator, Standard
from povmis.core.validate import ROW, InputError, empty_issues, prepare_inputs

VALID = "__valid"


@dataclass(frozen=True)
class Classification:
    """Each household's class, deprivations and reasons, and every problem found in the answers."""

    households: pl.DataFrame
    issues: pl.DataFrame
    standard: Standard

    def summary(self) -> pl.DataFrame:
        """Households per class (unclassified ones as null), in the standard's order, with shares."""
        counts = self.households.group_by("class").agg(pl.len().alias("households"))
        total = max(self.households.height, 1)
        return counts.sort("class", nulls_last=True).with_columns((pl.col("households") / total).alias("share"))


def classify(
    households: pl.DataFrame,
    members: pl.DataFrame | None,
    standard: Standard,
    *,
    reasons: bool = True,
) -> Classification:
    """Classify every household; give ``members`` or precomputed ``deprived_<indicator>`` columns."""
    prepared = prepare_inputs(households, members, standard)
    frame = prepared.households
    if not prepared.precomputed and prepared.members is not None:
        frame = frame.join(member_aggregates(prepared.members, standard), on="household_id", how="left")
        frame = frame.with_columns(
            (pl.col(d.divide[0]) / pl.col(d.divide[1])).alias(d.id) for d in standard.derived
        ).with_columns(
            compile_condition(ind.rule["deprived_if"]).alias(ind.flag) for ind in standard.household_indicators()
        )
    frame = _mark_valid(frame, prepared.issues)
    frame = frame.with_columns(
        pl.sum_horizontal(pl.col(standard.flags).cast(pl.Int8)).cast(pl.Int8).alias("deprivation_count"),
        *[_line(standard, line.id).alias(f"line_{line.id}") for line in standard.lines],
    )
    frame = frame.with_columns(*_class_columns(standard))
    if reasons:
        columns = set(frame.columns)
        frame = frame.with_columns(
            render_reasons(standard, "vi", columns).alias("reason_vi"),
            render_reasons(standard, "en", columns).alias("reason_en"),
        )
    return Classification(frame.drop(ROW, VALID), prepared.issues, standard)


def member_aggregates(members: pl.DataFrame, standard: Standard) -> pl.DataFrame:
    """One row per household: its member count and each member-based deprivation."""
    return members.group_by("household_id").agg(
        pl.len().cast(pl.Int32).alias("member_count"),
        *[_member_indicator(indicator).alias(indicator.flag) for indicator in standard.member_indicators()],
    )


def _member_indicator(indicator: Indicator) -> pl.Expr:
    rule = indicator.rule
    if indicator.kind == "member_share":
        return compile_condition(rule["counts"]).fill_null(value=False).mean() > float(rule["above"])
    among = compile_condition(rule.get("among", {}))
    return (among & compile_condition(rule["deprived_if"])).fill_null(value=False).any()


def _mark_valid(frame: pl.DataFrame, issues: pl.DataFrame) -> pl.DataFrame:
    if issues.is_empty():
        return frame.with_columns(pl.lit(value=True).alias(VALID))
    bad = issues["household_id"].drop_nulls().unique()
    return frame.with_columns((~pl.col("household_id").cast(pl.String).is_in(bad.implode())).alias(VALID))


def _line(standard: Standard, line_id: str) -> pl.Expr:
    values = standard.line(line_id).values
    return pl.col("area").cast(pl.String).replace_strict(values, default=None, return_dtype=pl.Int64)


def _rule_condition(rule: ClassRule, standard: Standard) -> pl.Expr:
    parts = []
    if rule.income_at_or_below:
        parts.append(pl.col(standard.income_column) <= pl.col(f"line_{rule.income_at_or_below}"))
    if rule.deprivations_at_least is not None:
        parts.append(pl.col("deprivation_count") >= rule.deprivations_at_least)
    return reduce(lambda a, b: a & b, parts, pl.lit(value=True))


def _class_columns(standard: Standard) -> list[pl.Expr]:
    """The class and the rule that gave it: the first rule of the first class that holds."""
    rules = [(c.id, rule) for c in standard.classes for rule in c.rules]
    descriptions = [f"{class_id}: {rule.describe(standard, 'en')}" for class_id, rule in rules]
    class_expr: pl.Expr = pl.lit(None, pl.String)
    rule_expr: pl.Expr = pl.lit(None, pl.String)
    for (class_id, rule), description in reversed(list(zip(rules, descriptions, strict=True))):
        condition = _rule_condition(rule, standard)
        class_expr = pl.when(condition).then(pl.lit(class_id)).otherwise(class_expr)
        rule_expr = pl.when(condition).then(pl.lit(description)).otherwise(rule_expr)
    valid = pl.col(VALID)
    return [
        pl.when(valid).then(class_expr).cast(pl.Enum(standard.class_ids)).alias("class"),
        pl.when(valid).then(rule_expr).cast(pl.Enum(descriptions)).alias("class_rule"),
    ]


__all__ = ["Classification", "InputError", "classify", "empty_issues", "prepare_inputs"]
