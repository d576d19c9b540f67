"""The item-writing rules (issue 10), on crafted items and on the real course content."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from core.formatting import format_value, singular
from quizzes.generation import (
    EXAM_SCENARIO_SHARE,
    AnswerMode,
    Choice,
    Question,
    QuestionKind,
    generate_questions,
    questions_for_topic,
    select_questions,
)
from quizzes.generation.quality import item_problems, near_duplicates
from quizzes.generation.report import pack_report
from quizzes.generation.true_false import is_list_growth, true_false_questions
from quizzes.generation.wording import can_quiz, choose_phrase, copula
from studyguide.content import load_pack
from studyguide.records import (
    AuthoredQuestionData,
    ChoiceData,
    ContentPack,
    FactData,
    LegacyValue,
    TopicData,
)

URL = "https://docs.aws.amazon.com/amazon-mq/latest/developer-guide/welcome.html"


@pytest.fixture(scope="module")
def real_pack():
    return load_pack(settings.CONTENT_DIR)


def choice_item(prompt, choices, *, mode=AnswerMode.SINGLE, kind=QuestionKind.AUTHORED, **extra):
    return Question(
        uid="t:1",
        kind=kind,
        topic="messaging",
        prompt=prompt,
        answer_mode=mode,
        explanation="Because.",
        choices=tuple(
            Choice(text, correct=correct, why="" if correct else "Breaks a constraint.")
            for text, correct in choices
        ),
        **extra,
    )


FOUR = [("Amazon SQS", True), ("Amazon SNS", False), ("Amazon MQ", False), ("AWS Batch", False)]


# --- wording -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("plural", "one"),
    [("copies", "copy"), ("seconds", "second"), ("boxes", "box"), ("status", "status"),
     ("addresses", "address"), ("shards", "shard")],
)  # fmt: skip
def test_singular_units_read_right(plural, one):
    assert singular(plural) == one
    assert format_value(Decimal(1), plural) == f"1 {one}"


@pytest.mark.parametrize(
    ("name", "verb"),
    [("the broker engines Amazon MQ manages", "are"),
     ("the maximum retention period of an SQS queue", "is"),
     ("the endpoint protocols SNS supports", "are"),
     ("the number of shards in a stream", "is"),
     ("the status of a job", "is")],
)  # fmt: skip
def test_the_verb_agrees_with_the_fact_name(name, verb):
    assert copula(name) == verb


def test_the_count_is_said_in_words():
    assert choose_phrase(2) == "Choose two."
    assert choose_phrase(3) == "Choose three."


# --- the rules on crafted items ------------------------------------------------------------


def test_a_sound_four_option_item_passes():
    assert item_problems(choice_item("Which service decouples two tiers with a queue?", FOUR)) == []


def test_an_item_with_three_options_is_refused():
    problems = item_problems(choice_item("Which service queues work?", FOUR[:3]))
    assert problems == ["3 options; an exam item has at least 4"]


def test_true_false_keeps_its_two_options():
    item = choice_item("True or false: x.", [("True", True), ("False", False)],
                       kind=QuestionKind.TRUE_FALSE)  # fmt: skip
    assert item_problems(item) == []


def test_a_multiple_answer_item_must_state_its_count():
    choices = [("Amazon SQS", True), ("Amazon SNS", True), *FOUR[2:], ("Amazon Kinesis", False)]
    vague = choice_item("Which deliver messages? Choose all that apply.", choices,
                        mode=AnswerMode.MULTIPLE)  # fmt: skip
    assert "a multiple-answer item must say 'Choose two'" in item_problems(vague)
    assert "'all that apply' instead of the count" in item_problems(vague)
    stated = choice_item("Which deliver messages? (Choose two.)", choices, mode=AnswerMode.MULTIPLE)
    assert item_problems(stated) == []


def test_a_stem_that_names_the_key_gives_it_away():
    item = choice_item("A queue service such as SQS keeps messages. Which service is it?", FOUR)
    assert item_problems(item) == ["the stem gives the answer away (sqs)"]


def test_numbers_in_a_calculation_stem_are_no_give_away():
    item = choice_item(
        "A group runs 8 instances and the metric is on target. How many will it run?",
        [("8 instances", True), ("9 instances", False), ("4 instances", False),
         ("16 instances", False)],
        kind=QuestionKind.CALCULATED,
    )  # fmt: skip
    assert item_problems(item) == []


def test_options_in_two_unit_families_are_refused_but_kb_and_gb_are_one_family():
    units = [("1 RCU", True), ("1 WCU", False), ("2 WCU", False), ("0.5 RCU", False)]
    mixed = choice_item("How much does one strongly consistent read of 4 KB cost?", units)
    assert item_problems(mixed) == ["options in more than one unit (rcu, wcu)"]
    sizes = [("400 KB", True), ("4 KB", False), ("1 MB", False), ("10 GB", False)]
    sizes = choice_item("What is the largest item?", sizes)
    assert item_problems(sizes) == []


def test_broken_grammar_is_caught():
    item = choice_item("What is how far ahead predictive scaling forecasts?", FOUR)
    assert "a question inside 'What is'" in item_problems(item)
    copies = choice_item("How many copies does HDFS keep?",
                         [("1 copie", True), ("2 copies", False), ("3 copies", False),
                          ("4 copies", False)])  # fmt: skip
    assert "a broken singular (such as '1 copie')" in item_problems(copies)


def test_near_duplicates_need_the_same_stem_and_the_same_key():
    first = choice_item("Which service queues work for later?", FOUR)
    second = choice_item("Which service queues work for later on?", FOUR)
    other_key = choice_item(
        "Which service queues work for later on?",
        [(text, not right) for text, right in FOUR[:2]] + FOUR[2:],
    )
    second = Question(**{**second.__dict__, "uid": "t:2"})
    assert near_duplicates([first, second]) == [("t:1", "t:2")]
    assert near_duplicates([first, Question(**{**other_key.__dict__, "uid": "t:3"})]) == []


# --- true/false -----------------------------------------------------------------------------


def mq_engines(legacy: str, value: str = "Apache ActiveMQ and RabbitMQ") -> FactData:
    return FactData(
        key="mq.engines", topic="messaging", name="the broker engines Amazon MQ manages",
        statement=f"Amazon MQ manages {value}.", value=value, unit="", source_url=URL,
        as_of=date(2026, 11, 27), legacy=LegacyValue(value=legacy, year=2019),
    )  # fmt: skip


def test_a_list_that_grew_is_no_legacy_trap():
    fact = mq_engines("Apache ActiveMQ")
    assert is_list_growth(fact)
    pack = ContentPack(topics=(TopicData("messaging", "M", "", 1),), facts=(fact,))
    questions = true_false_questions(pack, "messaging")
    assert not [q for q in questions if q.uid.endswith(":legacy")]
    assert all("manages is" not in q.prompt for q in questions)


def test_a_renamed_value_is_a_fair_legacy_trap():
    fact = mq_engines("Apache Kafka", value="Apache ActiveMQ")
    assert not is_list_growth(fact)


def test_unverified_facts_are_never_quizzed_as_certain(real_pack):
    unverified = {f.key for f in real_pack.facts if not f.verified}
    for topic in real_pack.topics:
        for question in questions_for_topic(real_pack, topic.slug):
            if question.kind in (QuestionKind.FACT_VALUE, QuestionKind.TRUE_FALSE):
                assert not unverified & set(question.facts), question.uid


def test_real_true_false_statements_are_keyed_false_about_half_the_time(real_pack):
    statements = [
        q for t in real_pack.topics for q in questions_for_topic(real_pack, t.slug)
        if q.kind == QuestionKind.TRUE_FALSE
    ]  # fmt: skip
    false = sum(q.choices[1].correct for q in statements)
    assert statements
    assert 0.45 <= false / len(statements) <= 0.55


# --- the real content -----------------------------------------------------------------------


def test_no_real_choice_item_but_true_false_has_fewer_than_four_options(real_pack):
    for topic in real_pack.topics:
        for question in questions_for_topic(real_pack, topic.slug):
            if question.answer_mode != AnswerMode.NUMERIC and question.kind != "true_false":
                assert len(question.choices) >= 4, question.uid


def test_every_real_fact_asked_in_a_quiz_has_a_name_that_reads_as_a_noun_phrase(real_pack):
    asked = {
        key for t in real_pack.topics for q in questions_for_topic(real_pack, t.slug)
        if q.kind in (QuestionKind.FACT_VALUE, QuestionKind.TRUE_FALSE) for key in q.facts
    }  # fmt: skip
    for fact in real_pack.facts:
        if fact.key in asked:
            assert can_quiz(fact), fact.key


@pytest.mark.parametrize("seed", range(6))
def test_a_real_quiz_never_asks_a_fact_or_cell_twice(real_pack, seed):
    for topic in real_pack.topics:
        quiz = generate_questions(real_pack, topics=[topic.slug], count=20, seed=seed)
        recall = [q for q in quiz if not q.is_scenario]
        facts = [key for q in recall for key in q.facts]
        cells = [cell for q in recall for cell in q.table_cells]
        assert len(facts) == len(set(facts)), (topic.slug, seed)
        assert len(cells) == len(set(cells)), (topic.slug, seed)
        assert len({q.uid for q in quiz}) == len(quiz)


def test_two_seeds_share_at_most_half_of_a_40_question_quiz_from_a_large_enough_pool():
    # 100 facts, each askable two ways: the seed picks which facts and which way.
    pool = [
        Question(**{**choice_item(f"Fact {i}, asked {way}?", FOUR).__dict__,
                    "uid": f"f:{i}:{way}", "facts": (f"fact.{i}",)})
        for i in range(100) for way in ("one way", "another way")
    ]  # fmt: skip
    first = select_questions(pool, count=40, seed=1)
    second = select_questions(pool, count=40, seed=7)
    assert len(first) == len(second) == 40
    assert len({q.uid for q in first} & {q.uid for q in second}) <= 20


def test_two_real_topic_quizzes_share_at_most_half_their_questions(real_pack):
    # The report's seeds, and on average over other pairs of seeds, for every topic.
    seeds = range(1, 7)
    for topic in real_pack.topics:
        quizzes = {
            seed: {
                q.uid
                for q in generate_questions(real_pack, topics=[topic.slug], count=40, seed=seed)
            }
            for seed in {*seeds, 7}
        }
        assert all(len(quiz) == 40 for quiz in quizzes.values()), topic.slug
        assert len(quizzes[1] & quizzes[7]) <= 20, topic.slug
        shared = [len(quizzes[a] & quizzes[b]) for a in seeds for b in seeds if a < b]
        assert sum(shared) / len(shared) <= 20, (topic.slug, shared)


def test_check_questions_reports_a_pool_too_small_for_two_different_quizzes():
    services = ("Amazon SQS", "Amazon SNS", "Amazon Kinesis Data Streams", "Amazon MQ")
    items = tuple(
        AuthoredQuestionData(
            id=f"demo-scn-{i}", topic="demo", kind="single", style="scenario",
            prompt=f"Team {i} must hand work between two services without losing any. "
                   "Which service fits at the LOWEST cost?",
            explanation="A queue holds the work until a worker takes it.",
            choices=tuple(ChoiceData(name, correct=name == "Amazon SQS", why="Because.")
                          for name in services),
        )
        for i in range(12)
    )  # fmt: skip
    # Twelve items: every quiz holds all of them, so two quizzes are the same.
    pack = ContentPack(topics=(TopicData("demo", "Demo", "", 1),), questions=items)
    (report,) = pack_report(pack)
    assert report.overlap_share == 1
    assert any("pool is too small" in error for error in report.errors)


def test_a_small_kind_is_not_in_every_quiz_whole():
    # 100 scenario items and 20 recall items: dealt kind by kind, all 20 recall items would
    # be in every 40-question quiz and two seeds would share more than half.
    scenarios = [
        Question(**{**choice_item(f"Scenario {i}. Which fits?", FOUR).__dict__,
                    "uid": f"s:{i}", "style": "scenario"})
        for i in range(100)
    ]  # fmt: skip
    recall = [
        Question(**{**choice_item(f"Recall {i}?", FOUR, kind=QuestionKind.FACT_VALUE).__dict__,
                    "uid": f"r:{i}", "facts": (f"fact.{i}",)})
        for i in range(20)
    ]  # fmt: skip
    first, second = (select_questions(scenarios + recall, count=40, seed=seed) for seed in (1, 7))
    assert len({q.uid for q in first} & {q.uid for q in second}) <= 20
    assert {q.kind for q in first} == {QuestionKind.AUTHORED, QuestionKind.FACT_VALUE}


def test_scenario_items_are_at_least_a_third_when_asked_for():
    scenario = [
        choice_item(f"Scenario {i}. A team must queue work. Which fits?", FOUR, style="scenario")
        for i in range(10)
    ]
    scenario = [Question(**{**q.__dict__, "uid": f"s:{i}"}) for i, q in enumerate(scenario)]
    recall = [
        Question(**{**choice_item(f"Recall {i}?", FOUR).__dict__, "uid": f"r:{i}",
                    "facts": (f"fact.{i}",)})
        for i in range(30)
    ]  # fmt: skip
    picked = select_questions(recall + scenario, count=12, seed=3, scenario_share=1 / 3)
    assert len(picked) == 12
    assert sum(q.is_scenario for q in picked) >= 4


def test_check_questions_is_clean_on_the_real_content():
    out = io.StringIO()
    call_command("check_questions", stdout=out)
    report = out.getvalue()
    assert "questions in all" in report
    assert "scenario items" in report


def test_check_questions_fails_on_a_bad_authored_item(tmp_path, real_pack):
    import shutil

    content = tmp_path / "content"
    shutil.copytree(settings.CONTENT_DIR, content)
    questions = content / "messaging" / "questions.yaml"
    questions.write_text(
        questions.read_text() + "\n- id: messaging-bad-three-options\n  kind: single\n"
        "  prompt: Which service queues work?\n  choices:\n"
        "    - text: Amazon SQS\n      correct: true\n"
        "    - text: Amazon SNS\n      why: It pushes.\n"
        "    - text: AWS Batch\n      why: It runs jobs.\n"
        "  explanation: SQS queues work.\n  facts: []\n"
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="question problem"):
        call_command("check_questions", "--content", str(content), stdout=io.StringIO(), stderr=err)
    assert "messaging-bad-three-options: 3 options" in err.getvalue()


def test_a_real_65_question_exam_is_at_least_a_third_scenario_items(real_pack):
    from quizzes.services import exam_allocation

    weights = {t.slug: t.exam_weight for t in real_pack.topics}
    questions = []
    for topic, count in exam_allocation(length=65, weights=weights).items():
        questions += generate_questions(
            real_pack, topics=[topic], count=count, seed=11, scenario_share=EXAM_SCENARIO_SHARE
        )
    assert len(questions) == 65
    assert sum(q.is_scenario for q in questions) >= 65 / 3


def test_the_report_counts_what_the_pools_hold(real_pack):
    reports = {r.topic: r for r in pack_report(real_pack)}
    for topic in real_pack.topics:
        pool = questions_for_topic(real_pack, topic.slug, seed=1)
        assert reports[topic.slug].pool == len(pool)
        assert reports[topic.slug].scenario_items == sum(q.is_scenario for q in pool)
