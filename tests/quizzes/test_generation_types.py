import json
from decimal import Decimal
from typing import Any

import pytest

from quizzes.generation import AnswerMode, Choice, Question, QuestionKind


def single(**changes) -> Question:
    fields: dict[str, Any] = {
        "uid": "fact-value:sqs.retention.max",
        "kind": QuestionKind.FACT_VALUE,
        "topic": "messaging",
        "prompt": "What is the maximum retention period of an SQS queue?",
        "answer_mode": AnswerMode.SINGLE,
        "explanation": "An SQS queue keeps a message for at most 14 days.",
        "choices": (
            Choice("14 days", correct=True),
            Choice("7 days", why="That was the answer in 2019."),
        ),
        "facts": ("sqs.retention.max",),
        "table_cells": (("sqs-vs-sns", "Amazon SQS", "retention"),),
        "source_url": "https://docs.aws.amazon.com/",
    }
    fields.update(changes)
    return Question(**fields)


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"choices": (Choice("14 days", correct=True), Choice("14 Days", why="x"))}, "duplicate"),
        (
            {"choices": (Choice("14 days", correct=True), Choice("4 days", correct=True))},
            "single answer with 2 correct",
        ),
        ({"choices": (Choice("14 days"), Choice("4 days", why="x"))}, "single answer with 0"),
        ({"choices": (Choice("14 days", correct=True), Choice("7 days"))}, "without a why"),
        ({"choices": (Choice("14 days", correct=True),)}, "fewer than two choices"),
        ({"choices": (Choice("14 days", correct=True), Choice(" ", why="x"))}, "empty choice"),
        ({"prompt": "  "}, "no prompt"),
        ({"answer_mode": AnswerMode.NUMERIC, "choices": ()}, "without an answer"),
        (
            {"answer_mode": AnswerMode.NUMERIC, "answer": Decimal(14)},
            "numeric question with choices",
        ),
        (
            {
                "answer_mode": AnswerMode.MULTIPLE,
                "choices": (Choice("a", why="x"), Choice("b", why="y")),
            },
            "without a correct choice",
        ),
    ],
)
def test_a_broken_question_cannot_be_built(changes, problem):
    with pytest.raises(ValueError, match=problem):
        single(**changes)


def test_to_dict_is_json_and_round_trips():
    question = single()
    data = json.loads(json.dumps(question.to_dict()))
    assert data["kind"] == "fact_value"
    assert data["answer_mode"] == "single"
    assert data["choices"][1] == {
        "text": "7 days",
        "correct": False,
        "why": "That was the answer in 2019.",
    }
    assert data["table_cells"] == [["sqs-vs-sns", "Amazon SQS", "retention"]]
    assert Question.from_dict(data) == question


def test_numeric_round_trip_keeps_decimals_exact():
    question = single(
        answer_mode=AnswerMode.NUMERIC,
        choices=(),
        answer=Decimal("2.5"),
        tolerance=Decimal("0.1"),
        unit="MB/s",
        worked_steps=("a: 1 + 1.5 = 2.5",),
    )
    data = json.loads(json.dumps(question.to_dict()))
    assert data["answer"] == "2.5"
    assert data["tolerance"] == "0.1"
    assert Question.from_dict(data) == question


@pytest.mark.parametrize("data", [{}, {"uid": "x"}, {"uid": "x", "kind": "nope"}])
def test_from_dict_refuses_what_is_not_a_question(data):
    with pytest.raises(ValueError, match=r"not a question|is not a valid QuestionKind"):
        Question.from_dict(data)


def test_grading_a_selection():
    question = single()
    right = question.correct_indexes
    assert right == frozenset({0})
    assert question.is_correct_selection([0])
    assert not question.is_correct_selection([1])
    assert not question.is_correct_selection([0, 1])
    assert not question.is_correct_number(Decimal(14))


def test_grading_a_number_uses_the_tolerance():
    question = single(
        answer_mode=AnswerMode.NUMERIC, choices=(), answer=Decimal(14), tolerance=Decimal("0.5")
    )
    assert question.is_correct_number(Decimal("14.5"))
    assert question.is_correct_number(Decimal("13.5"))
    assert not question.is_correct_number(Decimal("14.6"))
    assert not question.is_correct_selection([])
