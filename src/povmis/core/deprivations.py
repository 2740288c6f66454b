"""A household's deprivations as one integer: bit i for its standard's i-th indicator.

The registry stores the mask (``HouseholdResult.deprived_mask``) so that the database can filter on
it; these read it back. The order is the standard's, and a stored run records the standard's hash,
so a mask is read under the standard that wrote it.

>>> from povmis.core.standard import load_standard
>>> standard = load_standard("vn-2022-2025")
>>> first, third = (ind.id for ind in standard.indicators[:3:2])
>>> deprived_ids(0b101, standard) == [first, third]
True
>>> indicator_bit(third, standard)
4
"""

from __future__ import annotations

import polars as pl

from povmis.core.standard import Standard


def indicator_bit(indicator_id: str, standard: Standard) -> int:
    """The bit of ``indicator_id`` in ``standard``'s masks; KeyError for an indicator it does not have."""
    for bit, indicator in enumerate(standard.indicators):
        if indicator.id == indicator_id:
            return 1 << bit
    raise KeyError(indicator_id)


def deprived_ids(mask: int, standard: Standard) -> list[str]:
    """The ids of the indicators set in ``mask``, in the standard's order."""
    return [ind.id for bit, ind in enumerate(standard.indicators) if mask & (1 << bit)]


def deprived_list(mask: pl.Expr, standard: Standard) -> pl.Expr:
    """The same for a column of masks: a list of ids per row (empty for none)."""
    ids = [pl.when((mask & (1 << bit)) != 0).then(pl.lit(ind.id)) for bit, ind in enumerate(standard.indicators)]
    return pl.concat_list(ids).list.drop_nulls() if ids else pl.lit([], pl.List(pl.String))


def deprived_json(mask: pl.Expr, standard: Standard) -> pl.Expr:
    """The same as JSON text (``["water", "latrine"]``), the key of a set of deprivations in the summaries."""
    ids = deprived_list(mask, standard)
    return pl.when(ids.list.len() == 0).then(pl.lit("[]")).otherwise(pl.format('["{}"]', ids.list.join('", "')))
