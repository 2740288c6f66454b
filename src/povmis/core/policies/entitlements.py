"""Who is entitled to what on a date: every household x policy and member x policy, vectorised.

One evaluator serves the whole province and one household, and both the review's date and each
delivery's own date: the date is a column, ``on``, that the rules' periods and "within 3 years" read.

>>> import datetime as dt
>>> import polars as pl
>>> from povmis.core.policies.policy import load_policy
>>> on = [dt.date(2024, 1, 1)] * 2
>>> households = pl.DataFrame({"household_id": ["h1", "h2"], "class": ["poor", "average"], "on": on})
>>> evaluate(load_policy("legal_aid"), households)["rule"].to_list()
['poor_or_near_poor', None]
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from povmis.core.conditions import compile_condition
from povmis.core.policies.policy import Policy

ENTITLEMENT_SCHEMA = {
    "household_id": pl.String,
    "member_id": pl.String,
    "policy": pl.String,
    "share": pl.Float64,
    "amount_vnd": pl.Int64,
    "interest_ratio": pl.Float64,
    "rule": pl.String,
    "on": pl.Date,
    "policy_hash": pl.String,
}


class MissingColumnError(ValueError):
    """A policy reads a column the table does not have; the message names both."""


def evaluate(policy: Policy, subjects: pl.DataFrame) -> pl.DataFrame:
    """``subjects`` with the rule that applies (first in the file's order), its share, amount and ratio.

    A subject no rule applies to gets nulls. An unknown answer (a missing deprivation flag) never makes
    anyone entitled: Kleene logic keeps it unknown and ``when`` treats unknown as no.
    """
    _check_columns(policy, subjects)
    chosen: pl.Expr = pl.lit(None, dtype=pl.Int32)
    for index, rule in reversed(list(enumerate(policy.rules))):
        in_force = pl.col("on") >= rule.effective_from
        if rule.effective_to is not None:
            in_force = in_force & (pl.col("on") <= rule.effective_to)
        applies = in_force & compile_condition(rule.eligible, f"{policy.id}.rules[{index}].eligible")
        chosen = pl.when(applies).then(pl.lit(index, dtype=pl.Int32)).otherwise(chosen)
    table = pl.DataFrame(
        {
            "_rule": list(range(len(policy.rules))),
            "rule": [rule.id for rule in policy.rules],
            "share": [rule.benefit.share for rule in policy.rules],
            "amount_vnd": [rule.benefit.amount_vnd for rule in policy.rules],
            "interest_ratio": [rule.benefit.interest_ratio for rule in policy.rules],
        },
        schema={
            "_rule": pl.Int32,
            "rule": pl.String,
            "share": pl.Float64,
            "amount_vnd": pl.Int64,
            "interest_ratio": pl.Float64,
        },
    )
    return subjects.with_columns(chosen.alias("_rule")).join(table, on="_rule", how="left").drop("_rule")


def entitlements(
    households: pl.DataFrame, members: pl.DataFrame | None, policies: tuple[Policy, ...], on: dt.date
) -> pl.DataFrame:
    """Every entitlement on ``on``, one row per household (or member) and policy, in the layout of docs/support.md.

    Member-level policies need the members table; without it they give no rows.
    """
    tables = subject_tables(policies, households, members)
    return entitled_rows(tables, policies, on).sort("policy", "household_id", "member_id", nulls_last=False)


def entitled_rows(tables: dict[str, pl.DataFrame | None], policies: tuple[Policy, ...], on: dt.date) -> pl.DataFrame:
    """The rows of :func:`entitlements` in no particular order, from :func:`subject_tables` made once."""
    frames = [pl.DataFrame(schema=ENTITLEMENT_SCHEMA)]
    for policy in policies:
        subjects = tables[policy.level]
        if subjects is None:
            continue
        judged = evaluate(policy, subjects.with_columns(on=pl.lit(on)))
        frames.append(
            judged.filter(pl.col("rule").is_not_null()).select(
                "household_id",
                pl.col("member_id") if policy.level == "member" else pl.lit(None, dtype=pl.String).alias("member_id"),
                pl.lit(policy.id).alias("policy"),
                "share",
                "amount_vnd",
                "interest_ratio",
                "rule",
                "on",
                pl.lit(policy.content_hash).alias("policy_hash"),
            )
        )
    return pl.concat(frames, how="vertical_relaxed")


def subject_tables(
    policies: tuple[Policy, ...], households: pl.DataFrame, members: pl.DataFrame | None
) -> dict[str, pl.DataFrame | None]:
    """The rows policies are judged on, by level: households, and members beside their household's answers.

    Members are joined to their households once for every member-level policy: at two million members
    the join costs more than a policy's rules.
    """
    read = {column for policy in policies for column in policy.columns()}
    flags = {column for column in read if column.startswith("deprived_")}
    # A deprivation or a status the table does not carry is unknown for everyone, not an error: both are
    # optional (a status such as agricultural_average is stored beside the class, docs/statuses.md).
    absent = sorted(flags - set(households.columns))
    households = households.with_columns(pl.lit(None, dtype=pl.Int8).alias(name) for name in absent)
    statuses = sorted(({"agricultural_average"} & read) - set(households.columns))
    households = households.with_columns(pl.lit(None, dtype=pl.Boolean).alias(name) for name in statuses)
    joined = None if members is None else members.join(households, on="household_id", how="inner", suffix="_household")
    return {"household": households, "member": joined}


def _check_columns(policy: Policy, subjects: pl.DataFrame) -> None:
    missing = sorted((policy.columns() | {"on"}) - set(subjects.columns))
    if missing:
        raise MissingColumnError(f"policy {policy.id} reads column(s) {', '.join(missing)}, which the table lacks")
