"""Corrections take four eyes, administrators' too, and one approved after the list's approval reopens it."""

from __future__ import annotations

import pytest
from django.test import Client

from povmis.errors import PermissionDenied
from povmis.registry.models import ChangeRequest, CommuneReview, Stage, StageChange
from povmis.registry.services import advance_stage, classify_cycle, decide_change, import_survey, propose_change

pytestmark = pytest.mark.django_db


@pytest.fixture
def tan_loi(world, three_households):
    import_survey(three_households, year=2024, user=world.personas["cadre"], commit=True)
    classify_cycle(world.cycle, user=world.personas["province"])
    return CommuneReview.objects.get(cycle=world.cycle, commune=world.c1)


def _propose(world, name: str) -> ChangeRequest:
    return propose_change(
        world.households["H1"], cycle=world.cycle, user=world.personas[name],
        field="income_per_capita", value="1600000", reason="payslip",
    )  # fmt: skip


@pytest.mark.parametrize("name", ["cadre", "admin"])
def test_nobody_decides_their_own_correction_administrators_included(world, tan_loi, name):
    proposal = _propose(world, name)
    with pytest.raises(PermissionDenied):
        decide_change(proposal, user=world.personas[name], approve=True)
    assert ChangeRequest.objects.get(pk=proposal.pk).status == ChangeRequest.Status.PROPOSED


def test_a_cadre_of_another_commune_cannot_decide_it(world, tan_loi):
    proposal = _propose(world, "cadre")
    with pytest.raises(PermissionDenied):
        decide_change(proposal, user=world.personas["other_cadre"], approve=True)


def test_an_administrators_own_correction_refused_on_the_page_stays_proposed(world, tan_loi):
    proposal, others = _propose(world, "admin"), _propose(world, "cadre")
    client = Client(headers={"accept-language": "en"})
    client.force_login(world.personas["admin"])
    page = client.get("/households/H1/?year=2024")
    assert f"/changes/{proposal.pk}/decide/" not in page.text
    assert f"/changes/{others.pk}/decide/" in page.text
    response = client.post(f"/changes/{proposal.pk}/decide/", {"decision": "approve", "note": ""}, follow=True)
    assert "decided by someone other than its proposer" in response.text
    assert ChangeRequest.objects.get(pk=proposal.pk).status == ChangeRequest.Status.PROPOSED


@pytest.mark.parametrize("approved", [Stage.PROVINCE_APPROVED, Stage.DISTRICT_CONSOLIDATED])
def test_a_correction_approved_after_the_lists_approval_reopens_the_approvals_above_the_commune(
    world, tan_loi, approved
):
    CommuneReview.objects.filter(pk=tan_loi.pk).update(stage=approved)
    proposal = _propose(world, "cadre")
    decide_change(proposal, user=world.personas["cadre2"], approve=True)
    review = CommuneReview.objects.get(pk=tan_loi.pk)
    assert review.stage == Stage.COMMUNE_APPROVED
    trail = review.changes.values_list("from_stage", "to_stage", "changed_by__username", "note")
    note = f"reopened: Correction #{proposal.pk} approved after the list's approval"
    assert list(trail) == [(approved, Stage.COMMUNE_APPROVED, "cadre2", note)]
    # The corrected list is classified again, then consolidated by the district again.
    classify_cycle(world.cycle, user=world.personas["province"])
    assert advance_stage(review, user=world.personas["district"]).stage == Stage.DISTRICT_CONSOLIDATED


def test_a_rejected_correction_or_one_before_the_communes_approval_leaves_the_stage(world, tan_loi):
    CommuneReview.objects.filter(pk=tan_loi.pk).update(stage=Stage.PROVINCE_APPROVED)
    decide_change(_propose(world, "cadre"), user=world.personas["cadre2"], approve=False)
    assert CommuneReview.objects.get(pk=tan_loi.pk).stage == Stage.PROVINCE_APPROVED
    CommuneReview.objects.filter(pk=tan_loi.pk).update(stage=Stage.APPEALS)
    decide_change(_propose(world, "cadre"), user=world.personas["cadre2"], approve=True)
    assert CommuneReview.objects.get(pk=tan_loi.pk).stage == Stage.APPEALS
    assert not StageChange.objects.exists()
