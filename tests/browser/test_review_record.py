"""The cadre records a village meeting's minutes on a 390-pixel phone, and the page does not scroll sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from povmis.registry.models import CommuneReview, Stage, VillageMeeting
from tests.browser.conftest import Visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = 390


def test_the_cadre_records_the_minutes_on_a_phone(yearly_round, browser: Browser, live_server, artifacts):
    CommuneReview.objects.filter(commune__code="24121").update(stage=Stage.VILLAGE_MEETING)
    cadre = Visit(browser, live_server.url, artifacts, "cadre", viewport={"width": PHONE, "height": 844})
    cadre.sign_in("cadre", "pw-cadre")
    cadre.go("/cycles/2024/24121/record/")
    page = cadre.page
    page.select_option("select[name=village]", "24121-01")
    for name, value in {"held_on": "2024-11-15", "chair": "Y Hriê", "secretary": "H'Năm", "invited": "45",
                        "attending": "40", "agree": "31", "disagree": "9"}.items():  # fmt: skip
        page.fill(f"[name={name}]", value)
    cadre.shot("record-minutes")
    page.click("form[action$='/minutes/'] button[type=submit]")
    page.wait_for_load_state("networkidle")
    width = int(page.evaluate("Math.max(document.scrollingElement.scrollWidth, document.body.scrollWidth)"))
    cadre.shot("record-minutes-done")
    meeting = VillageMeeting.objects.get()
    assert (meeting.village.code, meeting.agree, meeting.attending, meeting.passed, width <= PHONE) == (
        "24121-01", 31, 40, True, True,
    )  # fmt: skip
    cadre.go(f"/cycles/2024/24121/minutes/{meeting.pk}/")
    minutes_width = int(page.evaluate("Math.max(document.scrollingElement.scrollWidth, document.body.scrollWidth)"))
    assert minutes_width <= PHONE
    cadre.close()
