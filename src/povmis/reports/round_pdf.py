"""The annual review's decision (Mẫu 02) and certificates (Mẫu 03) as PDF, in Vietnamese as the forms are.

The same words as the printable pages (registry/templates/web/print_round_decision.html,
print_round_certificate.html) and the same letterhead and font as the monthly review's (recognition_pdf).
"""

from __future__ import annotations

from typing import Any

from povmis.registry.models import HouseholdResult, RoundCertificate, RoundDecision
from povmis.reports.recognition_pdf import document, heading, line, signature

LIST_TITLES = {
    "poor": "Danh sách hộ nghèo",
    "near_poor": "Danh sách hộ cận nghèo",
    "escaped_poor": "Danh sách hộ thoát nghèo",
    "escaped_near_poor": "Danh sách hộ thoát cận nghèo",
}


def decision_pdf(decision: RoundDecision, lists: dict[str, list[HouseholdResult]]) -> bytes:
    pdf = document()
    review = decision.review
    heading(pdf, review.commune.name, f"Số: {decision.number}/QĐ-UBND")
    day = decision.decided_on
    line(pdf, f"Ngày {day:%d} tháng {day:%m} năm {day:%Y}", align="R")
    line(pdf, "QUYẾT ĐỊNH", bold=True, size=13, align="C")
    line(pdf, "Về việc công nhận danh sách hộ nghèo, hộ cận nghèo và danh sách hộ thoát nghèo, hộ thoát cận nghèo "
              f"trên địa bàn năm {review.cycle.year}", bold=True, align="C")  # fmt: skip
    pdf.ln(3)
    line(pdf, "Căn cứ Quyết định số 24/2021/QĐ-TTg ngày 16 tháng 7 năm 2021 của Thủ tướng Chính phủ quy định "
              "quy trình rà soát hộ nghèo, hộ cận nghèo hằng năm;")  # fmt: skip
    line(pdf, f"Căn cứ kết quả rà soát hộ nghèo, hộ cận nghèo định kỳ năm {review.cycle.year};")
    line(pdf, "Điều 1. Công nhận các danh sách sau (kèm theo):", bold=True)
    for name, title in LIST_TITLES.items():
        rows = lists[name]
        line(pdf, f"{title}: {len(rows)} hộ", bold=True)
        for number, result in enumerate(rows, start=1):
            village = result.household.village.name if result.household.village else ""
            line(pdf, f"{number}. {result.household.head_name} (mã hộ {result.household.code}) {village}", size=10)
    line(pdf, "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.", bold=True)
    signature(pdf)
    return bytes(pdf.output())


def certificate_pdf(certificate: RoundCertificate, members: list[dict[str, Any]]) -> bytes:
    pdf = document()
    decision, household = certificate.decision, certificate.household
    heading(pdf, household.commune.name, f"Số: {certificate.number}/GCN-HN.HCN")
    kind = "HỘ NGHÈO" if certificate.household_class == "poor" else "HỘ CẬN NGHÈO"
    line(pdf, f"GIẤY CHỨNG NHẬN {kind}", bold=True, size=14, align="C")
    line(pdf, f"Chủ tịch Ủy ban nhân dân {household.commune.name} chứng nhận:")
    line(pdf, f"Hộ ông/bà: {household.head_name} (mã hộ {household.code})")
    place = f"{household.village.name}, " if household.village else ""
    line(pdf, f"Nơi cư trú: {place}{household.commune.name}")
    line(pdf, f"Là {kind.lower()} theo Quyết định số {decision.number}/QĐ-UBND ngày {decision.decided_on:%d/%m/%Y}, "
              f"có hiệu lực trong năm {decision.review.cycle.year + 1}.")  # fmt: skip
    line(pdf, "Danh sách thành viên hộ gia đình", bold=True)
    for number, member in enumerate(members, start=1):
        line(pdf, f"{number}. Thành viên {member['code']}, {member.get('age', '')} tuổi")
    signature(pdf)
    return bytes(pdf.output())
