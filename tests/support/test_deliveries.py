"""Delivery lists imported against the registry: dry run, whole or nothing, idempotent, scoped by area."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from povmis.cli import main
from povmis.core.policies.inputs import SupportInputError
from povmis.registry.models import HouseholdSurvey, MemberSurvey
from povmis.support.models import Delivery
from povmis.support.services import DeliveryImport, import_deliveries, record_delivery
from tests.conftest import World

pytestmark = pytest.mark.django_db(transaction=False)


def _list(*rows: dict[str, str]) -> pl.DataFrame:
    columns = [
        "household_id",
        "national_id",
        "member_id",
        "policy",
        "delivered_on",
        "amount_vnd",
        "programme",
        "reference",
    ]
    return pl.DataFrame({c: [row.get(c, "") for row in rows] for c in columns})


HOUSE = {"household_id": "H1", "policy": "housing", "delivered_on": "2024-03-10", "amount_vnd": "40000000",
         "programme": "ntp-spr-2021-2025", "reference": "P5-1"}  # fmt: skip
CARD = {
    "national_id": "066100000101",
    "policy": "health_insurance",
    "delivered_on": "2024-01-15",
    "reference": "BHYT-1",
}


@pytest.fixture
def member(world: World) -> MemberSurvey:
    survey = HouseholdSurvey.objects.create(
        cycle=world.cycle, household=world.households["H1"], answers="{}", fingerprint="x"
    )
    return MemberSurvey.objects.create(survey=survey, member_code="M1", national_id="066100000101", answers="{}")


def test_a_dry_run_says_what_would_be_stored_and_stores_nothing(world: World, member: MemberSurvey) -> None:
    result = import_deliveries(_list(HOUSE, CARD), "list.csv", world.personas["cadre"], dry_run=True)
    assert result == DeliveryImport(rows=2, created=2, already_present=0, repeated_in_file=0, dry_run=True)
    assert not Delivery.objects.exists()


def test_an_import_matches_by_household_code_and_national_id_and_a_second_import_changes_nothing(
    world: World, member: MemberSurvey
) -> None:
    cadre = world.personas["cadre"]
    assert import_deliveries(_list(HOUSE, CARD), "list.csv", cadre).created == 2
    stored = list(
        Delivery.objects.values_list(
            "household__code", "member_code", "national_id", "policy", "delivered_on", "amount_vnd"
        )
    )
    assert stored == [
        ("H1", "", "066100000101", "health_insurance", dt.date(2024, 1, 15), None),
        ("H1", "", "", "housing", dt.date(2024, 3, 10), 40_000_000),
    ]
    again = import_deliveries(_list(HOUSE, CARD), "list.csv", cadre)
    assert again == DeliveryImport(rows=2, created=0, already_present=2, repeated_in_file=0, dry_run=False)
    assert Delivery.objects.count() == 2


def test_a_list_with_one_unknown_household_is_refused_whole_with_its_row_and_column(world: World) -> None:
    with pytest.raises(SupportInputError) as error:
        import_deliveries(
            _list(HOUSE, {**HOUSE, "household_id": "H404", "reference": "P5-2"}), "list.csv", world.personas["cadre"]
        )
    assert "list.csv, row 3, column household_id: 'H404' — names no household of your area" in str(error.value)
    assert not Delivery.objects.exists()


def test_a_bad_date_refuses_the_list_and_nothing_is_written(world: World) -> None:
    with pytest.raises(SupportInputError, match="list.csv, row 2, column delivered_on: '2024-02-30'"):
        import_deliveries(_list({**HOUSE, "delivered_on": "2024-02-30"}), "list.csv", world.personas["cadre"])
    assert not Delivery.objects.exists()


def test_a_cadre_of_another_commune_cannot_record_a_delivery_to_this_communes_household(world: World) -> None:
    # H1 is in commune C1; other_cadre works in C3: the household is as unknown to them as a wrong code.
    with pytest.raises(SupportInputError, match="column household_id: 'H1' — names no household of your area"):
        record_delivery(
            world.personas["other_cadre"], household="H1", policy="housing", delivered_on=dt.date(2024, 3, 10)
        )
    assert not Delivery.objects.exists()


def test_a_cadre_of_another_commune_cannot_reach_a_member_by_national_id(world: World, member: MemberSurvey) -> None:
    with pytest.raises(SupportInputError, match="column national_id: '066100000101'"):
        import_deliveries(_list(CARD), "list.csv", world.personas["other_cadre"])


def test_recording_one_delivery_stores_it_with_who_recorded_it(world: World) -> None:
    cadre = world.personas["cadre"]
    result = record_delivery(
        cadre, household="H1", policy="credit", delivered_on=dt.date(2024, 4, 1), amount_vnd=50_000_000, agency="vbsp"
    )
    assert result.created == 1
    delivery = Delivery.objects.get()
    assert (delivery.household.code, delivery.policy, delivery.amount_vnd, delivery.recorded_by) == (
        "H1",
        "credit",
        50_000_000,
        cadre,
    )


def test_the_import_command_runs_dry_then_commits_and_refuses_a_bad_list(world: World, tmp_path: Path) -> None:
    good = tmp_path / "deliveries.csv"
    _list(HOUSE).write_csv(good)
    dry = CliRunner().invoke(main, ["support", "import-deliveries", str(good), "--user", "cadre"])
    assert dry.exit_code == 0, dry.output
    assert "1 rows: 1 new, 0 already stored" in dry.output
    assert not Delivery.objects.exists()
    landed = CliRunner().invoke(main, ["support", "import-deliveries", str(good), "--user", "cadre", "--commit"])
    assert landed.exit_code == 0, landed.output
    assert Delivery.objects.count() == 1
    refused = CliRunner().invoke(main, ["support", "import-deliveries", str(good), "--user", "other_cadre", "--commit"])
    assert refused.exit_code == 1
    assert "row 2, column household_id: 'H1' — names no household of your area" in refused.output
    assert Delivery.objects.count() == 1
