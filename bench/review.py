"""Benchmark: a whole province's annual review (import, checks, classification, storage) on each database.

    python bench/review.py --households 540000

A synthetic Đắk Lắk (``povmis.core.synth``) is written to CSV as the communes would send it, then read,
checked and committed through ``registry.services.import_survey`` and classified through
``classify_cycle``: the same functions the pages, the API and the CLI call. Each database runs in its
own process on a fresh database, so that its peak memory is its own. The last line per database is
machine-readable:

    RESULT db=postgresql households=540000 import_s=.. classify_s=.. total_s=.. peak_mib=..

Target: under 30 s for the whole review on each database, within 2 GiB (issue 13).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

from floor import floor_write_seconds
from orm_baseline import orm_write_seconds

SQLITE_PATH = Path(tempfile.gettempdir()) / "povmis_bench.sqlite3"
PG_URL = "postgres://postgres@127.0.0.1:5432/povmis_bench"
TARGET_S = 30
ORM_SAMPLE = 50_000  # households written as model objects, for the baseline (after the review is timed)
BUDGET_MIB = 2048
GAP_S = 0.1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--households", type=int, default=540_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--databases", default="sqlite,postgresql", help="comma-separated: sqlite, postgresql")
    parser.add_argument("--sqlite-path", type=Path, default=SQLITE_PATH)
    parser.add_argument("--pg-url", default=PG_URL)
    parser.add_argument("--one", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        run_one(args.one, args.data, args.households)
        return
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        started = time.perf_counter()
        counts = write_survey(data, args.households, args.seed)
        print(f"synthetic province: {counts[0]:,} households, {counts[1]:,} members "
              f"in {time.perf_counter() - started:.1f} s")  # fmt: skip
        for database in args.databases.split(","):
            url = f"sqlite:///{args.sqlite_path}" if database == "sqlite" else args.pg_url
            env = {**os.environ, "DATABASE_URL": url}
            command = [sys.executable, __file__, "--one", database, "--data", str(data)]
            subprocess.run([*command, "--households", str(args.households)], env=env, check=True)  # noqa: S603  # this script, no shell


def write_survey(folder: Path, households: int, seed: int) -> tuple[int, int]:
    """The province's survey files, the administrative units they name, and nothing more."""
    from povmis.core.standard import load_standard  # noqa: PLC0415  # the parent process needs no Django
    from povmis.core.synth.province import SyntheticProvince  # noqa: PLC0415  # the parent process needs no Django

    province = SyntheticProvince(seed=seed, households=households, standard=load_standard("vn-2022-2025"))
    year = province.year(2024)
    year.households.drop("district_code", "ethnic_minority").write_csv(folder / "households.csv")
    year.members.drop("relation", "sex").write_csv(folder / "members.csv")
    province.villages.select("village_code", "name", "commune_code", "district_code").write_parquet(
        folder / "villages.parquet"
    )
    return year.households.height, year.members.height


def run_one(database: str, data: Path, households: int) -> None:
    """One database: fresh schema, units and an administrator, then the review, stage by stage."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "povmis.settings")
    fresh_database(database)
    import django  # noqa: PLC0415  # settings read DATABASE_URL, set by the parent for this process

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415  # Django is set up first

    from povmis.registry.models import ReviewCycle  # noqa: PLC0415  # Django is set up first
    from povmis.registry.services import classify_cycle, import_survey  # noqa: PLC0415  # Django is set up first
    from povmis.registry.survey_import import read_survey  # noqa: PLC0415  # Django is set up first

    call_command("migrate", verbosity=0)
    admin = load_places(data / "villages.parquet")
    cycle = ReviewCycle.objects.create(year=2024, standard_id="vn-2022-2025")
    clock = Clock()
    survey = read_survey(data / "households.csv", data / "members.csv")
    clock.lap("read files")
    effect = import_survey(survey, year=2024, user=admin, commit=True, progress=clock.stage)
    clock.stage("")
    import_s = clock.elapsed()
    assert effect.counts["new"] == households, effect.counts
    del survey, effect
    # After the classification's "done", the service announces the results: the apps above the registry
    # store the dashboard's counts and the entitlements (the review is not stored until they are).
    after = {"done": "counts and entitlements"}
    classify_cycle(ReviewCycle.objects.get(pk=cycle.pk), user=admin, progress=lambda m: clock.stage(after.get(m, m)))
    clock.stage("")
    total = clock.elapsed()
    peak = peak_mib()
    write_s = sum(seconds for name, seconds, _ in clock.laps if name.startswith("writing"))
    orm_s, sample = orm_write_seconds(data, min(ORM_SAMPLE, households), admin)
    floor_s, _ = floor_write_seconds(data, admin)
    print(f"\n{database}:")
    for (name, seconds, peak_so_far), cpu in zip(clock.laps, clock.cpu, strict=True):
        print(f"  {name:<42} {seconds:7.1f} s   {cpu:5.1f} s cpu   peak so far {peak_so_far:,.0f} MiB")
    verdict = "within" if total <= TARGET_S and peak <= BUDGET_MIB else "OVER"
    print(f"  {'total':<42} {total:7.1f} s   peak {peak:,.0f} MiB ({verdict} {TARGET_S} s / {BUDGET_MIB} MiB)")
    bulk_us, orm_us = 1e6 * write_s / households, 1e6 * orm_s / sample
    print(
        f"  writing, per household with its members and audit entry: bulk path {bulk_us:,.0f} µs, "
        f"Django bulk_create of model objects {orm_us:,.0f} µs ({sample:,} households): {orm_us / bulk_us:.1f}x"
    )
    orm_total = orm_us * households / 1e6 + (total - write_s)  # the review with its writes as model objects
    print(
        f"  the review against the floor (its rows written in bulk and nothing else, {floor_s:.1f} s): "
        f"{total / floor_s:.2f}x; the ORM path's review (writes as model objects, {orm_total:.1f} s) "
        f"against this one: {orm_total / total:.2f}x"
    )
    print(
        f"RESULT db={database} households={households} import_s={import_s:.1f} "
        f"classify_s={total - import_s:.1f} total_s={total:.1f} peak_mib={peak:.0f} "
        f"write_vs_orm={orm_us / bulk_us:.2f} floor_s={floor_s:.1f} vs_floor={total / floor_s:.2f} "
        f"orm_review_s={orm_total:.1f}"
    )


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Clock:
    """Laps named after the services' own progress messages, so that the stages are theirs."""

    def __init__(self) -> None:
        self.start = self.last = time.perf_counter()
        self.last_cpu = time.process_time()
        self.current = ""
        self.laps: list[tuple[str, float, float]] = []
        # Each lap's processor seconds in this process, steadier than wall time on a shared machine (on
        # PostgreSQL the server's own work is not among them).
        self.cpu: list[float] = []

    def lap(self, name: str) -> None:
        """Close a stage: its seconds, and the process's peak memory so far (to see which stage sets it)."""
        now, cpu = time.perf_counter(), time.process_time()
        self.laps.append((name, now - self.last, peak_mib()))
        self.cpu.append(cpu - self.last_cpu)
        self.last, self.last_cpu = now, cpu

    def stage(self, message: str) -> None:
        """Close the running stage and start the one ``message`` names ("done" or "" start none)."""
        if self.current:
            self.lap(self.current)
        elif time.perf_counter() - self.last >= GAP_S:
            self.lap("(between stages)")  # work no progress message names: counted, not hidden
        self.last, self.last_cpu = time.perf_counter(), time.process_time()
        self.current = "" if message in {"", "done"} else " ".join(message.split()[:2])

    def elapsed(self) -> float:
        """Wall time since the start: what the user waits, including anything between the stages."""
        return time.perf_counter() - self.start


def fresh_database(database: str) -> None:
    url = os.environ["DATABASE_URL"]
    if database == "sqlite":
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg  # noqa: PLC0415  # only a PostgreSQL run needs it

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def load_places(villages_path: Path) -> object:
    """The province, its districts, communes and villages (bulk), and an administrator to act as."""
    from django.contrib.auth.models import User  # noqa: PLC0415  # Django is set up first

    from povmis.accounts.models import Role, RoleKind  # noqa: PLC0415  # Django is set up first
    from povmis.units.models import AdminUnit  # noqa: PLC0415  # needs Django set up first

    villages = pl.read_parquet(villages_path)
    province = AdminUnit.objects.create(code="66", name="Đắk Lắk", level="province")
    districts = {
        code: AdminUnit(code=code, name=code, level="district", parent=province, path=f"66/{code}/")
        for code in villages["district_code"].unique().sort()
    }
    AdminUnit.objects.bulk_create(districts.values())
    pairs = villages.select("commune_code", "district_code").unique().sort("commune_code")
    communes = {
        code: AdminUnit(code=code, name=code, level="commune", parent=districts[d], path=f"66/{d}/{code}/")
        for code, d in pairs.iter_rows()
    }
    AdminUnit.objects.bulk_create(communes.values())
    AdminUnit.objects.bulk_create(
        AdminUnit(code=v, name=name, level="village", parent=communes[c], path=f"{communes[c].path}{v}/")
        for v, name, c, _ in villages.iter_rows()
    )
    admin = User.objects.create_user("bench-admin")
    Role.objects.create(user=admin, kind=RoleKind.ADMINISTRATOR)
    return admin


if __name__ == "__main__":
    main()
