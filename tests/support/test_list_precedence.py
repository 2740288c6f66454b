"""One rule for the list in force, in the registry and in the support's history: a later periodic list
supersedes the decisions taken before it came in force; a decision after it changes it.

A3 of Tân Lợi is near-poor on both reviews (tests/monitoring/conftest.py). It is recognised poor by a
monthly decision on 15 June 2024; the 2024 review, closed on 20 December, looked at it again and kept it
near-poor.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from povmis.core.policies.history import status_on
from povmis.registry.list_in_force import classes_as_of
from povmis.registry.models import Application, Household, ReviewCycle
from povmis.support.history import review_history

pytestmark = pytest.mark.django_db(transaction=False)

DECIDED, CLOSED = dt.date(2024, 6, 15), dt.date(2024, 12, 20)
JULY, LATE_DECEMBER = dt.date(2024, 7, 1), dt.date(2024, 12, 25)


@pytest.fixture
def decided_before_the_review(classified):
    cadre = classified.personas["cadre"]
    Application.objects.create(
        household=Household.objects.get(code="A3"), form="mau_01", request="poor_or_near_poor", channel="in_person",
        filed_on=dt.date(2024, 6, 1), filed_by=cadre, step="recognised", previous_class="near_poor",
        decided_class="poor", decided_on=DECIDED, decided_by=cadre,
    )  # fmt: skip
    closed = dt.datetime.combine(CLOSED, dt.time(9), tzinfo=dt.UTC)
    ReviewCycle.objects.filter(year=2024).update(closed_at=closed)
    return classified


def test_the_registrys_list_follows_the_decision_until_the_next_review_supersedes_it(
    decided_before_the_review,
) -> None:
    area = decided_before_the_review.c1.path
    assert dict(classes_as_of(JULY, area).rows())["A3"] == "poor"
    assert dict(classes_as_of(LATE_DECEMBER, area).rows())["A3"] == "near_poor"


def test_the_support_history_gives_the_same_classes_on_the_same_days(decided_before_the_review) -> None:
    area = decided_before_the_review.c1.path
    history = review_history(2024, area, LATE_DECEMBER)
    given = pl.DataFrame({"household_id": ["A3", "A3"], "on": [JULY, LATE_DECEMBER]})
    assert status_on(given, history)["class"].to_list() == ["poor", "near_poor"]
    registry = [dict(classes_as_of(day, area).rows())["A3"] for day in (JULY, LATE_DECEMBER)]
    assert registry == ["poor", "near_poor"]


def test_a_decision_after_the_review_came_in_force_changes_its_list(decided_before_the_review) -> None:
    cadre = decided_before_the_review.personas["cadre"]
    Application.objects.create(
        household=Household.objects.get(code="A3"), form="mau_01", request="poor_or_near_poor", channel="in_person",
        filed_on=dt.date(2024, 12, 21), filed_by=cadre, step="recognised", previous_class="near_poor",
        decided_class="poor", decided_on=dt.date(2024, 12, 22), decided_by=cadre,
    )  # fmt: skip
    area = decided_before_the_review.c1.path
    assert dict(classes_as_of(LATE_DECEMBER, area).rows())["A3"] == "poor"
    history = review_history(2024, area, LATE_DECEMBER)
    given = pl.DataFrame({"household_id": ["A3"], "on": [LATE_DECEMBER]})
    assert status_on(given, history)["class"].to_list() == ["poor"]
