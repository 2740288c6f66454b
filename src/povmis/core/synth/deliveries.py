"""The synthetic province's deliveries, 2021-2024: the support each year's classified households got.

Who is entitled comes from the core's own evaluator (:func:`povmis.core.policies.entitlements.entitlements`)
on the year's classified households; the generator then gives each policy to a share of the entitled
(``COVERAGE``), never to the rest (the coverage gaps), and injects the faults a reconciliation must find,
at the rates of docs/synth.md: a second delivery of the same purpose under another programme (``TWICE``),
deliveries to households or members not entitled (``INELIGIBLE``), and cards or courses naming a national
ID nobody has (``UNKNOWN_ID``). No row carries a label: the figures come out of the reconciliation.

>>> import datetime as dt
>>> rows = pl.DataFrame({"u": [0.0, 0.5, 0.999]})
>>> rows.select(_day(pl.col("u"), pl.lit(dt.date(2024, 1, 1)), pl.lit(dt.date(2024, 12, 31))))["u"].to_list()
[datetime.date(2024, 1, 1), datetime.date(2024, 7, 2), datetime.date(2024, 12, 31)]
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from povmis.core.policies.entitlements import entitlements, subject_tables
from povmis.core.policies.policy import Policy
from povmis.core.synth.draws import uniform

# The share of each policy's entitled who receive it in a year (the rest are the coverage gap). Health
# insurance cards reach nearly everyone; credit, models and courses reach those who apply.
COVERAGE = {
    "health_insurance": 0.92, "credit": 0.35, "vocational_training": 0.10, "housing": 0.30,
    "job_referral": 0.25, "work_abroad": 0.02, "production_support": 0.40, "livelihood_model": 0.10,
    "nutrition": 0.60, "tuition": 0.85, "study_support": 0.70, "electricity": 0.80, "legal_aid": 0.15,
}  # fmt: skip
# Given once in a life, not every year: a house, one trade per person.
ONCE = ("housing", "vocational_training")
TWICE = 0.02  # of the delivered rows: the same purpose again, under Decision 1719's programme
INELIGIBLE = 0.015  # rows to someone not entitled, for every 1 delivered row of the policy
UNKNOWN_ID = 0.01  # of the member-level rows: a national ID nobody in the register has
PROGRAMME, OTHER_PROGRAMME = "ntp-spr-2021-2025", "ntp-em-1719"
AGENCY = {"credit": "vbsp", "health_insurance": "social-insurance", "vocational_training": "labour",
          "job_referral": "labour", "work_abroad": "labour", "housing": "construction"}  # fmt: skip
PROJECT = {"housing": "5", "vocational_training": "4", "job_referral": "4", "work_abroad": "4",
           "production_support": "2", "livelihood_model": "2", "nutrition": "3"}  # fmt: skip
DELIVERY_SCHEMA = {
    "household_id": pl.String, "national_id": pl.String, "member_id": pl.String, "policy": pl.String,
    "delivered_on": pl.Date, "amount_vnd": pl.Int64, "quantity": pl.Int64, "programme": pl.String,
    "project": pl.String, "agency": pl.String, "reference": pl.String,
}  # fmt: skip
POOR_DISTRICTS = Path(__file__).parent / "data" / "poor_districts.csv"


def synthetic_deliveries(
    households: pl.DataFrame,
    members: pl.DataFrame,
    policies: tuple[Policy, ...],
    year: int,
    seed: int,
    given_before: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """The year's deliveries to the classified ``households`` and ``members`` (the layouts of docs/support.md).

    ``given_before`` holds the (policy, subject) pairs of earlier years, so a house or a trade is given once.
    """
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    entitled = entitlements(households, members, policies, end).with_columns(subject=_subject(policies))
    if given_before is not None:
        once = given_before.filter(pl.col("policy").is_in(ONCE))
        entitled = entitled.join(once, on=["policy", "subject"], how="anti")
    key = pl.concat_str(pl.lit(str(year)), "policy", "subject", separator="|")
    coverage = pl.col("policy").replace_strict(COVERAGE, default=0.5, return_dtype=pl.Float64)
    chosen = entitled.filter(uniform(key, seed, "delivery:covered") < coverage)
    first, last = _periods(policies, start, end)
    delivered = chosen.join(first, on=["policy", "rule"], how="left").with_columns(
        delivered_on=_day(uniform(key, seed, "delivery:day"), pl.col("_from"), pl.col("_to"))
    )
    twice = delivered.filter(uniform(key, seed, "delivery:twice") < TWICE).with_columns(
        delivered_on=_day(uniform(key, seed, "delivery:twice-day"), pl.col("delivered_on"), pl.lit(end)),
        programme=pl.lit(OTHER_PROGRAMME),
    )
    rows = pl.concat(
        [
            _layout(delivered.with_columns(programme=pl.lit(PROGRAMME)), members, year, seed, "d"),
            _layout(twice, members, year, seed, "t"),
            _layout(_ineligible(households, members, policies, delivered, last, year, seed), members, year, seed, "i"),
        ],
        how="vertical_relaxed",
    )
    return rows.sort("delivered_on", "reference")


def _subject(policies: tuple[Policy, ...]) -> pl.Expr:
    by_member = pl.col("policy").is_in([p.id for p in policies if p.level == "member"])
    return pl.when(by_member).then(pl.col("member_id")).otherwise(pl.col("household_id"))


def _periods(policies: tuple[Policy, ...], start: dt.date, end: dt.date) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Each rule's days in force within the year, so a delivery is dated when its rule applied."""
    rows = [
        (p.id, r.id, max(start, r.effective_from), min(end, r.effective_to or end)) for p in policies for r in p.rules
    ]
    frame = pl.DataFrame(rows, schema=["policy", "rule", "_from", "_to"], orient="row")
    in_year = frame.filter(pl.col("_from") <= pl.col("_to"))
    return in_year, in_year.group_by("policy").agg(pl.col("_from").min(), pl.col("_to").max())


def _day(u: pl.Expr, first: pl.Expr, last: pl.Expr) -> pl.Expr:
    """A day from ``first`` to ``last``, both included, spread by ``u`` in [0, 1)."""
    span = (last - first).dt.total_days() + 1
    return (first + pl.duration(days=(u * span).floor().cast(pl.Int64))).alias("u")


def _ineligible(
    households: pl.DataFrame,
    members: pl.DataFrame,
    policies: tuple[Policy, ...],
    delivered: pl.DataFrame,
    last: pl.DataFrame,
    year: int,
    seed: int,
) -> pl.DataFrame:
    """For each policy, about INELIGIBLE rows per delivered row, to subjects the policy does not cover."""
    tables = subject_tables(policies, households, members)
    entitled = entitlements(households, members, policies, dt.date(year, 12, 31)).with_columns(
        subject=_subject(policies)
    )
    counts = dict(delivered.group_by("policy").len().rows())
    parts = [pl.DataFrame(schema={"household_id": pl.String, "member_id": pl.String, "policy": pl.String,
                                  "amount_vnd": pl.Int64, "delivered_on": pl.Date})]  # fmt: skip
    for policy in policies:
        subjects = tables[policy.level]
        window = last.filter(pl.col("policy") == policy.id)
        if subjects is None or not counts.get(policy.id) or window.is_empty():
            continue
        key = "member_id" if policy.level == "member" else "household_id"
        others = subjects.select(
            "household_id", pl.col("member_id") if key == "member_id" else pl.lit(None, pl.String).alias("member_id")
        ).join(entitled.filter(pl.col("policy") == policy.id).select(pl.col("subject").alias(key)), on=key, how="anti")
        if others.is_empty():
            continue
        share = min(1.0, INELIGIBLE * counts[policy.id] / others.height)
        draw = pl.concat_str(pl.lit(f"{year}|{policy.id}"), pl.col(key), separator="|")
        first, final = window.row(0)[1:]
        parts.append(
            others.filter(uniform(draw, seed, "delivery:ineligible") < share).select(
                "household_id",
                "member_id",
                pl.lit(policy.id).alias("policy"),
                pl.lit(_amount(policy), pl.Int64).alias("amount_vnd"),
                _day(uniform(draw, seed, "delivery:ineligible-day"), pl.lit(first), pl.lit(final)).alias(
                    "delivered_on"
                ),
            )
        )
    return pl.concat(parts, how="vertical_relaxed").with_columns(programme=pl.lit(PROGRAMME))


def _amount(policy: Policy) -> int | None:
    return next((r.benefit.amount_vnd for r in policy.rules if r.benefit.amount_vnd is not None), None)


def _layout(rows: pl.DataFrame, members: pl.DataFrame, year: int, seed: int, kind: str) -> pl.DataFrame:
    """The agencies' list layout: members named by code and national ID; a few IDs nobody has, and no code."""
    ids = members.select("member_id", "national_id")
    named = rows.join(ids, on="member_id", how="left")
    key = pl.concat_str(pl.lit(f"{year}|{kind}"), "policy", "household_id", pl.col("member_id").fill_null(""))
    unknown = pl.col("member_id").is_not_null() & (uniform(key, seed, "delivery:unknown-id") < UNKNOWN_ID)
    digits = (uniform(key, seed, "delivery:stranger") * 1e11).cast(pl.Int64).cast(pl.String).str.zfill(11)
    stranger = pl.concat_str(pl.lit("9"), digits)
    numbered = named.with_row_index("_n")
    return numbered.select(
        "household_id",
        national_id=pl.when(unknown).then(stranger).otherwise(pl.col("national_id")),
        member_id=pl.when(unknown).then(None).otherwise(pl.col("member_id")),
        policy="policy",
        delivered_on="delivered_on",
        amount_vnd="amount_vnd",
        quantity=pl.lit(1, pl.Int64),
        programme="programme",
        project=pl.col("policy").replace_strict(PROJECT, default=None, return_dtype=pl.String),
        agency=pl.col("policy").replace_strict(AGENCY, default="commune", return_dtype=pl.String),
        # concat_str rather than pl.format: Polars 1.35's format panics on some joined frames.
        reference=pl.concat_str(pl.lit(f"{year}{kind}"), "policy", pl.col("_n").cast(pl.String), separator="-"),
    ).cast(DELIVERY_SCHEMA)  # type: ignore[arg-type]  # dtype classes, which cast() takes too


def support_households(
    households: pl.DataFrame, classes: pl.DataFrame, previous: pl.DataFrame | None, year: int, seed: int
) -> pl.DataFrame:
    """A year's synthetic households in the layout the policies read (docs/support.md).

    ``households`` are the survey's (district and commune codes, area, ethnic minority); ``classes`` the
    review's result: ``class`` and a ``deprived_<indicator>`` boolean per indicator; ``previous`` the year before's
    ``class``, from which an escape is dated 1 January of ``year``. Agricultural: a rural household (the
    survey does not ask). Poor districts come from data/poor_districts.csv (Decision 353/QĐ-TTg);
    extremely difficult communes are a seeded 15% of rural communes; no poor commune is listed.
    """
    flags = [name for name in classes.columns if name.startswith("deprived_")]
    poor = _poor_districts(dt.date(year, 12, 31))
    before = (previous if previous is not None else classes.select("household_id", "class").clear()).select(
        "household_id", pl.col("class").cast(pl.String).alias("_before")
    )
    now = pl.col("class")
    escaped = pl.lit(dt.date(year, 1, 1))
    joined = households.join(classes, on="household_id", how="inner").join(before, on="household_id", how="left")
    return joined.select(
        "household_id",
        "district_code",
        "commune_code",
        now.cast(pl.String).alias("class"),
        "area",
        pl.col(flags).cast(pl.Int8),
        agricultural=pl.col("area") == "rural",
        # The status beside the class that health insurance's 30% reads (docs/statuses.md).
        agricultural_average=(pl.col("area") == "rural") & (now.cast(pl.String) == "average"),
        ethnic_minority=pl.col("ethnic_minority").cast(pl.Boolean),
        poor_district=pl.col("district_code").is_in(poor),
        poor_commune=pl.lit(value=False),
        extremely_difficult_commune=(pl.col("area") == "rural")
        & (uniform(pl.col("commune_code"), seed, "support:extremely-difficult") < 0.15),
        escaped_poverty_on=pl.when((pl.col("_before") == "poor") & (now.cast(pl.String) != "poor")).then(escaped),
        escaped_near_poverty_on=pl.when(
            (pl.col("_before") == "near_poor") & now.cast(pl.String).is_in(["average", "not_poor"])
        ).then(escaped),
    )


def support_members(members: pl.DataFrame, seed: int) -> pl.DataFrame:
    """The survey's members with what the policies read: a seeded 3% disabled; who wants a trade.

    Wanting training: 60% of those 15 to 60 without stable work (unemployed, unstable, lacking
    employment), 10% of the other 15 to 60 year olds, nobody else.
    """
    u = uniform(pl.col("member_id"), seed, "support:wants-training")
    working_age = pl.col("age").cast(pl.Int64).is_between(15, 60)
    without_work = pl.col("labour_status").is_in(["unemployed", "unstable", "lacks_employment"])
    return members.select(
        "household_id",
        "member_id",
        "national_id",
        pl.col("age").cast(pl.Int64),
        disabled=uniform(pl.col("member_id"), seed, "support:disabled") < 0.03,
        wants_training=working_age & pl.when(without_work).then(u < 0.6).otherwise(u < 0.1),
    )


def _poor_districts(on: dt.date) -> list[str]:
    table = pl.read_csv(POOR_DISTRICTS, schema_overrides={"district_code": pl.String}, try_parse_dates=True)
    in_force = table.filter((pl.col("effective_from") <= on) & (pl.col("effective_to") >= on))
    return in_force["district_code"].to_list()
