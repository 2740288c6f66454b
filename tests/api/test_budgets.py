"""Query budgets: a list costs the same few queries for 2 households or 30, so an N+1 is a failing test.

The budget counts everything a request does: the session and its user, the role and its area, the
page and its total. A per-row lookup would cost at least one query per listed row, far above it.
"""

from __future__ import annotations

import datetime as dt

import pytest

from povmis.registry.models import Application, ChangeRequest, Household
from povmis.registry.samples import household, member, survey
from povmis.registry.services import classify_cycle, import_survey

pytestmark = pytest.mark.django_db
MORE = 30


@pytest.fixture
def crowded(classified):
    """Thirty more answered and classified households in Tân Lợi, each with a proposed correction."""
    codes = [f"T{n:02d}" for n in range(MORE)]
    rows = survey([household(household_id=code) for code in codes], [member(household_id=code) for code in codes])
    import_survey(rows, year=2024, user=classified.personas["cadre"], commit=True)
    classify_cycle(classified.cycle, user=None)
    ChangeRequest.objects.bulk_create(
        ChangeRequest(
            household=h,
            cycle=classified.cycle,
            field="has_tv",
            proposed_value="0",
            reason="sold",
            requested_by=classified.personas["cadre"],
        )
        for h in Household.objects.filter(code__in=codes)
    )
    Application.objects.bulk_create(
        Application(
            household=h,
            form="mau_01",
            request="poor_or_near_poor",
            channel="post",
            filed_on=dt.date(2025, 3, 2),
            filed_by=classified.personas["cadre"],
        )
        for h in Household.objects.filter(code__in=codes)
    )
    return classified


@pytest.mark.parametrize(
    ("route", "listed", "budget"),
    [
        ("/api/households", MORE + 2, 6),
        ("/api/households?cycle=2024&class=near_poor&q=T", MORE, 6),
        ("/api/cycles/2024/results", MORE + 2, 7),
        ("/api/changes", MORE, 6),
        ("/api/applications", MORE, 6),
        ("/api/imports", 1, 6),
        ("/api/units", 2, 6),
    ],
)
def test_a_list_answers_within_its_query_budget(
    crowded, as_persona, django_assert_max_num_queries, route, listed, budget
):
    client = as_persona("cadre")
    with django_assert_max_num_queries(budget):
        response = client.get(route + ("&" if "?" in route else "?") + "limit=100")
    assert response.json()["count"] == listed


def test_a_cycles_stages_and_its_summary_answer_within_their_budgets(
    crowded, as_persona, django_assert_max_num_queries
):
    client = as_persona("district")
    with django_assert_max_num_queries(7):
        assert len(client.get("/api/cycles/2024").json()["communes"]) == 2
    with django_assert_max_num_queries(7):
        assert client.get("/api/cycles/2024/summary").json()["total"] == MORE + 3


def test_a_household_is_explained_within_its_budget(crowded, as_persona, django_assert_max_num_queries):
    client = as_persona("cadre")
    # 11: one is the read log's entry (registry.reads), written on every read of a household's data.
    with django_assert_max_num_queries(11):
        assert client.get("/api/households/T07").json()["classification"]["household_class"] == "near_poor"
