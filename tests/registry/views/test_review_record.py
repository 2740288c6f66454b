"""The commune's record of its annual review on the pages: minutes, posting, complaints, Mẫu 02 and 03."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest

from povmis.registry.models import ChangeRequest, CommuneReview, Complaint, PersonalDataRead, Stage, VillageMeeting
from povmis.registry.services import decide_change

pytestmark = pytest.mark.django_db
BASE = "/cycles/2024/24121/"
MINUTES = {"held_on": "2024-11-15", "chair": "Y Hriê", "secretary": "H'Năm", "invited": "45", "attending": "40",
           "agree": "31", "disagree": "9", "notes": ""}  # fmt: skip


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return str(response.content.decode())


def _messages(response) -> list[str]:
    """The message of the last action (the earlier steps' messages were never shown, so they wait too)."""
    return [str(message) for message in response.context["messages"]][-1:]


def _advance(client) -> None:
    assert client.post(f"{BASE}advance/", {"note": ""}).status_code == 302


def _through_the_round(client) -> None:
    """The cadre's whole round on the pages, up to the commune's decision."""
    _advance(client)
    for village in ("24121-01", ""):
        client.post(f"{BASE}minutes/", {**MINUTES, "village": village})
    _advance(client)
    client.post(f"{BASE}posting/", {"posted_on": "2024-11-20", "places": "Nhà văn hóa thôn 1"})
    client.post(f"{BASE}complaints/", {"household": "H5", "complainant": "Y Nguyễn", "received_on": "2024-11-21",
                                       "channel": "phone", "text": "Hộ H5 vẫn khó khăn"})  # fmt: skip
    _advance(client)
    complaint = Complaint.objects.get()
    client.post(f"{BASE}complaints/{complaint.pk}/decide/", {"upheld": "1", "decided_on": "2024-11-26",
                "reasons": "thu nhập khai thiếu", "field": "has_tv", "value": "0"})  # fmt: skip


def test_the_cadre_records_the_round_on_the_page_and_an_upheld_complaint_proposes_its_correction(yearly_round, browser):
    cadre = browser("cadre")
    _through_the_round(cadre)
    complaint = Complaint.objects.get()
    correction = ChangeRequest.objects.get()
    assert (complaint.decision, complaint.correction_id, correction.kind, correction.field, correction.status) == (
        "upheld", correction.pk, "appeal", "has_tv", "proposed",
    )  # fmt: skip
    page = _page(cadre, f"{BASE}record/")
    assert f'data-correction="{correction.pk}"' in page
    assert 'data-decision="upheld"' in page
    assert re.search(r"Posted from 11/20/2024 to 11/22/2024", page)
    review = CommuneReview.objects.get(commune__code="24121", cycle__year=2024)
    assert review.stage == Stage.APPEALS


def test_a_complaint_after_the_posting_is_refused_on_the_page_with_the_dates(yearly_round, browser):
    cadre = browser("cadre")
    _advance(cadre)
    for village in ("24121-01", ""):
        cadre.post(f"{BASE}minutes/", {**MINUTES, "village": village})
    _advance(cadre)
    cadre.post(f"{BASE}posting/", {"posted_on": "2024-11-20"})
    late = cadre.post(f"{BASE}complaints/", {"household": "H5", "complainant": "Y Nguyễn", "received_on": "2024-11-28",
                                             "channel": "post", "text": "x"}, follow=True)  # fmt: skip
    assert _messages(late) == [
        "Refused: the complaint was received on 2024-11-28, outside the posting from 2024-11-20 to 2024-11-22: "
        "it cannot be taken into this review; the household may apply in the monthly review"
    ]
    assert not Complaint.objects.exists()


def test_a_meeting_without_agreement_on_the_page_sends_the_commune_back_to_the_survey(yearly_round, browser):
    cadre = browser("cadre")
    _advance(cadre)
    response = cadre.post(f"{BASE}minutes/", {**MINUTES, "village": "24121-01", "agree": "10", "disagree": "30"},
                          follow=True)  # fmt: skip
    assert _messages(response) == ["Minutes recorded: the agreement was too low, the commune goes back to the survey."]
    assert CommuneReview.objects.get(commune__code="24121", cycle__year=2024).stage == Stage.SURVEY
    minutes = _page(cadre, f"{BASE}minutes/{VillageMeeting.objects.get().pk}/")
    assert "BIÊN BẢN HỌP THÔN" in minutes
    assert 'data-passed="no"' in minutes
    assert "đồng ý <span data-agree>10</span>, không đồng ý <span data-disagree>30</span> (25%" in minutes


@pytest.fixture
def decided(yearly_round, browser):
    cadre = browser("cadre")
    _through_the_round(cadre)
    decide_change(ChangeRequest.objects.get(), user=yearly_round.personas["cadre2"], approve=True)
    _advance(cadre)
    assert CommuneReview.objects.get(commune__code="24121", cycle__year=2024).stage == Stage.COMMUNE_APPROVED
    issued = cadre.post(f"{BASE}decision/issue/", {"decided_on": "2024-12-10"}, follow=True)
    assert _messages(issued) == ["Decision issued, with its certificates."]
    return yearly_round


PAPERS = ["record/", "decision/", "decision.pdf", "certificates/1/", "certificates/1.pdf", "escaped/", "escaped.xlsx"]


def test_the_decision_lists_the_four_lists_and_each_certificate_names_the_members(decided, browser):
    cadre = browser("cadre")
    decision = _page(cadre, f"{BASE}decision/")
    assert "Số: 1/QĐ-UBND" in decision
    lists = re.findall(r'data-list="(\w+)"', decision)
    households = re.findall(r'<tr data-household="(\w+)"', decision)
    assert (lists, households) == (["poor", "near_poor", "escaped_poor", "escaped_near_poor"],
                                   ["H1", "H6", "H5", "H6", "H7"])  # fmt: skip
    certificate = _page(cadre, f"{BASE}certificates/1/")
    assert ("GIẤY CHỨNG NHẬN HỘ NGHÈO" in certificate, "Số: 1/GCN-HN.HCN" in certificate) == (True, True)
    assert re.findall(r'data-member="(\w+)"', certificate) == ["1", "2"]
    assert "có hiệu lực trong năm 2025" in certificate
    pdfs = [cadre.get(f"{BASE}{name}") for name in ("decision.pdf", "certificates/2.pdf")]
    assert [(pdf.status_code, pdf["content-type"], pdf.content[:5]) for pdf in pdfs] == [
        (200, "application/pdf", b"%PDF-")
    ] * 2
    assert cadre.get(f"{BASE}certificates/3/").status_code == 404
    reads = PersonalDataRead.objects.filter(user__username="cadre", commune__code="24121", year=2024)
    assert set(reads.values_list("what", flat=True)) == {"round_decision"}


def test_the_escaped_lists_print_and_export_the_same_households(decided, browser):
    cadre = browser("cadre")
    page = _page(cadre, f"{BASE}escaped/")
    assert re.findall(r'<tr data-household="(\w+)"', page) == ["H5", "H6", "H7"]
    response = cadre.get(f"{BASE}escaped.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = {sheet.title: [row[1] for row in sheet.iter_rows(min_row=7, values_only=True)] for sheet in book}
    assert rows == {"DS hộ thoát nghèo": ["H5", "H6"], "DS hộ thoát cận nghèo": ["H7"]}


@pytest.mark.parametrize("persona", ["other_cadre", "outsider"])
def test_nobody_outside_the_commune_reaches_its_record_or_papers_and_learns_nothing(decided, browser, persona):
    client, own = browser(persona), browser("cadre")
    meeting = VillageMeeting.objects.first()
    complaint = Complaint.objects.get()
    urls = [*PAPERS, f"minutes/{meeting.pk}/"]
    assert {url: own.get(BASE + url).status_code for url in urls} == dict.fromkeys(urls, 200)
    refused = {"other_cadre": 404, "outsider": 403}[persona]
    responses = {url: client.get(BASE + url) for url in urls}
    form = {**MINUTES, "posted_on": "2024-11-20", "decided_on": "2024-11-26", "upheld": "0", "reasons": "x"}
    actions = ("minutes/", "posting/", "complaints/", f"complaints/{complaint.pk}/decide/", "decision/issue/")
    posts = {url: client.post(BASE + url, form) for url in actions}
    assert {url: r.status_code for url, r in (responses | posts).items()} == dict.fromkeys([*urls, *posts], refused)
    for response in (*responses.values(), *posts.values()):
        text = response.content.decode(errors="replace")
        assert not re.search(r"\b(H1|H5|H6|H7|Bà Hoa|Ông Sáu|Y Hriê)\b", text)
    assert Complaint.objects.get().decision == "upheld"
    assert VillageMeeting.objects.count() == 2


def test_the_record_page_reads_in_a_fixed_number_of_queries_and_offers_forms_to_the_commune_only(
    decided, browser, django_assert_max_num_queries
):
    cadre = browser("cadre")
    with django_assert_max_num_queries(14):
        page = _page(cadre, f"{BASE}record/")
    assert page.count('data-meeting="') == 2
    province = _page(browser("province"), f"{BASE}record/")
    assert ("<form" in page, 'action="/cycles/2024/24121/' in province) == (True, False)
