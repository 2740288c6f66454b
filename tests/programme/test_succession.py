"""The 2025 move of spending units from districts to communes: a dissolved district's capital is transferred
by a decision to its successor communes, keeping its capital year and source; payments after the move on
its lines are refused naming the successors; the figures by unit show them."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client

from povmis.accounts.models import RoleKind
from povmis.programme import queries, services
from povmis.programme.models import DecisionKind, Payment, PlanDecision
from tests.programme.conftest import PAYMENT_HEADER, TRANSFER_HEADER, TRANSFERS, P, csv, person

ON = dt.date(2025, 8, 5)


def transferred(world: Any, rows: list[str], *, by: str = "admin", commit: bool = True) -> services.ImportResult:
    return services.import_transfers(csv(TRANSFER_HEADER, rows), "transfers.csv", by=world.personas[by], commit=commit)


def issues(result: services.ImportResult) -> list[tuple[int, str, str]]:
    return [(i["row"], i["column"], i["message_en"]) for i in result.issues.iter_rows(named=True)]


def by_unit(user: Any) -> dict[str, tuple[int, int, int, int, list[str]]]:
    groups = queries.disbursement_report(user, ON, ["unit"])["groups"]
    return {g["unit"]: (g["allocated_vnd"], g["disbursed_vnd"], g["allocated_with_carryover_vnd"],
                        g["disbursed_with_carryover_vnd"], g["successors"]) for g in groups}  # fmt: skip


@pytest.mark.django_db
def test_a_payment_after_the_move_on_a_dissolved_districts_line_is_refused_naming_its_successors(
    reorganised: Any,
) -> None:
    row = [f"{P},4,4.1,recurrent,central,2025,643,2025-07-02,10000000,KB-0200"]
    result = services.import_payments(csv(PAYMENT_HEADER, row), "p.csv", by=reorganised.personas["admin"], commit=True)
    assert issues(result) == [(2, "unit", "unit 643 no longer exists from 2025-07-01; its successors are 66101 Tân "
                                         "Lợi mới, 66102 Tân An mới: record this against a successor's line (a "
                                         "transfer decision moves the capital to it)")]  # fmt: skip
    assert not Payment.objects.filter(voucher="KB-0200").exists()
    before = [f"{P},4,4.1,recurrent,central,2025,643,2025-06-30,10000000,KB-0201"]
    kept = services.import_payments(csv(PAYMENT_HEADER, before), "p.csv", by=reorganised.personas["admin"], commit=True)
    assert kept.committed


@pytest.mark.django_db
def test_a_transfer_moves_the_unspent_capital_to_the_successors_keeping_its_year_and_source(reorganised: Any) -> None:
    admin = reorganised.personas["admin"]
    before = by_unit(admin)
    assert before == {"24121": (500_000_000, 125_000_000, 500_000_000, 125_000_000, ["66101"]),
                      "643": (1_000_000_000, 250_000_000, 1_400_000_000, 350_000_000, ["66101", "66102"])}  # fmt: skip
    result = transferred(reorganised, TRANSFERS)
    assert (result.committed, result.new, issues(result)) == (True, 3, [])
    assert by_unit(admin) == {
        "24121": (500_000_000, 125_000_000, 500_000_000, 125_000_000, ["66101"]),
        "643": (250_000_000, 250_000_000, 350_000_000, 350_000_000, ["66101", "66102"]),
        "66101": (500_000_000, 0, 800_000_000, 0, []),
        "66102": (250_000_000, 0, 250_000_000, 0, []),
    }
    total = queries.disbursement_report(admin, ON)["total"]
    assert (total["allocated_with_carryover_vnd"], total["disbursed_with_carryover_vnd"]) == (1_900_000_000,
                                                                                              475_000_000)  # fmt: skip
    given = PlanDecision.objects.filter(kind=DecisionKind.TRANSFER_IN).order_by("line__unit__code",
                                                                                "line__capital_year")  # fmt: skip
    assert [(d.line.unit.code, d.line.capital_year, d.line.plan_year, d.line.source, d.amount_vnd,
             d.transferred_from.unit.code, d.decided_on, d.recorded_by.username) for d in given] == [
        ("66101", 2024, 2025, "central", 300_000_000, "643", dt.date(2025, 7, 10), "admin"),
        ("66101", 2025, 2025, "central", 500_000_000, "643", dt.date(2025, 7, 10), "admin"),
        ("66102", 2025, 2025, "central", 250_000_000, "643", dt.date(2025, 7, 10), "admin"),
    ]  # fmt: skip
    withdrawn = PlanDecision.objects.filter(kind=DecisionKind.TRANSFER_OUT).order_by("line__capital_year")
    assert [(d.line.unit.code, d.line.capital_year, d.amount_vnd) for d in withdrawn] == [
        ("643", 2024, -300_000_000), ("643", 2025, -750_000_000),
    ]  # fmt: skip
    again = transferred(reorganised, TRANSFERS)
    assert (again.committed, again.new, again.unchanged, issues(again)) == (True, 0, 3, [])
    assert PlanDecision.objects.count() == 4 + 5


@pytest.mark.django_db
def test_a_successor_pays_from_the_transfer_date_on_its_own_line(reorganised: Any) -> None:
    transferred(reorganised, TRANSFERS)
    admin = reorganised.personas["admin"]
    rows = [f"{P},4,4.1,recurrent,central,2025,66101,2025-07-20,100000000,KB-0300",
            f"{P},4,4.1,recurrent,central,2024,66101,2025-07-21,50000000,KB-0301"]  # fmt: skip
    assert services.import_payments(csv(PAYMENT_HEADER, rows), "p.csv", by=admin, commit=True).committed
    early = [f"{P},4,4.1,recurrent,central,2025,66102,2025-07-05,1000000,KB-0302"]  # before the decision
    refused = services.import_payments(csv(PAYMENT_HEADER, early), "p.csv", by=admin, commit=True)
    assert [(row, column) for row, column, _ in issues(refused)] == [(2, "amount_vnd")]
    assert by_unit(admin)["66101"] == (500_000_000, 100_000_000, 800_000_000, 150_000_000, [])


@pytest.mark.django_db
def test_a_transfer_is_refused_whole_when_wrong_with_the_fix_in_the_message(reorganised: Any) -> None:
    rows = [
        f"{P},4,4.1,recurrent,central,2025,2025,643,66101,800000000,46/QĐ-UBND,2025-07-10",  # 750 unspent
        f"{P},4,4.1,recurrent,central,2024,2025,643,24400,10000000,46/QĐ-UBND,2025-07-10",  # not a successor
        f"{P},4,4.1,recurrent,central,2024,2025,643,66102,10000000,47/QĐ-UBND,2025-06-30",  # before the move
        f"{P},5,,investment,provincial,2025,2025,24400,66101,10000000,48/QĐ-UBND,2025-07-10",  # no such line
    ]
    result = transferred(reorganised, rows)
    assert issues(result) == [
        (2, "amount_vnd", "the decision moves VND 800000000, more than the VND 750000000 the line had unspent that "
                          "day; lower the amounts"),
        (3, "to_unit", "not a successor of the unit the capital comes from; its successors are 66101 Tân Lợi mới, "
                       "66102 Tân An mới"),
        (4, "decided_on", "a transfer is decided on or after the day the unit ceased"),
        (5, "from_unit", "this unit has no capital plan line with this row's programme, project, type, source and "
                         "years"),
    ]  # fmt: skip
    assert not result.committed
    assert PlanDecision.objects.exclude(kind=DecisionKind.ALLOCATION).count() == 0


@pytest.mark.django_db
def test_the_page_by_unit_names_the_successors_of_the_dissolved_district(reorganised: Any) -> None:
    transferred(reorganised, TRANSFERS)
    client = Client()
    client.force_login(reorganised.personas["province"])
    response = client.get("/programme/", {"on": "2025-08-05", "by": "unit"})
    assert [(row["key"], row["successors"]) for row in response.context["rows"]] == [
        ("24121", ["66101 Tân Lợi mới"]), ("643", ["66101 Tân Lợi mới", "66102 Tân An mới"]), ("66101", []),
        ("66102", []),
    ]  # fmt: skip
    assert "66101 Tân Lợi mới, 66102 Tân An mới" in response.content.decode()
    before = client.get("/programme/", {"on": "2025-06-30", "by": "unit"})
    assert [row["successors"] for row in before.context["rows"]] == [[], [], [], []]


@pytest.mark.django_db
def test_a_successor_communes_cadre_sees_its_own_line_and_nothing_of_the_district_or_the_other_successor(
    reorganised: Any,
) -> None:
    transferred(reorganised, TRANSFERS)
    cadre = person(reorganised, "new_cadre", RoleKind.COMMUNE_CADRE, reorganised.n1)
    assert by_unit(cadre) == {"66101": (500_000_000, 0, 800_000_000, 0, [])}
    client = Client()
    client.force_login(cadre)
    page = client.get("/programme/", {"on": "2025-08-05", "by": "unit"}).content.decode()
    api = client.get("/api/programme/disbursement", {"on": "2025-08-05", "by": "unit"}).content.decode()
    for text in (page, api):
        assert re.search(r"\b66101\b", text)
        assert not re.search(r"\b(643|66102|24121)\b|Tân An mới|Buôn Ma Thuột", text)


@pytest.mark.django_db
def test_another_communes_people_see_nothing_of_a_transfer_and_record_none(reorganised: Any) -> None:
    transferred(reorganised, TRANSFERS)
    client = Client()
    client.force_login(reorganised.personas["other_cadre"])
    for response in (client.get("/programme/", {"on": "2025-08-05", "by": "unit"}),
                     client.get("/api/programme/disbursement", {"on": "2025-08-05", "by": "unit"})):  # fmt: skip
        assert not re.search(r"\b(643|66101|66102)\b|Tân Lợi mới|Tân An mới", response.content.decode())
    person(reorganised, "finance652", RoleKind.FINANCE_OFFICER, reorganised.other_district)
    row = [f"{P},4,4.1,recurrent,central,2025,2025,643,66101,1000,49/QĐ-UBND,2025-07-10"]
    result = transferred(reorganised, row, by="finance652")
    assert [(r, c) for r, c, _ in issues(result)] == [(2, "from_unit"), (2, "to_unit")]
    assert not re.search(r"\b66102\b|Tân Lợi mới|Tân An mới", " ".join(m for _, _, m in issues(result)))
    assert PlanDecision.objects.filter(decision="49/QĐ-UBND").count() == 0
