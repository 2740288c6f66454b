"""One round under two standards: each household's class under both, and why it changes.

A change of standard moves households between classes without anything changing in the household:
those moves are labelled as such (``reclassified_by_standard``), never as "newly poor" or "escaped".
Both classifications run through the same evaluator (core/classify.py) in one vectorised pass each.

Why a household moves is given as codes, each a column of the result:
``line`` (its income is on one side of the old line and the other of the new), ``deprivations``
(its deprivation count differs: indicators gained or lost), ``cutoff`` (the count needed to be poor
differs and the household's count lies between the two) and ``classes`` (its old class does not exist
in the new standard, as the average band when it is off).

Questions the new standard asks that the round did not collect (no such column) make its indicators *not assessed*:
they are counted as not deprived, and listed, so a what-if on an old round says what it could not see.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import polars as pl

from povmis.core.classify import classify
from povmis.core.standard import Standard, parse_standard

SAME_CLASS = "same_class"
RECLASSIFIED = "reclassified_by_standard"  # a move caused by the change of standard, not by the household
WHY = ("line", "deprivations", "cutoff", "classes")
KEEP = ("household_id", "class", "class_rule", "deprivation_count")


@dataclass(frozen=True)
class StandardComparison:
    """Per household: old and new class, the transition label, the why codes and the indicators moved."""

    households: pl.DataFrame
    old: Standard
    new: Standard
    not_assessed: tuple[str, ...]

    @property
    def changed(self) -> pl.DataFrame:
        return self.households.filter(pl.col("transition") == RECLASSIFIED)


def compare_standards(
    households: pl.DataFrame, members: pl.DataFrame | None, old: Standard, new: Standard
) -> StandardComparison:
    """Classify the same answers under ``old`` and ``new`` and set each household's classes side by side.

    Columns of ``households`` that are not answers (a unit, an ethnicity) are carried through.
    """
    assessed, not_assessed = assessable(new, households, members)
    before = _classified(households, members, old, "old")
    after = _classified(households, members, assessed, "new")
    answers = _asked(old) | _asked(new) | set(old.flags) | set(new.flags)
    extra = [c for c in households.columns if c not in answers and c != "household_id"]
    frame = before.join(after, on="household_id", how="left", maintain_order="left")
    if extra:
        frame = frame.join(households.select("household_id", *extra), on="household_id", how="left")
    frame = frame.with_columns(_gained_lost(old, assessed)).with_columns(_why(old, assessed))
    moved = pl.col("old_class").cast(pl.String).ne_missing(pl.col("new_class").cast(pl.String))
    frame = frame.with_columns(
        pl.when(moved).then(pl.lit(RECLASSIFIED)).otherwise(pl.lit(SAME_CLASS)).alias("transition")
    )
    return StandardComparison(frame, old, new, not_assessed)


def assessable(
    standard: Standard, households: pl.DataFrame, members: pl.DataFrame | None
) -> tuple[Standard, tuple[str, ...]]:
    """``standard`` less the indicators whose answers are not columns of the tables, and their ids."""
    collected = set(households.columns) | (set(members.columns) if members is not None else set())
    collected |= {d.id for d in standard.derived} | {"member_count"}
    missing = [
        ind.id
        for ind in standard.indicators
        if ind.flag not in collected and not all(column in collected for column in _rule_columns(standard, ind.id))
    ]
    if not missing:
        return standard, ()
    document = copy.deepcopy(standard.document)
    document["indicators"] = [i for i in document["indicators"] if i["id"] not in missing]
    for table in ("household", "member"):
        document["questionnaire"][table] = [
            q
            for q in document["questionnaire"][table]
            if q["id"] in collected or q["id"] in ("household_id", "member_id")
        ]
    return parse_standard(document, standard.path, standard.content_hash), tuple(missing)


def _rule_columns(standard: Standard, indicator_id: str) -> set[str]:
    from povmis.core.conditions import condition_columns  # noqa: PLC0415  # kept beside its only use

    rule = standard.indicator(indicator_id).rule
    return {c for part in ("among", "deprived_if", "counts") for c in condition_columns(rule.get(part, {}))}


def _asked(standard: Standard) -> set[str]:
    return {q.id for q in standard.questionnaire.household}


def _classified(households: pl.DataFrame, members: pl.DataFrame | None, standard: Standard, side: str) -> pl.DataFrame:
    """One side's class, rule, count, flags and lines, prefixed ``old_``/``new_``; the old side keeps the income."""
    wanted = _asked(standard) | set(standard.flags)
    answers = households.select(c for c in households.columns if c in wanted)
    result = classify(answers, members, standard, reasons=False).households
    kept = [c for c in KEEP if c != "household_id"] + standard.flags + [f"line_{line.id}" for line in standard.lines]
    income = [pl.col(standard.income_column).alias("income"), pl.col("area")] if side == "old" else []
    return result.select(pl.col("household_id"), *[pl.col(c).alias(f"{side}_{c}") for c in kept], *income)


def _gained_lost(old: Standard, new: Standard) -> list[pl.Expr]:
    """The indicators a household is deprived in under one standard and not the other."""
    ids = sorted({i.id for i in old.indicators} | {i.id for i in new.indicators})

    def flag(side: str, standard: Standard, indicator_id: str) -> pl.Expr:
        known = indicator_id in {i.id for i in standard.indicators}
        return pl.col(f"{side}_deprived_{indicator_id}").cast(pl.Boolean).fill_null(False) if known else pl.lit(False)

    def listed(mine: str, mine_std: Standard, theirs: str, theirs_std: Standard) -> pl.Expr:
        return pl.concat_list(
            pl.when(flag(mine, mine_std, i) & ~flag(theirs, theirs_std, i)).then(pl.lit(i)) for i in ids
        ).list.drop_nulls()

    return [listed("new", new, "old", old).alias("gained"), listed("old", old, "new", new).alias("lost")]


def _why(old: Standard, new: Standard) -> list[pl.Expr]:
    """One boolean column per reason code, true where that reason applies to a household whose class moved."""
    moved = pl.col("old_class").cast(pl.String).ne_missing(pl.col("new_class").cast(pl.String))
    shared = [line.id for line in old.lines if line.id in {n.id for n in new.lines}]
    below = [
        (pl.col("income") <= pl.col(f"old_line_{i}")) != (pl.col("income") <= pl.col(f"new_line_{i}")) for i in shared
    ]
    line = pl.any_horizontal(below) if below else pl.lit(False)
    count = pl.col("old_deprivation_count") != pl.col("new_deprivation_count")
    old_cut, new_cut = _cutoff(old), _cutoff(new)
    if old_cut is not None and new_cut is not None and old_cut != new_cut:
        low, high = min(old_cut, new_cut), max(old_cut, new_cut)
        cutoff = pl.col("new_deprivation_count").is_between(low, high - 1)
    else:
        cutoff = pl.lit(False)
    classes = ~pl.col("old_class").cast(pl.String).is_in(new.class_ids)
    return [
        (moved & reason.fill_null(False)).alias(f"why_{name}")
        for name, reason in zip(WHY, (line, count, cutoff, classes), strict=True)
    ]


def _cutoff(standard: Standard) -> int | None:
    """The deprivations the first class that counts them needs (the poor class)."""
    for household_class in standard.classes:
        for rule in household_class.rules:
            if rule.deprivations_at_least is not None:
                return rule.deprivations_at_least
    return None


__all__ = ["RECLASSIFIED", "SAME_CLASS", "WHY", "StandardComparison", "assessable", "compare_standards"]
