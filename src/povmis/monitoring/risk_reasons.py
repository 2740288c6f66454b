"""The stored risk factors in words a cadre understands, in the reader's language, for a whole list at once.

Each factor is a feature's name and the household's value of it (monitoring.models.HouseholdRisk);
its sentence is translated once per request and filled in by Polars for every row (no loop per
household), so the page, the workbook and the API say the same thing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

import polars as pl
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from povmis.core.standard import load_standard
from povmis.foresight.risk import FACTORS

# How a value is put in words: a margin under 0.5% is "at the line", under 50% "only" above it; an
# income rise of 10% or more is a rise, a smaller one "only" a rise.
SMALL, NARROW, RISE = 0.005, 0.5, 0.10
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _fill(template: str, **values: pl.Expr) -> pl.Expr:
    """``template`` (a translated text with %(name)s placeholders, %% for a percent sign) filled per row."""
    names = PLACEHOLDER.findall(template)
    pattern = PLACEHOLDER.sub("{}", template.replace("{", "{{").replace("}", "}}")).replace("%%", "%")
    if not names:
        return pl.lit(pattern.replace("{{", "{").replace("}}", "}"))
    return pl.format(pattern, *(values[name] for name in names))


def _percent(value: pl.Expr) -> pl.Expr:
    return (value.abs() * 100).round(0).cast(pl.Int64).cast(pl.String)


def _count(value: pl.Expr) -> pl.Expr:
    return value.abs().round(0).cast(pl.Int64).cast(pl.String)


def _when_positive(value: pl.Expr, above: pl.Expr, otherwise: pl.Expr) -> pl.Expr:
    return pl.when(value > 0).then(above).otherwise(otherwise)


def _sentences(lacking: pl.Expr) -> dict[str, Callable[[pl.Expr], pl.Expr]]:
    """Each feature's sentence from its value ``v`` (core.foresight.features' NUMERIC_FEATURES)."""
    return {
        "income_margin": lambda v: pl.when(v < 0)
        .then(_fill(_("income %(percent)s%% below the poverty line"), percent=_percent(v)))
        .when(v < SMALL)
        .then(pl.lit(_("income just at the poverty line")))
        .when(v < NARROW)
        .then(_fill(_("income only %(percent)s%% above the poverty line"), percent=_percent(v)))
        .otherwise(_fill(_("income %(percent)s%% above the poverty line"), percent=_percent(v))),
        "near_poor": lambda v: pl.lit(_("near-poor in this review")),
        "average": lambda v: pl.lit(_("only just above the near-poor line")),
        "years_since_poor": lambda v: pl.when(v.is_null())
        .then(pl.lit(_("never poor before")))
        .when(v <= 1)
        .then(pl.lit(_("escaped poverty last year")))
        .otherwise(_fill(_("escaped poverty %(years)s years ago"), years=_count(v))),
        "poor_last_round": lambda v: pl.lit(_("poor at the previous review")),
        "deprivation_count": lambda v: pl.when(lacking != "")
        .then(_fill(_("still lacks %(indicators)s"), indicators=lacking))
        .otherwise(_fill(_("%(count)s deprivations"), count=_count(v))),
        "deprivation_change": lambda v: pl.when(v.is_null())
        .then(pl.lit(_("not reviewed at the previous review")))
        .when(v > 0)
        .then(_fill(_("%(count)s more deprivations than at the previous review"), count=_count(v)))
        .otherwise(pl.lit(_("no fewer deprivations than at the previous review"))),
        "member_count": lambda v: _fill(_("a household of %(count)s people"), count=_count(v)),
        "working_share": lambda v: _fill(_("only %(percent)s%% of its members in work"), percent=_percent(v)),
        "unsteady_share": lambda v: _fill(_("%(percent)s%% of its members without steady work"), percent=_percent(v)),
        "dependant_share": lambda v: _fill(
            _("%(percent)s%% of its members are children or elderly"), percent=_percent(v)
        ),
        "ethnic_minority": lambda v: _when_positive(
            v, pl.lit(_("an ethnic-minority household")), pl.lit(_("not an ethnic-minority household"))
        ),
        "urban": lambda v: _when_positive(v, pl.lit(_("lives in an urban area")), pl.lit(_("lives in a rural area"))),
        "commune_poverty_rate": lambda v: _fill(_("its commune's poverty rate is %(percent)s%%"), percent=_percent(v)),
        "income_change": lambda v: pl.when(v.is_null())
        .then(pl.lit(_("not reviewed at the previous review")))
        .when(v < 0)
        .then(_fill(_("income down %(percent)s%% since the previous review"), percent=_percent(v)))
        .when(v < RISE)
        .then(_fill(_("income up only %(percent)s%% since the previous review"), percent=_percent(v)))
        .otherwise(
            _fill(_("income up %(percent)s%% since the previous review, a rise that may not last"), percent=_percent(v))
        ),
    }


def indicator_names(standard_id: str) -> dict[str, str]:
    """The standard's indicators by id, named in the reader's language (Vietnamese, else English)."""
    language = "vi" if (get_language() or "vi").startswith("vi") else "en"
    return {ind.id: ind.label.get(language, ind.id) for ind in load_standard(standard_id).indicators}


def reasons(names: Mapping[str, str]) -> pl.Expr:
    """The ``reasons`` column: the factors of each row in words, joined by "; " (``names``: indicator labels)."""
    lacking = pl.col("lacks").str.split(",").list.eval(pl.element().replace(dict(names))).list.join(", ")
    sentences = _sentences(lacking.fill_null(""))
    parts = []
    for k in range(1, FACTORS + 1):
        factor, value = pl.col(f"factor_{k}"), pl.col(f"value_{k}")
        parts.append(pl.coalesce(pl.when(factor == name).then(say(value)) for name, say in sentences.items()))
    return pl.concat_str(parts, separator="; ", ignore_nulls=True).fill_null("").alias("reasons")
