"""The readiness estimate's pure functions on cases worked out by hand."""

import pytest

from progress import readiness
from progress.readiness import TopicEvidence
from quizzes.services import exam_allocation


def test_topic_chance_blends_memory_as_ten_answers_with_exam_accuracy():
    # (10 * 0.5 + 3) / (10 + 5) = 8 / 15
    assert readiness.topic_chance(memory=0.5, right=3, answered=5) == pytest.approx(8 / 15)
    # No exam answers: the chance is the memory alone.
    assert readiness.topic_chance(memory=0.42, right=0, answered=0) == pytest.approx(0.42)


@pytest.mark.parametrize(
    ("questions", "needed"),
    # 65: 46 right scores 708, 47 scores 723. 10: 7 scores 700, 8 scores 800. 20: 14 -> 700.
    [(65, 47), (10, 8), (20, 15), (1, 1)],
)
def test_right_needed_is_the_fewest_right_answers_reaching_720(questions, needed):
    assert readiness.right_needed(questions=questions, pass_mark=720) == needed


def test_right_distribution_convolves_one_binomial_per_topic():
    # One question at 0.5 and one at 0.2: none 0.5*0.8, one 0.5*0.8+0.5*0.2, two 0.5*0.2.
    assert readiness.right_distribution([(1, 0.5), (1, 0.2)]) == pytest.approx([0.4, 0.5, 0.1])
    # Two questions at 0.5: the binomial 1/4, 2/4, 1/4.
    assert readiness.right_distribution([(2, 0.5)]) == pytest.approx([0.25, 0.5, 0.25])
    assert readiness.pass_probability([(2, 0.5)], needed=1) == pytest.approx(0.75)
    assert readiness.pass_probability([(3, 0.0)], needed=0) == pytest.approx(1.0)


def test_estimate_worked_by_hand():
    # Two topics of one question each (weights 1:1), pass mark 500 of 1000 -> 1 right needed.
    # A: facts recalled 1.0 and 0.0 -> memory 0.5, no exam answers -> chance 0.5.
    # B: no fact remembered, 5 of 10 exam answers right -> (0 + 5) / (10 + 10) = 0.25.
    # P(pass) = 1 - P(both wrong) = 1 - 0.5 * 0.75 = 0.625.
    topics = [
        TopicEvidence(slug="a", title="Alpha", weight=1, recalls=(1.0, 0.0)),
        TopicEvidence(
            slug="b", title="Beta", weight=1, recalls=(0.0,), exam_right=5, exam_answered=10
        ),
    ]
    result = readiness.estimate(topics, questions=2, pass_mark=500, allocate=exam_allocation)
    assert result.needed == 1
    assert result.probability == pytest.approx(0.625)
    assert result.percent == 62  # round(62.5) is 62: Python rounds halves to even
    assert result.expected_right == pytest.approx(0.75)
    a, b = result.topics
    assert (a.questions, a.memory, a.accuracy, a.chance) == (1, 0.5, None, 0.5)
    assert (b.questions, b.accuracy) == (1, 0.5)
    assert b.chance == pytest.approx(0.25)
    # All of A known: chance 1 -> P = 1, gain 0.375. All of B known: (10 + 5) / 20 = 0.75
    # -> P = 1 - 0.5 * 0.25 = 0.875, gain 0.25. A raises it most.
    assert a.gain == pytest.approx(0.375)
    assert b.gain == pytest.approx(0.25)
    assert (a.gain_points, b.gain_points) == (37.5, 25.0)
    # Expected right answers gained: A 1 * (1 - 0.5) = 0.5, B 1 * (0.75 - 0.25) = 0.5.
    assert a.questions_gained == pytest.approx(0.5)
    assert b.questions_gained == pytest.approx(0.5)
    assert [t.slug for t in result.raise_most()] == ["a", "b"]


def test_estimate_shares_questions_by_blueprint_weight():
    # Weights 2:1 over 3 questions give 2 and 1; every chance 1.0 passes for sure.
    topics = [
        TopicEvidence(slug="big", title="Big", weight=2, recalls=(1.0,)),
        TopicEvidence(slug="small", title="Small", weight=1, recalls=(1.0,)),
    ]
    result = readiness.estimate(topics, questions=3, pass_mark=720, allocate=exam_allocation)
    assert [t.questions for t in result.topics] == [2, 1]
    assert result.probability == pytest.approx(1.0)
    assert result.raise_most() == []


def test_a_learner_who_knows_nothing_has_no_chance_and_is_pointed_at_the_biggest_topic():
    topics = [
        TopicEvidence(slug="a", title="A", weight=1, recalls=(0.0, 0.0)),
        TopicEvidence(slug="b", title="B", weight=2, recalls=(0.0,)),
    ]
    result = readiness.estimate(topics, questions=65, pass_mark=720, allocate=exam_allocation)
    assert result.probability == 0.0
    assert result.expected_right == 0.0
    # Knowing one topic alone cannot reach 47 of 65 (22 or 43 questions): no chance gained,
    # so the ranking falls back to right answers gained, 43 for B and 22 for A.
    assert [(t.slug, t.gain, t.questions_gained) for t in result.raise_most()] == [
        ("b", 0.0, 43.0),
        ("a", 0.0, 22.0),
    ]


def test_fact_gains_rank_facts_by_expected_right_answers_added():
    # Topic A (1 question, no exam answers, 2 facts): a fact at recall 0 adds
    # 1 * 10/10 * (1 - 0) / 2 = 0.5 expected right answers; one at 1.0 adds nothing.
    # Topic B (1 question, 10 exam answers, 1 fact at 0.5): 1 * 10/20 * 0.5 / 1 = 0.25.
    topics = [
        TopicEvidence(slug="a", title="A", weight=1, recalls=(1.0, 0.0)),
        TopicEvidence(
            slug="b", title="B", weight=1, recalls=(0.5,), exam_right=5, exam_answered=10
        ),
    ]
    result = readiness.estimate(topics, questions=2, pass_mark=500, allocate=exam_allocation)
    gains = readiness.fact_gains(topics, {"a": ["a.known", "a.unknown"], "b": ["b.half"]}, result)
    assert [g.key for g in gains] == ["a.unknown", "b.half"]
    assert [g.questions_gained for g in gains] == pytest.approx([0.5, 0.25])


def test_brier_score_is_the_mean_squared_gap():
    # (0.8 - 1)^2 = 0.04 and (0.3 - 0)^2 = 0.09: mean 0.065.
    assert readiness.brier_score([(0.8, True), (0.3, False)]) == pytest.approx(0.065)
    assert readiness.brier_score([(1.0, True), (0.0, False)]) == 0.0


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: readiness.topic_chance(memory=0.5, right=3, answered=2), "right answers"),
        (lambda: readiness.topic_chance(memory=0.5, right=-1, answered=2), "right answers"),
        (lambda: readiness.right_needed(questions=0, pass_mark=720), "at least one"),
        (lambda: readiness.right_distribution([(2, 1.5)]), "between 0 and 1"),
        (lambda: readiness.right_distribution([(-1, 0.5)]), "non-negative"),
        (lambda: readiness.brier_score([]), "at least one"),
    ],
)
def test_impossible_inputs_are_refused(call, message):
    with pytest.raises(ValueError, match=message):
        call()
