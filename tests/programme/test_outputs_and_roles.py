"""Outputs against targets (deliveries counted, not stored twice), the page's payment form, and the
finance officer's and project owner's reach, as personas."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client

from povmis.accounts.models import RoleKind
from povmis.programme import queries, services
from povmis.programme.models import Output, Payment
from tests.programme.conftest import OUTPUT_HEADER, OUTPUTS, YEAR, P, csv, deliver, person


def values(table: Any) -> dict[str, tuple[Any, ...]]:
    return {r["indicator"]: (r["value"], r["households"], r["cost_vnd"]) for r in table.to_dicts() if r["value"]}


@pytest.mark.django_db
def test_houses_and_trainees_are_counted_from_the_deliveries_and_the_rest_from_the_records(delivered: Any) -> None:
    table = queries.outputs_table(delivered.personas["province"], P, *YEAR)
    assert values(table) == {
        "clean_water": (75.0, 0, 0),
        "models": (12.0, 0, 0),
        "trainees": (2.0, 1, 6_000_000),
        "houses": (3.0, 3, 100_000_000),
    }
    houses = table.filter(table["indicator"] == "houses").row(0, named=True)
    assert (houses["delivered"], houses["cost_per_output_vnd"]) == (True, 33_333_333)


@pytest.mark.django_db
def test_a_district_officer_counts_only_the_outputs_of_the_district(delivered: Any) -> None:
    table = queries.outputs_table(delivered.personas["district"], P, *YEAR)
    assert values(table)["houses"] == (2.0, 2, 60_000_000)


@pytest.mark.django_db
def test_the_outputs_of_the_project_carry_the_projects_payments_as_their_cost(delivered: Any) -> None:
    table = queries.outputs_table(delivered.personas["province"], P, *YEAR)
    jobs = table.filter(table["indicator"] == "jobs").row(0, named=True)
    assert (jobs["value"], jobs["cost_vnd"], jobs["cost_per_output_vnd"]) == (0.0, 350_000_000, None)


@pytest.mark.django_db
def test_an_output_that_is_a_households_support_is_refused_as_a_record(funded: Any) -> None:
    rows = [f"{P},5,houses,643,2025-06-30,3,BC-09", f"{P},1,clean_water,643,2025-06-30,120,BC-10"]
    result = services.import_outputs(csv(OUTPUT_HEADER, rows), "o.csv", by=funded.personas["admin"], commit=True)
    assert [(i["row"], i["column"], i["message_en"]) for i in result.issues.to_dicts()] == [
        (2, "indicator", "this output is a household's support: record the delivery to the household instead"),
        (3, "value", "a percentage is at most 100"),
    ]
    assert (result.committed, Output.objects.count()) == (False, 0)


@pytest.mark.django_db
def test_importing_the_same_outputs_twice_changes_nothing(delivered: Any) -> None:
    again = services.import_outputs(csv(OUTPUT_HEADER, OUTPUTS), "o.csv", by=delivered.personas["admin"], commit=True)
    assert (again.new, again.unchanged, Output.objects.count()) == (0, 2, 2)


@pytest.mark.django_db
def test_the_page_lists_the_outputs_and_links_the_households_behind_a_delivered_one(delivered: Any) -> None:
    client = Client()
    client.force_login(delivered.personas["province"])
    page = client.get("/programme/", {"on": "2025-12-31"})
    houses = next(row for row in page.context["outputs"] if row["indicator"] == "houses")
    assert (houses["value"], houses["households"]) == (3.0, 3)
    behind = client.get("/programme/outputs/houses/households/", {"year": "2025"})
    assert [row["household"] for row in behind.context["rows"]] == ["H1", "H2", "H3"]


@pytest.mark.django_db
def test_the_page_form_records_a_payment_through_the_same_checks(funded: Any) -> None:
    client = Client()
    client.force_login(funded.personas["province"])
    form = {"programme": P, "project": "5", "sub_project": "", "type": "investment", "source": "provincial",
            "capital_year": "2025", "unit": "24121", "paid_on": "2025-08-01", "amount_vnd": "10000000",
            "voucher": "KB-0200"}  # fmt: skip
    assert client.post("/programme/payments/", form).status_code == 302
    assert Payment.objects.filter(voucher="KB-0200").exists()
    refused = client.post(
        "/programme/payments/", {**form, "voucher": "KB-0201", "amount_vnd": "900000000"}, follow=True
    )
    assert [str(m) for m in refused.context["messages"]][-1].startswith("amount_vnd:")
    assert not Payment.objects.filter(voucher="KB-0201").exists()


@pytest.mark.django_db
def test_a_commune_cadre_of_another_commune_sees_nothing_of_the_programme(delivered: Any) -> None:
    other = delivered.personas["other_cadre"]  # Ea Kly, in district 652, where no plan line is
    assert queries.disbursement_report(other, dt.date(2025, 8, 5))["total"]["allocated_with_carryover_vnd"] == 0
    assert values(queries.outputs_table(other, P, *YEAR)) == {"houses": (1.0, 1, 40_000_000)}  # its own commune's
    client = Client()
    client.force_login(other)
    assert client.get("/programme/", {"on": "2025-08-05"}).context["rows"] == []
    assert client.get("/programme/outputs/houses/households/", {"year": "2025"}).context["rows"][0]["household"] == "H3"


@pytest.mark.django_db
def test_a_finance_officer_of_another_unit_sees_nothing_and_records_nothing_there(delivered: Any) -> None:
    finance = person(delivered, "finance652", RoleKind.FINANCE_OFFICER, delivered.other_district)
    assert queries.disbursement_report(finance, dt.date(2025, 8, 5), ["project"])["groups"] == []
    assert queries.payments_frame(finance).is_empty()
    row = [f"{P},5,,investment,provincial,2025,24121,2025-08-01,1000000,KB-0300"]
    result = services.import_payments(csv(HEADER, row), "p.csv", by=finance, commit=True)
    assert (result.committed, result.issues["column"].to_list()) == (False, ["programme"])
    client = Client()
    client.force_login(finance)
    assert client.get("/programme/outputs/houses/households/", {"year": "2025"}).status_code == 404
    assert client.get("/api/programme/disbursement", {"on": "2025-08-05", "by": "unit"}).json()["groups"] == []


@pytest.mark.django_db
def test_a_project_owner_sees_and_records_only_its_project(delivered: Any) -> None:
    owner = person(delivered, "housing", RoleKind.PROJECT_OWNER, delivered.province, P, "5")
    report = queries.disbursement_report(owner, dt.date(2025, 8, 5), ["project"])
    assert [g["project"] for g in report["groups"]] == ["5"]
    assert list(values(queries.outputs_table(owner, P, *YEAR))) == ["houses"]
    theirs = [f"{P},5,,investment,provincial,2025,24121,2025-08-01,1000000,KB-0400"]
    assert services.import_payments(csv(HEADER, theirs), "p.csv", by=owner, commit=True).committed
    others = [f"{P},4,4.1,recurrent,central,2025,643,2025-08-01,1000000,KB-0401"]
    refused = services.import_payments(csv(HEADER, others), "p.csv", by=owner, commit=True)
    assert (refused.committed, Payment.objects.filter(voucher="KB-0401").exists()) == (False, False)
    models = services.import_outputs(csv(OUTPUT_HEADER, [f"{P},2,models,643,2025-06-30,1,BC-20"]), "o.csv",
                                     by=owner, commit=True)  # fmt: skip
    assert [(i["column"], i["message_en"][:22]) for i in models.issues.to_dicts()] == [
        ("project", "outside your project (")
    ]
    client = Client()
    client.force_login(owner)
    assert [row["project"] for row in client.get("/programme/", {"on": "2025-08-05"}).context["rows"]] == ["5"]
    assert client.get("/programme/outputs/houses/households/", {"year": "2025"}).status_code == 404


HEADER = "programme,project,sub_project,type,source,capital_year,unit,paid_on,amount_vnd,voucher"


@pytest.mark.django_db
def test_the_outputs_are_given_by_district_on_the_page(delivered: Any) -> None:
    client = Client()
    client.force_login(delivered.personas["province"])
    page = client.get("/programme/", {"on": "2025-12-31", "outputs_by": "district"})
    houses = [(row["place"], row["value"]) for row in page.context["outputs"] if row["indicator"] == "houses"]
    assert houses == [("Buôn Ma Thuột", 2.0), ("Krông Pắc", 1.0)]


@pytest.mark.django_db
def test_the_page_reads_a_fixed_number_of_queries_however_many_deliveries_and_outputs(
    delivered: Any, django_assert_max_num_queries: Any
) -> None:
    client = Client()
    client.force_login(delivered.personas["province"])
    client.get("/programme/", {"on": "2025-08-05"})  # the session and the role, once
    with django_assert_max_num_queries(14):
        client.get("/programme/", {"on": "2025-08-05", "outputs_by": "district"})
    for day in range(1, 20):
        deliver(delivered, "H2", "vocational_training", f"2025-03-{day:02d}", 1_000_000, member=f"H2-{day:02d}")
    more = [f"{P},2,models,643,2025-03-{day:02d},1,BC-3{day:02d}" for day in range(1, 20)]
    assert services.import_outputs(
        csv(OUTPUT_HEADER, more), "o.csv", by=delivered.personas["admin"], commit=True
    ).committed
    with django_assert_max_num_queries(14):
        client.get("/programme/", {"on": "2025-08-05", "outputs_by": "district"})


@pytest.mark.django_db
def test_a_reference_used_outside_ones_area_is_refused_without_saying_whose(delivered: Any) -> None:
    finance = person(delivered, "finance652", RoleKind.FINANCE_OFFICER, delivered.other_district)
    row = [f"{P},2,models,652,2025-06-30,4,BC-01"]  # BC-01 is district 643's report
    result = services.import_outputs(csv(OUTPUT_HEADER, row), "o.csv", by=finance, commit=True)
    assert [(i["column"], i["message_en"]) for i in result.issues.to_dicts()] == [
        ("reference", "this number is already used by another record; give a new one")
    ]
    assert Output.objects.filter(unit__code="652").count() == 0


@pytest.mark.django_db
def test_a_cadre_cannot_record_a_payment_through_the_page(funded: Any) -> None:
    client = Client()
    client.force_login(funded.personas["other_cadre"])
    form = {"programme": P, "project": "5", "type": "investment", "source": "provincial", "capital_year": "2025",
            "unit": "24121", "paid_on": "2025-08-01", "amount_vnd": "1000", "voucher": "KB-0500"}  # fmt: skip
    assert client.post("/programme/payments/", form).status_code == 404
    assert not Payment.objects.filter(voucher="KB-0500").exists()


@pytest.mark.django_db
def test_a_finance_officer_and_a_project_owner_start_on_the_programme_page(world: Any) -> None:
    for user in (person(world, "finance", RoleKind.FINANCE_OFFICER, world.province),
                 person(world, "owner", RoleKind.PROJECT_OWNER, world.province, P, "5")):  # fmt: skip
        client = Client()
        client.force_login(user)
        assert client.get("/")["Location"] == "/programme/"
        households = client.get("/households/")
        # Whole words: the page's random CSRF token may hold "H1" by chance.
        shown = [re.search(rb"\b%s\b" % code, households.content) is not None for code in (b"H1", b"H3")]
        assert (households.status_code, shown) == (200, [False, False])
