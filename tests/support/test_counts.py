"""The reconciliation counts are stored, and the stored counts are always those a fresh computation gives.

The reviews are those of tests/monitoring/conftest.py (C1: A1 poor, A2 escaped, A3 near-poor, A4 not
poor in 2024; C3: B1 near-poor, B2 not poor). The overview, the API and the targets read the stored
rows; the missed and ineligible lists compute theirs from the same function.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from django.test import Client
from polars.testing import assert_frame_equal

from povmis.registry import applications
from povmis.registry.models import Application, Household, ReviewCycle
from povmis.registry.services import decide_change, propose_change
from povmis.support import queries
from povmis.support.models import ReconciliationCount
from povmis.support.services import import_deliveries, record_delivery

pytestmark = pytest.mark.django_db(transaction=False)


def _fresh_equals_stored(year: int = 2024) -> pl.DataFrame:
    stored = queries.stored_counts(year, "")
    fresh = queries.area_reconciliation(year, "").result.counts
    order = ["policy", "unit_path", "class"]
    assert_frame_equal(stored.sort(order), fresh.sort(order), check_column_order=False)
    return stored


def test_classifying_a_review_stores_its_counts(classified) -> None:
    stored = _fresh_equals_stored()
    assert ReconciliationCount.objects.filter(cycle__year=2024).count() == stored.height > 0
    health = stored.filter(pl.col("policy") == "health_insurance")
    assert int(health["entitled"].sum()) == 3  # A1's, A3's and B1's member, as stored


def test_a_delivery_import_stores_the_counts_of_its_commune_again(classified) -> None:
    untouched = list(ReconciliationCount.objects.filter(unit_path__contains="24400").values_list("pk", flat=True))
    frame = pl.DataFrame({"household_id": ["A4", "A1"], "policy": ["credit", "legal_aid"],
                          "delivered_on": ["2024-03-01", "2024-04-01"]})  # fmt: skip
    import_deliveries(frame, "list.csv", classified.personas["cadre"])
    stored = _fresh_equals_stored()
    credit = stored.filter(pl.col("policy") == "credit")
    assert int(credit["ineligible"].sum()) == 1  # A4, not poor on the 2023 list in force
    legal = stored.filter(pl.col("policy") == "legal_aid")
    assert (int(legal["delivered"].sum()), int(legal["missed"].sum())) == (1, 2)
    # Ea Kly's rows were not rewritten.
    assert list(ReconciliationCount.objects.filter(unit_path__contains="24400").values_list("pk", flat=True)) == (
        untouched
    )


def test_an_approved_correction_stores_the_counts_again(classified) -> None:
    record_delivery(
        classified.personas["cadre"], household="A1", policy="electricity", delivered_on=dt.date(2024, 5, 1)
    )
    proposal = propose_change(
        Household.objects.get(code="A1"), cycle=ReviewCycle.objects.get(year=2024), user=classified.personas["cadre"],
        field="income_per_capita", value="9000000", reason="payslip",
    )  # fmt: skip
    decide_change(proposal, user=classified.personas["cadre2"], approve=True)
    stored = _fresh_equals_stored()
    electricity = stored.filter(pl.col("policy") == "electricity")
    assert int(electricity["entitled"].sum()) == 0  # A1 no longer poor at the end of 2024


def test_a_monthly_decision_stores_the_counts_again(classified) -> None:
    cadre = classified.personas["cadre"]
    record_delivery(cadre, household="A2", policy="legal_aid", delivered_on=dt.date(2024, 8, 1))
    assert int(queries.stored_counts(2024, "").filter(pl.col("policy") == "legal_aid")["ineligible"].sum()) == 0
    application = applications.file_application(
        Household.objects.get(code="A2"), user=cadre, request="escape", channel="in_person",
        filed_on=dt.date(2024, 6, 1), reason="a steady wage",
    )  # fmt: skip
    applications.assess(application, user=cadre)
    applications.record_step(application, user=cadre, step=Application.Step.VILLAGE_MEETING)
    applications.record_step(application, user=cadre, step=Application.Step.POSTED)
    applications.decide(application, user=cadre, recognise=True, decided_on=dt.date(2024, 6, 15))
    stored = _fresh_equals_stored()
    assert int(stored.filter(pl.col("policy") == "legal_aid")["ineligible"].sum()) == 1


def test_the_overview_and_the_api_read_the_stored_counts(classified) -> None:
    # A stored count changed behind the function's back shows: the page and the API read the rows.
    ReconciliationCount.objects.filter(cycle__year=2024, policy="legal_aid", unit_path__contains="24121").update(
        twice=7
    )
    client = Client(headers={"accept-language": "en"})
    client.force_login(classified.personas["province"])
    answer = client.get("/api/support/reconciliation", {"year": 2024}).json()
    assert (
        answer["policies"]["legal_aid"]["twice"]
        == 7
        * ReconciliationCount.objects.filter(cycle__year=2024, policy="legal_aid", unit_path__contains="24121").count()
    )
    page = client.get("/support/", {"year": 2024})
    assert page.status_code == 200


def test_another_communes_cadre_gets_only_their_communes_stored_counts(classified) -> None:
    client = Client(headers={"accept-language": "en"})
    client.force_login(classified.personas["other_cadre"])
    answer = client.get("/api/support/reconciliation", {"year": 2024}).json()
    # Ea Kly: B1 near-poor is the only one entitled to legal aid; Tân Lợi's A1 and A3 are not counted.
    assert answer["policies"]["legal_aid"]["entitled"] == 1
    assert client.get("/api/support/reconciliation", {"year": 1999}).status_code == 404
