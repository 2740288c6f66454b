"""The reasons for a household's class, in the user's language, rendered column-wise.

"income 1,200,000 ≤ rural poverty line 1,500,000; lacks: hygienic latrine, housing area 6.5 m²/person < 8"
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import polars as pl

if TYPE_CHECKING:
    from povmis.core.standard import Indicator, Standard

AREAS = {"rural": {"vi": "nông thôn", "en": "rural"}, "urban": {"vi": "thành thị", "en": "urban"}}
WORDS = {
    "vi": {
        "income": "thu nhập",
        "lacks": "thiếu hụt",
        "none": "không thiếu hụt chỉ số nào",
        "unclassified": "chưa phân loại: câu trả lời thiếu hoặc không hợp lệ",
    },
    "en": {
        "income": "income",
        "lacks": "lacks",
        "none": "no deprivation",
        "unclassified": "unclassified: missing or invalid answers",
    },
}
SEPARATORS = {"vi": (".", ","), "en": (",", ".")}  # (thousands, decimal)
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def render_reasons(standard: Standard, lang: str, columns: set[str]) -> pl.Expr:
    """One reason text per household, from the class columns the classifier has already computed.

    ``columns`` are those of the frame: a detail whose value is not there (precomputed flags) falls
    back to the indicator's name.
    """
    words = WORDS[lang]
    lacks = pl.concat_list(
        [
            pl.when(pl.col(ind.flag).cast(pl.Boolean))
            .then(_indicator_text(ind, lang, columns))
            .otherwise(pl.lit(None, pl.String))
            for ind in standard.indicators
        ]
    ).list.drop_nulls()
    deprivations = (
        pl.when(lacks.list.len() > 0)
        .then(pl.concat_str(pl.lit(f"{words['lacks']}: "), lacks.list.join(", ")))
        .otherwise(pl.lit(words["none"]))
    )
    reason = pl.concat_str(_income_text(standard, lang), pl.lit("; "), deprivations)
    return pl.when(pl.col("class").is_null()).then(pl.lit(words["unclassified"])).otherwise(reason)


def _income_text(standard: Standard, lang: str) -> pl.Expr:
    """Income against the first line it does not exceed, or above the last line."""
    income = pl.col(standard.income_column)
    shown = pl.concat_str(pl.lit(f"{WORDS[lang]['income']} "), format_integer(income, lang))
    above = [pl.concat_str(pl.lit(" > "), _line_name(line.id, standard, lang)) for line in standard.lines]
    below = [pl.concat_str(pl.lit(" ≤ "), _line_name(line.id, standard, lang)) for line in standard.lines]
    text: pl.Expr = pl.concat_str(shown, above[-1])
    for i in reversed(range(len(standard.lines))):
        # Above the previous line and at or below this one: both bounds explain the class.
        bounds = [shown, above[i - 1], pl.lit(","), below[i]] if i else [shown, below[i]]
        text = pl.when(income <= pl.col(f"line_{standard.lines[i].id}")).then(pl.concat_str(bounds)).otherwise(text)
    return text


def _line_name(line_id: str, standard: Standard, lang: str) -> pl.Expr:
    label = standard.line(line_id).label[lang]
    area = pl.col("area").cast(pl.String).replace_strict({k: v[lang] for k, v in AREAS.items()}, default="")
    amount = format_integer(pl.col(f"line_{line_id}"), lang)
    # Vietnamese names the line before the area ("chuẩn nghèo nông thôn"); English the area first.
    named = pl.concat_str(pl.lit(f"{label} "), area) if lang == "vi" else pl.concat_str(area, pl.lit(f" {label}"))
    return pl.concat_str(named, pl.lit(" "), amount)


def _indicator_text(indicator: Indicator, lang: str, columns: set[str]) -> pl.Expr:
    template = indicator.detail[lang] if indicator.detail else ""
    if not template or not set(PLACEHOLDER.findall(template)) <= columns:
        return pl.lit(indicator.label[lang])
    pieces: list[pl.Expr] = []
    position = 0
    for match in PLACEHOLDER.finditer(template):
        pieces.append(pl.lit(template[position : match.start()]))
        pieces.append(format_decimal(pl.col(match.group(1)), lang))
        position = match.end()
    pieces.append(pl.lit(template[position:]))
    return pl.concat_str(pieces)


def format_integer(value: pl.Expr, lang: str) -> pl.Expr:
    """Digits grouped by thousands the way each language writes money: 1.500.000 (vi), 1,500,000 (en)."""
    sep = SEPARATORS[lang][0]
    whole = value.cast(pl.Int64)
    result = whole.cast(pl.String)
    for power in (3, 6, 9, 12):
        head = (whole // 10**power).cast(pl.String)
        groups = [(whole // 10 ** (p - 3) % 1000).cast(pl.String).str.zfill(3) for p in range(power, 0, -3)]
        result = (
            pl.when(whole.abs() >= 10**power)
            .then(pl.concat_str([head, *[pl.concat_str(pl.lit(sep), g) for g in groups]]))
            .otherwise(result)
        )
    return result


def format_decimal(value: pl.Expr, lang: str) -> pl.Expr:
    """One decimal place, with the language's decimal mark: 6,5 (vi), 6.5 (en)."""
    shown = value.cast(pl.Float64).round(1).cast(pl.String)
    return shown.str.replace(".", SEPARATORS[lang][1], literal=True)
