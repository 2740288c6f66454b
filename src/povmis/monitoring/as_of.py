"""The dashboard "as of" a day: the focus's figures, the units under it and the households behind each figure
on the list in force that day, from :func:`povmis.monitoring.figures.households_as_of` (the command's
``figures --as-of`` and the API's ``as_of`` read the same frame)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import polars as pl
from django.utils.translation import gettext as _

from povmis.accounts.scoping import AnyUser, scope
from povmis.core.figures.rates import RATES
from povmis.monitoring import links
from povmis.monitoring.figures import figures_as_of, households_as_of, units_as_of
from povmis.monitoring.focus import Focus
from povmis.monitoring.households import Filters
from povmis.registry.models import Household, HouseholdResult


def day_of(query: Any) -> dt.date | None:
    """The ``as_of`` day of a page's query; None when absent or not a date (the page then shows the reviews)."""
    try:
        return dt.date.fromisoformat(query.get("as_of", ""))
    except ValueError:
        return None


def as_of_section(focus: Focus, day: dt.date) -> dict[str, Any]:
    """The overview's "as of" section: the focus's document, one row per unit under it, and their drill-downs."""
    try:
        own = figures_as_of(focus, day)
        review, units = units_as_of(focus, day)
    except LookupError:
        return {"as_of": day, "as_of_missing": _("No classified review was in force on that day.")}
    rows = [{**row, "percent": _percent(row), "link": links.page("overview", row["code"]) + _query(row["code"], day),
             "links": _drill_down(row["code"], review, day)} for row in units.iter_rows(named=True)]  # fmt: skip
    own_links = _drill_down(focus.code, review, day)
    return {"as_of": day, "as_of_figures": own, "as_of_percent": _percent(own), "as_of_links": own_links,
            "as_of_units": rows}  # fmt: skip


def _percent(row: dict[str, Any]) -> dict[str, float | None]:
    """The rates (fractions, as the API and the command give them) in percent, as the page's columns show rates."""
    return {name: None if row[name] is None else row[name] * 100 for name in RATES}


def _query(code: str, day: dt.date) -> str:
    return ("&" if code else "?") + f"as_of={day.isoformat()}"


def _drill_down(code: str, review: int, day: dt.date) -> dict[str, str]:
    on = {"as_of": day.isoformat()}
    return {
        "all": links.households(code, review, **on),
        "poor": links.households(code, review, **on, **{"class": "poor"}),
        "near_poor": links.households(code, review, **on, **{"class": "near_poor"}),
    }


@dataclass(frozen=True)
class Listed:
    """A household on the list in force on a day, shaped as the household list's rows."""

    household: Household
    household_class: str | None
    deprivation_count: int | None
    transition: str | None = None


def households_on(focus: Focus, day: dt.date, filters: Filters) -> tuple[int, list[tuple[str, str | None]]]:
    """``(review, [(code, class)])``: the focus's households on the list in force on ``day`` that the figure
    counted (its class and ethnic group), in code order."""
    review, frame = households_as_of(focus, day)
    if filters.classes:
        frame = frame.filter(pl.col("class").is_in(list(filters.classes)))
    if filters.ethnic_minority is not None:
        frame = frame.filter(pl.col("ethnic_minority").fill_null(value=False) == filters.ethnic_minority)
    return review, list(frame.select("household_id", "class").iter_rows())


def listed(user: AnyUser, page: list[tuple[str, str | None]], review: int) -> list[Listed]:
    """One page's households, read through the user's scope, with their class on the day."""
    codes = [code for code, _class in page]
    households = scope(user, Household.objects.filter(code__in=codes)).select_related("commune")
    counts = dict(HouseholdResult.objects.filter(cycle__year=review, household__code__in=codes)
                  .values_list("household__code", "deprivation_count"))  # fmt: skip
    found = {household.code: household for household in households}
    return [Listed(found[code], shown, counts.get(code)) for code, shown in page if code in found]
