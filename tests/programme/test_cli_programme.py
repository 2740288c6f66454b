"""`povmis programme` run as the installed command: plans and payments imported, disbursement reported."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from povmis.programme.models import Output, Payment, PlanDecision, PlanLine
from tests.programme.conftest import PAYMENT_HEADER, PAYMENTS, PLAN_HEADER, PLANS, P

POVMIS = str(Path(sys.executable).with_name("povmis"))


def povmis(*arguments: str) -> subprocess.CompletedProcess[str]:
    """The installed command, on the test database (committed: these tests use transaction=True)."""
    settings = connection.settings_dict
    if settings["ENGINE"].endswith("sqlite3"):
        url = f"sqlite:///{settings['NAME']}"
    else:
        url = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    env = {**os.environ, "DATABASE_URL": url}
    return subprocess.run([POVMIS, *arguments], capture_output=True, text=True, env=env, check=False, timeout=120)


def write(path: Path, header: str, rows: list[str]) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def imported(kind: str, file: Path, *extra: str, user: str = "admin") -> subprocess.CompletedProcess[str]:
    return povmis("programme", "import", kind, str(file), "--user", user, *extra)


def counts() -> tuple[int, int, int]:
    return PlanLine.objects.count(), PlanDecision.objects.count(), Payment.objects.count()


@pytest.mark.django_db(transaction=True)
def test_a_plan_is_checked_then_recorded_once(world: Any, tmp_path: Path) -> None:
    plans = write(tmp_path / "plans.csv", PLAN_HEADER, PLANS)
    dry = imported("plans", plans)
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.strip() == "plans.csv: 4 rows; would record (dry run; add --commit) 4 new, 0 already recorded"
    assert counts() == (0, 0, 0)
    assert imported("plans", plans, "--commit").returncode == 0
    assert counts() == (3, 4, 0)
    again = imported("plans", plans, "--commit")
    assert again.stdout.strip() == "plans.csv: 4 rows; recorded 0 new, 4 already recorded"
    assert counts() == (3, 4, 0)


@pytest.mark.django_db(transaction=True)
def test_a_bad_payment_file_is_refused_whole_with_its_rows_and_columns(world: Any, tmp_path: Path) -> None:
    assert imported("plans", write(tmp_path / "plans.csv", PLAN_HEADER, PLANS), "--commit").returncode == 0
    bad = [
        PAYMENTS[0],
        f"{P},6,,recurrent,central,2025,643,2025-03-10,1,KB-0100",  # no such line
        f"{P},4,4.1,recurrent,central,2025,643,2027-03-10,1,KB-0101",  # outside the period
        f"{P},5,,investment,provincial,2025,24121,2025-07-01,600000000,KB-0102",  # more than allocated
        f"{P},5,,investment,provincial,2025,24121,01/07/2025,1,KB-0103",  # not an ISO date
    ]
    result = imported("payments", write(tmp_path / "payments.csv", PAYMENT_HEADER, bad), "--commit")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "payments.csv, row 3, column project ('6'): no capital plan line has project = 6 (with this row's earlier "
        "columns); import the plan first or correct the code",
        "payments.csv, row 4, column paid_on ('2027-03-10'): paid on 2027-03-10 is outside the period its plan line "
        "may be spent in (2025-01-01..2026-01-31); check the date or the capital year",
        "payments.csv, row 5, column amount_vnd ('600000000'): this payment takes its line's total paid to VND "
        "600000000, above the VND 500000000 allocated to it by 2025-07-01; lower the amount or amend the plan first",
        "payments.csv, row 6, column paid_on ('01/07/2025'): expected a date YYYY-MM-DD",
    ]
    assert "payments.csv: 4 issue(s); nothing was recorded" in result.stderr
    assert counts()[2] == 0


@pytest.mark.django_db(transaction=True)
def test_disbursement_on_a_date_by_project_with_and_without_carry_over(world: Any, tmp_path: Path) -> None:
    assert imported("plans", write(tmp_path / "plans.csv", PLAN_HEADER, PLANS), "--commit").returncode == 0
    assert imported("payments", write(tmp_path / "pay.csv", PAYMENT_HEADER, PAYMENTS), "--commit").returncode == 0
    assert imported("payments", tmp_path / "pay.csv", "--commit").stdout.strip().endswith("0 new, 4 already recorded")
    result = povmis("programme", "disbursement", "--on", "2025-08-05", "--by", "project,type", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "on": "2025-08-05",
        "groups": [
            {"project": "4", "type": "recurrent", "allocated_vnd": 1_000_000_000, "disbursed_vnd": 250_000_000,
             "allocated_with_carryover_vnd": 1_400_000_000, "disbursed_with_carryover_vnd": 350_000_000,
             "rate": 0.25, "rate_with_carryover": 0.25},
            {"project": "5", "type": "investment", "allocated_vnd": 500_000_000, "disbursed_vnd": 125_000_000,
             "allocated_with_carryover_vnd": 500_000_000, "disbursed_with_carryover_vnd": 125_000_000,
             "rate": 0.25, "rate_with_carryover": 0.25},
        ],
        "total": {"allocated_vnd": 1_500_000_000, "disbursed_vnd": 375_000_000,
                  "allocated_with_carryover_vnd": 1_900_000_000, "disbursed_with_carryover_vnd": 475_000_000,
                  "rate": 0.25, "rate_with_carryover": 0.25},
    }  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_a_cadre_of_another_commune_records_nothing_and_sees_nothing(world: Any, tmp_path: Path) -> None:
    assert imported("plans", write(tmp_path / "plans.csv", PLAN_HEADER, PLANS), "--commit").returncode == 0
    payments = write(tmp_path / "pay.csv", PAYMENT_HEADER, PAYMENTS)
    refused = imported("payments", payments, "--commit", user="other_cadre")
    assert refused.returncode == 1
    assert (
        "only a finance officer, a province officer or an administrator records capital plans and payments"
        in refused.stderr
    )
    seen = povmis("programme", "disbursement", "--on", "2025-08-05", "--by", "unit", "--json", "--user", "other_cadre")
    assert json.loads(seen.stdout)["groups"] == []


@pytest.mark.django_db(transaction=True)
def test_an_unknown_dimension_is_refused_by_name(world: Any) -> None:
    result = povmis("programme", "disbursement", "--on", "2025-08-05", "--by", "district")
    assert result.returncode == 2
    assert "unknown dimension district; choose among programme, project" in result.stderr


OUTPUT_HEADER = "programme,project,indicator,unit,period,value,reference"


@pytest.mark.django_db(transaction=True)
def test_an_output_file_is_recorded_and_reported_against_the_targets(world: Any, tmp_path: Path) -> None:
    outputs = write(tmp_path / "outputs.csv", OUTPUT_HEADER, [f"{P},2,models,643,2025-06-30,12,BC-01"])
    recorded = imported("outputs", outputs, "--commit")
    assert recorded.stdout.strip() == "outputs.csv: 1 rows; recorded 1 new, 0 already recorded", recorded.stderr
    report = povmis("programme", "outputs", "--from", "2025-01-01", "--to", "2025-12-31", "--json")
    rows = {row["indicator"]: (row["value"], row["target"]) for row in json.loads(report.stdout)}
    assert rows["models"] == (12.0, 1000.0)


@pytest.mark.django_db(transaction=True)
def test_a_bad_output_file_is_refused_whole_with_its_rows_and_columns(world: Any, tmp_path: Path) -> None:
    rows = [
        f"{P},2,models,643,2025-06-30,12,BC-01",
        f"{P},5,houses,643,2025-06-30,3,BC-02",
        f"{P},2,models,643,30/06/2025,3,BC-03",
        f"{P},2,models,9999,2025-06-30,4,BC-04",
    ]
    refused = imported("outputs", write(tmp_path / "bad.csv", OUTPUT_HEADER, rows), "--commit")
    assert refused.returncode == 1
    assert refused.stdout.splitlines() == [
        "bad.csv, row 3, column indicator ('houses'): this output is a household's support: record the delivery "
        "to the household instead",
        "bad.csv, row 4, column period ('30/06/2025'): expected the period's last day as YYYY-MM-DD",
        "bad.csv, row 5, column unit ('9999'): no administrative unit with this code in your area; use the "
        "registry's unit code",
    ]
    assert "bad.csv: 3 issue(s); nothing was recorded" in refused.stderr

    assert Output.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_transfer_is_imported_and_the_disbursement_by_unit_names_the_successors(
    reorganised: Any, tmp_path: Path
) -> None:
    from tests.programme.conftest import TRANSFER_HEADER, TRANSFERS  # noqa: PLC0415  # the succession's own rows

    transfers = write(tmp_path / "transfers.csv", TRANSFER_HEADER, TRANSFERS)
    dry = imported("transfers", transfers)
    assert dry.stdout.strip() == "transfers.csv: 3 rows; would record (dry run; add --commit) 3 new, 0 already recorded"
    done = imported("transfers", transfers, "--commit")
    assert done.stdout.strip() == "transfers.csv: 3 rows; recorded 3 new, 0 already recorded", done.stderr
    report = povmis("programme", "disbursement", "--on", "2025-08-05", "--by", "unit", "--json")
    groups = json.loads(report.stdout)["groups"]
    assert [(g["unit"], g["allocated_with_carryover_vnd"], g["successors"]) for g in groups] == [
        ("24121", 500_000_000, ["66101"]), ("643", 350_000_000, ["66101", "66102"]),
        ("66101", 800_000_000, []), ("66102", 250_000_000, []),
    ]  # fmt: skip
    table = povmis("programme", "disbursement", "--on", "2025-08-05", "--by", "unit")
    assert "643 (ceased; its successors: 66101, 66102): 350,000,000 of 350,000,000 VND (100.00% with carry-over)" in (
        table.stdout.splitlines()
    )
    late = write(tmp_path / "late.csv", PAYMENT_HEADER, [f"{P},4,4.1,recurrent,central,2025,643,2025-07-02,1000,KB-9"])
    refused = imported("payments", late, "--commit")
    assert refused.returncode == 1
    assert "late.csv, row 2, column unit ('643'): unit 643 no longer exists from 2025-07-01; its successors are " \
           "66101 Tân Lợi mới, 66102 Tân An mới" in refused.stdout  # fmt: skip
