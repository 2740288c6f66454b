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

from povmis.core.policies.deliveries import WHO, match
from povmis.core.policies.entitlements import entitled_rows, evaluate, subject_tables
from povmis.core.policies.history import STATUS, History, from_escapes, status_on
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
        return figures(self.counts)


def figures(counts: pl.DataFrame) -> dict[str, Any]:
    """``{"policies": {id: counts}, "total": counts}`` from counts per policy (and any groups), fresh or stored."""
    per_policy = counts.group_by("policy", maintain_order=True).agg(pl.col(list(COUNTS)).sum())
    policies = {row["policy"]: _figures(row) for row in per_policy.iter_rows(named=True)}
    total: dict[str, Any] = {key: int(counts[key].sum()) for key in COUNTS}
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
    history: History | None = None,
) -> Reconciliation:
    """Reconcile the period's deliveries with the entitlements; ``by`` adds household columns to group by (a unit).

    Each delivery is judged on the household's class and escape dates of its own day, from ``history``
    (the lists and decisions in force; by default what the households' escape dates tell, see
    :func:`povmis.core.policies.history.from_escapes`).

    The work runs on narrow frames (a row's position, policy, recipient and date); the delivery rows'
    other columns are gathered only for the rows listed, so two million rows stay a few hundred MiB.
    """
    in_period = deliveries.filter(pl.col("delivered_on").is_between(start, end))
    narrow = in_period.select("row", "policy", "delivered_on", *WHO).with_row_index("_i")
    matched = match(narrow, households, members, policies)
    tables = subject_tables(policies, households, members)
    entitled = _keyed(entitled_rows(tables, policies, end), policies)
    received = _keyed(
        matched.filter(pl.col("unmatched").is_null()).select(
            "_i", "row", "policy", "delivered_on", household_id="to_household", member_id="to_member"
        ),
        policies,
    )
    got = received.select("policy", "subject").unique()
    delivered = entitled.join(got, on=["policy", "subject"], how="semi")
    missed = entitled.join(got, on=["policy", "subject"], how="anti")
    ineligible = _ineligible(received, tables, policies, history or from_escapes(households))
    twice = _twice(received, policies)
    unmatched = matched.filter(pl.col("unmatched").is_not_null())
    frames = {
        "entitled": entitled,
        "delivered": delivered,
        "missed": missed,
        "ineligible": ineligible,
        "twice": twice,
        "unmatched": unmatched,  # counted under the household the row names, if any
    }
    counts = _counts(frames, policies, _attach(households, by), by)
    return Reconciliation(
        counts=counts,
        missed=missed.select("household_id", "member_id", "policy", "rule", "amount_vnd", "share").sort(
            "policy", "household_id", "member_id"
        ),
        ineligible=_rows(in_period, ineligible, "reason").sort("policy", "row"),
        twice=_rows(in_period, twice, "purpose").sort("policy", "row"),
        unmatched=_rows(in_period, unmatched.rename({"unmatched": "reason"}), "reason", recipient=False).sort("row"),
        outside_period=deliveries.height - in_period.height,
    )


def _keyed(frame: pl.DataFrame, policies: tuple[Policy, ...]) -> pl.DataFrame:
    """A ``subject`` per row: the member for a member-level policy, the household otherwise."""
    by_member = pl.col("policy").is_in([p.id for p in policies if p.level == "member"])
    return frame.with_columns(subject=pl.when(by_member).then(pl.col("member_id")).otherwise(pl.col("household_id")))


def _rows(in_period: pl.DataFrame, found: pl.DataFrame, extra: str, *, recipient: bool = True) -> pl.DataFrame:
    """The full delivery rows at ``found``'s positions, with its ``extra`` column (and the recipient found)."""
    positions = found["_i"]
    rows = in_period.select(pl.all().gather(positions))
    if recipient:
        rows = rows.with_columns(found["household_id"].alias("household_id"), found["member_id"].alias("member_id"))
    return rows.with_columns(found[extra].alias(extra))


def _ineligible(
    received: pl.DataFrame, tables: dict[str, pl.DataFrame | None], policies: tuple[Policy, ...], history: History
) -> pl.DataFrame:
    """Deliveries to someone no rule of the policy covers on the delivery's own date, with the reason."""
    found = [received.clear().with_columns(reason=pl.lit(None, dtype=pl.String))]
    # The household's class and escape dates on each delivery's day: one as-of join for every policy.
    days = status_on(received.select("_i", "household_id", on="delivered_on"), history).drop("household_id", "on")
    received = received.join(days, on="_i")
    by_policy = received.partition_by("policy", as_dict=True)
    for policy in policies:
        given = by_policy.get((policy.id,))
        subjects = tables[policy.level]
        if given is None or subjects is None:
            continue
        key = "member_id" if policy.level == "member" else "household_id"
        # Only the columns the rules read (and the class, for the reason): the members' table is wide.
        read = sorted(((policy.columns() | {"class"}) & set(subjects.columns)) - {key, "on", *STATUS})
        judged = evaluate(
            policy,
            given.select("_i", key, *STATUS, on="delivered_on").join(subjects.select(key, *read), on=key, how="left"),
        )
        wrong = judged.filter(pl.col("rule").is_null()).select("_i", pl.col("class").alias("_class"), "on")
        # concat_str rather than pl.format: Polars 1.35's format panics on some joined frames.
        day = pl.col("on").cast(pl.String)
        reason = (
            pl.when(~_in_force(policy))
            .then(pl.concat_str(pl.lit(f"no rule of {policy.id} is in force on "), day))
            .otherwise(
                pl.concat_str(
                    pl.lit("class "), pl.col("_class").cast(pl.String).fill_null("none"), pl.lit(" on "), day,
                    pl.lit(f": no rule of {policy.id} applies"),
                )
            )
        )  # fmt: skip
        found.append(given.drop(*STATUS).join(wrong.with_columns(reason=reason).select("_i", "reason"), on="_i"))
    return pl.concat(found, how="vertical_relaxed")


def _in_force(policy: Policy) -> pl.Expr:
    in_force = pl.lit(value=False)
    for rule in policy.rules:
        period = pl.col("on") >= rule.effective_from
        if rule.effective_to is not None:
            period = period & (pl.col("on") <= rule.effective_to)
        in_force = in_force | period
    return in_force


def _twice(received: pl.DataFrame, policies: tuple[Policy, ...]) -> pl.DataFrame:
    """Deliveries past the limit for the same purpose and the same person or household, across programmes.

    Only the subjects with more deliveries than the smallest limit are ordered by date: a few percent.
    """
    purpose = pl.col("policy").replace_strict({p.id: p.same_purpose for p in policies}, return_dtype=pl.String)
    times = pl.col("policy").replace_strict({p.id: p.limit.times for p in policies}, return_dtype=pl.Int64)
    keyed = received.with_columns(purpose=purpose, _times=times)
    repeated = keyed.filter(pl.len().over("purpose", "subject") > pl.col("_times").min().over("purpose", "subject"))
    ordered = repeated.sort("delivered_on", "row")
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
