"""The province's support promises tracked on the monitoring targets page, inside the reader's area.

The reviews are those of tests/monitoring/conftest.py. A plan for the 2024 review of Buôn Ma Thuột
(643, the district of Tân Lợi) promises a health insurance card to every member of a poor household:
A1's member is entitled and got nothing, so the promise is not met and links to the missed list.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from django.test import Client

from povmis.units.models import AdminUnit

pytestmark = pytest.mark.django_db(transaction=False)

PLAN = """plan: bmt-2024
unit: "643"
year: 2024
source: "Kế hoạch 2024 (thử nghiệm)"
targets:
  - id: bmt-2024-health-insurance-poor
    policy: health_insurance
    classes: [poor]
    coverage: 1.0
    label: {vi: "100% hộ nghèo có thẻ BHYT", en: "Every poor member insured", id: "Semua anggota miskin diasuransikan"}
"""


@pytest.fixture
def promised(classified, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    targets = tmp_path / "targets"
    shutil.copytree(Path(__file__).resolve().parents[2] / "targets", targets)
    (targets / "support" / "bmt-2024.yaml").write_text(PLAN, encoding="utf-8")
    monkeypatch.setenv("POVMIS_TARGETS_DIR", str(targets))
    return classified


def _client(world, name: str) -> Client:
    client = Client(headers={"accept-language": "en"})
    client.force_login(world.personas[name])
    client.cookies["django_language"] = "en"
    return client


def _row(html: str, target: str) -> str:
    found = re.search(rf'<tr data-promise="{target}">(.*?)</tr>', html, re.S)
    assert found is not None, html
    return re.sub(r"\s+", " ", found.group(1))


def test_the_targets_page_tracks_each_promise_its_coverage_and_links_the_missed(promised) -> None:
    html = _client(promised, "cadre").get("/monitoring/targets/").content.decode()
    row = _row(html, "bmt-2024-health-insurance-poor")
    c1 = AdminUnit.objects.get(code="24121").path
    assert re.findall(r'<td class="num">([^<]*)</td>', row) == ["100", "1", "0", "0"]
    assert f'href="/support/missed/health_insurance/?year=2024&amp;unit={c1.replace("/", "%2F")}"' in row
    assert "Not met: see who was missed" in row
    # Lak district's 2025 plan: its review is not classified yet.
    assert "The 2025 review has not been classified yet." in html


def test_another_communes_cadre_sees_only_their_own_communes_coverage(promised) -> None:
    client = _client(promised, "other_cadre")
    html = client.get("/monitoring/targets/").content.decode()
    assert "Nobody entitled in your area" in _row(html, "bmt-2024-health-insurance-poor")
    assert not re.search(r"\b(A1|A2|A3|A4|Tân Lợi)\b", html)
    assert client.get("/monitoring/targets/", {"unit": "24121"}).status_code == 404
