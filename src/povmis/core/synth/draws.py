"""Deterministic random numbers as Polars expressions: hashing a key with a seed derived from a stream name.

Every draw is a pure function of (seed, stream, key), so a household's answers do not depend on how the
province is chunked or on the order rows arrive in.
"""

from __future__ import annotations

import hashlib
import itertools
import math
from collections.abc import Mapping

import polars as pl

_MANTISSA = 2**53


def stream_seed(seed: int, stream: str) -> int:
    """A 64-bit seed for one named stream of draws."""
    digest = hashlib.blake2b(f"{seed}:{stream}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little")


def uniform(key: pl.Expr, seed: int, stream: str) -> pl.Expr:
    """A number in [0, 1) for each key, the same for the same (seed, stream, key)."""
    hashed = key.hash(seed=stream_seed(seed, stream))
    return (hashed % _MANTISSA).cast(pl.Float64) / _MANTISSA


def logistic(u: pl.Expr) -> pl.Expr:
    """A logistic variate (mean 0, scale 1) from a uniform, clipped away from 0 and 1."""
    p = u.clip(1e-9, 1 - 1e-9)
    return (p / (1 - p)).log()


def choose(u: pl.Expr, weights: Mapping[str, float] | Mapping[int, float]) -> pl.Expr:
    """The value whose interval of cumulative weight holds `u` (codes, or small integers as Int32)."""
    total = math.fsum(weights.values())
    values = list(weights)
    dtype = pl.Int32 if isinstance(values[0], int) else pl.String
    bounds = list(itertools.accumulate(share / total for share in weights.values()))
    expr = pl.lit(values[-1], dtype=dtype)
    for value, bound in zip(reversed(values[:-1]), reversed(bounds[:-1]), strict=True):
        expr = pl.when(u < bound).then(pl.lit(value, dtype=dtype)).otherwise(expr)
    return expr
