"""The words of the survey form that the standard does not hold: code labels and the place questions.

Codes themselves come from the standard; a code missing here stops the form's generator, so a new
code cannot reach the tablets without a label an enumerator can read.
"""

from __future__ import annotations

Labels = dict[str, str]

# The place of the household: every import needs them (survey_files.LOCATION), no standard asks them;
# a member's national ID is asked beside the standard's member questions (survey_files.MEMBER_EXTRA).
PLACE_QUESTIONS = ("household_id", "commune_code", "village_code", "head_name")

TEXTS: dict[str, Labels] = {
    "title": {"vi": "Phiếu rà soát hộ gia đình", "en": "Household review survey"},
    "location": {"vi": "Địa bàn và chủ hộ", "en": "Place and head of household"},
    "household": {"vi": "Thông tin hộ gia đình", "en": "The household"},
    "members": {"vi": "Thành viên hộ", "en": "Household members"},
    "household_id": {"vi": "Mã hộ", "en": "Household ID"},
    "commune_code": {"vi": "Mã xã", "en": "Commune code"},
    "village_code": {"vi": "Mã thôn", "en": "Village code"},
    "head_name": {"vi": "Họ và tên chủ hộ", "en": "Name of the head of household"},
    "national_id": {"vi": "Số định danh cá nhân (căn cước)", "en": "National ID number"},
    "yes": {"vi": "Có", "en": "Yes"},
    "no": {"vi": "Không", "en": "No"},
    # Units, as hints and in the constraint messages ("from 0 to 120 completed years").
    "unit:VND/person/month": {"vi": "đồng/người/tháng", "en": "VND per person per month"},
    "unit:m2": {"vi": "mét vuông (m²)", "en": "square metres (m²)"},
    "unit:years": {"vi": "tuổi tròn", "en": "completed years"},
}

CODE_LABELS: dict[str, Labels] = {
    "rural": {"vi": "Nông thôn", "en": "Rural"},
    "urban": {"vi": "Thành thị", "en": "Urban"},
    "piped": {"vi": "Nước máy", "en": "Piped water"},
    "drilled_well": {"vi": "Giếng khoan", "en": "Drilled well"},
    "protected_dug_well": {"vi": "Giếng đào được bảo vệ", "en": "Protected dug well"},
    "protected_spring": {"vi": "Nước khe, mó được bảo vệ", "en": "Protected spring"},
    "rainwater": {"vi": "Nước mưa", "en": "Rainwater"},
    "bottled": {"vi": "Nước đóng chai, bình", "en": "Bottled water"},
    "unprotected_well": {"vi": "Giếng không được bảo vệ", "en": "Unprotected well"},
    "unprotected_spring": {"vi": "Nước khe, mó không được bảo vệ", "en": "Unprotected spring"},
    "surface_water": {"vi": "Nước sông, suối, ao, hồ", "en": "Surface water (river, stream, pond, lake)"},
    "other": {"vi": "Khác", "en": "Other"},
    # Domestic waste (vn-2027-2030's waste indicator).
    "collected": {"vi": "Được thu gom", "en": "Collected"},
    "composted": {"vi": "Ủ làm phân", "en": "Composted"},
    "buried_or_burned_safely": {"vi": "Chôn lấp hoặc đốt đúng cách", "en": "Buried or burned safely"},
    "dumped": {"vi": "Vứt bừa bãi", "en": "Dumped"},
    "burned_in_open": {"vi": "Đốt ngoài trời", "en": "Burned in the open"},
    "septic": {"vi": "Tự hoại", "en": "Septic tank"},
    "semi_septic": {"vi": "Bán tự hoại", "en": "Semi-septic tank"},
    "pour_flush": {"vi": "Dội nước", "en": "Pour-flush"},
    "double_vault": {"vi": "Hai ngăn", "en": "Double-vault"},
    "ventilated_pit": {"vi": "Chìm có ống thông hơi", "en": "Ventilated pit"},
    "simple_pit": {"vi": "Hố đào đơn giản", "en": "Simple pit"},
    "open_defecation": {"vi": "Không có nhà tiêu", "en": "No latrine"},
    "none": {"vi": "Chưa tốt nghiệp tiểu học", "en": "Did not complete primary"},
    "primary": {"vi": "Tiểu học", "en": "Primary"},
    "lower_secondary": {"vi": "Trung học cơ sở", "en": "Lower secondary"},
    "upper_secondary": {"vi": "Trung học phổ thông", "en": "Upper secondary"},
    "vocational_elementary": {"vi": "Sơ cấp nghề", "en": "Vocational, elementary"},
    "vocational_intermediate": {"vi": "Trung cấp", "en": "Vocational, intermediate"},
    "college": {"vi": "Cao đẳng", "en": "College"},
    "university": {"vi": "Đại học trở lên", "en": "University or higher"},
    "stable": {"vi": "Có việc làm ổn định", "en": "Stable work"},
    "unstable": {"vi": "Việc làm không ổn định", "en": "Unstable work"},
    "unemployed": {"vi": "Thất nghiệp", "en": "Unemployed"},
    "studying": {"vi": "Đang đi học", "en": "Studying"},
    "homemaker": {"vi": "Nội trợ", "en": "Homemaker"},
    "retired": {"vi": "Nghỉ hưu", "en": "Retired"},
    "unable_to_work": {"vi": "Không có khả năng lao động", "en": "Unable to work"},
}
