"""Benchmark: one approved correction on a classified province, against classifying the whole review again.

    python bench/correction.py --households 540000 [--databases sqlite,postgresql]

The review is built as bench/review.py builds it (the synthetic province's 2024 survey imported and
classified through the services). Then one household's income is corrected and the correction approved
through ``registry.services.decide_change``, as the page does: it classifies that household again and
counts the province again. The baseline is the whole review classified again, which is what a correction
needed before. The last line per database:

    RESULT db=sqlite households=540000 correction_s=.. classify_all_s=.. ratio=..

Target: a correction in seconds, with the commune's counts right after it.
"""

from __future__ import annotations

import argparse
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from review import PG_URL, SQLITE_PATH, fresh_database, load_places, peak_mib, write_survey


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--households", type=int, default=540_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--databases", default="sqlite,postgresql", help="comma-separated: sqlite, postgresql")
    parser.add_argument("--one", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        run_one(args.one, args.data)
        return
    with tempfile.TemporaryDirectory() as folder:
        write_survey(Path(folder), args.households, args.seed)
        for database in args.databases.split(","):
            url = f"sqlite:///{SQLITE_PATH}" if database == "sqlite" else PG_URL
            command = [sys.executable, __file__, "--one", database, "--data", folder]
            subprocess.run(command, env={**os.environ, "DATABASE_URL": url}, check=True)  # noqa: S603  # our own script, no shell


def run_one(database: str, data: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "povmis.settings")
    # Production settings (no query log kept, as DEBUG would), with a throw-away key for this process.
    os.environ.setdefault("POVMIS_SECRET_KEY", secrets.token_urlsafe(50))
    fresh_database(database)
    import django  # noqa: PLC0415  # settings read DATABASE_URL, set by the parent for this process

    django.setup()
    from django.contrib.auth.models import User  # noqa: PLC0415  # after django.setup() above
    from django.core.management import call_command  # noqa: PLC0415  # after django.setup() above

    from povmis.accounts.models import Role, RoleKind  # noqa: PLC0415  # after django.setup() above
    from povmis.monitoring.models import UnitCount  # noqa: PLC0415  # after django.setup() above
    from povmis.registry.models import HouseholdResult, ReviewCycle  # noqa: PLC0415  # after django.setup() above
    from povmis.registry.services import (  # noqa: PLC0415  # after django.setup() above
        classify_cycle,
        decide_change,
        import_survey,
        propose_change,
    )
    from povmis.registry.survey_import import read_survey  # noqa: PLC0415  # after django.setup() above

    call_command("migrate", verbosity=0)
    admin = load_places(data / "villages.parquet")
    second = User.objects.create_user("bench-second")
    Role.objects.create(user=second, kind=RoleKind.ADMINISTRATOR)
    cycle = ReviewCycle.objects.create(year=2024, standard_id="vn-2022-2025")
    import_survey(read_survey(data / "households.csv", data / "members.csv"), year=2024, user=admin, commit=True)
    started = time.perf_counter()
    classify_cycle(cycle, user=admin)
    classify_all_s = time.perf_counter() - started

    result = HouseholdResult.objects.filter(cycle=cycle, household_class="poor").select_related("household").first()
    assert result is not None
    household = result.household
    proposal = propose_change(
        household, cycle=cycle, user=admin, field="income_per_capita", value="9000000", reason="bench"
    )
    started = time.perf_counter()
    decide_change(proposal, user=second, approve=True)
    correction_s = time.perf_counter() - started

    after = HouseholdResult.objects.get(cycle=cycle, household=household)
    counted = UnitCount.objects.filter(unit_id=household.commune_id, run_id=after.run_id, household_class="not_poor")
    assert after.household_class == "not_poor", after.household_class
    assert counted.exists()
    print(f"\n{database}: {HouseholdResult.objects.filter(cycle=cycle).count():,} households")
    print(
        f"  one correction approved (its household classified again, the province counted again): {correction_s:.2f} s"
    )
    print(f"  the whole review classified again (the baseline): {classify_all_s:.1f} s; peak {peak_mib():,.0f} MiB")
    print(
        f"RESULT db={database} households={HouseholdResult.objects.filter(cycle=cycle).count()} "
        f"correction_s={correction_s:.2f} classify_all_s={classify_all_s:.1f} ratio={classify_all_s / correction_s:.1f}"
    )


if __name__ == "__main__":
    main()
