from decimal import Decimal

from quizzes.generation import AnswerMode, QuestionKind
from quizzes.generation.authored import authored_questions
from tests.quizzes.generation_pack import make_pack


def questions():
    return {q.uid: q for q in authored_questions(make_pack(), "messaging")}


def test_single_answer_question_is_converted_as_written():
    question = questions()["authored:sqs-fanout-1"]
    assert question.kind == QuestionKind.AUTHORED
    assert question.answer_mode == AnswerMode.SINGLE
    assert question.prompt == "Which service fans one message out to many subscribers?"
    assert {(c.text, c.correct, c.why) for c in question.choices} == {
        ("Amazon SNS", True, ""),
        ("Amazon SQS", False, "A queue delivers each message to one consumer."),
    }
    assert question.facts == ("sqs.retention.max",)
    assert question.source_url.startswith("https://docs.aws.amazon.com/AWSSimpleQueueService")


def test_multiple_answer_question_keeps_every_correct_choice():
    question = questions()["authored:sqs-decouple-1"]
    assert question.answer_mode == AnswerMode.MULTIPLE
    assert sorted(c.text for c in question.correct_choices) == ["Amazon SNS", "Amazon SQS"]
    assert question.source_url == ""


def test_numeric_question_keeps_answer_tolerance_and_unit():
    question = questions()["authored:sqs-retention-number-1"]
    assert question.answer_mode == AnswerMode.NUMERIC
    assert question.choices == ()
    assert (question.answer, question.tolerance, question.unit) == (
        Decimal(14),
        Decimal("0.5"),
        "days",
    )


def test_other_topics_have_none():
    assert authored_questions(make_pack(), "kinesis") == []
