"""Benchmark: the monitoring dashboard's pages for the whole province, as a province officer sees them.

    python bench/dashboard.py --build 539718          # build the demo province first (slow), then measure
    python bench/dashboard.py --database-url URL      # measure a database that already holds the demo

The database is the demo's (``povmis demo``: the synthetic Đắk Lắk, 2021-2024 reviews classified through
the services). ``--build N`` makes one from scratch with N households in 2024 (539,718 is the real
province: about 540,000 households a year, four reviews). The counts the dashboard reads are written
once per classification run; that one-off cost is printed first. Each page is then requested ``--repeat``
times through Django's test client (the whole stack: middleware, session, scoping, queries, Polars,
template), and its median and 95th percentile are printed. The last lines are machine-readable:

    RESULT page=overview p50_ms=.. p95_ms=..

Target: every page under 300 ms at the 95th percentile on the whole province.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SQLITE_PATH = Path(tempfile.gettempdir()) / "povmis_dashboard_bench.sqlite3"
TARGET_MS = 300.0
PAGES = {
    "overview": "/monitoring/",
    "targets": "/monitoring/targets/",
    "deprivations": "/monitoring/deprivations/",
    "transitions": "/monitoring/transitions/",
    "map": "/monitoring/map/",
    "households": "/monitoring/households/?class=poor",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=f"sqlite:///{SQLITE_PATH}")
    parser.add_argument("--build", type=int, metavar="N", help="build the demo with N households first")
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "povmis_dashboard_bench_data")
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("POVMIS_DEBUG", "0")  # as served: no query log kept per request
    if args.build:
        build(args.build, args.data)
    measure(args.repeat, args.data / "boundaries.geojson")


def build(households: int, data: Path) -> None:
    povmis = Path(sys.executable).with_name("povmis")
    command = [str(povmis), "demo", "--no-serve", "--reset", "--households", str(households), "--data", str(data)]
    started = time.perf_counter()
    subprocess.run(command, check=True, env=os.environ.copy())  # noqa: S603  # our own command, fixed arguments
    print(f"demo built with {households:,} households in {time.perf_counter() - started:.0f} s")


def measure(repeat: int, boundaries: Path) -> None:
    import django  # noqa: PLC0415  # after DATABASE_URL is set

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "povmis.settings")
    django.setup()
    from django.core.management import call_command  # noqa: PLC0415  # Django is set up first
    from django.test import Client  # noqa: PLC0415  # Django is set up first

    from povmis.monitoring.summaries import ensure_summaries  # noqa: PLC0415  # Django is set up first
    from povmis.registry.models import HouseholdResult  # noqa: PLC0415  # Django is set up first
    from povmis.units.boundaries import load_boundaries  # noqa: PLC0415  # Django is set up first
    from povmis.units.models import Boundary  # noqa: PLC0415  # Django is set up first

    call_command("migrate", interactive=False, verbosity=0)
    if not Boundary.objects.exists() and boundaries.is_file():
        load_boundaries(boundaries)
    started = time.perf_counter()
    runs = ensure_summaries()
    print(f"reviews {', '.join(map(str, runs))}: {HouseholdResult.objects.count():,} classified households")
    print(f"counts written once per classification run: {time.perf_counter() - started:.1f} s")
    client = Client(SERVER_NAME="localhost")
    client.force_login(province_officer())
    results = {}
    for page, path in PAGES.items():
        response = client.get(path)  # first view: loads templates and the standard
        if response.status_code != 200:
            raise SystemExit(f"{path}: HTTP {response.status_code}")
        timings = []
        for _ in range(repeat):
            started = time.perf_counter()
            client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
        results[page] = (statistics.median(timings), percentile(timings, 95), len(response.content))
        print(f"{page:13} p50 {results[page][0]:7.1f} ms   p95 {results[page][1]:7.1f} ms   {results[page][2]:,} bytes")
    slow = [page for page, (_p50, p95, _size) in results.items() if p95 >= TARGET_MS]
    print(f"target p95 < {TARGET_MS:.0f} ms: {'met' if not slow else 'missed by ' + ', '.join(slow)}")
    for page, (p50, p95, _size) in results.items():
        print(f"RESULT page={page} p50_ms={p50:.1f} p95_ms={p95:.1f}")


def percentile(values: list[float], share: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share / 100 * (len(ordered) - 1)))]


def province_officer():  # type: ignore[no-untyped-def]  # Django's User, imported after setup
    """The demo's province officer, or one made for the benchmark on the first province."""
    from django.contrib.auth.models import User  # noqa: PLC0415  # Django is set up first

    from povmis.accounts.models import Role, RoleKind  # noqa: PLC0415  # Django is set up first
    from povmis.units.models import AdminUnit  # noqa: PLC0415  # needs Django set up first

    role = Role.objects.filter(kind=RoleKind.PROVINCE_OFFICER).select_related("user").first()
    if role is not None:
        return role.user
    user, _created = User.objects.get_or_create(username="bench-province")
    province = AdminUnit.objects.filter(level="province", parent__isnull=True).order_by("code").first()
    Role.objects.create(user=user, kind=RoleKind.PROVINCE_OFFICER, unit=province)
    return user


if __name__ == "__main__":
    main()
