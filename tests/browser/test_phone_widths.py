"""Every page a commune cadre uses fits a 390-pixel-wide phone screen: no sideways scrolling.

A wide table may scroll inside its own box (the .scroll container); the page itself may not.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import Visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = 390
CADRE_PAGES = [
    "/",
    "/cycles/",
    "/cycles/2024/",
    "/households/",
    "/households/?year=2024&class=poor",
    "/households/H4/",
    "/imports/",
    "/reports/",
    "/monitoring/",
    "/monitoring/targets/",
    "/monitoring/deprivations/",
    "/monitoring/transitions/",
    "/monitoring/map/",
    "/monitoring/households/?year=2024",
    "/monitoring/whatif/?year=2024",
    "/accounts/tokens/",
    "/cycles/2024/24121/village-meeting/",
    "/cycles/2024/24121/public-notice/",
    "/statuses/2024/24121/",
    "/cycles/2024/24121/record/",
    "/cycles/2024/24121/escaped/",
]


def _page_width(session: Visit) -> int:
    return int(session.page.evaluate("Math.max(document.scrollingElement.scrollWidth, document.body.scrollWidth)"))


def test_the_sign_in_page_fits_a_phone(reviewed, browser: Browser, live_server, artifacts):
    phone = Visit(browser, live_server.url, artifacts, "phone", viewport={"width": PHONE, "height": 844})
    phone.go("/accounts/login/")
    phone.shot("sign-in")
    assert _page_width(phone) <= PHONE
    phone.close()


def test_every_page_a_commune_cadre_uses_fits_a_390_pixel_screen(reviewed, browser: Browser, live_server, artifacts):
    cadre = Visit(browser, live_server.url, artifacts, "cadre", viewport={"width": PHONE, "height": 844})
    cadre.sign_in("cadre", "pw-cadre")
    too_wide = {}
    for path in CADRE_PAGES:
        cadre.go(path)
        cadre.page.wait_for_load_state("networkidle")
        shot = cadre.shot(path.strip("/").replace("/", "-").replace("?", "-") or "home")
        assert cadre.page.url.startswith(f"{live_server.url}{path.split('?')[0]}"), (path, cadre.page.url)
        width = _page_width(cadre)
        if width > PHONE:
            too_wide[path] = (width, shot.name)
    cadre.close()
    assert too_wide == {}
