"""Poverty measures: Alkire-Foster multidimensional poverty, FGT income poverty and the Gini coefficient.

Pure functions over Polars frames; every share is a fraction of the (optionally sampling-weighted)
population. The JSON forms of the results are documented in docs/measures.md.
"""

from povmis.core.measures.alkire_foster import (
    AlkireFosterResult,
    GroupMeasures,
    IndicatorMeasures,
    alkire_foster,
    equal_weights,
    nested_weights,
)
from povmis.core.measures.income import IncomeMeasures, IncomePovertyResult, gini, income_poverty
from povmis.core.measures.inputs import TOLERANCE, InvalidValueError, MissingColumnError

__all__ = [
    "TOLERANCE",
    "AlkireFosterResult",
    "GroupMeasures",
    "IncomeMeasures",
    "IncomePovertyResult",
    "IndicatorMeasures",
    "InvalidValueError",
    "MissingColumnError",
    "alkire_foster",
    "equal_weights",
    "gini",
    "income_poverty",
    "nested_weights",
]
