"""Statuses beside the class: stored with a review's results, and recognised on their own applications."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from povmis.errors import ServiceError
from povmis.registry import applications
from povmis.registry.list_in_force import classes_as_of, decisions
from povmis.registry.models import Application, ClassificationRun, Status
from povmis.registry.monthly_report import report
from povmis.registry.services import classify_cycle
from povmis.registry.signals import results_amended
from povmis.registry.statuses import store_statuses

pytestmark = pytest.mark.django_db
MARCH = dt.date(2025, 3, 2)
# H5 of Tân Lợi (rural, one member aged 40 in stable work) asks; 2,000,000 a person a month over 12 months.
AVERAGE_FACTS = {"agricultural": "true", "income_12_months_vnd": "24000000"}


def _file(world, request: str, member_code: str = "") -> Application:
    h5 = world.cycle.surveys.get(household__code="H5").household
    return applications.file_application(
        h5, user=world.personas["cadre"], request=request, channel="in_person", filed_on=MARCH,
        member_code=member_code,
    )  # fmt: skip


def _through_posting(application: Application, user, facts: dict[str, str]) -> Application:
    applications.assess(application, user=user, facts=facts)
    applications.record_step(application, user=user, step=Application.Step.VILLAGE_MEETING)
    return applications.record_step(application, user=user, step=Application.Step.POSTED)


def _held(world) -> list[tuple[str, str, str, str]]:
    rows = Status.objects.filter(cycle=world.cycle).values_list("household__code", "member_code", "status", "source")
    return sorted(rows)


def test_the_average_living_application_gives_the_status_and_leaves_the_class_alone(season):
    cadre = season.personas["cadre"]
    application = _through_posting(_file(season, "average_living"), cadre, AVERAGE_FACTS)
    applications.decide(application, user=cadre, recognise=True, decided_on=dt.date(2025, 3, 20))
    application.refresh_from_db()
    decided = (application.form, application.step, application.assessed_class, application.decided_class,
               application.decided_status, application.decision_number, application.certificate_number)  # fmt: skip
    assert decided == ("mau_01", "recognised", "", "", "agricultural_average", 1, None)
    assert _held(season) == [("H5", "", "agricultural_average", "application")]
    status = Status.objects.get()
    assert (status.income_per_person_month, status.held_from, status.rule) == (
        2_000_000,
        dt.date(2025, 3, 20),
        "agricultural-average-living-2022-2025",
    )
    # Not folded into the class: H5 stays not poor on the list in force, and the month reports it in its column.
    assert dict(classes_as_of(dt.date(2025, 3, 21), season.c1.path).rows())["H5"] == "not_poor"
    rows = report(cadre, 2025, 3).rows.select("average_living", "refused").rows()
    assert rows == [(1, 0)]


def test_facts_outside_the_band_cannot_be_recognised_and_are_refused_with_reasons(season):
    cadre = season.personas["cadre"]
    facts = {"agricultural": "true", "income_12_months_vnd": str(2_250_001 * 12)}
    application = _through_posting(_file(season, "average_living"), cadre, facts)
    with pytest.raises(ServiceError, match="do not meet the status's rule"):
        applications.decide(application, user=cadre, recognise=True, decided_on=dt.date(2025, 3, 20))
    applications.decide(application, user=cadre, recognise=False, decided_on=dt.date(2025, 3, 20),
                        reasons="Thu nhập vượt mức sống trung bình.")  # fmt: skip
    assert _held(season) == []
    assert decisions(season.c1.path).select("decided_class", "decided_status").rows() == [(None, None)]


def test_step_two_names_a_missing_fact_and_how_to_write_it(season):
    application = _file(season, "average_living")
    with pytest.raises(ServiceError, match="step 2 needs income_12_months_vnd: write a whole number of VND"):
        applications.assess(application, user=season.personas["cadre"], facts={"agricultural": "1"})


def test_a_low_income_worker_is_recognised_for_the_member_named(season):
    cadre = season.personas["cadre"]
    with pytest.raises(ServiceError, match="names the member"):
        _file(season, "low_income_worker")
    with pytest.raises(ServiceError, match="member 9 is not in household H5"):
        applications.assess(_file(season, "low_income_worker", "9"), user=cadre, facts={"monthly_income_vnd": "1"})
    Application.objects.all().delete()
    application = _through_posting(_file(season, "low_income_worker", "1"), cadre, {"monthly_income_vnd": "2250000"})
    applications.decide(application, user=cadre, recognise=True, decided_on=dt.date(2025, 3, 25))
    application.refresh_from_db()
    assert (application.form, application.decided_status, application.decided_class) == (
        "worker",
        "low_income_worker",
        "",
    )
    assert _held(season) == [("H5", "1", "low_income_worker", "application")]
    assert report(cadre, 2025, 3).rows.select("average_living", "refused").rows() == [(0, 0)]


def test_the_reviews_statuses_are_stored_with_its_results_and_a_decision_survives_a_new_run(
    season, tmp_path: Path, monkeypatch
):
    cadre = season.personas["cadre"]
    application = _through_posting(_file(season, "average_living"), cadre, AVERAGE_FACTS)
    applications.decide(application, user=cadre, recognise=True, decided_on=dt.date(2025, 3, 20))
    # The 2024 survey does not ask the 12 months' income: the review alone makes no holder.
    assert store_statuses(season.cycle) == 0
    # A rule that reads the survey's own answers (monthly income per person, rural 1,000,001-1,300,000).
    rule = tmp_path / "survey-band" / "status.yaml"
    rule.parent.mkdir()
    rule.write_text(SURVEY_BAND, encoding="utf-8")
    monkeypatch.setenv("POVMIS_STATUSES_DIR", str(tmp_path))
    classify_cycle(season.cycle, user=None)
    assert _held(season) == [
        ("H1", "", "agricultural_average", "review"),
        ("H2", "", "agricultural_average", "review"),
        ("H3", "", "agricultural_average", "review"),
        ("H5", "", "agricultural_average", "application"),
    ]


SURVEY_BAND = """
id: survey-band
status: agricultural_average
level: household
name: {vi: thử, en: test}
legal_reference: a test rule
confidence: R
effective: {from: 2024-01-01}
inputs:
  household:
    - {id: area, type: code, codes: [rural, urban], label: {vi: Khu vực, en: Area}}
    - {id: income_per_capita, type: integer, label: {vi: Thu nhập, en: Income}}
income:
  column: income_per_capita
  above: {rural: 1000000, urban: 1000000}
  at_or_below: {rural: 1300000, urban: 1300000}
  legal_reference: a test rule
  confidence: R
"""


def test_an_amended_household_has_its_statuses_judged_again_alone(season, tmp_path: Path, monkeypatch):
    rule = tmp_path / "survey-band" / "status.yaml"
    rule.parent.mkdir()
    rule.write_text(SURVEY_BAND, encoding="utf-8")
    monkeypatch.setenv("POVMIS_STATUSES_DIR", str(tmp_path))
    run = ClassificationRun.objects.filter(cycle=season.cycle).latest("pk")
    Status.objects.all().delete()
    results_amended.send(sender=ClassificationRun, run=run, households=[season.households["H2"].pk])
    assert _held(season) == [("H2", "", "agricultural_average", "review")]
