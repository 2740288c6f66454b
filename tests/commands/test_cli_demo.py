"""`povmis demo`: a small province built through the services, one login per role, and no second build."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from click.testing import CliRunner
from django.contrib.auth.models import User
from django.test import Client

from povmis.accounts.models import Role, RoleKind
from povmis.cli import main
from povmis.commands.demo_support import reconcile_year
from povmis.core.synth.deliveries import COVERAGE, INELIGIBLE, TWICE, UNKNOWN_ID
from povmis.monitoring.models import HouseholdRisk, RiskScoring
from povmis.programme import queries
from povmis.registry.models import (
    AuditEntry,
    CommuneReview,
    HouseholdResult,
    HouseholdSurvey,
    ReviewCycle,
    Stage,
    StandardRun,
)
from povmis.registry.services import import_survey
from povmis.registry.standard_runs import standard_results
from povmis.registry.survey_import import read_csv_pair
from povmis.support.models import Delivery
from povmis.units.models import AdminUnit, UnitSuccession

pytestmark = pytest.mark.django_db


def test_the_demo_builds_five_closed_reviews_an_open_one_and_one_account_per_role(tmp_path):
    result = CliRunner().invoke(main, ["demo", "--households", "1000", "--no-serve", "--data", str(tmp_path)])
    assert result.exit_code == 0, result.output
    cycles = ReviewCycle.objects.order_by("year")
    assert [(c.year, c.is_closed) for c in cycles] == [
        (2021, True), (2022, True), (2023, True), (2024, True), (2025, True), (2026, False)]  # fmt: skip
    cadre_commune = Role.objects.get(user__username="commune").unit
    waiting = CommuneReview.objects.exclude(stage=Stage.PROVINCE_APPROVED)
    # Only the demo cadre's 2026 list waits, at the survey stage, for the cadre to walk it through.
    assert [(r.cycle.year, r.commune, r.stage) for r in waiting] == [(2026, cadre_commune, Stage.SURVEY)]
    roles = {role.user.username: role.kind for role in Role.objects.select_related("user")}
    assert roles == {
        "admin": RoleKind.ADMINISTRATOR,
        "province": RoleKind.PROVINCE_OFFICER,
        "district": RoleKind.DISTRICT_OFFICER,
        "commune": RoleKind.COMMUNE_CADRE,
        "steering": RoleKind.STEERING_COMMITTEE,
        "auditor": RoleKind.AUDITOR,
        "finance": RoleKind.FINANCE_OFFICER,
        "project4": RoleKind.PROJECT_OWNER,
    }
    _the_programme_gives_the_published_figures()
    cadre = Role.objects.get(user__username="commune")
    assert cadre.unit is not None
    # A commune of the 1 July 2025 reorganisation, directly under the province; the district officer has
    # the former district of the first of the communes merged into it.
    assert (cadre.unit.parent, cadre.unit.valid_from) == (Role.objects.get(user__username="province").unit,
                                                          dt.date(2025, 7, 1))  # fmt: skip
    first = UnitSuccession.objects.filter(successor=cadre.unit).order_by("predecessor__code").first()
    assert first is not None
    assert first.predecessor.parent == Role.objects.get(user__username="district").unit
    assert HouseholdResult.objects.filter(cycle__year=2026, household__commune=cadre.unit).exists()
    _the_cadre_sees_the_communes_risk_list(cadre.unit)
    _the_2026_review_is_classified_under_both_standards()
    assert User.objects.get(username="steering").check_password("povmis-demo")
    assert "http://127.0.0.1:8000/" in result.output
    assert "2026" in result.output
    assert "(2.08%" in result.output  # the end-2025 rate expected, beside the one found
    assert "Support in 2026" in result.output  # the last review's year, as the cadre's commune has it
    assert f"{tmp_path / 'commune-review'}/" in result.output
    _the_practice_files_show_errors_then_changes(tmp_path / "commune-review", cadre.user)
    _the_map_draws_the_generated_outlines(cadre.unit.code)
    _the_reconciliation_finds_the_injected_faults_at_their_rates(tmp_path)
    _the_cadre_has_applications_decided_and_one_to_decide(cadre.unit)
    _the_cadres_2025_round_has_its_minutes_complaints_and_decision(cadre.unit)

    again = CliRunner().invoke(main, ["demo", "--no-serve", "--data", str(tmp_path)])
    assert again.exit_code == 0, again.output
    assert "already set up" in again.output
    assert ReviewCycle.objects.count() == 6


def test_the_demo_leaves_a_database_holding_other_data_alone(world, tmp_path):
    result = CliRunner().invoke(main, ["demo", "--no-serve", "--data", str(tmp_path)])
    assert result.exit_code == 1
    assert "povmis demo --reset" in result.output
    assert list(ReviewCycle.objects.values_list("year", flat=True)) == [2024]


def _the_practice_files_show_errors_then_changes(folder, cadre) -> None:
    """The demo's CSV files for the import page: four rejected households, then two changed and one new."""

    def dry_run(households: str, members: str):
        files = read_csv_pair((folder / households).read_bytes(), households, (folder / members).read_bytes(), members)
        return import_survey(files, year=2026, user=cadre)

    stored = (HouseholdSurvey.objects.count(), AuditEntry.objects.count())
    with_errors = dry_run("households-with-errors.csv", "members-with-errors.csv")
    assert {k: v for k, v in with_errors.counts.items() if k != "unchanged"} == {"new": 0, "changed": 0, "rejected": 4}
    assert sorted(with_errors.issues.select("column", "message_en").unique().rows()) == [
        ("age", "above the maximum 120"),
        # A commune outside the area: only that, not whether its list is approved (nothing of it leaks).
        ("commune_code", "the household is in a commune outside your area"),
        ("household_id", "household has no members"),
        ("labour_status", "a child under 15 is recorded as employed"),
    ]
    corrected = dry_run("households.csv", "members.csv")
    assert {k: v for k, v in corrected.counts.items() if k != "unchanged"} == {"new": 1, "changed": 2, "rejected": 0}
    assert corrected.issues.filter(severity="error").is_empty()
    assert (HouseholdSurvey.objects.count(), AuditEntry.objects.count()) == stored


def _the_2026_review_is_classified_under_both_standards() -> None:
    """The official 2026 classes stay vn-2022-2025's; vn-2027-2030's, beside them, assess every indicator."""
    run = StandardRun.objects.get()
    assert (run.cycle.year, run.official_standard_id, run.standard_id, run.not_assessed) == (
        2026, "vn-2022-2025", "vn-2027-2030", "[]")  # fmt: skip
    results = standard_results(run)
    official = dict(HouseholdResult.objects.filter(cycle__year=2026).values_list("household__code", "household_class"))
    assert dict(results.select("household_id", "official_class").rows()) == official
    moved = results.filter(pl.col("transition") == "reclassified_by_standard")
    assert moved.height > 0
    assert (moved["official_class"] == moved["class"]).sum() == 0
    page = Client()
    page.force_login(User.objects.get(username="province"))
    assert page.get("/monitoring/standards/").context["reclassified"] == moved.height


def _the_map_draws_the_generated_outlines(commune: str) -> None:
    browser = Client()
    browser.force_login(User.objects.get(username="province"))
    page = browser.get("/monitoring/map/", {"year": "2026"})
    shapes = [shape.code for figure in page.context["maps"] for shape in figure.shapes]
    assert commune in shapes
    # The 2026 map draws the communes of the 1 July 2025 reorganisation (those with households here).
    new_communes = set(
        AdminUnit.objects.filter(level="commune", valid_from=dt.date(2025, 7, 1)).values_list("code", flat=True)
    )
    assert set(shapes) <= new_communes
    assert page.content.count(b"<path data-unit=") == len(shapes) > 50


def _the_programme_gives_the_published_figures() -> None:
    """The demo's programme: 1,263,511 million of 2021-2024 capital, 23.91% of 2025's paid by 5 August 2025."""
    steering = User.objects.get(username="steering")
    capital = queries.capital_table(steering, "ntp-spr-2021-2025", ("capital_year",))
    assert sum(amount for year, amount in capital.rows() if year <= 2024) == 1_263_511_000_000
    total = queries.disbursement_report(steering, dt.date(2025, 8, 5), (), "ntp-spr-2021-2025")["total"]
    assert total["rate"] == 0.2391


def _the_reconciliation_finds_the_injected_faults_at_their_rates(data) -> None:
    """The core's reconciliation of the stored deliveries, year by year, against docs/synth.md's rates."""
    review_years = (2021, 2022, 2023, 2024, 2025, 2026)
    assert set(Delivery.objects.dates("delivered_on", "year").values_list("delivered_on__year", flat=True)) == set(
        review_years
    )
    years = [reconcile_year(data, year, seed=1).as_dict() for year in review_years]
    total = {
        key: sum(year["total"][key] for year in years) for key in ("delivered", "ineligible", "twice", "unmatched")
    }
    assert min(year["total"][key] for year in years for key in ("missed", "ineligible", "twice", "unmatched")) > 0
    assert total["ineligible"] / total["delivered"] == pytest.approx(INELIGIBLE, abs=0.005)
    assert total["twice"] / total["delivered"] == pytest.approx(TWICE, abs=0.005)
    cards = [year["policies"]["health_insurance"] for year in years]
    entitled, missed, unmatched = (sum(card[key] for card in cards) for key in ("entitled", "missed", "unmatched"))
    # A card naming an unknown ID is unmatched, and its holder missed.
    assert missed / entitled == pytest.approx(1 - COVERAGE["health_insurance"] * (1 - UNKNOWN_ID), abs=0.02)
    assert unmatched / entitled == pytest.approx(UNKNOWN_ID, abs=0.005)


def _the_cadre_has_applications_decided_and_one_to_decide(commune):
    """The demo commune's regular review: the recognitions and the refusal of the open review's year, one waiting."""
    from povmis.registry.models import Application  # noqa: PLC0415  # a helper of the demo's test only

    statuses = ("average_living", "low_income_worker")
    listed = Application.objects.filter(household__commune=commune).exclude(request__in=statuses)
    steps = sorted(listed.values_list("step", flat=True))
    assert steps == sorted(["filed", "refused", *["recognised"] * (len(steps) - 2)])
    assert not Application.objects.exclude(household__commune=commune).exists()
    _the_cadre_has_households_and_workers_with_each_status(commune)


def _the_cadre_has_households_and_workers_with_each_status(commune):
    """Three of each status recognised on application in the open review, one of each refused; no class moved."""
    from povmis.registry.models import Application, Status  # noqa: PLC0415  # read by this check of the demo only

    held = Status.objects.filter(household__commune=commune, cycle__year=2026)
    assert sorted(held.values_list("status", "source")) == [
        *[("agricultural_average", "application")] * 3, *[("low_income_worker", "application")] * 3]  # fmt: skip
    assert all(code for code in held.filter(status="low_income_worker").values_list("member_code", flat=True))
    decided = Application.objects.filter(request__in=("average_living", "low_income_worker"))
    assert sorted(decided.values_list("step", "decided_class")) == [
        *[("recognised", "")] * 6, *[("refused", "")] * 2]  # fmt: skip


def _the_cadres_2025_round_has_its_minutes_complaints_and_decision(commune: AdminUnit) -> None:
    review = CommuneReview.objects.get(cycle__year=2025, commune=commune)
    assert [meeting.passed for meeting in review.meetings.all()][:1] == [False]  # short of agreement first
    assert [(c.from_stage, c.to_stage) for c in review.changes.all()][:2] == [
        (Stage.SURVEY, Stage.VILLAGE_MEETING), (Stage.VILLAGE_MEETING, Stage.SURVEY)
    ]  # fmt: skip
    complaints = [(c.decision, c.correction.status if c.correction else None) for c in review.complaints.all()]
    assert complaints == [("upheld", "approved"), ("rejected", None)]
    listed = HouseholdResult.objects.filter(cycle=review.cycle, household__commune=commune,
                                            household_class__in=("poor", "near_poor")).count()  # fmt: skip
    assert (review.decision.number, review.decision.certificates.count()) == (1, listed)
    client = Client()
    client.force_login(User.objects.get(username="commune"))
    base = f"/cycles/2025/{commune.code}/"
    urls = ["record/", "decision/", "decision.pdf", "certificates/1/", "escaped/", "escaped.xlsx"]
    assert {url: client.get(base + url).status_code for url in urls} == dict.fromkeys(urls, 200)


def _the_cadre_sees_the_communes_risk_list(commune: AdminUnit) -> None:
    """The demo learnt the risk from 2021-2025 and scored the 2026 review's households not poor."""
    scoring = RiskScoring.objects.get()
    assert (scoring.year, scoring.trained_from, scoring.trained_to, scoring.backtest_year) == (2026, 2021, 2025, 2025)
    assert HouseholdRisk.objects.filter(scoring=scoring, unit_path__startswith=commune.path).exists()
