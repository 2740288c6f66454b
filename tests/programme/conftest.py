"""A small plan for the programme's tests: one district line (with a carry-over) and one commune line."""

from __future__ import annotations

from typing import Any

import pytest

from povmis.programme import services

P = "ntp-spr-2021-2025"
PLAN_HEADER = "programme,project,sub_project,type,source,capital_year,plan_year,unit,amount_vnd,decision,decided_on"
PAYMENT_HEADER = "programme,project,sub_project,type,source,capital_year,unit,paid_on,amount_vnd,voucher"
PLANS = [
    f"{P},4,4.1,recurrent,central,2025,2025,643,1000000000,12/QĐ-UBND,2025-01-15",
    f"{P},4,4.1,recurrent,central,2024,2025,643,400000000,30/QĐ-UBND,2025-02-10",  # 2024 carried over
    f"{P},5,,investment,provincial,2025,2025,24121,600000000,12/QĐ-UBND,2025-01-15",
    f"{P},5,,investment,provincial,2025,2025,24121,-100000000,88/QĐ-UBND,2025-06-20",  # an amendment withdraws
]
PAYMENTS = [
    f"{P},4,4.1,recurrent,central,2025,643,2025-03-10,250000000,KB-0001",
    f"{P},4,4.1,recurrent,central,2024,643,2025-04-02,100000000,KB-0002",
    f"{P},5,,investment,provincial,2025,24121,2025-07-01,125000000,KB-0003",
    f"{P},5,,investment,provincial,2025,24121,2025-09-01,50000000,KB-0004",  # after 5 August
]


def csv(header: str, rows: list[str]) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


@pytest.fixture
def funded(world: Any) -> Any:
    """The world with the plan and payments above recorded by the administrator."""
    admin = world.personas["admin"]
    assert services.import_plans(csv(PLAN_HEADER, PLANS), "plans.csv", by=admin, commit=True).committed
    assert services.import_payments(csv(PAYMENT_HEADER, PAYMENTS), "pay.csv", by=admin, commit=True).committed
    return world
