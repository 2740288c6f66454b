"""The review's actions on the pages: classifying, the procedure's record, the printed lists' order, stale classes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from povmis.jobs.models import Job
from povmis.jobs.runner import run_job
from povmis.registry.meetings import Minutes
from povmis.registry.models import ClassificationRun, CommuneReview, HouseholdResult, Stage
from povmis.registry.samples import household, member, survey
from povmis.registry.services import (
    advance_stage,
    classify_cycle,
    close_cycle,
    decide_change,
    import_survey,
    propose_change,
    record_minutes,
)
from povmis.registry.stage_guards import villages_to_meet
from povmis.units.models import AdminUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(world):
    """Tân Lợi's H1 and H5 and Tân An's H2 imported, not classified yet."""
    answers = survey(
        [household(), household(household_id="H5", income_per_capita="5000000"),
         household(household_id="H2", commune_code="24124", village_code="")],
        [member(), member(household_id="H5"), member(household_id="H2")],
    )  # fmt: skip
    import_survey(answers, year=2024, user=world.personas["admin"], commit=True)
    return world


def _messages(response) -> list[tuple[str, str]]:
    return [(message.level_tag, str(message)) for message in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("persona", ["province", "admin"])
def test_the_province_classifies_the_review_from_its_progress_page(answered, browser, persona):
    client = browser(persona)
    assert 'data-action="classify"' in client.get("/cycles/2024/").text
    response = client.post("/cycles/2024/classify/", follow=True)
    job = Job.objects.get()
    assert response.redirect_chain == [(f"/jobs/{job.pk}/", 302)]
    run_job(job.pk)  # what `povmis worker` does with it
    assert "3 households classified under vn-2022-2025." in client.get(f"/jobs/{job.pk}/").text
    response = client.get("/cycles/2024/")
    run = ClassificationRun.objects.get()
    assert (run.ran_by.username, run.household_count) == (persona, 3)
    assert sorted(HouseholdResult.objects.values_list("household__code", "household_class")) == [
        ("H1", "near_poor"), ("H2", "near_poor"), ("H5", "not_poor"),
    ]  # fmt: skip
    rows = {row["review"].commune.code: dict(row["counts"]) for row in response.context["communes"]}
    assert (rows["24121"]["near_poor"], rows["24121"]["not_poor"], rows["24124"]["near_poor"]) == (1, 1, 1)


@pytest.mark.parametrize("persona", ["cadre", "district", "steering", "auditor"])
def test_no_other_role_is_offered_or_allowed_the_classification(answered, browser, persona):
    client = browser(persona)
    assert 'data-action="classify"' not in client.get("/cycles/2024/").text
    response = client.post("/cycles/2024/classify/", follow=True)
    assert _messages(response) == [
        ("error", "The review could not be classified: only the province or an administrator classifies a review cycle")
    ]
    assert not ClassificationRun.objects.exists()


def test_a_user_without_a_role_cannot_even_find_the_review_to_classify(answered, browser):
    assert browser("outsider").post("/cycles/2024/classify/").status_code == 404
    assert not ClassificationRun.objects.exists()


def test_classifying_is_a_post_only_action(answered, browser):
    assert browser("province").get("/cycles/2024/classify/").status_code == 405
    assert not ClassificationRun.objects.exists()


def test_a_closed_review_is_not_classified_again(season, browser):
    CommuneReview.objects.update(stage=Stage.PROVINCE_APPROVED)
    close_cycle(season.cycle, user=season.personas["province"])
    client = browser("province")
    assert 'data-action="classify"' not in client.get("/cycles/2024/").text
    response = client.post("/cycles/2024/classify/", follow=True)
    assert _messages(response) == [
        ("error", "The review could not be classified: the 2024 review is closed and cannot be changed")
    ]
    assert ClassificationRun.objects.count() == 1


def test_the_progress_page_counts_answered_households_before_they_are_classified(answered, browser):
    response = browser("district").get("/cycles/2024/")
    rows = {row["review"].commune.code: (row["answered"], row["total"]) for row in response.context["communes"]}
    assert rows == {"24121": (2, 0), "24124": (1, 0)}
    assert response.context["last_run"] is None


def test_the_progress_page_records_who_moved_each_list_and_when(season, browser):
    review = CommuneReview.objects.get(commune__code="24121")
    advance_stage(review, user=season.personas["cadre"], note="Biên bản số 12")
    response = browser("district").get("/cycles/2024/")
    (row,) = [row for row in response.context["communes"] if row["review"].commune.code == "24121"]
    assert [(c.from_stage, c.to_stage, c.changed_by.username, c.note) for c in row["changes"]] == [
        ("survey", "village_meeting", "cadre", "Biên bản số 12")
    ]
    change = row["changes"][0]
    assert f'<time datetime="{timezone.localtime(change.changed_at).isoformat()}">' in response.text
    assert 'data-stage-change="village_meeting"' in response.text
    assert "<q>Biên bản số 12</q>" in response.text


def test_the_progress_page_reads_the_procedures_record_in_a_fixed_number_of_queries(
    season, browser, django_assert_max_num_queries
):
    for code in ("24121", "24124", "24400"):
        review = CommuneReview.objects.get(commune__code=code)
        review = advance_stage(review, user=season.personas["admin"])
        for village in villages_to_meet(review):
            record_minutes(review, Minutes(village, dt.date(2024, 11, 15), "Y Hriê", "H'Năm", 30, 25, 20, 5),
                           user=season.personas["admin"])  # fmt: skip
        advance_stage(review, user=season.personas["admin"])
    client = browser("province")
    with django_assert_max_num_queries(13):
        assert client.get("/cycles/2024/").status_code == 200


def test_the_village_meetings_list_follows_the_villages_codes_with_households_without_a_village_last(world, browser):
    AdminUnit.objects.create(code="24121-02", name="Buôn A", level="village", parent=world.c1)
    answers = survey(
        [household(household_id="H7", village_code=""), household(household_id="H6", village_code="24121-02"),
         household(household_id="H5"), household()],
        [member(household_id=code) for code in ("H7", "H6", "H5", "H1")],
    )  # fmt: skip
    import_survey(answers, year=2024, user=world.personas["admin"], commit=True)
    classify_cycle(world.cycle, user=None)
    response = browser("cadre").get("/cycles/2024/24121/village-meeting/")
    villages = [(name, [r.household.code for r in rows]) for name, rows in response.context["villages"]]
    assert villages == [("Thôn 1", ["H1", "H5"]), ("Buôn A", ["H6"]), ("", ["H7"])]


def test_the_household_page_says_when_its_answers_changed_after_its_class_was_given(season, browser):
    client = browser("cadre")
    assert client.get("/households/H1/?year=2024").context["answered_since_classified"] is False
    again = survey([household(income_per_capita="1600000")], [member()])
    import_survey(again, year=2024, user=season.personas["cadre"], commit=True)
    stale = client.get("/households/H1/?year=2024")
    assert stale.context["answered_since_classified"] is True
    assert 'id="answered-since-classified"' in stale.text
    classify_cycle(season.cycle, user=season.personas["province"])
    fresh = client.get("/households/H1/?year=2024")
    assert (fresh.context["answered_since_classified"], fresh.context["explained"].classification.household_class) == (
        False,
        "average",
    )


def test_the_household_page_shows_the_class_an_approved_correction_gives_at_once(season, browser):
    proposal = propose_change(
        season.households["H1"], cycle=season.cycle, user=season.personas["cadre"],
        field="income_per_capita", value="1600000", reason="payslip",
    )  # fmt: skip
    decide_change(proposal, user=season.personas["cadre2"], approve=True)
    page = browser("cadre").get("/households/H1/?year=2024")
    assert (page.context["answered_since_classified"], page.context["explained"].classification.household_class) == (
        False,
        "average",
    )
