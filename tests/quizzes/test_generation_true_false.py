from quizzes.generation import AnswerMode, Question, QuestionKind
from quizzes.generation.true_false import true_false_questions, true_false_questions_for_fact
from tests.quizzes.generation_pack import FACTS, fact_by_key, make_pack


def variants(key: str) -> dict[str, Question]:
    questions = true_false_questions_for_fact(fact_by_key(key), FACTS)
    return {q.uid.rsplit(":", 1)[1]: q for q in questions}


def answer(question: Question) -> str:
    return question.correct_choices[0].text


def test_the_statement_is_true():
    question = variants("sqs.retention.max")["true"]
    assert question.kind == QuestionKind.TRUE_FALSE
    assert question.answer_mode == AnswerMode.SINGLE
    assert question.prompt == "True or false: An SQS queue keeps a message for at most 14 days."
    assert [c.text for c in question.choices] == ["True", "False"]
    assert answer(question) == "True"
    assert question.choices[1].why


def test_the_legacy_value_is_a_false_statement_with_the_trap_explained():
    question = variants("kinesis.retention.max")["legacy"]
    assert question.uid == "true-false:kinesis.retention.max:legacy"
    assert (
        question.prompt
        == "True or false: The maximum retention period of a Kinesis data stream is 168 hours."
    )
    assert answer(question) == "False"
    trap = question.choices[0]
    assert trap.text == "True"
    assert not trap.correct
    assert "2019" in trap.why
    assert "8,760 hours" in trap.why
    assert "8,760 hours (365 days)" in question.explanation


def test_a_wrong_value_is_a_false_statement_from_a_related_fact():
    question = variants("sqs.retention.max")["wrong"]
    assert (
        question.prompt == "True or false: The maximum retention period of an SQS queue is 4 days."
    )
    assert answer(question) == "False"
    assert "the default retention period" in question.choices[0].why


def test_a_fact_with_a_legacy_value_gets_three_variants_and_others_two_or_one():
    assert set(variants("kinesis.retention.max")) == {"true", "legacy", "wrong"}
    assert set(variants("sqs.retention.default")) == {"true", "wrong"}
    # Nothing plausible to swap in for a list of record parts: only the true statement.
    assert set(variants("kinesis.record.parts")) == {"true"}


def test_a_text_legacy_value_makes_a_false_statement_too():
    question = variants("kinesis.analytics.name")["legacy"]
    assert question.prompt.endswith("is Amazon Kinesis Data Analytics.")
    assert answer(question) == "False"


def test_a_quiz_pool_has_one_true_and_one_false_statement_per_fact():
    questions = true_false_questions(make_pack(), "kinesis")
    keyed_false = [q for q in questions if q.choices[1].correct]
    keyed_true = [q for q in questions if q.choices[0].correct]
    assert len(keyed_false) == len(keyed_true) > 0
    assert sorted(q.facts[0] for q in keyed_true) == sorted(q.facts[0] for q in keyed_false)
    # A fact with no fair false statement is not asked true/false at all.
    stated = {q.facts[0] for q in questions}
    for fact in FACTS:
        if fact.topic == "kinesis" and fact.key not in stated:
            assert len(true_false_questions_for_fact(fact, FACTS)) == 1, fact.key
