"""The question a generator returns: plain, frozen and JSON-friendly.

A question checks its own invariants when built (one correct choice for a single answer,
no duplicate choice texts, an answer for a numeric question), so a generator bug shows up
where the question is made rather than in front of a learner.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any


class QuestionKind(StrEnum):
    FACT_VALUE = "fact_value"
    TRUE_FALSE = "true_false"
    TABLE_CELL = "table_cell"
    SCENARIO = "scenario"
    CALCULATED = "calculated"
    AUTHORED = "authored"


class AnswerMode(StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    NUMERIC = "numeric"


ALL_KINDS: tuple[QuestionKind, ...] = tuple(QuestionKind)

TableCellRef = tuple[str, str, str]  # (table slug, row label, column key)

RECALL = "recall"
# An exam-style item: a scenario stem with constraints and a qualifier (authored).
SCENARIO_STYLE = "scenario"


@dataclass(frozen=True)
class Choice:
    text: str
    correct: bool = False
    why: str = ""  # for a wrong choice: the misconception it catches

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "correct": self.correct, "why": self.why}


@dataclass(frozen=True)
class Question:
    uid: str
    kind: QuestionKind
    topic: str
    prompt: str
    answer_mode: AnswerMode
    explanation: str
    choices: tuple[Choice, ...] = ()
    answer: Decimal | None = None
    tolerance: Decimal = Decimal(0)
    unit: str = ""
    worked_steps: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()
    table_cells: tuple[TableCellRef, ...] = ()
    source_url: str = ""
    style: str = RECALL
    # An authored question's version (AuthoredQuestion.version) when the attempt showed
    # it; 0 for generated questions.
    version: int = 0

    def __post_init__(self) -> None:
        problems = question_problems(self)
        if problems:
            raise ValueError(f"invalid question {self.uid!r}: {'; '.join(problems)}")

    @property
    def is_scenario(self) -> bool:
        return self.style == SCENARIO_STYLE

    @property
    def correct_choices(self) -> tuple[Choice, ...]:
        return tuple(c for c in self.choices if c.correct)

    @property
    def correct_indexes(self) -> frozenset[int]:
        return frozenset(i for i, c in enumerate(self.choices) if c.correct)

    def is_correct_selection(self, indexes: Iterable[int]) -> bool:
        """Right when exactly the correct choices are selected (single or multiple)."""
        return self.answer_mode != AnswerMode.NUMERIC and frozenset(indexes) == (
            self.correct_indexes
        )

    def is_correct_number(self, value: Decimal) -> bool:
        if self.answer_mode != AnswerMode.NUMERIC or self.answer is None:
            return False
        return abs(value - self.answer) <= self.tolerance

    def to_dict(self) -> dict[str, Any]:
        return {
            "uid": self.uid,
            "kind": str(self.kind),
            "topic": self.topic,
            "prompt": self.prompt,
            "answer_mode": str(self.answer_mode),
            "choices": [c.to_dict() for c in self.choices],
            "answer": None if self.answer is None else str(self.answer),
            "tolerance": str(self.tolerance),
            "unit": self.unit,
            "explanation": self.explanation,
            "worked_steps": list(self.worked_steps),
            "facts": list(self.facts),
            "table_cells": [list(cell) for cell in self.table_cells],
            "source_url": self.source_url,
            "style": self.style,
            "version": self.version,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Question:
        """Rebuild a question from `to_dict()` output (an attempt's stored snapshot)."""
        try:
            answer = data.get("answer")
            return cls(
                uid=str(data["uid"]),
                kind=QuestionKind(data["kind"]),
                topic=str(data["topic"]),
                prompt=str(data["prompt"]),
                answer_mode=AnswerMode(data["answer_mode"]),
                explanation=str(data.get("explanation", "")),
                choices=tuple(
                    Choice(text=str(c["text"]), correct=bool(c["correct"]), why=str(c["why"]))
                    for c in data.get("choices", ())
                ),
                answer=None if answer is None else Decimal(str(answer)),
                tolerance=Decimal(str(data.get("tolerance", "0"))),
                unit=str(data.get("unit", "")),
                worked_steps=tuple(str(s) for s in data.get("worked_steps", ())),
                facts=tuple(str(f) for f in data.get("facts", ())),
                table_cells=tuple(
                    (str(t), str(r), str(c)) for t, r, c in data.get("table_cells", ())
                ),
                source_url=str(data.get("source_url", "")),
                style=str(data.get("style", RECALL)),
                version=int(data.get("version", 0)),
            )
        except (KeyError, TypeError, InvalidOperation) as exc:
            raise ValueError(f"not a question: {exc!r}") from exc


def question_problems(question: Question) -> list[str]:
    """Every broken rule of a question, empty when it is sound."""
    problems: list[str] = []
    if not question.uid:
        problems.append("no uid")
    if not question.prompt.strip():
        problems.append("no prompt")
    texts = [c.text.strip().casefold() for c in question.choices]
    if any(not t for t in texts):
        problems.append("an empty choice")
    if len(set(texts)) != len(texts):
        problems.append("duplicate choices")
    correct = sum(c.correct for c in question.choices)
    if question.answer_mode == AnswerMode.NUMERIC:
        if question.answer is None:
            problems.append("numeric question without an answer")
        elif question.tolerance < 0:
            problems.append("negative tolerance")
        if question.choices:
            problems.append("numeric question with choices")
    else:
        if len(question.choices) < 2:
            problems.append("fewer than two choices")
        if question.answer_mode == AnswerMode.SINGLE and correct != 1:
            problems.append(f"single answer with {correct} correct choices")
        if question.answer_mode == AnswerMode.MULTIPLE and correct < 1:
            problems.append("multiple answer without a correct choice")
        if any(not c.correct and not c.why.strip() for c in question.choices):
            problems.append("a wrong choice without a why")
    return problems
