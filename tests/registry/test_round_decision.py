"""The annual review's recognition: Mẫu 02 with its four lists, numbered certificates, the escaped lists."""

from __future__ import annotations

import datetime as dt

import pytest

from povmis.errors import PermissionDenied, ServiceError
from povmis.registry import applications
from povmis.registry.models import Application, CommuneReview, Stage
from povmis.registry.round_decision import LISTS, round_list
from povmis.registry.services import issue_round_decision

pytestmark = pytest.mark.django_db
DECIDED = dt.date(2024, 12, 10)


@pytest.fixture
def approved(yearly_round):
    review = CommuneReview.objects.get(cycle=yearly_round.cycle, commune=yearly_round.c1)
    CommuneReview.objects.filter(pk=review.pk).update(stage=Stage.COMMUNE_APPROVED)
    review.refresh_from_db()
    return yearly_round, review


def test_the_four_lists_come_from_the_stored_classes_and_transitions(approved):
    world, _review = approved
    found = {name: [r.household.code for r in round_list(world.personas["cadre"], 2024, "24121", name)]
             for name in LISTS}  # fmt: skip
    assert found == {"poor": ["H1"], "near_poor": ["H6"], "escaped_poor": ["H5", "H6"], "escaped_near_poor": ["H7"]}


def test_another_communes_cadre_gets_no_list_of_this_commune(approved):
    world, _review = approved
    assert [round_list(world.personas["other_cadre"], 2024, "24121", name).count() for name in LISTS] == [0, 0, 0, 0]


def test_the_decision_numbers_a_certificate_for_each_poor_and_near_poor_household(approved):
    world, review = approved
    decision = issue_round_decision(review, user=world.personas["cadre"], decided_on=DECIDED)
    certificates = [(c.number, c.household.code, c.household_class) for c in decision.certificates.all()]
    assert (decision.number, certificates) == (1, [(1, "H1", "poor"), (2, "H6", "near_poor")])
    with pytest.raises(ServiceError) as twice:
        issue_round_decision(review, user=world.personas["cadre"], decided_on=DECIDED)
    assert str(twice.value) == "the commune's decision of this review is already issued"


def test_a_monthly_decision_of_the_same_year_takes_the_numbers_after_the_annual_ones(approved):
    world, review = approved
    issue_round_decision(review, user=world.personas["cadre"], decided_on=DECIDED)
    application = Application.objects.create(
        household=world.households["H7"], form="mau_01", request="poor_or_near_poor", channel="in_person",
        filed_on=dt.date(2024, 12, 11), filed_by=world.personas["cadre"], step=Application.Step.POSTED,
        assessed_class="near_poor",
    )  # fmt: skip
    applications.decide(application, user=world.personas["cadre"], recognise=True, decided_on=dt.date(2024, 12, 20))
    application.refresh_from_db()
    assert (application.decision_number, application.certificate_number) == (2, 3)


def test_the_decision_waits_for_the_communes_approval_and_is_the_communes_own(approved):
    world, review = approved
    CommuneReview.objects.filter(pk=review.pk).update(stage=Stage.APPEALS)
    review.refresh_from_db()
    with pytest.raises(ServiceError) as early:
        issue_round_decision(review, user=world.personas["cadre"], decided_on=DECIDED)
    assert str(early.value) == "the commune's decision follows its approval of the list"
    for persona in ("other_cadre", "district", "outsider"):
        with pytest.raises(PermissionDenied):
            issue_round_decision(review, user=world.personas[persona], decided_on=DECIDED)
