"""Benchmark: the what-if on a whole synthetic province, core only (no database), timed per variant.

    python bench/whatif.py                        # 540,000 households, the size of Dak Lak's review
    python bench/whatif.py --households 100000

The province comes from the synthetic generator (core/synth) for the 2024 round under vn-2022-2025.
Each variant is compared with the round's standard through core.whatif.what_if, the same function the
command, the page and the API call: both classifications, the comparison, the reasons and the matrix.
The last line is machine-readable:

    RESULT households=N unchanged_s=A line_s=B standard_2027_s=C layer_s=D changed_2027=K
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

from povmis.core.standard import load_standard
from povmis.core.synth.province import SyntheticProvince
from povmis.core.whatif import WhatIf, what_if


def _timed(run: Callable[[], WhatIf]) -> tuple[float, dict[str, Any]]:
    start = time.perf_counter()
    result = run()
    summary = {**result.summary(), "matrix": result.matrix()}
    return time.perf_counter() - start, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--households", type=int, default=540_000)
    parser.add_argument("--seed", type=int, default=7)
    arguments = parser.parse_args()
    base = load_standard("vn-2022-2025")
    start = time.perf_counter()
    year = SyntheticProvince(seed=arguments.seed, standard=base, households=arguments.households).year(2024)
    households, members = year.households, year.members
    print(f"synthetic 2024 round: {households.height:,} households, {members.height:,} members "
          f"({time.perf_counter() - start:.1f} s to generate)")  # fmt: skip
    variants = {
        "unchanged": lambda: what_if(households, members, base),
        "line": lambda: what_if(households, members, base, {"line.rural": 2_200_000, "line.urban": 2_800_000}),
        "standard_2027": lambda: what_if(households, members, base, against=load_standard("vn-2027-2030")),
        "layer": lambda: what_if(households, members, base, against=load_standard("vn-dongnai-2022-2025")),
    }
    seconds: dict[str, float] = {}
    changed: dict[str, int] = {}
    for name, run in variants.items():
        seconds[name], summary = _timed(run)
        changed[name] = summary["changed"]
        print(f"{name:>14}: {seconds[name]:6.2f} s   changed {summary['changed']:>8,}   {summary['matrix']}")
    assert changed["unchanged"] == 0, "the unchanged standard must change nothing"
    print(
        f"RESULT households={households.height} unchanged_s={seconds['unchanged']:.2f} line_s={seconds['line']:.2f} "
        f"standard_2027_s={seconds['standard_2027']:.2f} layer_s={seconds['layer']:.2f} "
        f"changed_2027={changed['standard_2027']}"
    )


if __name__ == "__main__":
    main()
