from datetime import date
from decimal import Decimal

from hypothesis import example, given
from hypothesis import strategies as st

from core.formatting import format_number, format_value
from quizzes.generation import AnswerMode, QuestionKind
from quizzes.generation.fact_value import distractors_for, fact_value_question, fact_value_questions
from studyguide.records import FactData, LegacyValue
from tests.quizzes.generation_pack import FACTS, fact_by_key, make_pack


def question_for(key: str, facts=FACTS):
    question = fact_value_question(fact_by_key(key), facts)
    assert question is not None
    return question


def by_text(question):
    return {choice.text: choice for choice in question.choices}


def test_prompt_reads_what_is_name_and_answer_is_value_with_unit():
    question = question_for("sqs.retention.max")
    assert question.prompt == "What is the maximum retention period of an SQS queue?"
    assert question.kind == QuestionKind.FACT_VALUE
    assert question.answer_mode == AnswerMode.SINGLE
    assert [c.text for c in question.correct_choices] == ["14 days"]
    assert question.uid == "fact-value:sqs.retention.max"
    assert question.facts == ("sqs.retention.max",)
    assert question.explanation.startswith("An SQS queue keeps a message for at most 14 days.")
    assert question.source_url == fact_by_key("sqs.retention.max").source_url


def test_the_default_is_a_distractor_for_the_maximum_with_its_reason():
    choices = by_text(question_for("sqs.retention.max"))
    default = choices["4 days"]
    assert not default.correct
    assert "the default retention period of an SQS queue" in default.why


def test_a_related_fact_in_another_unit_is_not_a_distractor():
    # 60 seconds (the minimum) has another unit: "60 days" would be an invented figure.
    assert "60 days" not in by_text(question_for("sqs.retention.max"))


def test_the_legacy_value_is_the_trap_and_says_it_is_from_2019():
    choices = by_text(question_for("sqs.message.size.max"))
    legacy = choices["256 KiB"]
    assert not legacy.correct
    assert "2019" in legacy.why
    assert "1,024 KiB" in legacy.why
    assert "1,024 KiB" in choices
    assert choices["1,024 KiB"].correct
    assert "Older guides (2019) give 256 KiB" in question_for("sqs.message.size.max").explanation


def test_four_choices_all_different_none_equal_to_the_answer():
    for fact in FACTS:
        question = fact_value_question(fact, FACTS)
        if question is None:
            continue
        texts = [c.text for c in question.choices]
        assert len(texts) == len(set(texts))
        assert len(question.correct_choices) == 1
        if fact.is_numeric:
            assert len(texts) == 4, fact.key
        answer = question.correct_choices[0].text
        for distractor in distractors_for(fact, FACTS):
            assert distractor.value != fact.value
            assert format_value(distractor.value, fact.unit) != answer


def test_numbers_are_formatted_plainly():
    assert format_number(Decimal("1000")) == "1,000"
    assert format_number(Decimal("1000.00")) == "1,000"
    assert format_number(Decimal("1E+3")) == "1,000"
    assert format_number(Decimal("2.50")) == "2.5"
    assert format_number(Decimal("0.5")) == "0.5"
    assert format_number(Decimal("12345.25")) == "12,345.25"
    assert format_value(Decimal("8760"), "hours") == "8,760 hours"
    assert format_value("launch template") == "launch template"
    assert format_value(Decimal(1), "seconds") == "1 second"
    assert format_value(Decimal(1), "MB/s") == "1 MB/s"
    assert format_value(Decimal(2), "days") == "2 days"
    assert format_value(Decimal(2), "year") == "2 years"
    assert format_value(Decimal(1), "year") == "1 year"


def test_distractors_keep_the_magnitude_and_are_whole_numbers_for_whole_answers():
    question = question_for("kinesis.retention.default")
    for choice in question.choices:
        number = Decimal(choice.text.split()[0].replace(",", ""))
        assert number == number.to_integral_value()
        assert choice.text.endswith(" hours")


def test_a_text_fact_uses_its_legacy_name_and_a_sibling_name():
    fact = fact_by_key("kinesis.analytics.name")
    distractors = {str(d.value): d for d in distractors_for(fact, FACTS)}
    assert "2019" in distractors["Amazon Kinesis Data Analytics"].why
    assert "the current name of Kinesis Data Firehose" in distractors["Amazon Data Firehose"].why
    # Two alternatives make three options: too few for an exam item, so no value question.
    assert len(distractors) == 2
    assert fact_value_question(fact, FACTS) is None


def test_a_date_fact_gets_the_same_day_in_other_years():
    choices = by_text(question_for("kinesis.kcl.v1_end_of_support"))
    assert choices["January 30, 2026"].correct
    assert "January 30, 2025" in choices
    assert "January 30, 2027" in choices
    assert "wrong year" in choices["January 30, 2025"].why


def test_a_text_fact_without_real_alternatives_gets_no_value_question():
    # Nothing else is a list of record parts: a made-up alternative would be a giveaway.
    assert fact_value_question(fact_by_key("kinesis.record.parts"), FACTS) is None
    assert fact_value_question(fact_by_key("sqs.fifo.name"), FACTS) is None


def test_a_zero_value_gets_positive_distractors():
    zero = FactData(
        key="autoscaling.grace_period.api_default",
        topic="auto-scaling",
        name="the default health check grace period for a group created with the CLI",
        statement="A group created with the CLI has a grace period of 0 seconds.",
        value=Decimal(0),
        unit="seconds",
        source_url="https://docs.aws.amazon.com/",
        as_of=date(2026, 11, 1),
    )
    question = fact_value_question(zero, (zero,))
    assert question is not None
    assert len(question.choices) == 4
    assert [c.text for c in question.correct_choices] == ["0 seconds"]


def test_questions_cover_only_the_topic():
    questions = fact_value_questions(make_pack(), "messaging")
    keys = {q.facts[0] for q in questions}
    assert keys == {
        "sqs.retention.max",
        "sqs.retention.default",
        "sqs.retention.min",
        "sqs.message.size.max",
        "sqs.visibility.default",
    }


@given(
    value=st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False),
    legacy=st.none() | st.decimals(min_value=0, max_value=10**9, places=0, allow_nan=False),
    unit=st.sampled_from(["", "seconds", "MB/s"]),
)
# A large odd count: no whole half or tenth, no common number near it (found by hypothesis).
@example(value=Decimal("182018453.00"), legacy=None, unit="")
def test_any_number_gives_a_sound_question(value, legacy, unit):
    fact = FactData(
        key="x.limit",
        topic="t",
        name="the limit",
        statement="The limit is what it is.",
        value=value,
        unit=unit,
        source_url="https://docs.aws.amazon.com/",
        as_of=date(2026, 11, 1),
        legacy=None if legacy is None else LegacyValue(legacy, 2019),
    )
    question = fact_value_question(fact, (fact,))
    # Building the question already checks duplicates and exactly one correct choice.
    assert question is not None
    assert [c.text for c in question.correct_choices] == [format_value(value, unit)]
    assert len(question.choices) >= 3


@given(value=st.decimals(min_value=0, max_value=100, places=1, allow_nan=False))
def test_percentages_never_go_above_100(value):
    fact = FactData(
        key="x.share",
        topic="t",
        name="the share",
        statement="The share is what it is.",
        value=value,
        unit="%",
        source_url="https://docs.aws.amazon.com/",
        as_of=date(2026, 11, 1),
    )
    question = fact_value_question(fact, (fact,))
    assert question is not None
    assert len(question.choices) >= 3
    assert all(Decimal(c.text.rstrip("%").replace(",", "")) <= 100 for c in question.choices)
