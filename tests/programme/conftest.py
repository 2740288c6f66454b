"""A small plan for the programme's tests: one district line (with a carry-over) and one commune line."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User

from povmis.accounts.models import Role
from povmis.programme import services
from povmis.support.models import Delivery

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


OUTPUT_HEADER = "programme,project,indicator,unit,period,value,reference"
OUTPUTS = [
    f"{P},2,models,643,2025-06-30,12,BC-01",
    f"{P},1,clean_water,24121,2025-06-30,75,BC-02",
]
YEAR = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))


def person(world: Any, name: str, kind: str, unit: Any, programme: str = "", project: str = "") -> User:
    user = User.objects.create_user(name)
    Role.objects.create(user=user, kind=kind, unit=unit, programme=programme, project=project)
    world.personas[name] = user
    return user


def deliver(world: Any, household: str, policy: str, on: str, amount: int, member: str = "") -> None:
    Delivery.objects.create(
        household=world.households[household], policy=policy, delivered_on=dt.date.fromisoformat(on),
        amount_vnd=amount, member_code=member, programme=P, fingerprint=f"{household}|{policy}|{on}|{member}",
    )  # fmt: skip


@pytest.fixture
def delivered(funded: Any) -> Any:
    """Two houses (one in each commune of district 643, one in 652) and two trainees of one household."""
    deliver(funded, "H1", "housing", "2025-05-01", 40_000_000)
    deliver(funded, "H2", "housing", "2025-06-01", 20_000_000)
    deliver(funded, "H3", "housing", "2025-06-02", 40_000_000)
    deliver(funded, "H1", "vocational_training", "2025-04-01", 3_000_000, member="H1-02")
    deliver(funded, "H1", "vocational_training", "2025-04-01", 3_000_000, member="H1-03")
    admin = funded.personas["admin"]
    assert services.import_outputs(csv(OUTPUT_HEADER, OUTPUTS), "outputs.csv", by=admin, commit=True).committed
    return funded


MOVED_ON = dt.date(2025, 7, 1)
TRANSFER_HEADER = (
    "programme,project,sub_project,type,source,capital_year,plan_year,from_unit,to_unit,amount_vnd,decision,decided_on"
)
TRANSFERS = [
    f"{P},4,4.1,recurrent,central,2025,2025,643,66101,500000000,45/QĐ-UBND,2025-07-10",
    f"{P},4,4.1,recurrent,central,2025,2025,643,66102,250000000,45/QĐ-UBND,2025-07-10",
    f"{P},4,4.1,recurrent,central,2024,2025,643,66101,300000000,45/QĐ-UBND,2025-07-10",  # the carry-over too
]


@pytest.fixture
def reorganised(funded: Any) -> Any:
    """The funded world after 1 July 2025 (:func:`reorganise`)."""
    return reorganise(funded)


def reorganise(funded: Any) -> Any:
    """The world after 1 July 2025: district 643 is gone, its communes became 66101 and 66102.

    The district has no succession record of its own (the reform abolished the level); its successors
    are where its communes went.
    """
    from povmis.units.models import AdminUnit, UnitSuccession  # noqa: PLC0415  # conftest imports stay light

    for unit in (funded.district, funded.c1, funded.c2):
        unit.valid_to = MOVED_ON
        unit.save()
    for old, code, name in ((funded.c1, "66101", "Tân Lợi mới"), (funded.c2, "66102", "Tân An mới")):
        new = AdminUnit.objects.create(code=code, name=name, level="commune", parent=funded.province,
                                       valid_from=MOVED_ON)  # fmt: skip
        UnitSuccession.objects.create(predecessor=old, successor=new, kind="renamed", effective=MOVED_ON)
        setattr(funded, f"n{code[-1]}", new)
    return funded
