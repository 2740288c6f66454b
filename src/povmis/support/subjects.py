"""A classified review as the tables the policies are judged on: households and members, from the registry.

The columns are those of docs/support.md, read in bulk (no ORM object per household): the class and
deprivations from the review's results (registry.cycle_data), the units' flags from the commune and
its district, the dates a household escaped poverty or near-poverty from the transitions of this and
earlier reviews, the status "agricultural household with an average living standard" from the statuses
stored with the review (registry.Status), and the members' answers. An answer the survey does not ask (``agricultural``,
``disabled``, ``wants_training`` in the 2022-2025 questionnaire) is unknown, and an unknown never makes
anyone entitled.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from povmis.bulk import fetch_frame
from povmis.core.transitions import ESCAPED_NEAR_POVERTY, ESCAPED_POVERTY, POOR_TO_NEAR_POOR
from povmis.registry.cycle_data import answer_sql, like_prefix, review_results
from povmis.registry.models import (
    ClassificationRun,
    Household,
    HouseholdResult,
    HouseholdSurvey,
    ReviewCycle,
    Status,
)
from povmis.registry.models import MemberSurvey as Member
from povmis.units.models import AdminUnit

H, U, S, M = Household._meta.db_table, AdminUnit._meta.db_table, HouseholdSurvey._meta.db_table, Member._meta.db_table
R, C, T = HouseholdResult._meta.db_table, ReviewCycle._meta.db_table, Status._meta.db_table
DISTRICT_PARTS = 2  # a path's codes down to the district: "66/643/"


@dataclass(frozen=True)
class Subjects:
    year: int
    on: dt.date  # the date the review's entitlements are judged on
    households: pl.DataFrame  # the layout of docs/support.md, plus household_pk and unit_path
    members: pl.DataFrame
    results: pl.DataFrame  # the review's results they were read from (registry.cycle_data.review_results)


def judged_on(year: int) -> dt.date:
    """A review's list is recognised at the end of its year: entitlements are judged on 31 December."""
    return dt.date(year, 12, 31)


def review_subjects(year: int, area: str = "", results: pl.DataFrame | None = None) -> Subjects:
    """The ``year`` review's households and members inside ``area`` (a unit path; "" for everywhere).

    ``results``: the whole review's results as :func:`review_results` gives them, when the caller holds
    them already (the classification just stored them), so they are not read back.
    """
    if results is None:
        results = review_results(year, area)
    elif area:
        results = results.filter(pl.col("unit_path").str.starts_with(area))
    standard_columns = set(results.columns) - {
        "household_id", "household_pk", "commune_id", "unit_path", "class", "transition",
        "ethnic_minority", "area", "persons", "standard_id",
    }  # fmt: skip
    flags = _unit_flags()
    escaped = _escaped(year)
    holders = _agricultural_average(year)
    households = (
        results.join(flags, left_on="commune_id", right_on="id", how="left")
        .join(escaped, on="household_pk", how="left")
        .with_columns(
            pl.lit(None, dtype=pl.Boolean).alias("agricultural"),  # not asked by the survey
            pl.col("household_pk").is_in(holders.implode()).alias("agricultural_average"),
        )
        .select(
            "household_id",
            "household_pk",
            "unit_path",
            pl.col("class").cast(pl.String),
            "area",
            "agricultural",
            "agricultural_average",
            "ethnic_minority",
            "poor_district",
            "poor_commune",
            "extremely_difficult_commune",
            "escaped_poverty_on",
            "escaped_near_poverty_on",
            *[pl.col(name).cast(pl.Int8).alias(f"deprived_{name}") for name in sorted(standard_columns)],
        )
    )
    return Subjects(year, judged_on(year), households, _members(year, area), results)


def _agricultural_average(year: int) -> pl.Series:
    """The household pks holding the status "agricultural household with an average living standard" with
    the ``year`` review (registry.Status: from its answers or recognised on application) by 31 December."""
    holders = fetch_frame(
        f"SELECT t.household_id FROM {T} t JOIN {C} c ON c.id = t.cycle_id "  # noqa: S608  # names ours, values parameters
        "WHERE c.year = %s AND t.member_code = '' AND t.status = %s AND t.held_from <= %s",
        [year, Status.Kind.AGRICULTURAL_AVERAGE.value, judged_on(year).isoformat()],
        {"household_pk": pl.Int64()},
    )
    return holders["household_pk"]


def _unit_flags() -> pl.DataFrame:
    """commune id → its flags: poor district (its district's), poor and extremely difficult commune (its own).

    The registry keeps one flag per unit, ``is_disadvantaged`` (units CSV): on a district, a poor district
    of Decision 353/QĐ-TTg; on a commune, an extremely difficult commune, which the poor-commune rule of
    Decree 188/2025 reads too until the registry keeps the Prime Minister's list of poor communes apart.
    """
    units = fetch_frame(
        f"SELECT id, path, level, is_disadvantaged FROM {U}",  # noqa: S608  # a table name of ours
        [],
        {"id": pl.Int64(), "path": pl.String(), "level": pl.String(), "is_disadvantaged": pl.Boolean()},
    )
    districts = units.filter(pl.col("level") == "district").select(
        district_path="path", poor_district="is_disadvantaged"
    )
    district_path = pl.col("path").str.split("/").list.head(DISTRICT_PARTS).list.join("/") + "/"
    return (
        units.filter(pl.col("level") == "commune")
        .with_columns(district_path=district_path)
        .join(districts, on="district_path", how="left")
        .select(
            "id",
            pl.col("poor_district").fill_null(value=False),
            pl.col("is_disadvantaged").alias("poor_commune"),
            pl.col("is_disadvantaged").alias("extremely_difficult_commune"),
        )
    )


def _escaped(year: int) -> pl.DataFrame:
    """household pk → the end of the latest review (up to ``year``) at which it escaped poverty, near-poverty."""
    runs: dict[int, int] = {}
    for cycle_year, run_id in ClassificationRun.objects.order_by("pk").values_list("cycle__year", "pk"):
        if cycle_year <= year:
            runs[cycle_year] = run_id
    schema = {"household_pk": pl.Int64(), "year": pl.Int64(), "transition": pl.String()}
    marks = ", ".join(["%s"] * len(runs)) or "NULL"
    moves = fetch_frame(
        f"SELECT r.household_id, c.year, r.transition FROM {R} r "  # noqa: S608  # names ours, values parameters
        f"JOIN {C} c ON c.id = r.cycle_id WHERE r.run_id IN ({marks}) "
        "AND r.transition IN (%s, %s, %s)",
        [*runs.values(), ESCAPED_POVERTY, POOR_TO_NEAR_POOR, ESCAPED_NEAR_POVERTY],
        schema,
    )
    end_of = pl.date(pl.col("year"), 12, 31)
    poverty = pl.col("transition").is_in([ESCAPED_POVERTY, POOR_TO_NEAR_POOR])
    return moves.group_by("household_pk").agg(
        escaped_poverty_on=end_of.filter(poverty).max(),
        escaped_near_poverty_on=end_of.filter(pl.col("transition") == ESCAPED_NEAR_POVERTY).max(),
    )


def member_key(household: pl.Expr, member: pl.Expr) -> pl.Expr:
    """A member's key across the province: "household code/member code"."""
    return pl.concat_str([household, member], separator="/")


def member_code(household: pl.Expr, key: pl.Expr) -> pl.Expr:
    """The member's own code back from :func:`member_key`."""
    return key.str.strip_prefix(pl.concat_str([household, pl.lit("/")]))


def _members(year: int, area: str) -> pl.DataFrame:
    run = ClassificationRun.objects.filter(cycle__year=year).order_by("-pk").values_list("pk", flat=True).first()
    questions = ("age", "disabled", "wants_training")
    # The three answers read by the database: two million members' whole answers need not travel.
    answers = ", ".join(answer_sql("m.answers", name) for name in questions)
    members = fetch_frame(
        f"SELECT h.code, m.member_code, m.national_id, {answers} FROM {R} r "  # noqa: S608  # names ours
        f"JOIN {H} h ON h.id = r.household_id JOIN {U} c ON c.id = h.commune_id "
        f"JOIN {S} s ON s.household_id = h.id AND s.cycle_id = r.cycle_id JOIN {M} m ON m.survey_id = s.id "
        "WHERE r.run_id = %s AND c.path LIKE %s ESCAPE '\\'",
        [run, like_prefix(area)],
        {
            "household_id": pl.String(),
            "member_id": pl.String(),
            "national_id": pl.String(),
            **dict.fromkeys(questions, pl.String()),
        },
    )
    # A JSON true reads as "true" on PostgreSQL and "1" on SQLite.
    asked = [
        pl.col(name).replace_strict({"true": True, "1": True, "false": False, "0": False}, default=None)
        .cast(pl.Boolean).alias(name)
        for name in ("disabled", "wants_training")
    ]  # fmt: skip
    # A member's code is unique within its household only (a survey numbers members 1, 2, ...): the key
    # the policies judge on carries the household's code too (see member_key).
    return members.select(
        "household_id",
        member_key(pl.col("household_id"), pl.col("member_id")).alias("member_id"),
        pl.col("national_id").replace("", None),
        pl.col("age").cast(pl.Int64, strict=False),
        *asked,
    ).sort("household_id", "member_id")
