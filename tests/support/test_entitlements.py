"""A classified review's entitlements, computed over the registry and stored whenever its results are."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from povmis.cli import main
from povmis.registry.models import Household, ReviewCycle
from povmis.registry.samples import household, member, survey
from povmis.registry.services import classify_cycle, decide_change, import_survey, propose_change
from povmis.support.entitlements import review_policies, store_entitlements
from povmis.support.models import Entitlement

pytestmark = pytest.mark.django_db(transaction=False)

END_2024 = dt.date(2024, 12, 31)


def _stored(year: int) -> list[tuple[object, ...]]:
    rows = Entitlement.objects.filter(cycle__year=year).order_by("household__code", "policy", "member_code")
    return list(rows.values_list("household__code", "member_code", "policy", "rule", "share", "amount_vnd"))


def test_classifying_a_review_stores_each_households_and_members_entitlements(classified) -> None:
    # A1 poor, A2 escaped poverty in 2024, A3 near-poor (C1); B1 poor to near-poor (C3); A4, B2 not poor.
    # Each household's one member is 40: no nutrition, no training (the survey does not ask who wants it).
    worker = [("job_referral", "target_group_worker", None, None), ("work_abroad", "target_group_worker", None, None)]
    models = [("livelihood_model", "target_group", None, None), ("production_support", "target_group", None, None)]
    near_poor = [
        ("", "credit", "near_poor", None, 100_000_000),
        ("1", "health_insurance", "near_poor_146", 0.7, None),
        *[("1", *entry) for entry in worker[:1]],
        ("", "legal_aid", "poor_or_near_poor", None, None),
        *[("", *entry) for entry in models],
        *[("1", *entry) for entry in worker[1:]],
    ]
    expected = [
        ("A1", "", "credit", "poor", None, 100_000_000),
        ("A1", "", "electricity", "poor", None, 46_000),
        ("A1", "1", "health_insurance", "poor", 1.0, None),
        ("A1", "1", *worker[0]),
        ("A1", "", "legal_aid", "poor_or_near_poor", None, None),
        *[("A1", "", *entry) for entry in models],
        ("A1", "1", *worker[1]),
        ("A2", "", "credit", "newly_escaped", None, 100_000_000),
        ("A2", "1", *worker[0]),
        *[("A2", "", *entry) for entry in models],
        ("A2", "1", *worker[1]),
        *[("A3", *entry) for entry in near_poor],
        *[("B1", *entry) for entry in near_poor],
    ]
    assert _stored(2024) == expected
    assert set(Entitlement.objects.filter(cycle__year=2024).values_list("computed_on", flat=True)) == {END_2024}


def test_storing_a_reviews_entitlements_again_replaces_them_and_records_each_policys_hash(classified) -> None:
    before = _stored(2024)
    assert store_entitlements(2024) == len(before)
    assert _stored(2024) == before
    hashes = dict(Entitlement.objects.filter(cycle__year=2024).values_list("policy", "policy_hash").distinct())
    assert hashes == {policy.id: policy.content_hash for policy in review_policies() if policy.id in hashes}
    assert Entitlement.objects.filter(cycle__year=2023).count() > 0


def test_a_poor_household_of_a_poor_district_whose_house_is_not_durable_is_entitled_to_a_house(world) -> None:
    world.district.is_disadvantaged = True  # Buôn Ma Thuột stands in for a district of Decision 353/QĐ-TTg
    world.district.save()
    poor = {"latrine": "simple_pit", "uses_telecom": "0", "water_source": "unprotected_well"}
    rows = [
        household(household_id="D1", **poor, wall_durable="0", roof_durable="0"),  # Tân Lợi, in the poor district
        household(household_id="D2", **poor),  # a durable house
        household(household_id="D3", commune_code="24400", village_code="", **poor, wall_durable="0", roof_durable="0"),
    ]
    members = [member(household_id=code) for code in ("D1", "D2", "D3")]
    import_survey(survey(rows, members), year=2024, user=world.personas["admin"], commit=True)
    classify_cycle(world.cycle, user=None)
    housing = Entitlement.objects.filter(cycle__year=2024, policy="housing")
    assert list(housing.values_list("household__code", "rule", "amount_vnd")) == [("D1", "build", 40_000_000)]


def test_store_entitlements_refuses_a_review_that_was_never_classified(tmp_path) -> None:
    # A fresh database, migrated, as a user would have one: the command runs as a subprocess.
    environment = os.environ | {"DATABASE_URL": f"sqlite:///{tmp_path / 'povmis.sqlite3'}"}
    povmis = Path(sys.executable).with_name("povmis")
    migrate = subprocess.run(
        [povmis, "migrate", "-v", "0"], capture_output=True, text=True, env=environment, check=False
    )
    assert migrate.returncode == 0, migrate.stderr
    command = [povmis, "support", "store-entitlements", "2024"]
    result = subprocess.run(command, capture_output=True, text=True, env=environment, check=False)
    assert (result.returncode, result.stderr.strip()) == (1, "Error: the 2024 review has not been classified")


def test_store_entitlements_stores_a_classified_reviews_rows(classified) -> None:
    Entitlement.objects.all().delete()
    assert CliRunner().invoke(main, ["support", "store-entitlements", "2024"]).output == (
        "27 entitlements of the 2024 review stored, and its reconciliation counts\n"
    )
    assert Entitlement.objects.filter(cycle__year=2024).count() == 27


def test_an_approved_correction_judges_its_commune_again_and_no_other(classified) -> None:
    others = [row for row in _stored(2024) if row[0] not in {"A1", "A2", "A3", "A4"}]
    assert {row[0] for row in _stored(2024)} >= {"A1", "B1"}
    proposal = propose_change(
        Household.objects.get(code="A1"), cycle=ReviewCycle.objects.get(year=2024), user=classified.personas["cadre"],
        field="income_per_capita", value="9000000", reason="payslip",
    )  # fmt: skip
    decide_change(proposal, user=classified.personas["cadre2"], approve=True)
    after = _stored(2024)
    # No longer poor: it escaped this year, so only what the newly escaped keep (credit), none of the poor's.
    assert [row for row in after if row[0] == "A1" and row[2] in {"credit", "electricity"}] == [
        ("A1", "", "credit", "newly_escaped", None, 100_000_000)
    ]
    assert [row for row in after if row[0] not in {"A1", "A2", "A3", "A4"}] == others
    assert after == _stored_again(2024)


def _stored_again(year: int) -> list[tuple[object, ...]]:
    store_entitlements(year)
    return _stored(year)


def test_a_household_holding_the_agricultural_average_status_gets_30_percent_health_insurance(classified) -> None:
    # Decree 146/2018/NĐ-CP Art. 8: at least 30% of the premium for the members of an agricultural household
    # with an average living standard, the status stored beside the class (docs/statuses.md). A4 holds it
    # with the 2024 review; B2, not poor like A4, does not.
    from povmis.registry.models import Status  # noqa: PLC0415  # only this test writes a status

    Status.objects.create(
        cycle=ReviewCycle.objects.get(year=2024), household=Household.objects.get(code="A4"), member_code="",
        status=Status.Kind.AGRICULTURAL_AVERAGE, rule="agricultural-average-living-2022-2025", rule_hash="test",
        source=Status.Source.APPLICATION, held_from=dt.date(2024, 5, 1),
    )  # fmt: skip
    store_entitlements(2024)
    insured = [row for row in _stored(2024) if row[0] in ("A4", "B2") and row[2] == "health_insurance"]
    assert insured == [("A4", "1", "health_insurance", "agricultural_average_146", 0.3, None)]
