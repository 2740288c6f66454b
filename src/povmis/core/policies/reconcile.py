"""Reconciliation: who was entitled, who got it, who was missed, paid wrongly, paid twice, or not found.

The definitions are those of docs/support.md, in one place; the command, the pages and the API call
this function. ``entitled`` and ``missed`` are judged on the period's last day; ``ineligible`` on each
delivery's own date, through the same evaluator, so a decree's date or "within three years" moves with it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import polars as pl

from povmis.core.policies.deliveries import match
from povmis.core.policies.entitlements import entitlements, evaluate, subject_tables
from povmis.core.policies.policy import Policy

COUNTS = ("entitled", "delivered", "missed", "ineligible", "twice", "unmatched")


@dataclass(frozen=True)
class Reconciliation:
    counts: pl.DataFrame  # one row per policy (and group): the counts of COUNTS and coverage
    missed: pl.DataFrame  # household_id, member_id, policy, rule
    ineligible: pl.DataFrame  # the delivery rows, with reason
    twice: pl.DataFrame  # the delivery rows beyond a limit, with the purpose
    unmatched: pl.DataFrame  # the delivery rows naming nobody known, with reason
    outside_period: int

    def as_dict(self) -> dict[str, Any]:
        """The layout of docs/support.md: ``{"policies": {id: counts}, "total": counts}``."""
        per_policy = self.counts.group_by("policy", maintain_order=True).agg(pl.col(list(COUNTS)).sum())
        policies = {row["policy"]: _figures(row) for row in per_policy.iter_rows(named=True)}
        total: dict[str, Any] = {key: int(self.counts[key].sum()) for key in COUNTS}
        total["coverage"] = _coverage(total["delivered"], total["entitled"])
        return {"policies": policies, "total": total}


def reconcile(
    households: pl.DataFrame,
    members: pl.DataFrame | None,
    deliveries: pl.DataFrame,
    policies: tuple[Policy, ...],
    start: dt.date,
    end: dt.date,
    by: tuple[str, ...] = (),
) -> Reconciliation:
    """Reconcile the period's deliveries with the entitlements; ``by`` adds household columns to group by (a unit)."""
    in_period = deliveries.filter(pl.col("delivered_on").is_between(start, end))
    matched = match(in_period, households, members, policies)
    entitled = _keyed(entitlements(households, members, policies, end), policies)
    recipients = matched.filter(pl.col("unmatched").is_null()).with_columns(
        household_id=pl.col("to_household"), member_id=pl.col("to_member")
    )
    received = _keyed(recipients.drop("to_household", "to_member", "unmatched"), policies)
    got = received.select("policy", "subject").unique()
    delivered = entitled.join(got, on=["policy", "subject"], how="semi")
    missed = entitled.join(got, on=["policy", "subject"], how="anti")
    ineligible = _ineligible(received, households, members, policies)
    twice = _twice(received, policies)
    unmatched = matched.filter(pl.col("unmatched").is_not_null())
    groups = _attach(households, by)
    frames = {
        "entitled": entitled,
        "delivered": delivered,
        "missed": missed,
        "ineligible": ineligible,
        "twice": twice,
        "unmatched": unmatched,  # counted under the household the row names, if any
    }
    counts = _counts(frames, policies, groups, by)
    return Reconciliation(
        counts=counts,
        missed=missed.select("household_id", "member_id", "policy", "rule", "amount_vnd", "share").sort(
            "policy", "household_id", "member_id"
        ),
        ineligible=ineligible.drop("subject").sort("policy", "row"),
        twice=twice.drop("subject").sort("policy", "row"),
        unmatched=unmatched.drop("to_household", "to_member").rename({"unmatched": "reason"}).sort("row"),
        outside_period=deliveries.height - in_period.height,
    )


def _keyed(frame: pl.DataFrame, policies: tuple[Policy, ...]) -> pl.DataFrame:
    """A ``subject`` per row: the member for a member-level policy, the household otherwise."""
    level = pl.DataFrame({"policy": [p.id for p in policies], "level": [p.level for p in policies]})
    subject = pl.when(pl.col("level") == "member").then(pl.col("member_id")).otherwise(pl.col("household_id"))
    return frame.join(level, on="policy", how="left").with_columns(subject=subject).drop("level")


def _ineligible(
    received: pl.DataFrame, households: pl.DataFrame, members: pl.DataFrame | None, policies: tuple[Policy, ...]
) -> pl.DataFrame:
    """Deliveries to someone no rule of the policy covers on the delivery's own date, with the reason."""
    found = [pl.DataFrame(schema={**received.schema, "reason": pl.String})]
    tables = subject_tables(policies, households, members)
    for policy in policies:
        given = received.filter(pl.col("policy") == policy.id)
        subjects = tables[policy.level]
        if given.is_empty() or subjects is None:
            continue
        key = "member_id" if policy.level == "member" else "household_id"
        judged = evaluate(policy, given.select("row", key, on="delivered_on").join(subjects, on=key, how="left"))
        wrong = judged.filter(pl.col("rule").is_null()).select("row", pl.col("class").alias("_class"), "on")
        in_force = pl.lit(value=False)
        for rule in policy.rules:
            period = pl.col("on") >= rule.effective_from
            if rule.effective_to is not None:
                period = period & (pl.col("on") <= rule.effective_to)
            in_force = in_force | period
        reason = (
            pl.when(~in_force)
            .then(pl.format("no rule of {} is in force on {}", pl.lit(policy.id), pl.col("on")))
            .otherwise(
                pl.format("class {} on {}: no rule of {} applies", pl.col("_class"), pl.col("on"), pl.lit(policy.id))
            )
        )
        found.append(given.join(wrong.with_columns(reason=reason).select("row", "reason"), on="row"))
    return pl.concat(found, how="vertical_relaxed")


def _twice(received: pl.DataFrame, policies: tuple[Policy, ...]) -> pl.DataFrame:
    """Deliveries past the limit for the same purpose and the same person or household, across programmes."""
    limits = pl.DataFrame(
        {
            "policy": [p.id for p in policies],
            "purpose": [p.same_purpose for p in policies],
            "_times": [p.limit.times for p in policies],
        }
    )
    ordered = received.join(limits, on="policy", how="left").sort("delivered_on", "row")
    rank = pl.int_range(1, pl.len() + 1).over("purpose", "subject")
    return ordered.filter(rank > pl.col("_times")).drop("_times")


def _attach(households: pl.DataFrame, by: tuple[str, ...]) -> pl.DataFrame:
    return households.select("household_id", *by)


def _counts(
    frames: dict[str, pl.DataFrame], policies: tuple[Policy, ...], groups: pl.DataFrame, by: tuple[str, ...]
) -> pl.DataFrame:
    keys = ["policy", *by]
    counted = []
    for name, frame in frames.items():
        rows = frame.select("policy", "household_id")
        if by:
            rows = rows.join(groups, on="household_id", how="left")
        counted.append(rows.group_by(keys).len(name))
    grid = pl.DataFrame({"policy": [p.id for p in policies]})
    if by:
        grid = grid.join(groups.select(*by).unique(), how="cross")
    for part in counted:
        grid = grid.join(part, on=keys, how="left", nulls_equal=True)
    filled = grid.with_columns(pl.col(list(COUNTS)).fill_null(0).cast(pl.Int64))
    coverage = pl.when(pl.col("entitled") > 0).then(pl.col("delivered") / pl.col("entitled"))
    return filled.with_columns(coverage=coverage).sort(keys)


def _figures(row: dict[str, Any]) -> dict[str, Any]:
    figures: dict[str, Any] = {key: int(row[key]) for key in COUNTS}
    figures["coverage"] = _coverage(figures["delivered"], figures["entitled"])
    return figures


def _coverage(delivered: int, entitled: int) -> float | None:
    return round(delivered / entitled, 6) if entitled else None
