"""The recognition decision (Mẫu 02) and the certificate (Mẫu 03) as PDF, in Vietnamese as the forms are.

The same words as the printable pages (registry/templates/web/print_decision.html, print_certificate.html),
set in DejaVu Sans (reports/pdf.py) for the Vietnamese letters.
"""

from __future__ import annotations

from typing import Any

from fpdf import FPDF

from povmis.registry.models import Application
from povmis.reports.pdf import FAMILY, FONTS

HEADER = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
SIGNATURE = ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")


def document() -> FPDF:
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.add_font(FAMILY, "", FONTS / "DejaVuSans.ttf")
    pdf.add_font(FAMILY, "B", FONTS / "DejaVuSans-Bold.ttf")
    pdf.set_margins(20, 15, 20)
    pdf.add_page()
    return pdf


def line(pdf: FPDF, text: str, *, bold: bool = False, size: int = 11, align: str = "L") -> None:
    pdf.set_font(FAMILY, "B" if bold else "", size)
    pdf.multi_cell(0, 6, text, align=align, new_x="LMARGIN", new_y="NEXT")


def heading(pdf: FPDF, commune: str, number: str) -> None:
    """The commune's letterhead and the decision's number, as every recognition paper opens."""
    line(pdf, f"ỦY BAN NHÂN DÂN {commune.upper()}", bold=True)
    line(pdf, number)
    for text in HEADER:
        line(pdf, text, bold=True, align="C")
    pdf.ln(4)


def signature(pdf: FPDF) -> None:
    pdf.ln(10)
    for text in SIGNATURE:
        line(pdf, text, bold=True, align="R")


# A status recognised on application (registry/status_applications.py): no class, its own words.
STATUS_WORDS = {
    "agricultural_average": "Hộ có mức sống trung bình",
    "low_income_worker": "Người lao động có thu nhập thấp (thành viên {member})",
}


LIST_TITLE = "Về việc công nhận hộ nghèo, hộ cận nghèo, hộ thoát nghèo, hộ thoát cận nghèo phát sinh trên địa bàn"
# A status's decision has no form we obtained: Mẫu 02's layout under its own title, no form number.
STATUS_TITLES = {
    "agricultural_average": "Về việc công nhận hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp và diêm nghiệp có mức "
    "sống trung bình",
    "low_income_worker": "Về việc công nhận người lao động có thu nhập thấp",
}


def recognised_as(application: Application) -> str:
    """The decision's words for what the household is recognised as (Mẫu 02's lists)."""
    decided, previous = application.decided_class, application.previous_class
    if application.decided_status:
        return STATUS_WORDS[application.decided_status].format(member=application.member_code)
    if decided == "poor":
        return "Hộ nghèo"
    if decided == "near_poor":
        return "Hộ thoát nghèo, hộ cận nghèo" if previous == "poor" else "Hộ cận nghèo"
    return "Hộ thoát nghèo" if previous == "poor" else "Hộ thoát cận nghèo"


def decision_pdf(application: Application) -> bytes:
    pdf = document()
    heading(pdf, application.household.commune.name, f"Số: {application.decision_number}/QĐ-UBND")
    decided = application.decided_on
    assert decided is not None  # only a recognised application is printed (web/applications.py)
    line(pdf, f"Ngày {decided:%d} tháng {decided:%m} năm {decided:%Y}", align="R")
    line(pdf, "QUYẾT ĐỊNH", bold=True, size=13, align="C")
    line(pdf, STATUS_TITLES.get(application.decided_status, LIST_TITLE), bold=True, align="C")
    pdf.ln(3)
    line(pdf, "Căn cứ Quyết định số 24/2021/QĐ-TTg ngày 16 tháng 7 năm 2021 của Thủ tướng Chính phủ quy định "
               "quy trình rà soát hộ nghèo, hộ cận nghèo hằng năm;")  # fmt: skip
    line(
        pdf, f"Căn cứ kết quả rà soát thường xuyên và đơn đề nghị của hộ gia đình ngày {application.filed_on:%d/%m/%Y};"
    )
    household = application.household
    village = household.village.name if household.village else ""
    line(pdf, "Điều 1. Công nhận hộ gia đình sau:", bold=True)
    line(pdf, f"1. {household.head_name} (mã hộ {household.code}) {village}: {recognised_as(application)}")
    line(pdf, "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.", bold=True)
    signature(pdf)
    return bytes(pdf.output())


def certificate_pdf(application: Application, members: list[dict[str, Any]]) -> bytes:
    pdf = document()
    heading(pdf, application.household.commune.name, f"Số: {application.certificate_number}/GCN-HN.HCN")
    kind = "HỘ NGHÈO" if application.decided_class == "poor" else "HỘ CẬN NGHÈO"
    line(pdf, f"GIẤY CHỨNG NHẬN {kind}", bold=True, size=14, align="C")
    household, decided = application.household, application.decided_on
    assert decided is not None  # only a recognised application has a certificate
    line(pdf, f"Chủ tịch Ủy ban nhân dân {household.commune.name} chứng nhận:")
    line(pdf, f"Hộ ông/bà: {household.head_name} (mã hộ {household.code})")
    place = f"{household.village.name}, " if household.village else ""
    line(pdf, f"Nơi cư trú: {place}{household.commune.name}")
    line(pdf, f"Là {kind.lower()} theo Quyết định số {application.decision_number}/QĐ-UBND ngày {decided:%d/%m/%Y}, "
               f"có hiệu lực trong năm {decided:%Y}.")  # fmt: skip
    line(pdf, "Danh sách thành viên hộ gia đình", bold=True)
    for number, member in enumerate(members, start=1):
        line(pdf, f"{number}. Thành viên {member['code']}, {member.get('age', '')} tuổi")
    signature(pdf)
    return bytes(pdf.output())
