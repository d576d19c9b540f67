"""Answers in quizzes and exams move the learner's cards exactly as fsrs says."""

from datetime import datetime, timedelta
from typing import Any
from unittest import mock

import pytest
from fsrs import Card, Rating

from progress import scheduling, services
from progress.models import ReviewCard, ReviewLog
from quizzes import services as quiz_services
from quizzes.generation.types import AnswerMode
from quizzes.models import AttemptQuestion
from studyguide.selectors import content_pack_from_database
from tests.factories import UserFactory
from tests.progress.conftest import START

pytestmark = pytest.mark.django_db


def answer(item: AttemptQuestion, *, right: bool) -> dict[str, Any]:
    question = item.question
    if question.answer_mode == AnswerMode.NUMERIC:
        assert question.answer is not None
        return {"number": question.answer + (0 if right else 1000)}
    if right:
        return {"selected": sorted(question.correct_indexes)}
    return {"selected": [next(i for i, c in enumerate(question.choices) if not c.correct)]}


def direct(*ratings: tuple[Rating, datetime], card_id: int) -> Card:
    card = Card(card_id=card_id, due=ratings[0][1])
    for rating, at in ratings:
        card, _ = scheduling.SCHEDULER.review_card(card, rating, review_datetime=at)
    return card


def test_practice_answers_review_each_fact_as_fsrs_says(user, pack, facts):
    attempt = quiz_services.attempt_start_practice(
        user=user, pack=content_pack_from_database(), topics=["messaging"], length=5, seed=3,
        now=START,
    )  # fmt: skip
    items = list(attempt.questions.order_by("position"))
    first, second = items[0], items[1]
    quiz_services.answer_record(
        attempt=attempt, position=1, now=START, **answer(first, right=False)
    )
    later = START + timedelta(minutes=3)
    quiz_services.answer_record(
        attempt=attempt, position=2, now=later, **answer(second, right=True)
    )

    for item, rating, at in ((first, Rating.Again, START), (second, Rating.Good, later)):
        for key in item.question.facts:
            row = ReviewCard.objects.get(user=user, fact__key=key)
            expected = direct((rating, at), card_id=facts[key].pk)
            assert row.card == expected.to_dict()
            assert row.due == expected.due
            log = ReviewLog.objects.get(card=row)
            assert (log.rating, log.reviewed_at, log.source) == (int(rating), at, "practice")
            assert log.attempt_question_id == item.pk
            assert log.log["rating"] == int(rating)


def test_a_question_testing_two_facts_reviews_both(user, facts):
    cards = services.cards_review_for_answer(
        user=user,
        fact_keys=("sqs.retention.max", "sqs.retention.default", "no.such.fact"),
        correct=False,
        at=START,
        source="review",
    )
    assert sorted(c.fact.key for c in cards) == ["sqs.retention.default", "sqs.retention.max"]
    assert ReviewLog.objects.filter(user=user, rating=1).count() == 2


def test_repeated_reviews_of_one_card_follow_fsrs_step_by_step(user, facts):
    fact = facts["kinesis.retention.max"]
    times = [START, START + timedelta(minutes=11), START + timedelta(days=4),
             START + timedelta(days=30)]  # fmt: skip
    answers = [False, True, True, False]
    for correct, at in zip(answers, times, strict=True):
        services.card_review(user=user, fact=fact, correct=correct, at=at, source="review")
    expected = direct(
        *[(Rating.Good if c else Rating.Again, at) for c, at in zip(answers, times, strict=True)],
        card_id=fact.pk,
    )
    row = ReviewCard.objects.get(user=user, fact=fact)
    assert row.card == expected.to_dict()
    assert row.due == expected.due
    assert list(
        ReviewLog.objects.filter(card=row).order_by("reviewed_at").values_list("rating", flat=True)
    ) == [1, 3, 3, 1]


def test_exam_answers_review_cards_only_at_submission(user, pack, facts):
    attempt = quiz_services.attempt_start_exam(
        user=user, pack=content_pack_from_database(), length=10, seed=5, now=START
    )
    fact_items = [i for i in attempt.questions.order_by("position") if i.question.facts]
    item = fact_items[0]
    quiz_services.answer_record(
        attempt=attempt, position=item.position, now=START, **answer(item, right=True)
    )
    assert not ReviewCard.objects.filter(user=user).exists()
    quiz_services.attempt_submit(attempt=attempt, now=START + timedelta(minutes=5))
    for key in item.question.facts:
        row = ReviewCard.objects.get(user=user, fact__key=key)
        # Reviewed with the time the answer was given, not the submission time.
        assert row.card == direct((Rating.Good, START), card_id=facts[key].pk).to_dict()
        assert ReviewLog.objects.get(card=row).source == "exam"


def test_the_answer_and_its_review_commit_together(user, pack):
    attempt = quiz_services.attempt_start_practice(
        user=user, pack=content_pack_from_database(), topics=["messaging"], length=5, seed=3,
        now=START,
    )  # fmt: skip
    item = next(i for i in attempt.questions.order_by("position") if i.question.facts)
    with (
        mock.patch("progress.services.card_review", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError),
    ):
        quiz_services.answer_record(
            attempt=attempt, position=item.position, now=START, **answer(item, right=True)
        )
    item.refresh_from_db()
    assert item.answered_at is None
    assert item.is_correct is None


def test_reviews_read_the_card_under_a_row_lock(user, facts):
    fact = facts["sqs.retention.max"]
    services.card_review(user=user, fact=fact, correct=True, at=START, source="review")
    manager = ReviewCard.objects
    with mock.patch.object(
        manager, "select_for_update", wraps=manager.select_for_update
    ) as locking:
        services.card_review(
            user=user, fact=fact, correct=True, at=START + timedelta(days=3), source="review"
        )
    locking.assert_called_once_with()
    assert ReviewLog.objects.filter(user=user).count() == 2


def test_each_learner_has_their_own_card(facts):
    one, two = UserFactory(), UserFactory()
    fact = facts["sqs.retention.max"]
    services.card_review(user=one, fact=fact, correct=False, at=START, source="review")
    services.card_review(user=two, fact=fact, correct=True, at=START, source="review")
    assert (
        ReviewCard.objects.get(user=one).card["state"]
        != ReviewCard.objects.get(user=two).card["state"]
    )


def test_a_card_created_by_another_request_meanwhile_is_reviewed_not_duplicated(user, facts):
    """Two first answers at once: the loser of the insert race reviews the winner's card."""
    fact = facts["sqs.retention.max"]
    services.card_review(user=user, fact=fact, correct=False, at=START, source="practice")
    manager = ReviewCard.objects
    real = manager.select_for_update
    calls = []

    def racing_lock():
        calls.append(1)
        # The first read misses the row, as if the other request had not committed yet.
        return real().none() if len(calls) == 1 else real()

    later = START + timedelta(minutes=11)
    with mock.patch.object(manager, "select_for_update", side_effect=racing_lock):
        services.card_review(user=user, fact=fact, correct=True, at=later, source="practice")
    assert len(calls) == 2
    row = ReviewCard.objects.get(user=user, fact=fact)
    expected = direct((Rating.Again, START), (Rating.Good, later), card_id=fact.pk)
    assert row.card == expected.to_dict()
    assert ReviewLog.objects.filter(card=row).count() == 2
