"""The demo's programme stage: the published figures come out of the ordinary computation on what it records."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest

from povmis.commands.demo_programme import PROGRAMME, build_programme
from povmis.programme import queries
from povmis.programme.models import Output

TWO_DISTRICTS = ["643", "652"]


@pytest.fixture
def demo(world: Any) -> Any:
    build_programme(world.personas["admin"], "pw", districts=TWO_DISTRICTS)
    return world


@pytest.mark.django_db
def test_the_capital_of_2021_2024_sums_to_the_provinces_1_263_511_million(demo: Any) -> None:
    capital = queries.capital_table(demo.personas["steering"], PROGRAMME, ("capital_year",))
    assert capital.filter(pl.col("capital_year") <= 2024)["allocated_vnd"].sum() == 1_263_511_000_000
    assert capital.rows() == [(2021, 151_621_000_000), (2022, 328_513_000_000), (2023, 379_053_000_000),
                              (2024, 404_324_000_000), (2025, 390_000_000_000)]  # fmt: skip


@pytest.mark.django_db
def test_the_2025_disbursement_is_the_published_23_91_percent_in_early_august(demo: Any) -> None:
    total = queries.disbursement_report(demo.personas["province"], dt.date(2025, 8, 5), (), PROGRAMME)["total"]
    assert (total["rate"], total["allocated_vnd"], total["disbursed_vnd"]) == (0.2391, 390_000_000_000, 93_249_000_000)
    # 2024's unspent recurrent capital is carried into 2025 as lines of their own.
    assert total["allocated_with_carryover_vnd"] > total["allocated_vnd"]
    october = queries.disbursement_report(demo.personas["province"], dt.date(2025, 10, 6), (), PROGRAMME)["total"]
    assert october["rate"] == 0.26


@pytest.mark.django_db
def test_the_lagging_projects_are_warned_about_in_august(demo: Any) -> None:
    table = queries.lag_table(demo.personas["steering"], dt.date(2025, 8, 5), PROGRAMME, ["project"])
    assert dict(table.select("project", "warning").rows()) == {
        "1": False,
        "2": True,
        "3": True,
        "4": True,
        "5": True,
        "6": True,
        "7": True,
    }


@pytest.mark.django_db
def test_the_outputs_give_450_models_and_jobs_for_more_than_100_000_workers(demo: Any) -> None:
    table = queries.outputs_table(demo.personas["steering"], PROGRAMME, dt.date(2021, 1, 1), dt.date(2024, 12, 31))
    got = {row["indicator"]: row["value"] for row in table.to_dicts() if row["value"]}
    assert got == {"models": 450.0, "jobs": 100_850.0}  # Lắk district (656) is not among the two districts
    assert Output.objects.count() == 2 * 2 * 4


@pytest.mark.django_db
def test_recording_the_demo_again_changes_nothing(demo: Any) -> None:
    before = queries.payments_frame(demo.personas["admin"]).height
    build_programme(demo.personas["admin"], "pw", districts=TWO_DISTRICTS)
    assert queries.payments_frame(demo.personas["admin"]).height == before


@pytest.mark.django_db
def test_on_the_reorganised_geography_the_demo_moves_the_districts_capital_to_a_successor(world: Any) -> None:
    from povmis.programme.models import DecisionKind, Payment, PlanDecision  # noqa: PLC0415  # this test's own
    from tests.programme.conftest import MOVED_ON, reorganise  # noqa: PLC0415  # this test's own

    admin = reorganise(world).personas["admin"]
    build_programme(admin, "pw", districts=TWO_DISTRICTS)
    for on, rate in ((dt.date(2025, 8, 5), 0.2391), (dt.date(2025, 10, 6), 0.26)):  # the published rates still
        assert queries.disbursement_report(admin, on, (), PROGRAMME)["total"]["rate"] == rate
    assert not Payment.objects.filter(line__unit__code="643", paid_on__gte=MOVED_ON).exists()
    assert Payment.objects.filter(line__unit__code="66101", paid_on__gte=MOVED_ON).exists()
    given = PlanDecision.objects.filter(kind=DecisionKind.TRANSFER_IN).values_list("line__unit__code", flat=True)
    assert set(given) == {"66101"}
    groups = queries.disbursement_report(admin, dt.date(2025, 10, 6), ["unit"], PROGRAMME)["groups"]
    assert [(g["unit"], g["successors"]) for g in groups] == [("643", ["66101", "66102"]), ("652", []), ("66101", [])]
    payments = Payment.objects.count()
    build_programme(admin, "pw", districts=TWO_DISTRICTS)
    assert Payment.objects.count() == payments
