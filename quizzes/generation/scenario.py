"""Scenario-to-service questions from the two "which service?" tables.

A use case (one cell) asks for the service; a short list of two requirements (two cells
of the same row) asks for the service that meets both, which reads like an exam scenario.
"""

from __future__ import annotations

from itertools import pairwise

from studyguide.records import ContentPack, TableData, TableRow

from .seeding import short_hash, shuffle_choices, shuffled
from .table_cell import (
    MAX_CHOICES,
    cell_text,
    has_unique_labels,
    masked,
    quoted,
    row_from_cell_questions,
)
from .types import AnswerMode, Choice, Question, QuestionKind
from .wording import norm

SCENARIO_TABLES: frozenset[tuple[str, str]] = frozenset(
    {("serverless-workflows", "when-to-use"), ("messaging", "sqs-vs-sns-vs-kinesis")}
)


def is_scenario_table(table: TableData) -> bool:
    return (table.topic, table.slug) in SCENARIO_TABLES


def _matches(row: TableRow, keys: tuple[str, str], texts: tuple[str, str]) -> bool:
    return all(
        norm(row.cells.get(key, "")) == norm(text) for key, text in zip(keys, texts, strict=True)
    )


def requirement_questions(table: TableData) -> list[Question]:
    """For each row and each pair of neighbouring columns: which service meets both?"""
    questions: list[Question] = []
    columns = table.columns
    for row in table.rows:
        for first, second in pairwise(columns):
            texts = (cell_text(row, first), cell_text(row, second))
            if not all(texts):
                continue
            keys = (first.key, second.key)
            matching = [r for r in table.rows if _matches(r, keys, texts)]
            if len(matching) != 1:
                continue
            uid = f"scenario-needs:{table.slug}:{first.key}+{second.key}:{short_hash(row.label)}"
            wrong_rows = shuffled([r for r in table.rows if r is not row], "wrong", uid)
            choices = [Choice(row.label, correct=True)] + [
                Choice(
                    other.label,
                    why=(
                        f"{other.label} — {first.label}: {cell_text(other, first)}; "
                        f"{second.label}: {cell_text(other, second)}"
                    ),
                )
                for other in wrong_rows[: MAX_CHOICES - 1]
            ]
            questions.append(
                Question(
                    uid=uid,
                    kind=QuestionKind.SCENARIO,
                    topic=table.topic,
                    prompt=(
                        f"Which {table.subject} has both of these? {first.label}: "
                        f"{quoted(masked(texts[0], [row.label], table.subject))}; "
                        f"{second.label}: {quoted(masked(texts[1], [row.label], table.subject))}"
                    ),
                    answer_mode=AnswerMode.SINGLE,
                    choices=shuffle_choices(choices, uid),
                    explanation=(
                        f"{row.label} — {first.label}: {texts[0]}; {second.label}: {texts[1]} "
                        f"({table.title})."
                    ),
                    table_cells=(
                        (table.slug, row.label, first.key),
                        (table.slug, row.label, second.key),
                    ),
                    source_url=table.source_url,
                )
            )
    return questions


def scenario_questions(pack: ContentPack, topic: str) -> list[Question]:
    questions: list[Question] = []
    for table in pack.tables:
        if table.topic != topic or not is_scenario_table(table) or not has_unique_labels(table):
            continue
        questions.extend(
            row_from_cell_questions(table, kind=QuestionKind.SCENARIO, uid_prefix="scenario")
        )
        questions.extend(requirement_questions(table))
    return questions
