"""Reconciliation: who was entitled, who got it, who was missed, paid wrongly, paid twice, or not found.

The definitions are those of docs/support.md, in one place; the command, the pages and the API call
this function. ``entitled``, ``missed`` and ``already_supported`` are judged on the list in force on the
period's last day; ``ineligible`` on each delivery's own date, through the same evaluator and the same
history, so a decree's date, a monthly decision or "within three years" moves with it.
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

COUNTS = ("entitled", "delivered", "missed", "already_supported", "ineligible", "twice", "unmatched")


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

    The entitled are judged on the period's last day and each delivery on its own day, both on the
    household's class and escape dates of that day, from ``history`` (the lists and decisions in force;
    by default what the households' escape dates tell, see :func:`povmis.core.policies.history.from_escapes`).

    ``deliveries`` may hold earlier rows: those within a limit's own period (a house under the 2021-2025
    programme, one trade per person) make a subject that got nothing in the period "already supported"
    rather than missed, and count towards the limit for "twice".

    The work runs on narrow frames (a row's position, policy, recipient and date); the delivery rows'
    other columns are gathered only for the rows listed, so two million rows stay a few hundred MiB.
    """
    history = history or from_escapes(households)
    in_period = deliveries.filter(pl.col("delivered_on").is_between(start, end))
    at_end = _as_of(households, history, end)
    tables = subject_tables(policies, at_end, members)
    entitled = _keyed(entitled_rows(tables, policies, end), policies)
    matched = _matched(in_period, households, members, policies)
    received = _received(matched, policies)
    counted = _counted(_earlier(deliveries, households, members, policies, start), policies, start)
    got = received.select("policy", "subject").unique()
    delivered = entitled.join(got, on=["policy", "subject"], how="semi")
    not_got = entitled.join(got, on=["policy", "subject"], how="anti")
    supported = counted.select("policy", "subject").unique()
    already = not_got.join(supported, on=["policy", "subject"], how="semi")
    missed = not_got.join(supported, on=["policy", "subject"], how="anti")
    ineligible = _ineligible(received, tables, policies, history)
    twice = _twice(received, counted, policies)
    unmatched = matched.filter(pl.col("unmatched").is_not_null())
    frames = {
        "entitled": entitled,
        "delivered": delivered,
        "missed": missed,
        "already_supported": already,
        "ineligible": ineligible,
        "twice": twice,
        "unmatched": unmatched,  # counted under the household the row names, if any
    }
    counts = _counts(frames, policies, _attach(at_end, by), by)
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


def counted_from(policies: tuple[Policy, ...], start: dt.date) -> dt.date:
    """The first day whose deliveries a reconciliation from ``start`` reads: a limit's own period may begin earlier."""
    froms = [day for day in (p.limit.counts_before(start) for p in policies) if day is not None]
    return min(froms, default=start)


def _as_of(households: pl.DataFrame, history: History, day: dt.date) -> pl.DataFrame:
    """The households with the class and escape dates of the list in force on ``day`` (one as-of join)."""
    status = status_on(households.select("household_id", on=pl.lit(day)), history).drop("on")
    return households.drop(*STATUS, strict=False).join(status, on="household_id", how="left")


def _matched(
    rows: pl.DataFrame, households: pl.DataFrame, members: pl.DataFrame | None, policies: tuple[Policy, ...]
) -> pl.DataFrame:
    narrow = rows.select("row", "policy", "delivered_on", *WHO).with_row_index("_i")
    return match(narrow, households, members, policies)


def _received(matched: pl.DataFrame, policies: tuple[Policy, ...]) -> pl.DataFrame:
    """The rows that reached a known subject: ``_i`` (position in the rows), row, policy, day, recipient, subject."""
    return _keyed(
        matched.filter(pl.col("unmatched").is_null()).select(
            "_i", "row", "policy", "delivered_on", household_id="to_household", member_id="to_member"
        ),
        policies,
    )


def _earlier(
    deliveries: pl.DataFrame,
    households: pl.DataFrame,
    members: pl.DataFrame | None,
    policies: tuple[Policy, ...],
    start: dt.date,
) -> pl.DataFrame:
    """The deliveries before ``start`` that some limit's own period still counts (none without such a limit)."""
    rows = deliveries.filter(pl.col("delivered_on") < start, pl.col("delivered_on") >= counted_from(policies, start))
    return _received(_matched(rows, households, members, policies), policies)


def _counted(earlier: pl.DataFrame, policies: tuple[Policy, ...], start: dt.date) -> pl.DataFrame:
    """Each earlier row under every policy of its purpose whose limit period holds it, as that policy's row:
    its ``policy`` and ``subject`` were already supported."""
    limits = pl.DataFrame(
        {
            "policy": [p.id for p in policies],
            "purpose": [p.same_purpose for p in policies],
            "_from": [p.limit.counts_before(start) for p in policies],
            "_to": [p.limit.period_to for p in policies],
        },
        schema={"policy": pl.String, "purpose": pl.String, "_from": pl.Date, "_to": pl.Date},
    ).filter(pl.col("_from").is_not_null())
    purpose = _purpose(policies)
    keyed = earlier.with_columns(purpose=purpose).drop("policy").join(limits, on="purpose")
    inside = (pl.col("delivered_on") >= pl.col("_from")) & (
        pl.col("_to").is_null() | (pl.col("delivered_on") <= pl.col("_to"))
    )
    return keyed.filter(inside).drop("_from", "_to")


def _purpose(policies: tuple[Policy, ...]) -> pl.Expr:
    return pl.col("policy").replace_strict({p.id: p.same_purpose for p in policies}, return_dtype=pl.String)


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


def _twice(received: pl.DataFrame, counted: pl.DataFrame, policies: tuple[Policy, ...]) -> pl.DataFrame:
    """Deliveries past the limit for the same purpose and the same person or household, across programmes.

    The earlier rows a limit's own period counts come first. Only the subjects with more deliveries than
    the smallest limit are ordered by date: a few percent.
    """
    times = pl.col("policy").replace_strict({p.id: p.limit.times for p in policies}, return_dtype=pl.Int64)
    keyed = received.with_columns(purpose=_purpose(policies), _times=times, _earlier=pl.lit(value=False))
    # An earlier row counts once for its purpose and subject, if a limit period of that purpose holds it.
    prior = (
        counted.unique(["purpose", "subject", "row"])
        .with_columns(_times=pl.lit(None, dtype=pl.Int64), _earlier=pl.lit(value=True))
        .select(keyed.columns)
    )
    rows = pl.concat([keyed, prior], how="vertical_relaxed")
    repeated = rows.filter(pl.len().over("purpose", "subject") > pl.col("_times").min().over("purpose", "subject"))
    ordered = repeated.sort("delivered_on", "row")
    rank = pl.int_range(1, pl.len() + 1).over("purpose", "subject")
    return ordered.filter(rank > pl.col("_times"), ~pl.col("_earlier")).drop("_times", "_earlier")


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
