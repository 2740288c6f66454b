"""Survey answers between files, frames and the database: typing, canonical JSON, fingerprints.

Answers are stored as canonical JSON (the questionnaire's columns in a fixed order, each value of its
question's type), so two imports of the same answers give byte-identical text and the same fingerprint.
"""

from __future__ import annotations

import hashlib

import polars as pl

from povmis.core.questionnaire import Question
from povmis.core.standard import Standard
from povmis.core.validate import prepare

KEYS = {"household_id", "member_id"}
DECODE_ROWS = 50_000
FINGERPRINT_ROWS = 50_000
STORAGE_TYPES: dict[str, pl.DataType] = {
    "text": pl.String(),
    "integer": pl.Int64(),
    "decimal": pl.Float64(),
    "boolean": pl.Int8(),
    "code": pl.String(),
}


def answer_questions(standard: Standard, table: str) -> list[Question]:
    """The questions stored as answers: everything but the identifiers."""
    return [q for q in standard.questionnaire.table(table) if q.id not in KEYS]


def answer_schema(standard: Standard, table: str) -> dict[str, pl.DataType]:
    return {q.id: STORAGE_TYPES[q.type] for q in answer_questions(standard, table)}


def typed_as_stored(frame: pl.DataFrame, standard: Standard, table: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """A table's answers read by the core's one rule (:func:`povmis.core.validate.prepare`), as they are stored.

    The typed frame (an unreadable answer becomes null) and the core's issues. A survey file goes through
    :func:`povmis.core.validate.prepare_inputs`, which calls the same ``prepare``, then :func:`as_stored`.
    """
    typed, issues = prepare(frame, standard.questionnaire.table(table), table)
    return as_stored(typed, standard, table), issues


def as_stored(frame: pl.DataFrame, standard: Standard, table: str) -> pl.DataFrame:
    """Answers the core has typed (:func:`povmis.core.validate.prepare_inputs`) as they are stored.

    A code is kept as its text, not the core's enum (whose JSON would be its position in the list), and a
    question the file leaves out is a null column, so every household's JSON names every question.
    """
    schema = answer_schema(standard, table)
    return frame.with_columns(
        *[pl.col(name).cast(pl.String) for name in schema if isinstance(frame.schema.get(name), pl.Enum)],
        *[pl.lit(None, dtype).alias(name) for name, dtype in schema.items() if name not in frame.columns],
    )


def answers_json(standard: Standard, table: str) -> pl.Expr:
    """The canonical JSON of each row's answers."""
    return pl.struct(list(answer_schema(standard, table))).struct.json_encode()


def decode(frame: pl.DataFrame, column: str, standard: Standard, table: str) -> pl.DataFrame:
    """Expand a JSON answers column back into one typed column per question."""
    schema = answer_schema(standard, table)
    if frame.is_empty():
        return frame.drop(column).with_columns(pl.lit(None, dtype).alias(name) for name, dtype in schema.items())
    struct = pl.Struct(schema)
    # In slices: Polars' JSON decoding holds several times the text in memory while it works, which
    # for a province's two million members is gigabytes; a slice at a time it is a few megabytes.
    return pl.concat(
        part.with_columns(pl.col(column).str.json_decode(struct)).unnest(column)
        for part in frame.iter_slices(DECODE_ROWS)
    )


def decode_with_other(frame: pl.DataFrame, standard: Standard, other: Standard, table: str) -> pl.DataFrame:
    """Decoded for ``standard``; ``other``'s own questions beside, only those the answers hold at all."""
    decoded = decode(frame, "answers", standard, table)
    extra = set(answer_schema(other, table)) - set(decoded.columns)
    if not extra or frame.is_empty():
        return decoded
    more = decode(frame.select("answers"), "answers", other, table).select(sorted(extra))
    answered = [name for name, count in more.null_count().row(0, named=True).items() if count < more.height]
    return pl.concat([decoded, more.select(answered)], how="horizontal")


def fingerprints(households: pl.DataFrame, members: pl.DataFrame) -> pl.DataFrame:
    """household_id → sha256 over its answers, its head and place, and each member's answers and ID.

    ``households`` has household_id, location and answers; ``members`` has household_id, member_id,
    national_id and answers. Computed a slice of households at a time: the text hashed for a
    province is a gigabyte, a slice's is a few dozen megabytes.
    """
    parts = [
        _fingerprints(part, members.filter(pl.col("household_id").is_in(part["household_id"].implode())))
        for part in households.iter_slices(FINGERPRINT_ROWS)
    ]
    return pl.concat(parts) if parts else pl.DataFrame(schema={"household_id": pl.String(), "fingerprint": pl.String()})


def _fingerprints(households: pl.DataFrame, members: pl.DataFrame) -> pl.DataFrame:
    member_text = (
        members.sort("household_id", "member_id")
        .group_by("household_id", maintain_order=True)
        .agg(
            pl.concat_str(pl.col("member_id"), pl.col("national_id").fill_null(""), pl.col("answers"), separator="\t")
            .str.join("\n")
            .alias("member_text")
        )
    )
    combined = households.join(member_text, on="household_id", how="left").select(
        "household_id",
        pl.concat_str(
            pl.col("commune_code"),
            pl.col("village_code").fill_null(""),
            pl.col("head_name").fill_null(""),
            pl.col("answers"),
            pl.col("member_text").fill_null(""),
            separator="\n",
        ).alias("text"),
    )
    digests = [hashlib.sha256(text.encode()).hexdigest() for text in combined["text"]]
    return combined.select("household_id").with_columns(pl.Series("fingerprint", digests, pl.String))
