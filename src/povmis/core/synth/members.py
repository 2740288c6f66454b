"""Who lives in each household: a head, often a spouse, children, sometimes an elderly parent.

Members are drawn once for a household's whole life in the register, each with a birth year, so ages
advance year by year, children born later appear, and a person keeps one citizen ID throughout.
"""

from __future__ import annotations

import polars as pl

from povmis.core.synth.calibration import SYNTH_YEARS, YEARS
from povmis.core.synth.draws import choose, stream_seed, uniform

# Members per household, ethnic-minority households being larger (2019 census, Central Highlands).
_SIZE_KINH = {1: 6, 2: 17, 3: 22, 4: 28, 5: 15, 6: 8, 7: 4}
_SIZE_ETHNIC_MINORITY = {1: 3, 2: 10, 3: 17, 4: 25, 5: 20, 6: 13, 7: 7, 8: 5}
MAX_MEMBERS = 16
# Yearly chance that an elderly parent dies and that a grown child (18 and over) moves out.
PARENT_DEATH_RATE = 0.05
CHILD_LEAVING_RATE = 0.08
NEVER = 9999
# Provinces of birth (first three digits of the citizen ID) for people who moved to Đắk Lắk.
_KINH_ORIGINS = {
    "034": 3,
    "036": 2,
    "038": 2,
    "040": 3,
    "042": 2,
    "044": 1,
    "049": 2,
    "051": 2,
    "052": 2,
    "001": 1,
}
_ETHNIC_MINORITY_ORIGINS = {"004": 3, "020": 3, "002": 1, "010": 1}
LOCAL_PROVINCE = "066"
# The 63 provinces' citizen-ID codes (before the 2025 mergers). A province scaled up to a nation is
# born in as many of them as it needs, so that no ID group outgrows its million serial numbers.
PROVINCE_CODES = [
    "001", "002", "004", "006", "008", "010", "011", "012", "014", "015", "017", "019", "020", "022", "024", "025",
    "026", "027", "030", "031", "033", "034", "035", "036", "037", "038", "040", "042", "044", "045", "046", "048",
    "049", "051", "052", "054", "056", "058", "060", "062", "064", "066", "067", "068", "070", "072", "074", "075",
    "077", "079", "080", "082", "083", "084", "086", "087", "089", "091", "092", "093", "094", "095", "096",
]  # fmt: skip
# A bijection of 0..999,999 (the multiplier is prime to 10^6): serial numbers look scattered, stay unique.
_SERIAL_SPACE = 1_000_000
_SERIAL_MULTIPLIER = 387_419


def _draw(seed: int, stream: str, key: str = "member") -> pl.Expr:
    return uniform(pl.col(key), seed, stream)


def member_universe(households: pl.DataFrame, seed: int, home_provinces: int = 1) -> pl.DataFrame:
    """Every member a household ever has: `member` key, index, role, sex, birth year and birth province.

    `households` needs `hh` (integer key), `em` and `born` (the year the household enters the register).
    People born locally are born in Đắk Lắk, or, when `home_provinces` is more than 1 (a province scaled
    to a nation), in one of that many provinces, the same for a whole household.
    """
    head_age = (
        pl.when(pl.col("born") == YEARS[0])
        .then(22 + (58 * _draw(seed, "head age", "hh").pow(1.3)).floor())
        .otherwise(20 + (15 * _draw(seed, "head age", "hh")).floor())
    )
    size = pl.when(pl.col("em")).then(choose(_draw(seed, "size", "hh"), _SIZE_ETHNIC_MINORITY))
    frame = households.select("hh", "em", "born").with_columns(
        size=size.otherwise(choose(_draw(seed, "size", "hh"), _SIZE_KINH)),
        head_birth=(pl.col("born") - head_age).cast(pl.Int32),
    )
    frame = frame.with_columns(
        has_spouse=(pl.col("size") >= 2) & (_draw(seed, "spouse", "hh") < 0.88),
        has_parent=(pl.col("size") >= 4)
        & (_draw(seed, "parent", "hh") < 0.25)
        & (pl.col("born") - pl.col("head_birth") <= 55),
        head_male=_draw(seed, "head sex", "hh") < pl.when(pl.col("em")).then(0.55).otherwise(0.75),
        index=pl.int_ranges(0, pl.col("size")),
    ).explode("index")
    role = (
        pl.when(pl.col("index") == 0)
        .then(pl.lit("head"))
        .when((pl.col("index") == 1) & pl.col("has_spouse"))
        .then(pl.lit("spouse"))
        .when((pl.col("index") == pl.col("size") - 1) & pl.col("has_parent") & (pl.col("index") >= 2))
        .then(pl.lit("parent"))
        .otherwise(pl.lit("child"))
    )
    frame = frame.with_columns(member=pl.col("hh") * MAX_MEMBERS + pl.col("index"), role=role)
    return frame.with_columns(
        birth_year=_birth_year(seed).cast(pl.Int32),
        male=pl.when(pl.col("role") == "head")
        .then(pl.col("head_male"))
        .when(pl.col("role") == "spouse")
        .then(~pl.col("head_male"))
        .when(pl.col("role") == "parent")
        .then(_draw(seed, "sex") < 0.4)
        .otherwise(_draw(seed, "sex") < 0.51),
    ).with_columns(birth_province=_birth_province(seed, home_provinces), left=_left(seed))


def _birth_year(seed: int) -> pl.Expr:
    head = pl.col("head_birth")
    # Children are born from the head's 20th year to 2024 (the calibrated years' end), at most 26 years apart.
    span = (YEARS[-1] - head - 19).clip(1, 26)
    return (
        pl.when(pl.col("role") == "head")
        .then(head)
        .when(pl.col("role") == "spouse")
        .then(head - 4 + (9 * _draw(seed, "spouse age")).floor())
        .when(pl.col("role") == "parent")
        .then(head - 22 - (10 * _draw(seed, "parent age")).floor())
        .otherwise(head + 20 + (span * _draw(seed, "child age")).floor())
    )


def _left(seed: int) -> pl.Expr:
    """The first year a member is no longer in the household (9999: never), for years after it entered.

    Grown children move out and elderly parents die; the head and spouse stay, so that a household
    never empties. Only years after the household's first are drawn: its first year is the census mix.
    """
    years = []
    for year in SYNTH_YEARS[1:]:
        age = year - pl.col("birth_year")
        hazard = (
            pl.when(pl.col("role") == "parent")
            .then(PARENT_DEATH_RATE)
            .when((pl.col("role") == "child") & (age >= 18))
            .then(CHILD_LEAVING_RATE)
            .otherwise(0.0)
        )
        leaves = (year > pl.col("born")) & (_draw(seed, f"leaves {year}") < hazard)
        years.append(pl.when(leaves).then(pl.lit(year, pl.Int32)).otherwise(pl.lit(NEVER, pl.Int32)))
    return pl.min_horizontal(years)


def _home(seed: int, home_provinces: int) -> pl.Expr:
    if home_provinces <= 1:
        return pl.lit(LOCAL_PROVINCE)
    homes = [LOCAL_PROVINCE, *[code for code in PROVINCE_CODES if code != LOCAL_PROVINCE]][:home_provinces]
    index = (_draw(seed, "home province", "hh") * len(homes)).floor().cast(pl.Int64)
    return pl.lit(pl.Series(homes)).gather(index)


def _birth_province(seed: int, home_provinces: int) -> pl.Expr:
    moved = _draw(seed, "moved") < pl.when(pl.col("birth_year") >= 1990).then(0.06).otherwise(
        pl.when(pl.col("em")).then(0.15).otherwise(0.55)
    )
    origin = pl.when(pl.col("em")).then(choose(_draw(seed, "origin"), _ETHNIC_MINORITY_ORIGINS))
    return (
        pl.when(moved)
        .then(origin.otherwise(choose(_draw(seed, "origin"), _KINH_ORIGINS)))
        .otherwise(_home(seed, home_provinces))
    )


def id_group() -> pl.Expr:
    """Province of birth, century-and-sex digit and year of birth: the first six digits of a citizen ID."""
    century_sex = (pl.col("birth_year") >= 2000).cast(pl.Int32) * 2 + (~pl.col("male")).cast(pl.Int32)
    return pl.concat_str(
        "birth_province",
        century_sex.cast(pl.String),
        (pl.col("birth_year") % 100).cast(pl.String).str.zfill(2),
    )


def group_counts(members: pl.DataFrame) -> pl.DataFrame:
    """People per citizen-ID group, so that the next chunk of the province numbers on from there."""
    return members.group_by(id_group().alias("id_group")).agg(count=pl.len().cast(pl.Int64))


def with_national_ids(members: pl.DataFrame, offsets: pl.DataFrame, seed: int) -> pl.DataFrame:
    """Add a 12-digit citizen ID (CCCD layout: province, century and sex, year, serial) per member.

    `offsets` (`id_group`, `id_offset`) says how many people of each group earlier chunks hold, so IDs
    stay unique across chunks.
    """
    frame = (
        members.with_columns(id_group=id_group())
        .join(offsets, on="id_group", how="left", maintain_order="left")
        .with_columns(serial=pl.col("id_offset").fill_null(0) + pl.col("member").rank("ordinal").over("id_group") - 1)
    )
    if frame.height and frame["serial"].max() >= _SERIAL_SPACE:  # type: ignore[operator]  # max() of an Int64 column is an int
        raise ValueError("more than 1,000,000 people share a birth province, sex and year of birth")
    start = stream_seed(seed, "citizen id") % _SERIAL_SPACE
    scattered = (pl.col("serial") * _SERIAL_MULTIPLIER + start) % _SERIAL_SPACE
    return frame.with_columns(national_id=pl.concat_str("id_group", scattered.cast(pl.String).str.zfill(6))).drop(
        "id_group", "id_offset", "serial"
    )
