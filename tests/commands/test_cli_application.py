"""`povmis application` run as a user runs it: the installed entry point, a subprocess, a fresh database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

POVMIS = Path(sys.executable).parent / "povmis"
SETUP = """
import datetime as dt
from django.contrib.auth.models import User
from povmis.registry.models import Application, Household
from povmis.units.models import AdminUnit
province = AdminUnit.objects.create(code="66", name="Đắk Lắk", level="province")
commune = AdminUnit.objects.create(code="24121", name="Tân Lợi", level="commune", parent=province)
clerk = User.objects.create_user("clerk")
cases = (("H1", "not_poor", "poor", 20), ("H2", "poor", "", 21), ("H3", "poor", "not_poor", 25))
for code, previous, decided, day in cases:
    Application.objects.create(
        household=Household.objects.create(code=code, commune=commune), form="mau_01", request="poor_or_near_poor",
        channel="post", filed_on=dt.date(2025, 3, 2), filed_by=clerk, step="recognised" if decided else "refused",
        previous_class=previous, decided_class=decided, decided_on=dt.date(2025, 3, day))
"""


@pytest.fixture(scope="module")
def environment(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("application")
    env = os.environ | {"DATABASE_URL": f"sqlite:///{folder / 'povmis.sqlite3'}"}
    for command in (["migrate", "-v", "0"], ["shell", "-c", SETUP]):
        done = subprocess.run([str(POVMIS), *command], capture_output=True, text=True, env=env, check=False)
        assert done.returncode == 0, done.stderr
    return env


def run(environment: dict[str, str], *arguments: str | Path) -> subprocess.CompletedProcess[str]:
    command = [str(POVMIS), "application", *map(str, arguments)]
    return subprocess.run(command, capture_output=True, text=True, env=environment, check=False)


def test_the_monthly_report_counts_the_months_decisions_and_writes_them(environment, tmp_path):
    output = tmp_path / "march.csv"
    result = run(environment, "monthly-report", "--month", "2025-03", "-o", output)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        "Regular review, decisions of 2025-03, due 2025-04-05",
        "  24121 Tân Lợi: new_poor 1, new_near_poor 0, escaped_poverty 1, escaped_near_poverty 0, average_living 0, "
        "refused 1",
        f"written to {output}",
    ]
    assert pl.read_csv(output, schema_overrides={"commune_code": pl.String}).row(0) == (
        "24121",
        "Tân Lợi",
        1,
        0,
        1,
        0,
        0,
        1,
    )


def test_a_month_without_a_report_and_a_month_badly_written_are_refused_with_the_reason(environment):
    october, badly = (
        run(environment, "monthly-report", "--month", "2025-10"),
        run(environment, "monthly-report", "--month", "March"),
    )
    assert (october.returncode, october.stderr) == (
        1,
        "Error: no monthly report covers 2025-10: the report is due on the 5th, February to September\n",
    )
    assert (badly.returncode, badly.stderr) == (1, "Error: 'March' is not a month: write it as YYYY-MM, e.g. 2025-03\n")


def test_the_list_in_force_changes_on_the_decisions_date(environment):
    before, after = (
        run(environment, "in-force", "--as-of", "2025-03-19"),
        run(environment, "in-force", "--as-of", "2025-03-25"),
    )
    assert before.stdout.splitlines() == ["List in force on 2025-03-19"]
    assert after.stdout.splitlines() == ["List in force on 2025-03-25", "  not_poor: 1", "  poor: 1"]
