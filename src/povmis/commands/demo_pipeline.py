"""The demo's steps, each through the same services the pages call: units, reviews, approvals, accounts.

Imported only after Django is set up (see :mod:`povmis.commands.demo`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count

from povmis.accounts.models import Role, RoleKind
from povmis.commands.demo_round import record_paperwork
from povmis.registry.models import CommuneReview, HouseholdResult, ReviewCycle, Stage
from povmis.registry.services import (
    advance_stage,
    classify_cycle,
    classify_cycle_under,
    close_cycle,
    import_survey,
    load_successions,
    load_units,
    open_cycle,
)
from povmis.registry.survey_import import SurveyFile
from povmis.units.boundaries import load_boundaries
from povmis.units.models import AdminUnit, UnitSuccession

Say = Callable[[str], None]
# The demo's accounts share one printed password: a local demonstration, never a deployment.
PASSWORD = "povmis-demo"  # noqa: S105  # printed for the demo, as said above
# The stages before the minutes and the posting are recorded.
UNRECORDED = (Stage.SURVEY, Stage.VILLAGE_MEETING)
# username → role; one account per role.
ACCOUNTS: dict[str, str] = {
    "admin": RoleKind.ADMINISTRATOR,
    "province": RoleKind.PROVINCE_OFFICER,
    "district": RoleKind.DISTRICT_OFFICER,
    "commune": RoleKind.COMMUNE_CADRE,
    "steering": RoleKind.STEERING_COMMITTEE,
    "auditor": RoleKind.AUDITOR,
}
PROVINCE_CODE = "66"


@dataclass
class Timings:
    """Seconds per stage, to show where the time goes on a full province."""

    seconds: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start


def database_state(years: list[int]) -> str:
    """'empty', 'complete' (every review closed and every account there) or 'partial'."""
    if not AdminUnit.objects.exists() and not User.objects.exists():
        return "empty"
    # The last review stays open for the demo commune to walk through; the earlier ones are closed.
    closed = ReviewCycle.objects.filter(year__in=years[:-1], closed_at__isnull=False).count()
    classified = ReviewCycle.objects.filter(year=years[-1], runs__isnull=False).exists()
    accounts = User.objects.filter(username__in=list(ACCOUNTS)).count()
    complete = closed == len(years) - 1 and classified and accounts == len(ACCOUNTS)
    return "complete" if complete else "partial"


def reset_database() -> None:
    """Start from nothing: remove the SQLite file, or empty every table of another database."""
    name = settings.DATABASES["default"]["NAME"]
    if connection.vendor == "sqlite" and str(name) != ":memory:" and Path(name).is_file():
        connection.close()
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{name}{suffix}").unlink(missing_ok=True)
    migrate()
    call_command("flush", interactive=False, verbosity=0)


def migrate() -> None:
    call_command("migrate", interactive=False, verbosity=0)


def administrator() -> User:
    user, _created = User.objects.get_or_create(username="admin")
    user.set_password(PASSWORD)
    user.save()
    Role.objects.get_or_create(user=user, defaults={"kind": RoleKind.ADMINISTRATOR})
    return user


def load_geography(folder: Path, admin: User) -> int:
    count = load_units(folder / "units.csv", user=admin)
    load_successions(folder / "successions.csv", user=admin)
    load_boundaries(folder / "boundaries.geojson")  # the map's outlines, which `povmis synth` writes
    return count


def read_year(folder: Path) -> SurveyFile:
    """A year of the synthetic province as the text frames an uploaded file gives (booleans as 1/0)."""

    def as_text(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.with_columns(pl.col(pl.Boolean).cast(pl.Int8)).select(pl.all().cast(pl.String))

    households = as_text(pl.read_parquet(folder / "households.parquet"))
    members = as_text(pl.read_parquet(folder / "members.parquet"))
    name = folder.name
    return SurveyFile(households, members, f"{name}/households.parquet", f"{name}/members.parquet")


def run_review(
    year: int,
    folder: Path,
    *,
    admin: User,
    standard_id: str,
    close: bool,
    say: Say,
    timings: Timings,
    further: tuple[str, ...] = (),
) -> dict[str, int]:
    """Open, import, classify, approve every commune, close: one year of the procedure, as the province would.

    ``further`` standards classify the same review beside its official results (the end-2026 review
    under vn-2027-2030).
    """
    open_cycle(year, user=admin, standard_id=standard_id, also_asks=further)
    with timings.stage("read files"):
        survey = read_year(folder)
    with timings.stage("import"):
        effect = import_survey(survey, year=year, user=admin, commit=True, progress=lambda m: say(f"import: {m}"))
    cycle = ReviewCycle.objects.get(year=year)
    with timings.stage("classify"):
        classify_cycle(cycle, user=admin, progress=lambda m: say(f"classify: {m}"))
    for other in further:

        def said(message: str, standard_id: str = other) -> None:
            say(f"{standard_id}: {message}")

        with timings.stage(f"classify under {other}"):
            classify_cycle_under(cycle, other, user=admin, progress=said)
    if close:
        with timings.stage("approve and close"):
            say("approving every commune's list")
            approve_all(cycle, admin)
            close_cycle(cycle, user=admin)
    return effect.counts


def approve_all(cycle: ReviewCycle, admin: User, keep_open: AdminUnit | None = None) -> None:
    """Walk every commune's list (but ``keep_open``'s) through each stage up to the province's approval.

    One transaction around the thousands of steps: each step is its own savepoint, but the database
    syncs to disk once instead of once per step.
    """
    reviews = CommuneReview.objects.filter(cycle=cycle).exclude(stage=Stage.PROVINCE_APPROVED)
    if keep_open is not None:
        reviews = reviews.exclude(commune=keep_open)
    with transaction.atomic():
        # The minutes and the posting the procedure asks for before a list moves past them.
        record_paperwork(cycle, reviews.filter(stage__in=UNRECORDED), admin)
        for review in reviews:
            current = review
            while current.stage != Stage.PROVINCE_APPROVED:
                current = advance_stage(current, user=admin, note="demo")


def approve_all_but_the_demo_commune(year: int, admin: User) -> None:
    approve_all(ReviewCycle.objects.get(year=year), admin, keep_open=Role.objects.get(user__username="commune").unit)


def create_accounts(year: int) -> list[tuple[str, str, str]]:
    """One account per role; the commune cadre gets the commune with the most poor households in ``year``."""
    province = AdminUnit.objects.get(code=PROVINCE_CODE)
    busiest = (
        HouseholdResult.objects.filter(cycle__year=year, household_class="poor")
        .values("household__commune")
        .annotate(poor=Count("id"))
        .order_by("-poor", "household__commune")
        .first()
    )
    commune = AdminUnit.objects.get(pk=busiest["household__commune"]) if busiest else None
    district = former_district(commune) if commune is not None else None
    areas: dict[str, AdminUnit | None] = {
        "admin": None,
        "province": province,
        "district": district,
        "commune": commune,
        "steering": province,
        "auditor": None,
    }
    rows = []
    for username, kind in ACCOUNTS.items():
        user, _created = User.objects.get_or_create(username=username)
        user.set_password(PASSWORD)
        user.save()
        Role.objects.update_or_create(user=user, defaults={"kind": kind, "unit": areas[username]})
        unit = areas[username]
        rows.append((str(RoleKind(kind).label), username, str(unit) if unit else "—"))
    return rows


def former_district(commune: AdminUnit) -> AdminUnit | None:
    """The commune's district; for a commune made on 1 July 2025 (no district above it), the district of
    the first of the former communes merged into it, whose officer keeps the history of those years."""
    if commune.parent is not None and commune.parent.level == "district":
        return commune.parent
    succession = (
        UnitSuccession.objects.filter(successor=commune, predecessor__parent__level="district")
        .select_related("predecessor__parent")
        .order_by("predecessor__code")
        .first()
    )
    return succession.predecessor.parent if succession is not None else None


def account_rows() -> list[tuple[str, str, str]]:
    rows = []
    for role in Role.objects.filter(user__username__in=list(ACCOUNTS)).select_related("user", "unit"):
        rows.append((str(RoleKind(role.kind).label), role.user.username, str(role.unit) if role.unit else "—"))
    order = list(ACCOUNTS)
    return sorted(rows, key=lambda row: order.index(row[1]))


def write_practice_files(folder: Path, year: int) -> Path:
    """The demo commune's ``year`` survey as CSV files to upload in the browser, in ``folder/commune-review``.

    ``households.csv`` and ``members.csv`` are a second round of the survey: two households' answers
    changed and one household new. The ``-with-errors`` pair adds an age of 130, a 5-year-old in
    stable work, a household without members and a household of another commune, so its dry run
    rejects those four and changes nothing.
    """
    commune = Role.objects.get(user__username="commune").unit
    if commune is None:
        raise ValueError("the demo's commune cadre has no commune")
    survey = read_year(folder / str(year))
    households = survey.households.filter(pl.col("commune_code") == commune.code).sort("household_id")
    members = survey.members.filter(pl.col("household_id").is_in(households["household_id"].implode()))
    first, second, third = households["household_id"][:3].to_list()
    new = f"{commune.code}-new-1"
    corrected = pl.concat([_second_round(households, first, second), _renamed(households, third, new)])
    new_members = _renamed(members, third, new).with_columns(pl.lit(None, pl.String).alias("national_id"))
    corrected_members = pl.concat([members, new_members]).sort("household_id", "member_id")
    other = survey.households.filter(pl.col("commune_code") != commune.code).head(1)
    target = folder / "commune-review"
    target.mkdir(parents=True, exist_ok=True)
    corrected.write_csv(target / "households.csv")
    corrected_members.write_csv(target / "members.csv")
    pl.concat([corrected, other]).write_csv(target / "households-with-errors.csv")
    pl.concat([
        members, _extra_member(members, first, age="130"),
        _extra_member(members, second, age="5", labour_status="stable", malnourished="0", in_school="1",
                      education_level=""),
        survey.members.filter(pl.col("household_id").is_in(other["household_id"].implode())),
    ]).sort("household_id", "member_id").write_csv(target / "members-with-errors.csv")  # fmt: skip
    return target


def _second_round(households: pl.DataFrame, first: str, second: str) -> pl.DataFrame:
    """The first household's income up by a tenth, the second's main water source another one."""
    code = pl.col("household_id")
    income = pl.col("income_per_capita").cast(pl.Int64)
    water = pl.when(pl.col("water_source") == "surface_water").then(pl.lit("piped")).otherwise(pl.lit("surface_water"))
    return households.with_columns(
        pl.when(code == first)
        .then((income * 11 // 10).cast(pl.String))
        .otherwise("income_per_capita")
        .alias("income_per_capita"),
        pl.when(code == second).then(water).otherwise("water_source").alias("water_source"),
    )


def _renamed(frame: pl.DataFrame, household: str, new: str) -> pl.DataFrame:
    rows = frame.filter(pl.col("household_id") == household).with_columns(pl.lit(new).alias("household_id"))
    if "member_id" in rows.columns:
        rows = rows.with_columns(pl.col("member_id").str.replace(household, new, literal=True))
    return rows


def _extra_member(members: pl.DataFrame, household: str, **answers: str) -> pl.DataFrame:
    """One more member of ``household``, like its first member but for ``answers`` and with no ID number."""
    row = members.filter(pl.col("household_id") == household).head(1)
    return row.with_columns(
        pl.lit(f"{household}-99").alias("member_id"),
        pl.lit(None, pl.String).alias("national_id"),
        *(pl.lit(value).alias(name) for name, value in answers.items()),
    )
