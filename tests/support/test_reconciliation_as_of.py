"""Each delivery judged on the list in force on its own date: a household that escapes poverty mid-year.

The reviews are those of tests/monitoring/conftest.py: A2 of Tân Lợi is poor on the 2023 list (in force
through 2024, the 2024 review not being closed) and not poor in 2024. Here it is recognised as having
escaped poverty on 15 June 2024, a monthly decision: a card before the decision was its due, a card and
legal aid after it were not, and a loan after it is still due (credit covers households that escaped
within three years, policies/credit/policy.yaml: newly_escaped).
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from povmis.core.policies.inputs import SupportInputError
from povmis.registry import applications
from povmis.registry.models import Application, Household
from povmis.support import queries
from povmis.support.models import Delivery
from povmis.support.services import import_deliveries, record_delivery

pytestmark = pytest.mark.django_db(transaction=False)

DECIDED = dt.date(2024, 6, 15)
BEFORE, AFTER = dt.date(2024, 3, 1), dt.date(2024, 8, 1)


@pytest.fixture
def escaped_mid_year(classified):
    cadre = classified.personas["cadre"]
    application = applications.file_application(
        Household.objects.get(code="A2"), user=cadre, request="escape", channel="in_person",
        filed_on=dt.date(2024, 6, 1), reason="a steady wage",
    )  # fmt: skip
    applications.assess(application, user=cadre)
    applications.record_step(application, user=cadre, step=Application.Step.VILLAGE_MEETING)
    applications.record_step(application, user=cadre, step=Application.Step.POSTED)
    decided = applications.decide(application, user=cadre, recognise=True, decided_on=DECIDED)
    assert (decided.previous_class, decided.decided_class) == ("poor", "not_poor")
    for day in (BEFORE, AFTER):
        record_delivery(cadre, household="A2", member="1", policy="health_insurance", delivered_on=day,
                        reference=f"BHYT-{day:%m}")  # fmt: skip
        record_delivery(cadre, household="A2", policy="credit", delivered_on=day, amount_vnd=30_000_000,
                        reference=f"NHCS-{day:%m}")  # fmt: skip
    record_delivery(cadre, household="A2", policy="legal_aid", delivered_on=AFTER, reference="TGPL-1")
    return classified


def test_a_delivery_before_the_escape_is_entitled_and_one_after_it_is_not(escaped_mid_year) -> None:
    found = queries.reconciliation(escaped_mid_year.personas["cadre"], 2024)
    assert found is not None
    assert found.result.ineligible.select("household_id", "policy", "delivered_on", "reference", "reason").rows() == [
        (
            "A2",
            "health_insurance",
            AFTER,
            "BHYT-08",
            "class not_poor on 2024-08-01: no rule of health_insurance applies",
        ),
        ("A2", "legal_aid", AFTER, "TGPL-1", "class not_poor on 2024-08-01: no rule of legal_aid applies"),
    ]
    # The second loan (and card) is one beyond the limit, not one to a household without a right to it.
    assert sorted(found.result.twice.select("policy", "reference").rows()) == [
        ("credit", "NHCS-08"),
        ("health_insurance", "BHYT-08"),
    ]


def test_before_the_decision_the_previous_list_stands_for_the_whole_year(classified) -> None:
    cadre = classified.personas["cadre"]
    record_delivery(cadre, household="A2", member="1", policy="health_insurance", delivered_on=AFTER)
    found = queries.reconciliation(cadre, 2024)
    assert found is not None
    assert found.result.ineligible.height == 0  # poor on the 2023 list, in force while the 2024 review is open


def test_a_member_code_alone_that_names_members_of_several_households_is_refused_with_its_row(classified) -> None:
    frame = pl.DataFrame({"member_id": ["1"], "policy": ["health_insurance"], "delivered_on": ["2024-03-01"]})
    with pytest.raises(SupportInputError) as refused:
        import_deliveries(frame, "cards.csv", classified.personas["cadre"])
    assert str(refused.value) == (
        "cards.csv: refused, nothing was written:\n"
        "cards.csv, row 2, column member_id: '1' — is a member code of several households (A1, A2, A3, A4); "
        "add the household_id or the national_id"
    )
    assert not Delivery.objects.exists()


def test_a_member_code_beside_a_household_code_names_that_households_member(classified) -> None:
    record_delivery(classified.personas["cadre"], household="A2", member="1", policy="health_insurance",
                    delivered_on=BEFORE)  # fmt: skip
    assert list(Delivery.objects.values_list("household__code", "member_code")) == [("A2", "1")]


def _decided(world, code: str, previous: str, decided: str, on: dt.date) -> None:
    """A recognition as the monthly review records it (the procedure's steps are tests/registry/views' concern)."""
    cadre = world.personas["cadre"]
    Application.objects.create(
        household=Household.objects.get(code=code), form="mau_01", request="poor_or_near_poor",
        channel="in_person", filed_on=on - dt.timedelta(days=14), filed_by=cadre, step="recognised",
        previous_class=previous, decided_class=decided, decided_on=on, decided_by=cadre,
    )  # fmt: skip


def test_the_entitled_and_missed_follow_the_decisions_taken_after_the_list_came_in_force(classified) -> None:
    # 2023 is the first review: its list stands all year, and decisions after it change it. A1 and A2 are
    # poor and got no electricity support; A1 escapes on 15 June 2023: no longer entitled to the poor's
    # electricity support at the year's end, nor missed. A4 (not poor) is recognised poor on the same day:
    # entitled, and missed.
    cadre = classified.personas["cadre"]
    before = queries.reconciliation(cadre, 2023)
    assert before is not None
    assert queries.missed(before, "electricity")["household_id"].to_list() == ["A1", "A2"]
    _decided(classified, "A1", "poor", "not_poor", DECIDED.replace(year=2023))
    _decided(classified, "A4", "not_poor", "poor", DECIDED.replace(year=2023))
    after = queries.reconciliation(cadre, 2023)
    assert after is not None
    assert queries.missed(after, "electricity")["household_id"].to_list() == ["A2", "A4"]
    electricity = after.result.counts.filter(pl.col("policy") == "electricity", pl.col("entitled") > 0)
    assert electricity.select("unit_path", "class", "entitled", "missed").rows() == [(classified.c1.path, "poor", 2, 2)]
