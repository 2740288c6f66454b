"""Synthetic names for household heads: Kinh names and Ê Đê / Jrai / M'Nông style names.

Ê Đê and Jrai names put a sex prefix first (Y for men, H' for women) and the lineage name last.
"""

from __future__ import annotations

import polars as pl

from povmis.core.synth.draws import uniform

_KINH_FAMILY = [
    "Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ",
    "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trương", "Mai", "Hà",
]  # fmt: skip
_KINH_MIDDLE_MALE = ["Văn", "Văn", "Đức", "Minh", "Hữu", "Quang", "Công", "Thanh", "Xuân"]
_KINH_MIDDLE_FEMALE = ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mỹ"]
_KINH_GIVEN_MALE = [
    "An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hòa", "Hùng", "Huy", "Khánh", "Long", "Minh", "Nam",
    "Nghĩa", "Phúc", "Phương", "Quân", "Sơn", "Tài", "Thắng", "Thành", "Toàn", "Trung", "Tuấn", "Việt",
]  # fmt: skip
_KINH_GIVEN_FEMALE = [
    "Anh", "Chi", "Dung", "Hà", "Hằng", "Hạnh", "Hoa", "Hương", "Lan", "Liên", "Linh", "Loan", "Mai",
    "Nga", "Ngân", "Nhung", "Oanh", "Phượng", "Tâm", "Thảo", "Thủy", "Trang", "Tuyết", "Vân", "Yến",
]  # fmt: skip
_EM_GIVEN_MALE = [
    "Bhin",
    "Bluin",
    "Khăm",
    "Kim",
    "Djao",
    "Thuen",
    "Ju",
    "Hlin",
    "Nuh",
    "Siêng",
    "Sơn",
    "Kô",
    "Tlang",
]
_EM_GIVEN_FEMALE = [
    "Hen",
    "Nga",
    "Ơn",
    "Dju",
    "Blim",
    "Kim",
    "Lin",
    "Nhi",
    "Hồng",
    "Yuôn",
    "Mai",
    "Rin",
    "Bia",
]
_EM_LINEAGE = [
    "Niê", "Êban", "Mlô", "Byă", "Adrơng", "Knul", "Hmŏk", "Ayun", "Kpă", "Ksơr", "Nay", "Siu", "Rơ Châm",
    "Bđăp", "Liêng", "Buôn Yă", "Hwing", "Êñuôl", "Mdrang", "Ktla",
]  # fmt: skip


def _pick(words: list[str], seed: int, stream: str) -> pl.Expr:
    index = (uniform(pl.col("hh"), seed, stream) * len(words)).floor().cast(pl.Int64)
    return pl.lit(pl.Series(words)).gather(index)


def head_name(seed: int) -> pl.Expr:
    """A name for the head of each household; reads `hh`, `em` and `head_male`."""
    male = pl.col("head_male")
    kinh = pl.concat_str(
        _pick(_KINH_FAMILY, seed, "family name"),
        pl.when(male)
        .then(_pick(_KINH_MIDDLE_MALE, seed, "middle name"))
        .otherwise(_pick(_KINH_MIDDLE_FEMALE, seed, "middle name")),
        pl.when(male)
        .then(_pick(_KINH_GIVEN_MALE, seed, "given name"))
        .otherwise(_pick(_KINH_GIVEN_FEMALE, seed, "given name")),
        separator=" ",
    )
    ethnic = pl.concat_str(
        pl.when(male).then(pl.lit("Y ")).otherwise(pl.lit("H'")),
        pl.when(male)
        .then(_pick(_EM_GIVEN_MALE, seed, "given name"))
        .otherwise(_pick(_EM_GIVEN_FEMALE, seed, "given name")),
        pl.lit(" "),
        _pick(_EM_LINEAGE, seed, "family name"),
    )
    return pl.when(pl.col("em")).then(ethnic).otherwise(kinh)
