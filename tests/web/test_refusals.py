"""A refusal reads in its reader's language on the page, and in English for the API, the command line and logs."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from povmis.errors import ServiceError, shown
from povmis.registry.services import propose_change

pytestmark = pytest.mark.django_db


def test_a_refusal_is_english_as_text_and_in_the_readers_language_when_shown():
    refusal = ServiceError(_("a %(year)s review already exists"), year=2024)
    assert str(refusal) == "a 2024 review already exists"
    with translation.override("vi"):
        assert (str(refusal), refusal.shown(), shown(refusal)) == (
            "a 2024 review already exists",
            "kỳ rà soát năm 2024 đã có",
            "kỳ rà soát năm 2024 đã có",
        )
    with translation.override("id"):
        assert refusal.shown() == "tinjauan 2024 sudah ada"


def test_a_refusal_written_as_plain_text_is_shown_as_it_is():
    assert ServiceError("no such unit").shown() == str(ServiceError("no such unit")) == "no such unit"


def test_a_cadre_deciding_their_own_proposal_is_refused_in_vietnamese(world, season):
    proposal = propose_change(
        world.households["H1"], cycle=world.cycle, user=world.personas["cadre"],
        field="income_per_capita", value="1600000", reason="payslip",
    )  # fmt: skip
    client = Client(headers={"accept-language": "vi"})
    client.force_login(world.personas["cadre"])
    response = client.post(f"/changes/{proposal.pk}/decide/", {"decision": "approve", "note": ""})
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "Quyết định không được chấp nhận: đề xuất phải do người khác, không phải người đề xuất, quyết định"
    ]
