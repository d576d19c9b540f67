"""The content models' shared rules: live(), URLs, and what the database itself refuses."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from progress.models import ReviewLog
from quizzes.models import Attempt
from studyguide.models import AuthoredQuestion, ComparisonTable, Fact, Lesson
from tests.factories import (
    ComparisonTableFactory,
    FactFactory,
    LessonFactory,
    ReviewLogFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_live_leaves_out_archived_content_and_content_of_archived_topics():
    shown, hidden = TopicFactory(), TopicFactory(archived=True)
    for factory, model in (
        (LessonFactory, Lesson),
        (FactFactory, Fact),
        (ComparisonTableFactory, ComparisonTable),
    ):
        live = factory(topic=shown)
        factory(topic=shown, archived=True)
        factory(topic=hidden)
        assert list(model.objects.live()) == [live], model.__name__


def test_lesson_and_topic_know_their_urls():
    lesson = LessonFactory(topic=TopicFactory(slug="queues"), slug="sqs-basics")
    assert lesson.get_absolute_url() == "/lessons/queues/sqs-basics/"
    assert lesson.topic.get_absolute_url() == "/topics/queues/"


def refused(make) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_database_refuses_an_attempt_score_above_the_scale():
    user = UserFactory()

    def attempt(**fields):
        return Attempt.objects.create(
            user=user, mode="practice", seed=1, question_count=10, **fields
        )

    refused(lambda: attempt(score=1001))
    refused(lambda: attempt(correct_count=11))
    assert attempt(score=1000, correct_count=10).score == 1000
    assert attempt(score=None).score is None


@pytest.mark.parametrize("rating", [0, 5])
def test_database_refuses_a_review_rating_outside_again_to_easy(rating):
    refused(lambda: ReviewLogFactory(rating=rating))


def test_database_accepts_every_review_rating():
    for rating in ReviewLog.Rating.values:
        assert ReviewLogFactory(rating=rating).rating == rating


@pytest.mark.parametrize(
    "fields",
    [
        {"value": "", "value_number": None},
        {"legacy_value": "7", "legacy_year": None},
        {"legacy_value": "", "legacy_year": 2019},
        {"legacy_value": "", "legacy_number": Decimal(7), "legacy_year": None},
        {"legacy_value": "7", "legacy_number": Decimal(7), "legacy_year": 1900},
    ],
    ids=[
        "empty-value",
        "legacy-without-year",
        "year-without-legacy",
        "legacy-number-without-text",
        "legacy-year-out-of-range",
    ],
)
def test_database_refuses_fact_rows_that_break_the_value_rules(fields):
    refused(lambda: FactFactory(**fields))


def test_database_accepts_a_fact_with_a_legacy_value_and_its_year():
    fact = FactFactory(legacy_value="7", legacy_number=Decimal(7), legacy_year=2019)
    assert fact.legacy is not None


def test_database_refuses_a_negative_tolerance_and_a_zero_exam_weight():
    topic = TopicFactory()
    refused(
        lambda: AuthoredQuestion.objects.create(
            key="q-1",
            topic=topic,
            kind="numeric",
            prompt="?",
            explanation=".",
            tolerance=Decimal(-1),
        )
    )
    refused(lambda: TopicFactory(exam_weight=0))
