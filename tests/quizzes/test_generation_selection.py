from collections import Counter

import pytest
from django.conf import settings

from quizzes.generation import (
    ALL_KINDS,
    AnswerMode,
    QuestionKind,
    generate_questions,
    question_problems,
    questions_for_topic,
)
from quizzes.generation.true_false import is_list_growth
from quizzes.generation.wording import can_quiz
from studyguide.content import load_pack
from tests.quizzes.generation_pack import make_pack

SEEDS = range(21)


@pytest.fixture(scope="module")
def real_pack():
    return load_pack(settings.CONTENT_DIR)


def assert_sound(questions):
    for question in questions:
        assert question_problems(question) == [], question.uid
        texts = [c.text.strip().casefold() for c in question.choices]
        assert len(texts) == len(set(texts)), question.uid
        if question.answer_mode == AnswerMode.NUMERIC:
            assert question.answer is not None, question.uid
        else:
            correct = len(question.correct_choices)
            assert correct == 1 if question.answer_mode == AnswerMode.SINGLE else correct >= 1
            assert correct < len(question.choices), question.uid
        assert question.explanation.strip(), question.uid


def test_the_same_seed_gives_the_same_questions():
    pack = make_pack()
    first = generate_questions(pack, topics=None, count=12, seed=4)
    assert len(first) == 12
    assert first == generate_questions(pack, topics=None, count=12, seed=4)


def test_different_seeds_give_different_selections():
    pack = make_pack()
    picks = {
        tuple(q.uid for q in generate_questions(pack, topics=["kinesis"], count=8, seed=seed))
        for seed in range(5)
    }
    assert len(picks) == 5


def test_uids_are_unique_and_only_the_asked_topics_come_back():
    pack = make_pack()
    room = len(generate_questions(pack, topics=["kinesis", "messaging"], count=200, seed=1))
    questions = generate_questions(pack, topics=["kinesis", "messaging"], count=40, seed=1)
    assert len({q.uid for q in questions}) == len(questions) == min(40, room) >= 5
    assert {q.topic for q in questions} == {"kinesis", "messaging"}


def test_count_is_a_ceiling_when_the_topic_runs_out():
    pool = questions_for_topic(make_pack(), "caching")
    questions = generate_questions(make_pack(), topics=["caching"], count=200, seed=0)
    assert sorted(q.uid for q in questions) == sorted(q.uid for q in pool)
    assert generate_questions(make_pack(), topics=["caching"], count=0, seed=0) == []


def test_a_quiz_mixes_kinds_before_repeating_one():
    pool_kinds = {q.kind for q in questions_for_topic(make_pack(), "messaging")}
    questions = generate_questions(make_pack(), topics=["messaging"], count=5, seed=3)
    kinds = Counter(q.kind for q in questions)
    assert len(pool_kinds) >= 3
    assert len(kinds) == min(5, len(pool_kinds))


def test_a_short_quiz_does_not_ask_the_same_fact_twice():
    for seed in SEEDS:
        questions = generate_questions(make_pack(), topics=["kinesis"], count=6, seed=seed)
        facts = [key for q in questions for key in q.facts]
        assert len(facts) == len(set(facts)), seed


def test_kinds_filter_the_questions():
    questions = generate_questions(
        make_pack(), topics=None, count=50, seed=2, kinds=["true_false", QuestionKind.AUTHORED]
    )
    assert {q.kind for q in questions} == {QuestionKind.TRUE_FALSE, QuestionKind.AUTHORED}


def test_unknown_kind_and_negative_count_are_refused():
    with pytest.raises(ValueError, match="unknown question kind 'essay'"):
        generate_questions(make_pack(), topics=None, count=5, seed=0, kinds=["essay"])
    with pytest.raises(ValueError, match="count"):
        generate_questions(make_pack(), topics=None, count=-1, seed=0)


def test_only_calculated_questions_depend_on_the_seed():
    pack = make_pack()
    for topic in ("kinesis", "messaging"):
        a = [q for q in questions_for_topic(pack, topic, seed=1) if q.kind != "calculated"]
        b = [q for q in questions_for_topic(pack, topic, seed=2) if q.kind != "calculated"]
        assert a == b


@pytest.mark.parametrize("seed", SEEDS)
def test_every_fixture_question_is_sound(seed):
    assert_sound(generate_questions(make_pack(), topics=None, count=200, seed=seed))


# The real content in content/


def test_every_real_topic_yields_at_least_15_distinct_questions(real_pack):
    assert real_pack.topics
    for topic in real_pack.topics:
        questions = questions_for_topic(real_pack, topic.slug, seed=0)
        assert len({q.uid for q in questions}) == len(questions)
        assert len(questions) >= 15, topic.slug
        quiz = generate_questions(real_pack, topics=[topic.slug], count=15, seed=0)
        assert len(quiz) == 15, topic.slug


@pytest.mark.parametrize("seed", SEEDS)
def test_every_real_question_is_sound(real_pack, seed):
    questions = [
        q
        for topic in real_pack.topics
        for q in questions_for_topic(real_pack, topic.slug, seed=seed, kinds=ALL_KINDS)
    ]
    assert_sound(questions)
    facts = {f.key for f in real_pack.facts}
    assert all(set(q.facts) <= facts for q in questions)


def test_real_legacy_values_are_traps_only_where_a_value_really_changed(real_pack):
    legacy_facts = [f for f in real_pack.facts if f.legacy is not None and can_quiz(f)]
    assert legacy_facts
    traps = 0
    for fact in legacy_facts:
        questions = questions_for_topic(real_pack, fact.topic, kinds=["true_false"])
        trap = next((q for q in questions if q.uid == f"true-false:{fact.key}:legacy"), None)
        if is_list_growth(fact):
            # The 2019 list is still true as far as it goes: no trap.
            assert trap is None, fact.key
        else:
            assert trap is not None, fact.key
            assert str(fact.legacy.year) in trap.choices[0].why
            traps += 1
    assert traps
