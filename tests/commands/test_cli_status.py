"""`povmis status evaluate` and `povmis status rules`, run as a user runs them (docs/statuses.md).

Each boundary is the law's, with its source named: Decree 07/2021 Art. 3(3) and Decision 24/2021 Art. 2
for the agricultural average living standard, Decree 30/2025 (press copy) for the low-income worker.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

POVMIS = Path(sys.executable).parent / "povmis"
DATA = Path(__file__).parents[1] / "data" / "statuses"
HOUSEHOLDS, MEMBERS = DATA / "households.csv", DATA / "members.csv"


def run(*arguments: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(POVMIS), *map(str, arguments)], capture_output=True, text=True, check=False)


def test_each_household_and_worker_is_judged_at_the_boundaries_of_its_rule(tmp_path: Path) -> None:
    output = tmp_path / "statuses.csv"
    result = run("status", "evaluate", HOUSEHOLDS, "--members", MEMBERS, "--on", "2025-06-30", "-o", output)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        f"12 rows on 2025-06-30 written to {output} (agricultural_average: 2 of 6 held, 1 unknown; "
        "low_income_worker: 2 of 6 held, 0 unknown)"
    )
    with output.open(encoding="utf-8") as handle:
        rows = {(r["household_id"], r["member_id"], r["status"]): (r["holds"], r["income_per_person_month"])
                for r in csv.DictReader(handle)}  # fmt: skip
    assert rows == {
        # rural: 108,000,000 / 4 / 12 = 2,250,000, the ceiling itself ("đến 2,25 triệu"), and one dong above it
        ("S-01", "", "agricultural_average"): ("true", "2250000"),
        ("S-02", "", "agricultural_average"): ("false", "2250001"),
        # urban: one dong above the 2,000,000 line ("trên 2 triệu"), and exactly on it
        ("S-03", "", "agricultural_average"): ("true", "2000001"),
        ("S-06", "", "agricultural_average"): ("false", "2000000"),
        ("S-04", "", "agricultural_average"): ("false", "1875000"),  # not agricultural
        ("S-05", "", "agricultural_average"): ("", ""),  # income not known: unknown, not held
        # a worker at most 2,250,000 rural, 3,000,000 urban; 15 or over, working
        ("S-01", "1", "low_income_worker"): ("true", "2250000"),
        ("S-01", "2", "low_income_worker"): ("false", "2250001"),
        ("S-01", "3", "low_income_worker"): ("false", "500000"),  # aged 14
        ("S-03", "1", "low_income_worker"): ("false", "0"),  # unemployed: not a worker
        ("S-06", "1", "low_income_worker"): ("true", "3000000"),
        ("S-06", "2", "low_income_worker"): ("false", ""),  # retired
    }


def test_before_decree_30_only_the_household_status_is_in_force(tmp_path: Path) -> None:
    output = tmp_path / "statuses.csv"
    result = run("status", "evaluate", HOUSEHOLDS, "--members", MEMBERS, "--on", "2024-06-30", "-o", output)
    assert result.returncode == 0, result.stderr
    assert "agricultural_average: 2 of 6 held, 1 unknown)" in result.stdout
    assert "low_income_worker" not in result.stdout


def test_a_bad_file_is_refused_naming_the_row_the_column_and_the_fix(tmp_path: Path) -> None:
    bad = tmp_path / "households.csv"
    bad.write_text("household_id,area,agricultural,income_12_months_vnd,persons\nX,town,maybe,1.5,2\n", "utf-8")
    output = tmp_path / "out.csv"
    result = run("status", "evaluate", bad, "--on", "2025-06-30", "-o", output)
    assert (result.returncode, output.exists()) == (1, False)
    assert result.stderr.splitlines()[1:] == [
        f"{bad}, row 2, column agricultural: 'maybe' — write true or false (or 1 or 0)",
        f"{bad}, row 2, column area: 'town' — write one of rural, urban",
        f"{bad}, row 2, column income_12_months_vnd: '1.5' — write a whole number without separators",
    ]
    missing = tmp_path / "missing.csv"
    missing.write_text("household_id,area\nX,rural\n", "utf-8")
    result = run("status", "evaluate", missing, "--on", "2025-06-30", "-o", output)
    assert "missing column(s) agricultural, income_12_months_vnd, read by agricultural-average-living-2022-2025" in (
        result.stderr
    )


def test_the_rules_are_listed_with_their_band_confidence_and_source() -> None:
    result = run("status", "rules")
    assert result.returncode == 0, result.stderr
    for text in ("agricultural-average-living-2027-2030", "off", "low-income-worker-2025", "Decree 30/2025"):
        assert text in result.stdout
